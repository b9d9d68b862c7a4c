package fhir

import (
	"fmt"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// periodEnd reads period.end as a calendar date as written. A partial date
// names its last day ("2024-03" ends on 2024-03-31, "2024" on 2024-12-31);
// midnight says the end is a dateTime at 00:00:00, which some engines
// write for an end that is not itself included.
func periodEnd(s string) (date string, midnight bool, err error) {
	s = strings.TrimSpace(s)
	first, err := periodDate(s)
	if err != nil {
		return "", false, err
	}
	d, _ := time.Parse(time.DateOnly, first)
	datePart, clock, hasTime := strings.Cut(s, "T")
	switch len(datePart) {
	case 4:
		d = d.AddDate(1, 0, -1)
	case 7:
		d = d.AddDate(0, 1, -1)
	}
	return d.Format(time.DateOnly), hasTime && isMidnight(clock), nil
}

// isMidnight reports whether a dateTime's time part ("00:00:00.000Z") is
// midnight to the second and its fraction.
func isMidnight(clock string) bool {
	rest, ok := strings.CutPrefix(clock, "00:00:00")
	if !ok {
		return false
	}
	if frac, ok := strings.CutPrefix(rest, "."); ok {
		rest = strings.TrimLeft(frac, "0")
	}
	return rest == "" || strings.ContainsRune("Z+-", rune(rest[0]))
}

// exactPeriod reports whether the report's period, start to end, is one
// whole period of frequency f.
func exactPeriod(f accord.Frequency, start, end time.Time, midnight bool) bool {
	p := f.PeriodStart(start)
	if !p.Equal(start) {
		return false
	}
	next := f.Next(p)
	return end.Equal(next.AddDate(0, 0, -1)) || midnight && end.Equal(next)
}

// checkPeriod refuses a report whose period, when it gives an end, is not
// exactly one period of the KPI: a quarter filed under a monthly KPI would
// land in the quarter's first month, and a year shrink to one month.
// Without period.end the start alone decides, as before.
func checkPeriod(d reportDone, t Target) (problem, bool) {
	if t.Frequency == "" || d.end == "" || d.period == "" {
		return problem{}, true
	}
	start, err1 := time.Parse(time.DateOnly, d.period)
	end, err2 := time.Parse(time.DateOnly, d.end)
	if err1 != nil || err2 != nil || end.Before(start) || exactPeriod(t.Frequency, start, end, d.endMidnight) {
		return problem{}, true
	}
	is := fmt.Sprintf("covers %d days", int(end.Sub(start).Hours()/24)+1)
	for _, f := range accord.AllFrequencies() {
		if exactPeriod(f, start, end, d.endMidnight) {
			is = fmt.Sprintf("is the %s period %s", f, f.FormatPeriod(start))
		}
	}
	return problemf("period", "the report's period %s to %s %s, but KPI %s is %s: accord files a report only under one whole %s period (it neither splits nor adds up periods); send %s reports, or give this Measure to a KPI of the report's frequency",
		d.period, d.end, is, t.KPI, t.Frequency, t.Frequency, t.Frequency), false
}

// improvementSystem is the code system of a MeasureReport's
// improvementNotation.
const improvementSystem = "http://terminology.hl7.org/CodeSystem/measure-improvement-notation"

// checkImprovement refuses a report whose improvementNotation contradicts
// the KPI's direction: the report would be scored the other way round on
// the scorecard (a measure of poor control read as good control).
func checkImprovement(cc *codeableConcept, t Target) (problem, bool) {
	if cc == nil {
		return problem{}, true
	}
	code := ""
	for _, c := range cc.Coding {
		if c.System == improvementSystem || c.System == "" {
			code = c.Code
			break
		}
	}
	var want accord.Direction
	switch code {
	case "increase":
		want = accord.HigherIsBetter
	case "decrease":
		want = accord.LowerIsBetter
	default:
		return problem{}, true
	}
	if t.Direction == "" || t.Direction == want || t.Direction == accord.InRange {
		return problem{}, true
	}
	return problemf("improvementNotation", "improvementNotation is %s (%s), but KPI %s is %s: the report scores its measure the other way round; check that the Measure URL names the right KPI",
		code, strings.ReplaceAll(string(want), "_", " "), t.KPI, strings.ReplaceAll(string(t.Direction), "_", " ")), false
}
