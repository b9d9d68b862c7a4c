package accord

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// Category groups KPIs on the scorecard.
type Category string

// The categories of the shared scorecard.
const (
	CatFinancial         Category = "financial"
	CatClinicalOutcome   Category = "clinical_outcome"
	CatQuality           Category = "quality"
	CatPatientEngagement Category = "patient_engagement"
	CatPatientAccess     Category = "patient_access"
	CatOperations        Category = "operations"
)

// AllCategories lists the categories in scorecard order.
func AllCategories() []Category {
	return []Category{CatQuality, CatClinicalOutcome, CatPatientAccess, CatPatientEngagement, CatFinancial, CatOperations}
}

// Label names the category for people.
func (c Category) Label() string {
	switch c {
	case CatClinicalOutcome:
		return "Clinical outcomes"
	case CatPatientEngagement:
		return "Patient engagement"
	case CatPatientAccess:
		return "Patient access"
	case CatOperations:
		return "Operations and workload"
	case CatFinancial:
		return "Financial"
	case CatQuality:
		return "Quality"
	}
	return string(c)
}

// Unit is what a KPI's value measures.
type Unit string

// The units a KPI can have.
const (
	UnitCount   Unit = "count"
	UnitPercent Unit = "percent"
	UnitRate    Unit = "rate_per_1000"
	UnitMoney   Unit = "currency"
	UnitDays    Unit = "days"
	UnitMinutes Unit = "minutes"
	UnitScore   Unit = "score"
)

// AllUnits lists the units.
func AllUnits() []Unit {
	return []Unit{UnitCount, UnitPercent, UnitRate, UnitMoney, UnitDays, UnitMinutes, UnitScore}
}

// Direction says which way is good.
type Direction string

// The directions a KPI can have.
const (
	HigherIsBetter Direction = "higher_is_better"
	LowerIsBetter  Direction = "lower_is_better"
	InRange        Direction = "in_range"
)

// Frequency is how often a KPI is reported.
type Frequency string

// The reporting frequencies.
const (
	Weekly    Frequency = "weekly"
	Monthly   Frequency = "monthly"
	Quarterly Frequency = "quarterly"
	// Yearly is one period a calendar year, for measures reported once a
	// year (most national quality programmes report so).
	Yearly Frequency = "yearly"
)

// AllFrequencies lists the reporting frequencies, shortest first.
func AllFrequencies() []Frequency { return []Frequency{Weekly, Monthly, Quarterly, Yearly} }

var kpiKeyRE = regexp.MustCompile(`^[a-z0-9]+([-_.][a-z0-9]+)*$`)

// ValidKPIKey reports whether s can be a KPI key: the short code imports
// and the API use ("hba1c-control", "pmpm_cost").
func ValidKPIKey(s string) bool { return len(s) <= 60 && kpiKeyRE.MatchString(s) }

func oneOf[T ~string](v T, all []T) bool { return slices.Contains(all, v) }

// PeriodStart returns the first day of the period containing t.
func (f Frequency) PeriodStart(t time.Time) time.Time {
	t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch f {
	case Weekly:
		wd := (int(t.Weekday()) + 6) % 7 // Monday first (ISO 8601)
		return t.AddDate(0, 0, -wd)
	case Quarterly:
		return time.Date(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
	case Yearly:
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Next returns the start of the period after the one starting at start.
func (f Frequency) Next(start time.Time) time.Time {
	switch f {
	case Weekly:
		return start.AddDate(0, 0, 7)
	case Quarterly:
		return start.AddDate(0, 3, 0)
	case Yearly:
		return start.AddDate(1, 0, 0)
	}
	return start.AddDate(0, 1, 0)
}

// Prev returns the start of the period before the one starting at start.
func (f Frequency) Prev(start time.Time) time.Time {
	switch f {
	case Weekly:
		return start.AddDate(0, 0, -7)
	case Quarterly:
		return start.AddDate(0, -3, 0)
	case Yearly:
		return start.AddDate(-1, 0, 0)
	}
	return start.AddDate(0, -1, 0)
}

// FormatPeriod writes a period start the way people and files name it:
// 2024-03 (monthly), 2024-Q1 (quarterly), 2024-W05 (weekly), 2024 (yearly).
func (f Frequency) FormatPeriod(start time.Time) string {
	switch f {
	case Weekly:
		y, w := start.ISOWeek()
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") + "-W" + twoDigits(w)
	case Quarterly:
		return start.Format("2006") + "-Q" + string(rune('0'+(int(start.Month())-1)/3+1))
	case Yearly:
		return start.Format("2006")
	}
	return start.Format("2006-01")
}

func twoDigits(n int) string { return string([]rune{rune('0' + n/10), rune('0' + n%10)}) }

// ParsePeriod reads a period for a KPI of frequency f: the forms
// FormatPeriod writes, or any date (YYYY-MM-DD) inside the period.
func (f Frequency) ParsePeriod(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) == len("2006-01-02") { // only a date can be: a failed parse costs an error
		if t, err := time.Parse("2006-01-02", s); err == nil {
			return f.PeriodStart(t), nil
		}
	}
	switch f {
	case Monthly:
		if t, err := time.Parse("2006-01", s); err == nil {
			return t, nil
		}
	case Yearly:
		if t, err := time.Parse("2006", s); err == nil {
			return t, nil
		}
	case Quarterly:
		var y, q int
		if n, _ := sscanQuarter(s, &y, &q); n == 2 && q >= 1 && q <= 4 {
			return time.Date(y, time.Month((q-1)*3+1), 1, 0, 0, 0, 0, time.UTC), nil
		}
	case Weekly:
		var y, w int
		if n, _ := sscanWeek(s, &y, &w); n == 2 && w >= 1 && w <= 53 {
			jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
			start := Weekly.PeriodStart(jan4).AddDate(0, 0, 7*(w-1))
			if yy, ww := start.ISOWeek(); yy == y && ww == w {
				return start, nil
			}
		}
	}
	return time.Time{}, Errorf(EINVALID, "%q is not a %s period (e.g. %s, or a date YYYY-MM-DD)", s, f, f.FormatPeriod(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)))
}
