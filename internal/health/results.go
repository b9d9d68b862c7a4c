package health

import (
	"fmt"
	"math"
	"sort"
)

// Level is what a Group covers.
type Level int

// The levels of a Group.
const (
	OfAlliance Level = iota
	OfParty
	// OfBreakdown is a party × role cell (its Role may be empty: the
	// members of the party without a role).
	OfBreakdown
)

// Group is a factor's result for the alliance (Party and Role empty), a
// party or a party × role breakdown cell.
type Group struct {
	Level       Level
	Party, Role string
	// Score describes the factor scores of the group's responses. When the
	// group is hidden only its N is kept.
	Score Stat
	// Lean describes the raw answers to the factor's bipolar items (pace),
	// 3 being about right; N is 0 for other factors and when hidden.
	Lean Stat
	// Shown reports whether the figures may be shown; Hidden says why not.
	Shown  bool
	Hidden string
}

// FactorResult is one factor's results in one round.
type FactorResult struct {
	Factor string
	// Alliance is every response; Parties one Group a party, sorted by
	// party; Breakdown one Group a party and role, sorted by party then role.
	Alliance  Group
	Parties   []Group
	Breakdown []Group
	// Gap is the perception gap between the shown parties.
	Gap Gap
}

// Results are a round's results under the minimum number of respondents.
type Results struct {
	Instrument     string
	MinRespondents int
	// Respondents counts the responses scored.
	Respondents int
	Factors     []FactorResult
}

// Factor returns the result of the factor with the key, and whether there
// is one.
func (r Results) Factor(key string) (FactorResult, bool) {
	for _, f := range r.Factors {
		if f.Factor == key {
			return f, true
		}
	}
	return FactorResult{}, false
}

// Compute scores a round's responses with the instrument they answered
// and applies the minimum number of respondents (least, as MinRespondents
// returned it) to every group of every factor: a group is shown only when
// at least `least` responses scored the factor, and no smaller group can be
// worked out from the ones shown (Suppress): the parties against the
// alliance, the roles of a party against the party.
func Compute(in Instrument, responses []Response, least int) (Results, error) {
	if _, err := MinRespondents(least); err != nil || least == 0 {
		return Results{}, fmt.Errorf("compute results: minimum of respondents %d: use MinRespondents", least)
	}
	scores := make([][]Score, len(responses))
	for i, r := range responses {
		s, err := in.ScoreResponse(r)
		if err != nil {
			return Results{}, fmt.Errorf("compute results: response %d: %w", i+1, err)
		}
		scores[i] = s
	}
	out := Results{Instrument: in.Ref(), MinRespondents: least, Respondents: len(responses)}
	for fi, f := range in.Factors {
		fr := FactorResult{Factor: f.Key}
		fr.Alliance = describeGroup("", "", responses, scores, fi, func(Response) bool { return true })
		fr.Parties = groupsBy(OfParty, responses, scores, fi, func(r Response) (string, string) { return r.Party, "" })
		fr.Breakdown = groupsBy(OfBreakdown, responses, scores, fi, func(r Response) (string, string) { return r.Party, r.Role })
		applyThreshold(&fr, least)
		fr.Gap = PerceptionGap(fr.Parties)
		out.Factors = append(out.Factors, fr)
	}
	return out, nil
}

// describeGroup computes one group's statistics on factor fi.
func describeGroup(party, role string, rs []Response, scores [][]Score, fi int, in func(Response) bool) Group {
	var vals, leans []float64
	for i, r := range rs {
		if s := scores[i][fi]; in(r) && s.Scored() {
			vals = append(vals, s.Value)
			if !math.IsNaN(s.Lean) {
				leans = append(leans, s.Lean)
			}
		}
	}
	return Group{Party: party, Role: role, Score: Describe(vals), Lean: Describe(leans), Shown: true}
}

// groupsBy returns one group for each distinct key, sorted.
func groupsBy(level Level, rs []Response, scores [][]Score, fi int, key func(Response) (string, string)) []Group {
	type pr struct{ p, r string }
	seen := map[pr]bool{}
	var keys []pr
	for _, r := range rs {
		p, ro := key(r)
		if k := (pr{p, ro}); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(a, b int) bool {
		if keys[a].p != keys[b].p {
			return keys[a].p < keys[b].p
		}
		return keys[a].r < keys[b].r
	})
	out := make([]Group, len(keys))
	for i, k := range keys {
		out[i] = describeGroup(k.p, k.r, rs, scores, fi, func(r Response) bool {
			p, ro := key(r)
			return p == k.p && ro == k.r
		})
		out[i].Level = level
	}
	return out
}

// applyThreshold hides the groups of a factor that the minimum forbids.
func applyThreshold(fr *FactorResult, least int) {
	if fr.Alliance.Score.N < least {
		hide(&fr.Alliance, TooFewReason(fr.Alliance.Score.N, least))
	}
	hideCells(fr.Parties, fr.Alliance, least, "Hidden: the alliance's results are hidden")
	for _, p := range fr.Parties {
		var cells []int
		for i, b := range fr.Breakdown {
			if b.Party == p.Party {
				cells = append(cells, i)
			}
		}
		group := make([]Group, len(cells))
		for k, i := range cells {
			group[k] = fr.Breakdown[i]
		}
		hideCells(group, p, least, "Hidden: the party's results are hidden")
		for k, i := range cells {
			fr.Breakdown[i] = group[k]
		}
	}
}

// hideCells applies Suppress to the cells of a total, or hides them all
// when the total itself is hidden.
func hideCells(cells []Group, total Group, least int, whenTotalHidden string) {
	if !total.Shown {
		for i := range cells {
			reason := whenTotalHidden
			if cells[i].Score.N < least {
				reason = TooFewReason(cells[i].Score.N, least)
			}
			hide(&cells[i], reason)
		}
		return
	}
	counts := make([]int, len(cells))
	for i, c := range cells {
		counts[i] = c.Score.N
	}
	for i, reason := range Suppress(counts, least) {
		if reason != "" {
			hide(&cells[i], reason)
		}
	}
}

func hide(g *Group, reason string) {
	g.Score, g.Lean = hidden(g.Score.N), hidden(0)
	g.Shown, g.Hidden = false, reason
}
