package health

import (
	"math"
	"strings"
	"testing"
)

// Two parties' answers, and what SciPy 1.10 says of them:
// scipy.stats.ttest_ind(low, high, equal_var=False, alternative='less')
// and the Welch interval of high − low with scipy.stats.t.ppf.
var (
	highAnswers = []int{4, 4, 5, 3, 4, 5, 4}
	lowAnswers  = []int{3, 2, 3, 4, 2, 3}
)

const (
	welchT    = -3.248812118519252
	welchP    = 0.004192302358998159
	welchDF   = 10.33057514470932
	welchSE   = 0.4030777286439902
	welchLow  = 0.41529103668536116
	welchHigh = 2.2037565823622582
)

func twoParties(t *testing.T) FactorResult {
	t.Helper()
	res, err := Compute(small(), join(answers("vendor", "", highAnswers...), answers("physicians", "", lowAnswers...)), 5)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := res.Factor("one")
	return f
}

// TestPerceptionGap checks the gap and its Welch interval.
func TestPerceptionGap(t *testing.T) {
	g := twoParties(t).Gap
	if !g.OK || g.High != "vendor" || g.Low != "physicians" || !near(g.Size, 29.0/7-17.0/6) {
		t.Fatalf("gap: got %+v, want vendor over physicians by %v", g, 29.0/7-17.0/6)
	}
	d := g.Difference
	if !near(d.SE, welchSE) || !near(d.DF, welchDF) || !near(d.Low, welchLow) || !near(d.High, welchHigh) || !g.Sure {
		t.Errorf("difference: got %+v sure %v, want SE %v, df %v, interval %v to %v, sure", d, g.Sure, welchSE, welchDF, welchLow, welchHigh)
	}
	if got, want := g.HowSure(), "95% interval 0.4 to 2.2 points: unlikely to be chance alone"; got != want {
		t.Errorf("HowSure: got %q, want %q", got, want)
	}
	equal := []Group{{Party: "a", Score: Describe([]float64{3, 4, 5}), Shown: true}, {Party: "b", Score: Describe([]float64{5, 4, 3}), Shown: true}}
	if g := PerceptionGap(equal); !g.OK || g.Size != 0 || g.Sure || g.High == g.Low {
		t.Errorf("equal parties: got %+v, want a gap of 0 between a and b, not sure", g)
	} else if got, want := g.HowSure(), "95% interval -2.3 to 2.3 points: could be chance"; got != want {
		t.Errorf("HowSure: got %q, want %q", got, want)
	}
	if got := (Gap{}).HowSure(); got != "" {
		t.Errorf("HowSure of no gap: got %q, want empty", got)
	}
	flat := []Group{{Party: "a", Score: Describe([]float64{4, 4, 4}), Shown: true}, {Party: "b", Score: Describe([]float64{2, 2, 2}), Shown: true}}
	if g := PerceptionGap(flat); !g.Sure || g.Difference.Low != 2 || g.Difference.DF != 4 {
		t.Errorf("no spread: got %+v, want sure, interval [2, 2], df 4", g)
	}
}

// TestGapOver checks the gap signal against the threshold and chance.
func TestGapOver(t *testing.T) {
	f := twoParties(t)
	w, ok := GapOver("Pace", f, 1.0)
	if !ok {
		t.Fatalf("GapOver at 1.0: got no signal, want one")
	}
	want := "On Pace, vendor scores 4.1 and physicians 2.8: a gap of 1.3 points (95% interval 0.4 to 2.2), over the alliance's threshold of 1.0."
	if got := w.Sentence(); got != want {
		t.Errorf("Sentence: got %q, want %q", got, want)
	}
	if _, ok := GapOver("Pace", f, 1.5); ok {
		t.Errorf("GapOver at 1.5 for a gap of 1.3: got a signal, want none")
	}
	wide := f
	wide.Gap.Sure = false
	if _, ok := GapOver("Pace", wide, 1.0); ok {
		t.Errorf("GapOver of a gap chance explains: got a signal, want none")
	}
}

// TestDropped checks the drop signal: Welch's one-sided test, like with
// like only.
func TestDropped(t *testing.T) {
	f := twoParties(t)
	before := Point{Round: "2026 Q2", Instrument: "t-1", Factor: "one", Name: "Trust", Group: f.Parties[1]}
	after := Point{Round: "2026 Q3", Instrument: "t-1", Factor: "one", Name: "Trust", Group: f.Parties[0]}
	after.Group.Party = "vendor" // the same party in the next round
	d, ok := Dropped(before, after)
	if !ok || !near(d.Difference.T, welchT) || !near(d.P, welchP) || !near(d.Difference.DF, welchDF) {
		t.Fatalf("Dropped: got %+v %v, want t %v, p %v", d, ok, welchT, welchP)
	}
	want := "Trust (vendor) fell from 4.1 in 2026 Q2 to 2.8 in 2026 Q3 (7 and 6 answers); a fall this large has under a 5% chance of being noise (p = 0.004)."
	if got := d.Sentence(); got != want {
		t.Errorf("Sentence: got %q, want %q", got, want)
	}
	mod := func(edit func(*Point)) Point { p := after; edit(&p); return p }
	for name, p := range map[string]Point{
		"another version": mod(func(p *Point) { p.Instrument = "t-2" }),
		"another factor":  mod(func(p *Point) { p.Factor = "two" }),
		"another party":   mod(func(p *Point) { p.Group.Party = "payer" }),
		"hidden":          mod(func(p *Point) { p.Group.Shown = false }),
	} {
		if _, ok := Dropped(before, p); ok {
			t.Errorf("%s: got a drop, want none", name)
		}
	}
	if _, ok := Dropped(after, before); ok {
		t.Errorf("a rise: got a drop, want none")
	}
	small := func(vals ...float64) Point {
		p := before
		p.Group = Group{Party: "vendor", Score: Describe(vals), Shown: true}
		return p
	}
	if _, ok := Dropped(small(4, 3, 5, 4, 4), small(3.6, 4.2, 3, 4.4, 3.8)); ok {
		t.Errorf("a fall of 0.2 among spread answers: got a drop, want none (chance)")
	}
	if d, ok := Dropped(small(4, 4, 4), small(3, 3, 3)); !ok || d.P != 0 {
		t.Errorf("a fall with no spread: got %+v %v, want a drop with p 0", d, ok)
	}
}

// TestLowResponse checks the response-rate signal and its sentence.
func TestLowResponse(t *testing.T) {
	r, ok := LowResponse("", 6, 20, DefaultResponseRate)
	if !ok || r.Rate != 0.3 {
		t.Fatalf("6 of 20: got %+v %v, want a low rate of 0.3", r, ok)
	}
	if got, want := r.Sentence(), "Only 6 of 20 invited members answered (30%); under 40%, those who answered may not speak for the rest."; got != want {
		t.Errorf("Sentence: got %q, want %q", got, want)
	}
	r, _ = LowResponse("the vendor", 79, 200, DefaultResponseRate)
	if got := r.Sentence(); !strings.Contains(got, "79 of 200 invited members of the vendor answered (39%)") {
		t.Errorf("Sentence: got %q, want 39%% (floored, never shown as the threshold it is under)", got)
	}
	for _, tt := range []struct{ answered, invited int }{{8, 20}, {20, 20}, {0, 0}} {
		if _, ok := LowResponse("", tt.answered, tt.invited, 0.4); ok {
			t.Errorf("%d of %d: got low, want not", tt.answered, tt.invited)
		}
	}
}

// TestThresholdSettings checks the gap and response-rate settings.
func TestThresholdSettings(t *testing.T) {
	for _, tt := range []struct {
		f    func(float64) (float64, error)
		in   float64
		want float64
		err  bool
	}{
		{GapThreshold, 0, 1, false}, {GapThreshold, 0.5, 0.5, false}, {GapThreshold, 0.1, 0, true},
		{GapThreshold, 4.5, 0, true}, {GapThreshold, math.NaN(), 0, true},
		{ResponseRateThreshold, 0, 0.4, false}, {ResponseRateThreshold, 0.6, 0.6, false},
		{ResponseRateThreshold, 1.2, 0, true}, {ResponseRateThreshold, 0.01, 0, true},
	} {
		got, err := tt.f(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("setting %v: got %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// TestOne checks how scores are written.
func TestOne(t *testing.T) {
	for v, want := range map[float64]string{4.25: "4.3", 3.04: "3.0", -0.04: "0.0", -1.25: "-1.3", 2: "2.0"} {
		if got := One(v); got != want {
			t.Errorf("One(%v): got %q, want %q", v, got, want)
		}
	}
}
