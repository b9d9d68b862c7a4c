package health

import (
	"math"
	"sort"
	"strings"
)

// Comment is one response's optional comment on a factor. Role is carried
// so that the rules can refuse to show it: no comment is ever shown by
// role.
type Comment struct {
	Party, Role, Factor, Text string
}

// CommentsBeside reports whether comments may be shown beside a group:
// only beside the alliance or a party, and only where its results are
// shown. Never beside a party × role cell: a comment there would narrow
// its author down to a handful of people.
func CommentsBeside(g Group) bool { return g.Shown && g.Level != OfBreakdown }

// Comments returns the comments a page may show for the factor: those of
// the parties whose results are shown for it, with no role, sorted by
// party and then by text, so that their order tells nothing of when they
// came. The comments of a hidden party are never returned, not even
// pooled under the alliance: beside the shown parties' own comments they
// would be told apart. Blank comments are dropped. None are returned when
// the alliance's results are hidden.
func (f FactorResult) Comments(all []Comment) []Comment {
	if !CommentsBeside(f.Alliance) {
		return nil
	}
	shown := map[string]bool{}
	for _, p := range f.Parties {
		if CommentsBeside(p) {
			shown[p.Party] = true
		}
	}
	var out []Comment
	for _, c := range all {
		text := strings.TrimSpace(c.Text)
		if c.Factor == f.Factor && shown[c.Party] && text != "" {
			out = append(out, Comment{Party: c.Party, Factor: c.Factor, Text: text})
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Party != out[b].Party {
			return out[a].Party < out[b].Party
		}
		return out[a].Text < out[b].Text
	})
	return out
}

// The leans of a pace: the words for the mean of its bipolar answers.
const (
	TooSlow    = "too slow"
	AboutRight = "about right"
	TooFast    = "too fast"
)

// LeanWord says which way a mean bipolar answer leans: "too slow" at 2.5
// or below, "too fast" at 3.5 or above (half an answer's step from the
// middle, accord's choice), "about right" between, "" when there is no
// mean.
func LeanWord(mean float64) string {
	switch {
	case math.IsNaN(mean):
		return ""
	case mean <= 2.5:
		return TooSlow
	case mean >= 3.5:
		return TooFast
	}
	return AboutRight
}
