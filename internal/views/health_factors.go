package views

import (
	"context"
	"strconv"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/health"
	"github.com/accord-alliance/accord/internal/packet"
	"github.com/accord-alliance/accord/internal/pulse"
)

// healthFactors writes the latest round's factors as people read them.
func healthFactors(hr *healthRound) []HealthFactor {
	out := make([]HealthFactor, 0, len(hr.results.Factors))
	for i, fr := range hr.results.Factors {
		f := HealthFactor{Key: fr.Factor, Name: hr.in.Factors[i].Name, Alliance: healthGroup(fr.Alliance),
			Parties: []HealthGroup{}, Breakdown: []HealthGroup{}, Comments: []HealthComment{}}
		for _, g := range fr.Parties {
			f.Parties = append(f.Parties, healthGroup(g))
		}
		for _, g := range fr.Breakdown {
			f.Breakdown = append(f.Breakdown, healthGroup(g))
		}
		if g := fr.Gap; g.OK {
			f.Gap = &HealthGap{High: g.High, Low: g.Low, Size: fnum(g.Size), Sure: g.Sure, HowSure: g.HowSure()}
			if g.Difference.DF > 0 {
				f.Gap.CILow, f.Gap.CIHigh = fnum(g.Difference.Low), fnum(g.Difference.High)
			}
		}
		for _, c := range fr.Comments(hr.comments) {
			f.Comments = append(f.Comments, HealthComment{Party: c.Party, Text: c.Text})
		}
		out = append(out, f)
	}
	return out
}

// healthGroup writes one group; a hidden group keeps its count and reason.
func healthGroup(g health.Group) HealthGroup {
	out := HealthGroup{Party: g.Party, N: g.Score.N, Shown: g.Shown, Hidden: g.Hidden}
	if g.Role != "" {
		out.Role = accord.Role(g.Role).Label()
	}
	if !g.Shown {
		return out
	}
	out.Mean, out.SD, out.Low, out.High = fnum(g.Score.Mean), fnum(g.Score.SD), fnum(g.Score.Low), fnum(g.Score.High)
	if g.Lean.N > 0 {
		out.LeanMean, out.Pace = fnum(g.Lean.Mean), health.LeanWord(g.Lean.Mean)
	}
	return out
}

// healthProfiles writes each party's profile of the latest round.
func healthProfiles(r health.Results) []HealthProfile {
	out := []HealthProfile{}
	for _, p := range r.Profiles() {
		hp := HealthProfile{Party: p.Party, Hidden: p.Hidden}
		for _, m := range p.Means {
			hp.Means = append(hp.Means, fnum(m))
		}
		out = append(out, hp)
	}
	return out
}

// healthTrend follows each factor of the latest round's instrument across
// the rounds of that same version (computed is nil for the others).
func healthTrend(in health.Instrument, computed []*healthRound, rounds []HealthRoundInfo) []HealthTrend {
	var out []HealthTrend
	for _, f := range in.Factors {
		t := HealthTrend{Factor: f.Key, Name: f.Name, Parties: map[string][]*float64{}}
		for i, hr := range computed {
			if hr == nil {
				continue
			}
			fr, ok := hr.results.Factor(f.Key)
			if !ok {
				continue
			}
			n := len(t.Periods)
			t.Periods = append(t.Periods, rounds[i].Period)
			t.Alliance = append(t.Alliance, shownMean(fr.Alliance))
			for _, p := range fr.Parties {
				line := t.Parties[p.Party]
				for len(line) < n {
					line = append(line, nil)
				}
				t.Parties[p.Party] = append(line, shownMean(p))
			}
			for p, line := range t.Parties {
				for len(line) < n+1 {
					line = append(line, nil)
				}
				t.Parties[p] = line
			}
		}
		out = append(out, t)
	}
	return out
}

func shownMean(g health.Group) *float64 {
	if !g.Shown {
		return nil
	}
	return fnum(g.Score.Mean)
}

// healthSignals finds the latest round's signals (pulse.Signals): factors
// that dropped since the round before of the same instrument version (the
// alliance and each party), gaps over the alliance's threshold, and
// response rates too low to read. The store raises the same ones as
// signals when the round closes.
func healthSignals(computed []*healthRound, rounds []HealthRoundInfo, gapThreshold float64, counts accord.HealthCounts, names map[string]string) []HealthSignal {
	n := len(computed)
	round := func(i int) pulse.Round {
		return pulse.Round{Name: rounds[i].Name, Instrument: computed[i].in, Results: computed[i].results}
	}
	var prev *pulse.Round
	for i := n - 2; i >= 0; i-- {
		if computed[i] != nil {
			r := round(i)
			prev = &r
			break
		}
	}
	out := []HealthSignal{}
	for _, sg := range pulse.Signals(prev, round(n-1), gapThreshold, counts, names) {
		out = append(out, HealthSignal{Kind: sg.Kind, Factor: sg.Factor, Party: sg.Party, Sentence: sg.Sentence})
	}
	return out
}

// Rows are the factor's alliance row (named "The alliance") and its
// parties' rows, as a page's table lists them.
func (f HealthFactor) Rows() []HealthGroup {
	a := f.Alliance
	a.Party = "The alliance"
	return append([]HealthGroup{a}, f.Parties...)
}

// HasPace reports whether any row of the factor says how the pace leans.
func (f HealthFactor) HasPace() bool {
	for _, g := range f.Rows() {
		if g.Pace != "" {
			return true
		}
	}
	return false
}

// HealthColumns are the parties of the latest round, in the order of the
// factors' party groups, as the page's table heads its columns.
func (r HealthResults) HealthColumns() []string {
	if len(r.Factors) == 0 {
		return nil
	}
	var out []string
	for _, p := range r.Factors[0].Parties {
		out = append(out, p.Party)
	}
	return out
}

// HiddenNotes says, once per party and reason, why a party's results are
// hidden: "Cedar Ridge Health Partners, on every factor: Hidden: 3 people
// answered; results show from 5".
func (r HealthResults) HiddenNotes() []string {
	type pr struct{ party, reason string }
	var order []pr
	count := map[pr]int{}
	for _, f := range r.Factors {
		for _, g := range append([]HealthGroup{f.Alliance}, f.Parties...) {
			if g.Shown {
				continue
			}
			k := pr{g.Party, g.Hidden}
			if k.party == "" {
				k.party = "The alliance"
			}
			if count[k] == 0 {
				order = append(order, k)
			}
			count[k]++
		}
	}
	var out []string
	for _, k := range order {
		on := "on every factor"
		if count[k] < len(r.Factors) {
			on = "on " + strconv.Itoa(count[k]) + " of " + strconv.Itoa(len(r.Factors)) + " factors"
		}
		out = append(out, k.party+", "+on+": "+k.reason)
	}
	return out
}

// packetHealth writes the latest round for the check-in packet, as shown
// to every member; nil when no round has closed.
func (s *Loader) packetHealth(ctx context.Context, a accord.Alliance) (*packet.Health, error) {
	res, err := s.HealthResults(ctx, a, "")
	if err != nil || res.Round == nil {
		return nil, err
	}
	h := &packet.Health{Round: res.Round.Name, Answered: res.Round.Responses, Invited: res.Round.Eligible, Parties: res.HealthColumns(), Hidden: res.HiddenNotes()}
	cell := func(g HealthGroup) string {
		if !g.Shown {
			return "hidden"
		}
		return g.MeanText()
	}
	for _, f := range res.Factors {
		row := packet.HealthRow{Name: f.Name, Alliance: cell(f.Alliance), Gap: "–"}
		for _, p := range f.Parties {
			row.Parties = append(row.Parties, cell(p))
		}
		if f.Gap != nil {
			row.Gap = f.Gap.SizeText()
		}
		h.Factors = append(h.Factors, row)
	}
	for _, sg := range res.Signals {
		h.Signals = append(h.Signals, sg.Sentence)
	}
	return h, nil
}
