package watch

import (
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/spc"
)

// SentenceParts is what a signal's plain sentence is made of: the KPI as
// people know it (its name and which way is better), what the rules found
// and when. A signal not about a KPI's data already has its words in
// Subject.
type SentenceParts struct {
	KPIName   string
	Direction accord.Direction
	Frequency accord.Frequency
	Kind      accord.SignalKind
	Rule      string // the rules that found it, comma-separated
	Effect    string
	Segment   string
	First     time.Time
	Last      time.Time
	// Owner is the party that reports the KPI, for late data.
	Owner string
	// Subject is the headline of a signal not about a KPI's data.
	Subject string
	// FirstWords, LastWords and Count, when FirstWords is set, name the
	// span instead of First, Last and Frequency: the periods as a file
	// wrote them, and how many there are (`accord signals`).
	FirstWords, LastWords string
	Count                 int
}

// span names the first and last periods and counts them.
func (p SentenceParts) span() (first, last string, n int) {
	if p.FirstWords != "" {
		return p.FirstWords, p.LastWords, max(p.Count, 1)
	}
	n = periodsBetween(p.Frequency, p.First, p.Last)
	first, last = PeriodWords(p.Frequency, p.First), PeriodWords(p.Frequency, p.Last)
	return first, last, n
}

// between is "Mar 2026" for one period, "Jan 2026 to Mar 2026" for more.
func between(first, last string, n int) string {
	if n <= 1 || first == last {
		return last
	}
	return first + " to " + last
}

// SignalSentence gives the parts of a stored signal; direction and
// frequency are its KPI's ("" for a signal without one).
func SignalSentence(g accord.Signal, direction accord.Direction, frequency accord.Frequency) SentenceParts {
	p := SentenceParts{KPIName: g.KPIName, Direction: direction, Frequency: frequency, Kind: g.Kind, Rule: g.Rule,
		Effect: g.Effect, Segment: g.Segment, First: g.FirstPeriod, Last: g.LastPeriod, Owner: g.OwnerName, Subject: g.Subject}
	if !g.AboutKPI() {
		p.KPIName = ""
	}
	return p
}

// Sentence says what a signal means in one plain sentence, for people who
// do not read control charts: "HbA1c control has been above its usual
// level for 8 months (Jul 2025 to Feb 2026) — better than before".
// It names the KPI, not its key, and the rules' meaning, not their
// numbers; those stay in the signal's rule and summary, for its detail.
func Sentence(p SentenceParts) string {
	if p.KPIName == "" || !(p.Kind == accord.SignalSPC || p.Kind == accord.SignalTargetRed || p.Kind == accord.SignalDataLate) {
		return p.Subject
	}
	name := p.KPIName
	if p.Segment != "" {
		name += " (" + p.Segment + ")"
	}
	switch p.Kind {
	case accord.SignalTargetRed:
		return redSentence(name, p)
	case accord.SignalDataLate:
		first, _, n := p.span()
		owner := ""
		if p.Owner != "" {
			owner = " from " + p.Owner
		}
		return "No data for " + name + owner + " since " + first + " — " + count(n, p.Frequency) + " missing"
	}
	return spcSentence(name, p)
}

// spcSentence words a run-chart or control-chart pattern by what it
// means: a level that moved, a trend, a single value out of its range,
// or variation without a direction.
func spcSentence(name string, p SentenceParts) string {
	up, known := better(p.Direction, p.Effect)
	first, last, n := p.span()
	span := " for " + count(n, p.Frequency) + " (" + between(first, last, n) + ")"
	verdict := " — better than before"
	if p.Effect == accord.EffectDeterioration {
		verdict = " — worse than before"
	}
	if !known {
		return name + " has varied in an unusual way" + span + " — worth a look, though not clearly better or worse"
	}
	rules := strings.Split(p.Rule, ",")
	has := func(ids ...spc.RuleID) bool {
		for _, r := range rules {
			for _, id := range ids {
				if r == string(id) {
					return true
				}
			}
		}
		return false
	}
	side, way, moved := pick(up, "above", "below"), pick(up, "rising", "falling"), pick(up, "rose above", "fell below")
	switch {
	case has(spc.IHIShift, spc.WE2, spc.WE3, spc.WE4, spc.Nelson2, spc.Nelson5, spc.Nelson6, spc.AnhojLongestRun):
		return name + " has been " + side + " its usual level" + span + verdict
	case has(spc.IHITrend, spc.Nelson3):
		return name + " has been " + way + span + verdict
	case has(spc.WE1, spc.Nelson1):
		if n <= 1 {
			return name + " " + moved + " its usual range in " + last + verdict
		}
		return name + " went " + side + " its usual range between " + first + " and " + last + verdict
	}
	return name + " has moved " + side + " its usual pattern" + span + verdict
}

// redSentence words a KPI in red against its target, over the run of red
// periods that ends with its latest value.
func redSentence(name string, p SentenceParts) string {
	where := "outside its target range"
	switch p.Direction {
	case accord.HigherIsBetter:
		where = "below its target"
	case accord.LowerIsBetter:
		where = "above its target"
	}
	first, last, n := p.span()
	if n <= 1 {
		return name + " was " + where + " in " + last
	}
	return name + " has been " + where + " for " + count(n, p.Frequency) + " in a row (" + between(first, last, n) + ")"
}

// better reports whether the pattern went up (true) or down, from the
// effect and the KPI's direction; known is false when neither says.
func better(d accord.Direction, effect string) (up, known bool) {
	var good bool
	switch effect {
	case accord.EffectImprovement:
		good = true
	case accord.EffectDeterioration:
	default:
		return false, false
	}
	switch d {
	case accord.HigherIsBetter:
		return good, true
	case accord.LowerIsBetter:
		return !good, true
	}
	return false, false
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

// PeriodWords names a period as the pages show it: "Mar 2026", "Q1 2026",
// "the week of 2 Mar 2026".
func PeriodWords(f accord.Frequency, start time.Time) string {
	switch f {
	case accord.Weekly:
		return "the week of " + start.Format("2 Jan 2006")
	case accord.Quarterly:
		return "Q" + strconv.Itoa((int(start.Month())-1)/3+1) + " " + start.Format("2006")
	case accord.Yearly:
		return start.Format("2006")
	}
	return start.Format("Jan 2006")
}

// periodsBetween counts the periods from first to last, both included.
func periodsBetween(f accord.Frequency, first, last time.Time) int {
	if first.IsZero() || last.Before(first) {
		return 1
	}
	n := 0
	for t := f.PeriodStart(first); !t.After(last) && n < 10000; t = f.Next(t) {
		n++
	}
	return max(n, 1)
}

// count writes a number of periods: "1 month", "8 months", "2 quarters";
// "periods" when the frequency is not known.
func count(n int, f accord.Frequency) string {
	unit := map[accord.Frequency]string{accord.Weekly: "week", accord.Monthly: "month", accord.Quarterly: "quarter", accord.Yearly: "year"}[f]
	if unit == "" {
		unit = "period"
	}
	if n != 1 {
		unit += "s"
	}
	return strconv.Itoa(n) + " " + unit
}
