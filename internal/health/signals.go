package health

import (
	"fmt"
	"math"
	"strconv"
)

// Signal defaults and bounds.
const (
	// DropAlpha is the one-sided significance level of a drop between rounds.
	DropAlpha = 0.05
	// DefaultGapThreshold is the perception gap, in points of the 1–5
	// scale, that raises a signal when an alliance sets none: a whole
	// answer step, a quarter of the scale's range.
	DefaultGapThreshold = 1.0
	// DefaultResponseRate is the share of invited members under which a
	// round is too thin to read when an alliance sets none.
	DefaultResponseRate = 0.40
)

// GapThreshold returns the gap an alliance configured, or the default
// when it configured none (0); it must lie between 0.25 and 4 points.
func GapThreshold(configured float64) (float64, error) {
	switch {
	case configured == 0:
		return DefaultGapThreshold, nil
	case !(configured >= 0.25 && configured <= 4):
		return 0, fmt.Errorf("the gap threshold must be between 0.25 and 4 points, not %v", configured)
	}
	return configured, nil
}

// ResponseRateThreshold returns the response rate an alliance configured
// (a share, 0.4 for 40%), or the default when it configured none (0); it
// must lie between 0.05 and 1.
func ResponseRateThreshold(configured float64) (float64, error) {
	switch {
	case configured == 0:
		return DefaultResponseRate, nil
	case !(configured >= 0.05 && configured <= 1):
		return 0, fmt.Errorf("the response rate threshold must be between 5%% and 100%%, not %v", configured)
	}
	return configured, nil
}

// Point is one group's result on one factor in one round, as a drop
// compares it.
type Point struct {
	Round      string // the round's name, for the sentence ("2026 Q3")
	Instrument string // Instrument.Ref of the round
	Factor     string // the factor's key
	Name       string // the factor's name, for the sentence
	Group      Group  // the alliance or a party
}

// Drop is a factor that fell between two rounds by more than chance
// explains: Welch's t-test, one-sided, p = StudentCDF(t, df) < DropAlpha
// for the difference after − before.
type Drop struct {
	Before, After Point
	Difference    Difference
	P             float64
}

// Dropped compares a group's factor in two rounds. It compares like with
// like only: the same instrument version, factor and group, both shown,
// each with at least two scores; otherwise, or when the score did not
// fall beyond chance, ok is false.
func Dropped(before, after Point) (Drop, bool) {
	b, a := before.Group, after.Group
	if before.Instrument != after.Instrument || before.Factor != after.Factor ||
		b.Party != a.Party || b.Role != a.Role || !b.Shown || !a.Shown {
		return Drop{}, false
	}
	d, ok := Welch(a.Score, b.Score)
	if !ok || !(d.Diff < 0) {
		return Drop{}, false
	}
	p := 0.0 // no spread in either round: any fall is beyond chance
	if !math.IsInf(d.T, 0) {
		p = StudentCDF(d.T, d.DF)
	}
	if !(p < DropAlpha) {
		return Drop{}, false
	}
	return Drop{Before: before, After: after, Difference: d, P: p}, true
}

// Sentence says the drop in words: "Trust (physician group) fell from 4.1
// in 2026 Q2 to 3.4 in 2026 Q3 (18 and 20 answers); a fall this large has
// under a 5% chance of being noise (p = 0.012)."
func (d Drop) Sentence() string {
	who := ""
	if p := d.After.Group.Party; p != "" {
		who = " (" + p + ")"
	}
	return fmt.Sprintf("%s%s fell from %s in %s to %s in %s (%d and %d answers); a fall this large has under a 5%% chance of being noise (%s).",
		d.After.Name, who, One(d.Before.Group.Score.Mean), d.Before.Round, One(d.After.Group.Score.Mean), d.After.Round,
		d.Before.Group.Score.N, d.After.Group.Score.N, pValue(d.P))
}

// WideGap is a perception gap over the alliance's threshold that chance
// does not explain.
type WideGap struct {
	Factor    string // the factor's name, for the sentence
	Gap       Gap
	Threshold float64
	High, Low Group
}

// GapOver reports the factor's perception gap when it reaches the
// threshold (from GapThreshold) and its 95% interval excludes zero, so
// that the few answers of small parties do not raise it by chance.
func GapOver(name string, f FactorResult, threshold float64) (WideGap, bool) {
	g := f.Gap
	if !g.OK || !g.Sure || g.Size < threshold {
		return WideGap{}, false
	}
	w := WideGap{Factor: name, Gap: g, Threshold: threshold}
	for _, p := range f.Parties {
		switch p.Party {
		case g.High:
			w.High = p
		case g.Low:
			w.Low = p
		}
	}
	return w, true
}

// Sentence says the gap in words: "On Pace, the vendor scores 4.2 and the
// physician group 2.6: a gap of 1.6 points (95% interval 0.9 to 2.3),
// over the alliance's threshold of 1.0."
func (w WideGap) Sentence() string {
	d := w.Gap.Difference
	return fmt.Sprintf("On %s, %s scores %s and %s %s: a gap of %s points (95%% interval %s to %s), over the alliance's threshold of %s.",
		w.Factor, w.Gap.High, One(w.High.Score.Mean), w.Gap.Low, One(w.Low.Score.Mean), One(w.Gap.Size),
		One(d.Low), One(d.High), One(w.Threshold))
}

// ResponseRate is how many of the members invited to a round answered.
type ResponseRate struct {
	Party     string // empty for the whole alliance
	Answered  int
	Invited   int
	Rate      float64
	Threshold float64
}

// LowResponse reports a rate under the threshold (from
// ResponseRateThreshold). A round that invited nobody has no rate.
func LowResponse(party string, answered, invited int, threshold float64) (ResponseRate, bool) {
	if invited <= 0 {
		return ResponseRate{}, false
	}
	r := ResponseRate{Party: party, Answered: answered, Invited: invited,
		Rate: float64(answered) / float64(invited), Threshold: threshold}
	return r, r.Rate < threshold
}

// Sentence says the rate in words: "Only 6 of 20 invited members answered
// (30%); under 40%, those who answered may not speak for the rest."
func (r ResponseRate) Sentence() string {
	who := "invited members"
	if r.Party != "" {
		who = "invited members of " + r.Party
	}
	return fmt.Sprintf("Only %d of %d %s answered (%s%%); under %s%%, those who answered may not speak for the rest.",
		r.Answered, r.Invited, who, strconv.Itoa(int(math.Floor(r.Rate*100))), strconv.Itoa(int(math.Round(r.Threshold*100))))
}

// One writes a score with one decimal, rounded half away from zero.
func One(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	r := math.Round(math.Abs(v)*10) / 10
	if r == 0 {
		return "0.0"
	}
	return strconv.FormatFloat(math.Copysign(r, v), 'f', 1, 64)
}

// pValue writes "p = 0.012", or "p < 0.001".
func pValue(p float64) string {
	if p < 0.001 {
		return "p < 0.001"
	}
	return "p = " + strconv.FormatFloat(p, 'f', 3, 64)
}
