package watch

import (
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/pulse"
)

// SurveyConditions returns one condition per signal of a closed round
// (pulse.Signals): a factor dropped (a warning, a deterioration), a gap
// between parties (a warning) and a response rate too low to read
// (information: it says how far to trust the round, not that something is
// wrong). A condition is keyed by its rule, factor and party, not by the
// round: a gap that lasts from one round to the next is one signal that
// updates, and the round that last raised it is its link. A party's drop
// or response rate is owned by that party (names: party id → name); a gap
// is between parties and no party owns it. The sentence quotes only what
// the round's results show: shown groups and counts, never a comment.
func SurveyConditions(r accord.HealthRound, sigs []pulse.Signal, names map[string]string) []accord.SignalCondition {
	ids := map[string]string{}
	for id, name := range names {
		ids[name] = id
	}
	var out []accord.SignalCondition
	for _, sg := range sigs {
		c := accord.SignalCondition{
			Kind: accord.SignalSurvey, Severity: accord.SeverityWarning, Effect: accord.EffectUnclear,
			Subject: sg.Title(), Summary: sg.Sentence, FirstPeriod: accord.Day(r.OpensOn), LastPeriod: accord.Day(r.ClosesOn),
			SubjectType: accord.SubjectOfSurvey, SubjectID: sg.Factor, Ref: sg.Party, Link: "health?round=" + r.ID,
			OwnerPartyID: ids[sg.Party],
		}
		switch sg.Kind {
		case pulse.SignalDrop:
			c.Rule, c.Effect = accord.RuleFactorDrop, accord.EffectDeterioration
		case pulse.SignalGap:
			c.Rule = accord.RulePartyGap
		default:
			c.Rule, c.Severity, c.SubjectID = accord.RuleLowResponse, accord.SeverityInfo, "response_rate"
		}
		out = append(out, c)
	}
	return out
}
