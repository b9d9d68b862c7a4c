package initiative

import (
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// date parses 2027-03-15.
func date(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// monthly builds a monthly series from "2027-01=9.5" pairs.
func monthly(t testing.TB, pairs ...string) []Reading {
	t.Helper()
	var rs []Reading
	for _, p := range pairs {
		m, v, _ := strings.Cut(p, "=")
		d, err := number.ParseDecimal(v)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, Reading{Period: date(t, m+"-01"), Value: d})
	}
	return rs
}

func dec(t testing.TB, s string) number.Decimal {
	t.Helper()
	d, err := number.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestConditionByDate(t *testing.T) {
	hba1c := Condition{KPI: "HbA1c control", Frequency: accord.Monthly, Compare: AtLeast,
		Threshold: dec(t, "68"), By: date(t, "2027-06-30")}
	tests := []struct {
		name   string
		series []Reading
		today  string
		want   State
		reason string
	}{
		{"no readings", nil, "2027-01-10", NoData, "no data yet"},
		{"latest meets", monthly(t, "2027-01=60", "2027-02=68"), "2027-03-10", Met, "met, 68 in 2027-02"},
		{"met early, then slipped away", monthly(t, "2027-01=68", "2027-02=67"), "2027-03-10", AtRisk, "moved away"},
		{"rising fast enough", monthly(t, "2027-01=60", "2027-02=62", "2027-03=64"), "2027-04-10", OnTrack, "on track"},
		{"rising too slowly", monthly(t, "2027-01=60", "2027-02=60.5", "2027-03=61"), "2027-04-10", AtRisk, "the trend of the last 3 periods reaches 62.55 in 2027-06"},
		{"flat is not away", monthly(t, "2027-01=60", "2027-02=60"), "2027-03-10", AtRisk, "trend"},
		{"one reading: no trend", monthly(t, "2027-01=50"), "2027-02-10", OnTrack, "on track"},
		{"only the last three count", monthly(t, "2026-01=0", "2027-01=60", "2027-02=62", "2027-03=64"), "2027-04-10", OnTrack, "on track"},
		{"a reading after the date is ignored", monthly(t, "2027-05=60", "2027-06=66", "2027-07=70"), "2027-08-10", Missed, "missed, 66 in 2027-06"},
		{"date passed, final figure met", monthly(t, "2027-05=60", "2027-06=68"), "2027-07-20", Met, "met"},
		{"date passed, final figure not in", monthly(t, "2027-04=60", "2027-05=66"), "2027-07-05", AtRisk, "not in yet"},
		{"final figure short before the date", monthly(t, "2027-05=66", "2027-06=67"), "2027-06-30", AtRisk, "reaches 67 in 2027-06"},
		{"on the date is not past it", monthly(t, "2027-04=60", "2027-05=66"), "2027-06-30", OnTrack, "on track"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := hba1c.Evaluate(tt.series, date(t, tt.today))
			if err != nil {
				t.Fatal(err)
			}
			if got.State != tt.want || !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("got %s (%q), want %s with %q", got.State, got.Reason, tt.want, tt.reason)
			}
		})
	}
}

func TestConditionByDateDownward(t *testing.T) {
	c := Condition{KPI: "No-show rate", Segment: "Eastgate", Frequency: accord.Quarterly, Compare: Below,
		Threshold: dec(t, "8"), By: date(t, "2027-12-31"), From: date(t, "2027-01-01"), TrendPeriods: 2}
	tests := []struct {
		name   string
		series []Reading
		want   State
	}{
		{"baseline before From ignored", monthly(t, "2026-10=5"), NoData},
		{"equal is not below", monthly(t, "2027-01=8"), OnTrack},
		{"below", monthly(t, "2027-01=9", "2027-04=7.9"), Met},
		{"falling", monthly(t, "2027-01=10", "2027-04=9"), OnTrack},
		{"rising", monthly(t, "2027-01=9", "2027-04=9.5"), AtRisk},
		{"falling too slowly over two", monthly(t, "2027-01=12", "2027-04=11.5"), AtRisk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Evaluate(tt.series, date(t, "2027-05-01"))
			if err != nil {
				t.Fatal(err)
			}
			if got.State != tt.want {
				t.Errorf("got %s (%q), want %s", got.State, got.Reason, tt.want)
			}
			if !strings.Contains(got.Reason, "No-show rate at Eastgate < 8") {
				t.Errorf("got reason %q, want it to name the KPI, segment and target", got.Reason)
			}
		})
	}
}

func TestConditionConsecutive(t *testing.T) {
	noShow := Condition{KPI: "No-show rate", Segment: "Eastgate", Frequency: accord.Monthly, Compare: AtMost,
		Threshold: dec(t, "8"), Consecutive: 3}
	withDate := noShow
	withDate.By = date(t, "2027-06-15")
	fromMid := noShow
	fromMid.From = date(t, "2027-02-15")
	tests := []struct {
		name   string
		c      Condition
		series []Reading
		want   State
		reason string
	}{
		{"no data", noShow, nil, NoData, "no data yet"},
		{"three in a row", noShow, monthly(t, "2027-01=9", "2027-02=8", "2027-03=7.5", "2027-04=6"), Met, "held for the last 3 periods"},
		{"order does not matter", noShow, monthly(t, "2027-04=6", "2027-02=8", "2027-03=7.5"), Met, "met"},
		{"a gap breaks the run", noShow, monthly(t, "2027-01=7", "2027-02=7", "2027-04=7"), OnTrack, "held for 1 of 3"},
		{"two of three", noShow, monthly(t, "2027-02=9", "2027-03=8", "2027-04=7"), OnTrack, "held for 2 of 3"},
		{"failing and moving away", noShow, monthly(t, "2027-03=9", "2027-04=9.2"), AtRisk, "moved away"},
		{"failing but improving", noShow, monthly(t, "2027-03=10", "2027-04=9"), OnTrack, "held for 0 of 3"},
		{"held then slipped", noShow, monthly(t, "2027-01=7", "2027-02=7", "2027-03=7", "2027-04=8.5"), AtRisk, "has slipped"},
		{"never missed without a date", noShow, monthly(t, "2020-01=20"), OnTrack, "on track"},
		{"from mid-February: January is baseline", fromMid, monthly(t, "2027-01=7", "2027-02=7", "2027-03=7"), OnTrack, "held for 2 of 3"},
		{"deadline: enough periods left", withDate, monthly(t, "2027-01=9", "2027-02=8.5"), OnTrack, "by 2027-06-15"},
		{"deadline: no slack", withDate, monthly(t, "2027-03=9"), AtRisk, "every period left"},
		{"deadline: cannot fit", withDate, monthly(t, "2027-04=9"), Missed, "cannot fit"},
		{"deadline: met before it", withDate, monthly(t, "2027-03=7", "2027-04=7", "2027-05=7"), Met, "met"},
		{"deadline: later periods ignored", withDate, monthly(t, "2027-04=9", "2027-05=7", "2027-06=7", "2027-07=7"), Missed, "cannot fit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.c.Evaluate(tt.series, date(t, "2027-05-20"))
			if err != nil {
				t.Fatal(err)
			}
			if got.State != tt.want || !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("got %s (%q), want %s with %q", got.State, got.Reason, tt.want, tt.reason)
			}
		})
	}
}

func TestConditionValidate(t *testing.T) {
	ok := Condition{Frequency: accord.Monthly, Compare: AtLeast, Consecutive: 2}
	tests := []struct {
		name   string
		change func(*Condition)
		want   string
	}{
		{"valid", func(*Condition) {}, ""},
		{"frequency", func(c *Condition) { c.Frequency = "daily" }, "frequency"},
		{"comparison", func(c *Condition) { c.Compare = "==" }, "comparison"},
		{"negative", func(c *Condition) { c.Consecutive = -1 }, "negative"},
		{"neither", func(c *Condition) { c.Consecutive = 0 }, "either"},
		{"trend of one", func(c *Condition) { c.TrendPeriods = 1 }, "at least 2"},
		{"from after by", func(c *Condition) { c.By, c.From = date(t, "2027-01-01"), date(t, "2027-02-01") }, "before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.change(&c)
			err := c.Validate()
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
			if _, evalErr := c.Evaluate(nil, date(t, "2027-01-01")); (evalErr == nil) != (err == nil) {
				t.Errorf("Evaluate got error %v, Validate %v", evalErr, err)
			}
		})
	}
}

func TestDeliverable(t *testing.T) {
	done := func(at string) *Completion {
		return &Completion{By: "Operations lead", At: date(t, at), Evidence: "go-live report"}
	}
	tests := []struct {
		name   string
		d      Deliverable
		today  string
		want   State
		reason string
	}{
		{"far off", Deliverable{Name: "EHR referral form", Due: date(t, "2027-06-30")}, "2027-06-15", OnTrack, "on track"},
		{"window opens 14 days before", Deliverable{Name: "Form", Due: date(t, "2027-06-30")}, "2027-06-16", AtRisk, "in 14 days"},
		{"due today", Deliverable{Name: "Form", Due: date(t, "2027-06-30")}, "2027-06-30", AtRisk, "in 0 days"},
		{"due tomorrow", Deliverable{Name: "Form", Due: date(t, "2027-06-30")}, "2027-06-29", AtRisk, "in 1 day)"},
		{"day after", Deliverable{Name: "Form", Due: date(t, "2027-06-30")}, "2027-07-01", Missed, "missed"},
		{"done on time", Deliverable{Name: "Form", Due: date(t, "2027-06-30"), Done: done("2027-06-30")}, "2027-08-01", Met, "done by Operations lead on 2027-06-30"},
		{"done late", Deliverable{Name: "Form", Due: date(t, "2027-06-30"), Done: done("2027-07-03")}, "2027-08-01", Met, "3 days after the due date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.d.Evaluate(date(t, tt.today))
			if err != nil {
				t.Fatal(err)
			}
			if got.State != tt.want || !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("got %s (%q), want %s with %q", got.State, got.Reason, tt.want, tt.reason)
			}
		})
	}
}

func TestDeliverableValidate(t *testing.T) {
	due := date(t, "2027-06-30")
	tests := []struct {
		name string
		d    Deliverable
		want string
	}{
		{"no due date", Deliverable{Name: "Form"}, "due date"},
		{"done without who", Deliverable{Due: due, Done: &Completion{At: due, Evidence: "x"}}, "who"},
		{"done without when", Deliverable{Due: due, Done: &Completion{By: "a", Evidence: "x"}}, "when"},
		{"done without evidence", Deliverable{Due: due, Done: &Completion{By: "a", At: due, Evidence: " "}}, "evidence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.d.Evaluate(due)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}
