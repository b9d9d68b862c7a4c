package views

import (
	"net/http"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/scorecard"
)

// Sharing is what one viewer may see of an alliance's observations, by the
// rule docs/sharing.md states. Its zero value (sharing open) sees
// everything. Under sharing by protocol, a party sees its own KPIs'
// observations, and another party's only where an active data-sharing
// protocol from that party covers the KPI, the segment and the whole
// period. A whole-alliance figure of a period (the whole-alliance row or a
// sum of segments) needs a protocol that covers every segment; a derived
// KPI needs the derived KPI itself and every KPI its formula names.
type Sharing struct {
	On        bool
	viewer    string                // the viewer's party
	protocols []accord.Protocol     // the active protocols that share with the viewer
	byKey     map[string]accord.KPI // the alliance's KPIs, for the inputs of derived KPIs
}

// maxFormulaDepth bounds the walk through derived KPIs made of derived KPIs.
const maxFormulaDepth = 8

// newSharing builds the view for a viewer of party viewer, from the
// alliance's protocols and KPIs. With on false it sees everything.
func newSharing(on bool, viewer string, protocols []accord.Protocol, kpis []accord.KPI) Sharing {
	if !on {
		return Sharing{}
	}
	sh := Sharing{On: true, viewer: viewer, byKey: map[string]accord.KPI{}}
	for _, p := range protocols {
		if p.Status == accord.ProtocolActive && p.FromPartyID != viewer && (p.ToPartyID == "" || p.ToPartyID == viewer) {
			sh.protocols = append(sh.protocols, p)
		}
	}
	for _, k := range kpis {
		sh.byKey[k.Key] = k
	}
	return sh
}

// SharingFor builds the request viewer's view: without sharing by
// protocol it costs nothing; with it, the protocols (and, unless given,
// the KPIs) are read.
func (s *Loader) SharingFor(r *http.Request, kpis []accord.KPI) (Sharing, error) {
	ac := edge.AllianceOf(r)
	if !ac.Alliance.SharingByProtocol {
		return Sharing{}, nil
	}
	ps, err := s.Svc.ListProtocols(r.Context(), ac.Alliance.ID)
	if err != nil {
		return Sharing{}, err
	}
	if kpis == nil {
		if kpis, err = s.Svc.ListKPIs(r.Context(), ac.Alliance.ID, accord.KPIFilter{}); err != nil {
			return Sharing{}, err
		}
	}
	return newSharing(true, ac.Member.PartyID, ps, kpis), nil
}

// VisibleSignals keeps the signals the viewer may see: those about figures
// of a KPI the viewer's party may see in every period they span, and every
// signal not about a KPI's data (action items, concerns, contracts), which
// every member sees.
func (s *Loader) VisibleSignals(r *http.Request, gs []accord.Signal) ([]accord.Signal, error) {
	if !edge.AllianceOf(r).Alliance.SharingByProtocol || len(gs) == 0 {
		return gs, nil
	}
	sh, err := s.SharingFor(r, nil)
	if err != nil {
		return nil, err
	}
	return sh.keepSignals(gs), nil
}

// keepSignals keeps the signals the viewer may see, as visibleSignals
// says.
func (sh Sharing) keepSignals(gs []accord.Signal) []accord.Signal {
	if !sh.On {
		return gs
	}
	var out []accord.Signal
	for _, g := range gs {
		if !g.QuotesKPI() {
			out = append(out, g)
		} else if k, ok := sh.kpiByID(g.KPIID); ok && sh.seesSignal(k, g) {
			out = append(out, g)
		}
	}
	return out
}

// kpiByID finds one of the alliance's KPIs.
func (sh Sharing) kpiByID(id string) (accord.KPI, bool) {
	for _, k := range sh.byKey {
		if k.ID == id {
			return k, true
		}
	}
	return accord.KPI{}, false
}

// Shared is what the API says of k under sharing by protocol: whether the
// viewer may see any of its figures; nil (left out) when sharing is open.
func (sh Sharing) Shared(k accord.KPI) *bool {
	if !sh.On {
		return nil
	}
	b := sh.SeesKPI(k)
	return &b
}

// owns reports whether the viewer sees all of k's own observations: sharing
// is open, or the viewer's party reports k.
func (sh Sharing) owns(k accord.KPI) bool { return !sh.On || k.OwnerPartyID == sh.viewer }

// SeesAll reports whether the viewer sees every figure of k (for a derived
// KPI, of k and of every KPI its formula names).
func (sh Sharing) SeesAll(k accord.KPI) bool {
	return sh.walk(k, 0, sh.owns)
}

// SeesKPI reports whether the viewer may see any figure of k at all: the
// scorecard shows a tile without it as "Not shared with your party".
func (sh Sharing) SeesKPI(k accord.KPI) bool {
	return sh.walk(k, 0, func(k accord.KPI) bool {
		if sh.owns(k) {
			return true
		}
		for _, p := range sh.from(k) {
			if p.Covers(sh.viewer, k.Key, k.Category, firstSegment(p), p.StartsOn) {
				return true
			}
		}
		return false
	})
}

// seesSegment reports whether the viewer may see some period of k in
// segment seg; seg "" asks about whole-alliance figures.
func (sh Sharing) seesSegment(k accord.KPI, seg string) bool {
	return sh.walk(k, 0, func(k accord.KPI) bool {
		if sh.owns(k) {
			return true
		}
		for _, p := range sh.from(k) {
			if coversSegment(p, seg) && p.Covers(sh.viewer, k.Key, k.Category, seg, p.StartsOn) {
				return true
			}
		}
		return false
	})
}

// SeesPeriod reports whether the viewer may see k's figure for segment seg
// (or, with seg "", the whole-alliance figure) of the period starting at
// period: one protocol must cover the period from its first day to its last.
func (sh Sharing) SeesPeriod(k accord.KPI, seg string, period time.Time) bool {
	return sh.walk(k, 0, func(k accord.KPI) bool {
		if sh.owns(k) {
			return true
		}
		last := k.Frequency.Next(period).AddDate(0, 0, -1)
		for _, p := range sh.from(k) {
			if coversSegment(p, seg) && p.Covers(sh.viewer, k.Key, k.Category, seg, period) && p.Covers(sh.viewer, k.Key, k.Category, seg, last) {
				return true
			}
		}
		return false
	})
}

// walk applies test to k and, for a derived KPI, to every KPI its formula
// names (a name that is no KPI is not visible).
func (sh Sharing) walk(k accord.KPI, depth int, test func(accord.KPI) bool) bool {
	if !sh.On {
		return true
	}
	if !test(k) {
		return false
	}
	if k.Formula == "" {
		return true
	}
	if depth >= maxFormulaDepth {
		return false
	}
	for _, key := range accord.FormulaKeys(k.Formula) {
		in, ok := sh.byKey[key]
		if !ok || !sh.walk(in, depth+1, test) {
			return false
		}
	}
	return true
}

// from returns the protocols through which the party that reports k
// shares with the viewer: a protocol shares only its own party's data.
func (sh Sharing) from(k accord.KPI) []accord.Protocol {
	var out []accord.Protocol
	for _, p := range sh.protocols {
		if p.FromPartyID == k.OwnerPartyID {
			out = append(out, p)
		}
	}
	return out
}

// coversSegment reports whether a protocol may cover segment seg: a
// whole-alliance figure ("") sums every segment, so only a protocol
// that names no segments covers it.
func coversSegment(p accord.Protocol, seg string) bool {
	return seg != "" || len(p.Segments) == 0
}

func firstSegment(p accord.Protocol) string {
	if len(p.Segments) == 0 {
		return ""
	}
	return p.Segments[0]
}

// seesSignal reports whether the viewer may see a signal on k: every period
// it spans, in its segment.
func (sh Sharing) seesSignal(k accord.KPI, g accord.Signal) bool {
	if sh.SeesAll(k) {
		return true
	}
	first, last := g.FirstPeriod, g.LastPeriod
	if last.IsZero() {
		return sh.seesSegment(k, g.Segment)
	}
	if first.IsZero() || first.After(last) {
		first = last
	}
	for p, n := k.Frequency.PeriodStart(first), 0; !p.After(last); p, n = k.Frequency.Next(p), n+1 {
		if n > 1000 || !sh.SeesPeriod(k, g.Segment, p) {
			return false
		}
	}
	return true
}

// Observations keeps the observations of k the viewer may see, each by
// its own segment and period.
func (sh Sharing) Observations(k accord.KPI, obs []accord.Observation) []accord.Observation {
	if sh.SeesAll(k) {
		return obs
	}
	out := []accord.Observation{}
	for _, o := range obs {
		if sh.SeesPeriod(k, o.Segment, o.Period) {
			out = append(out, o)
		}
	}
	return out
}

// WholePeriods keeps the observations of the periods whose whole-alliance
// figure the viewer may see, every segment of them: what the alliance
// series is computed from. A period whose total is withheld is left out
// entirely rather than summed from the segments that are visible.
func (sh Sharing) WholePeriods(k accord.KPI, obs []accord.Observation) []accord.Observation {
	if sh.SeesAll(k) {
		return obs
	}
	var out []accord.Observation
	for _, o := range obs {
		if sh.SeesPeriod(k, "", o.Period) {
			out = append(out, o)
		}
	}
	return out
}

// Totals keeps the period totals the viewer may see; segment is the one
// the totals were filtered to, or "" for whole-alliance totals.
func (sh Sharing) Totals(kpis []accord.KPI, totals []accord.PeriodTotal, segment string) []accord.PeriodTotal {
	if !sh.On {
		return totals
	}
	byID := map[string]accord.KPI{}
	for _, k := range kpis {
		byID[k.ID] = k
	}
	var out []accord.PeriodTotal
	for _, t := range totals {
		if k, ok := byID[t.KPIID]; ok && sh.SeesPeriod(k, segment, t.Period) {
			out = append(out, t)
		}
	}
	return out
}

// Points keeps the points of a series of k (for segment seg, or the whole
// alliance) the viewer may see: for a derived KPI, those of periods where
// it and every input are shared.
func (sh Sharing) Points(k accord.KPI, seg string, pts []scorecard.Point) []scorecard.Point {
	if sh.SeesAll(k) {
		return pts
	}
	var out []scorecard.Point
	for _, p := range pts {
		if sh.SeesPeriod(k, seg, p.Period) {
			out = append(out, p)
		}
	}
	return out
}

// Note says, for people, why some or all of k's figures are withheld from
// the viewer, naming the party that reports each KPI concerned; "" when
// the viewer sees everything.
func (sh Sharing) Note(k accord.KPI) string {
	if sh.SeesAll(k) {
		return ""
	}
	var parts []string
	if !sh.owns(k) {
		parts = append(parts, sh.kpiNote(k))
	}
	if k.Formula != "" {
		var inputs []string
		for _, key := range accord.FormulaKeys(k.Formula) {
			in, ok := sh.byKey[key]
			switch {
			case !ok:
				inputs = append(inputs, key+" (not a KPI of this alliance)")
			case !sh.SeesAll(in):
				inputs = append(inputs, in.Name+" (reported by "+ownerName(in)+")")
			}
		}
		if len(inputs) > 0 {
			parts = append(parts, "It is derived from KPIs whose figures are not all shared with your party: "+strings.Join(inputs, ", ")+
				"; a derived figure is shown only where every figure it uses is.")
		}
	}
	return strings.Join(parts, " ")
}

// kpiNote explains the sharing of a KPI the viewer's party does not report.
func (sh Sharing) kpiNote(k accord.KPI) string {
	owner := ownerName(k)
	var under []string
	for _, p := range sh.from(k) {
		if p.Covers(sh.viewer, k.Key, k.Category, firstSegment(p), p.StartsOn) {
			under = append(under, protocolScope(p))
		}
	}
	if len(under) == 0 {
		return "Not shared with your party: " + owner + " reports this KPI, and no active data-sharing protocol shares its observations with your party."
	}
	return "Shared by protocol: " + owner + " reports this KPI and shares its observations with your party only under " + strings.Join(under, "; ") +
		". Periods and segments outside it are withheld, and so are whole-alliance figures unless a protocol covers every segment."
}

// protocolScope describes what a protocol shares: its title, segments and
// the periods it covers.
func protocolScope(p accord.Protocol) string {
	s := "the protocol “" + p.Title + "” ("
	if len(p.Segments) > 0 {
		s += "segments " + strings.Join(p.Segments, ", ")
	} else {
		s += "every segment"
	}
	s += ", periods from " + p.StartsOn.Format(time.DateOnly)
	if p.EndsOn != nil {
		s += " to " + p.EndsOn.Format(time.DateOnly)
	}
	return s + ")"
}

func ownerName(k accord.KPI) string {
	if k.OwnerName != "" {
		return k.OwnerName
	}
	return "the party that reports it"
}
