package audience

import (
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// Sharing is an alliance's data sharing as it bears on who may be told
// about a KPI's signal: the rule of docs/sharing.md, which the pages and
// the API apply through internal/server/sharing.go (a test there checks
// that both agree). Its zero value is sharing open: every party sees.
type Sharing struct {
	On        bool
	Protocols []accord.Protocol
	KPIs      []accord.KPI
}

// maxDepth bounds the walk through derived KPIs made of derived KPIs.
const maxDepth = 8

// SeesSignal reports whether party may see a signal on k in segment seg
// ("" for the whole alliance) that spans the periods first to last: every
// period must be shared with the party, by its owner or by one active
// protocol that covers the KPI, the segment and the whole period (and, for
// a derived KPI, the same of every KPI its formula names).
func (s Sharing) SeesSignal(party string, k accord.KPI, seg string, first, last time.Time) bool {
	if !s.On {
		return true
	}
	v := s.view(party)
	if v.walk(k, 0, v.owns) {
		return true
	}
	if last.IsZero() {
		return v.walk(k, 0, func(k accord.KPI) bool { return v.owns(k) || v.anySegment(k, seg) })
	}
	if first.IsZero() || first.After(last) {
		first = last
	}
	for p, n := k.Frequency.PeriodStart(first), 0; !p.After(last); p, n = k.Frequency.Next(p), n+1 {
		if n > 1000 || !v.walk(k, 0, func(k accord.KPI) bool { return v.owns(k) || v.period(k, seg, p) }) {
			return false
		}
	}
	return true
}

// Parties returns, of the given parties, those that may see the signal.
func (s Sharing) Parties(parties []string, k accord.KPI, seg string, first, last time.Time) map[string]bool {
	out := map[string]bool{}
	for _, p := range parties {
		if s.SeesSignal(p, k, seg, first, last) {
			out[p] = true
		}
	}
	return out
}

// view is what one party may see.
type view struct {
	party     string
	protocols []accord.Protocol
	byKey     map[string]accord.KPI
}

func (s Sharing) view(party string) view {
	v := view{party: party, byKey: map[string]accord.KPI{}}
	for _, p := range s.Protocols {
		if p.Status == accord.ProtocolActive && p.FromPartyID != party && (p.ToPartyID == "" || p.ToPartyID == party) {
			v.protocols = append(v.protocols, p)
		}
	}
	for _, k := range s.KPIs {
		v.byKey[k.Key] = k
	}
	return v
}

func (v view) owns(k accord.KPI) bool { return k.OwnerPartyID == v.party }

// walk applies test to k and to every KPI its formula names.
func (v view) walk(k accord.KPI, depth int, test func(accord.KPI) bool) bool {
	if !test(k) {
		return false
	}
	if k.Formula == "" {
		return true
	}
	if depth >= maxDepth {
		return false
	}
	for _, key := range accord.FormulaKeys(k.Formula) {
		in, ok := v.byKey[key]
		if !ok || !v.walk(in, depth+1, test) {
			return false
		}
	}
	return true
}

// from returns the protocols of k's reporting party that share with the viewer.
func (v view) from(k accord.KPI) []accord.Protocol {
	var out []accord.Protocol
	for _, p := range v.protocols {
		if p.FromPartyID == k.OwnerPartyID {
			out = append(out, p)
		}
	}
	return out
}

// wholeOK: a whole-alliance figure is shared only by a protocol naming no segments.
func wholeOK(p accord.Protocol, seg string) bool { return seg != "" || len(p.Segments) == 0 }

func (v view) anySegment(k accord.KPI, seg string) bool {
	for _, p := range v.from(k) {
		if wholeOK(p, seg) && p.Covers(v.party, k.Key, k.Category, seg, p.StartsOn) {
			return true
		}
	}
	return false
}

func (v view) period(k accord.KPI, seg string, period time.Time) bool {
	last := k.Frequency.Next(period).AddDate(0, 0, -1)
	for _, p := range v.from(k) {
		if wholeOK(p, seg) && p.Covers(v.party, k.Key, k.Category, seg, period) && p.Covers(v.party, k.Key, k.Category, seg, last) {
			return true
		}
	}
	return false
}

// Owns reports whether party reports k (and, for a derived KPI, every KPI
// its formula names), or sharing is open: it sees all of k's figures.
func (s Sharing) Owns(party string, k accord.KPI) bool {
	if !s.On {
		return true
	}
	v := s.view(party)
	return v.walk(k, 0, v.owns)
}
