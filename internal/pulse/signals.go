package pulse

import (
	"fmt"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/health"
)

// The kinds of a round's signals (docs/health.md#signals).
const (
	SignalDrop     = "health_drop"
	SignalGap      = "health_gap"
	SignalResponse = "health_response"
)

// Signal is one of a round's signals: a factor of the alliance or of a
// party that dropped since the round before, a gap between parties over
// the alliance's threshold, or a response rate too low to read. Every
// figure in its sentence is of a group shown under the minimum of
// respondents (Compute hides the others before anything reads them), or a
// count of answers; it never quotes a comment.
type Signal struct {
	Kind string
	// Factor and FactorName name the factor of a drop or a gap.
	Factor, FactorName string
	// Party is the party of a drop or a response rate, by name; "" for the
	// alliance.
	Party    string
	Sentence string
}

// Round is one closed round as its signals read it: its name ("2026 Q3")
// and its results computed with the instrument.
type Round struct {
	Name       string
	Instrument health.Instrument
	Results    health.Results
}

// Signals finds the round's signals: each factor of the alliance and of
// each party that dropped since prev (the round before of the same
// instrument version; nil when there is none), each factor whose gap
// between parties is over the threshold (health.GapThreshold: the default
// when the alliance set none), and the response rates under
// health.DefaultResponseRate of the alliance and of each party. counts are
// the round's counts and names name its parties by id.
func Signals(prev *Round, last Round, gapThreshold float64, counts accord.HealthCounts, names map[string]string) []Signal {
	out := []Signal{}
	threshold, err := health.GapThreshold(gapThreshold)
	if err != nil {
		threshold = health.DefaultGapThreshold
	}
	for fi, fr := range last.Results.Factors {
		name := last.Instrument.Factors[fi].Name
		if prev != nil {
			if before, ok := prev.Results.Factor(fr.Factor); ok {
				out = append(out, drops(name, before, fr, prev.Name, last.Name, last.Results.Instrument)...)
			}
		}
		if w, ok := health.GapOver(name, fr, threshold); ok {
			out = append(out, Signal{Kind: SignalGap, Factor: fr.Factor, FactorName: name, Sentence: w.Sentence()})
		}
	}
	if r, ok := health.LowResponse("", counts.Responses, counts.Eligible, health.DefaultResponseRate); ok {
		out = append(out, Signal{Kind: SignalResponse, Sentence: r.Sentence()})
	}
	for _, p := range counts.Parties {
		party := nameOf(p.PartyID, names)
		if r, ok := health.LowResponse(party, p.Responses, p.Eligible, health.DefaultResponseRate); ok {
			out = append(out, Signal{Kind: SignalResponse, Party: party, Sentence: r.Sentence()})
		}
	}
	return out
}

// drops compares the alliance and each party on one factor.
func drops(name string, before, after health.FactorResult, nb, na, ref string) []Signal {
	var out []Signal
	point := func(round string, g health.Group) health.Point {
		return health.Point{Round: round, Instrument: ref, Factor: after.Factor, Name: name, Group: g}
	}
	pairs := [][2]health.Group{{before.Alliance, after.Alliance}}
	for _, a := range after.Parties {
		for _, b := range before.Parties {
			if a.Party == b.Party {
				pairs = append(pairs, [2]health.Group{b, a})
			}
		}
	}
	for _, p := range pairs {
		if d, ok := health.Dropped(point(nb, p[0]), point(na, p[1])); ok {
			out = append(out, Signal{Kind: SignalDrop, Factor: after.Factor, FactorName: name, Party: p[1].Party, Sentence: d.Sentence()})
		}
	}
	return out
}

// Title names the signal in a few words, as a signal's subject: "Survey:
// Trust fell (Cedar Ridge Health Partners)", "Survey: the parties differ on
// Pace", "Survey: too few answers to read (the alliance)".
func (s Signal) Title() string {
	who := s.Party
	if who == "" {
		who = "the alliance"
	}
	switch s.Kind {
	case SignalDrop:
		return "Survey: " + s.FactorName + " fell (" + who + ")"
	case SignalGap:
		return "Survey: the parties differ on " + s.FactorName
	}
	return "Survey: too few answers to read (" + who + ")"
}

// RoundPeriods names each round, oldest first, by the quarter it opened in
// ("2026-Q1") or, when two rounds share a quarter, by its month
// ("2026-03").
func RoundPeriods(rs []accord.HealthRound) []string {
	out := make([]string, len(rs))
	seen := map[string]bool{}
	for i, r := range rs {
		out[i] = fmt.Sprintf("%d-Q%d", r.OpensOn.Year(), (int(r.OpensOn.Month())-1)/3+1)
		if seen[out[i]] {
			for j, r := range rs {
				out[j] = r.OpensOn.Format("2006-01")
			}
			return out
		}
		seen[out[i]] = true
	}
	return out
}

// PeriodName writes a round's period for people: "2026 Q1", "Mar 2026".
func PeriodName(p string) string {
	if y, q, ok := strings.Cut(p, "-Q"); ok {
		return y + " Q" + q
	}
	if t, err := time.Parse("2006-01", p); err == nil {
		return t.Format("Jan 2006")
	}
	return p
}
