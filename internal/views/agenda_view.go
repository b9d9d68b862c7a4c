package views

import (
	"context"
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/agenda"
	"github.com/accord-alliance/accord/internal/edge"
)

// notSharedText is what a reader sees instead of figures that the
// alliance's data-sharing rules withhold from their party.
const notSharedText = "Not shared with your party."

// MeetingAgenda brings a scheduled meeting's agenda up to date with the
// data and returns it as the request's viewer may read it.
func (s *Loader) MeetingAgenda(r *http.Request, c accord.Committee, m accord.Meeting) ([]accord.AgendaItem, error) {
	ctx, a := r.Context(), edge.AllianceOf(r).Alliance
	in, err := s.syncAgenda(ctx, a, c, m)
	if err != nil {
		return nil, err
	}
	items, err := s.Svc.Agenda(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	sh, err := s.SharingFor(r, nil)
	if err != nil {
		return nil, err
	}
	return s.AgendaAs(ctx, a, items, in, sh)
}

// AgendaAs returns a meeting's agenda as a reader of the view sh may read
// it. The agenda is written once for the whole committee, from every
// figure; under sharing by protocol each item that quotes a KPI's figures
// is shown as written only when the reader's party sees everything it is
// about (the KPI's every figure, or the signal it names by the rule of the
// signals page). Otherwise, while the meeting is scheduled (in is the data
// the agenda was just written from), the item says what the reader's own
// scorecard and signals give; an item taking several KPIs together keeps
// the KPIs the reader sees in full; any other item keeps only the KPI's
// name and says it is not shared. The order, notes and numbering stay
// those of the committee's agenda, so that everyone speaks of the same
// item.
func (s *Loader) AgendaAs(ctx context.Context, a accord.Alliance, items []accord.AgendaItem, in *agenda.Input, sh Sharing) ([]accord.AgendaItem, error) {
	if !sh.On {
		return items, nil
	}
	mine, signals := map[string]accord.AgendaItem{}, map[string]accord.Signal{}
	if in != nil {
		v := *in
		var err error
		if v.KPIs, err = s.troubledKPIs(ctx, a, sh); err != nil {
			return nil, err
		}
		v.Signals = sh.keepSignals(in.Signals)
		for _, it := range agenda.Build(v) {
			mine[it.Kind+"/"+it.RefID] = it
		}
		for _, g := range in.Signals {
			signals[g.ID] = g
		}
	}
	out := make([]accord.AgendaItem, len(items))
	for i, it := range items {
		sees, about, err := s.seesAgendaItem(ctx, a.ID, it, signals, sh)
		if err != nil {
			return nil, err
		}
		if sees {
			out[i] = it
			continue
		}
		out[i] = withheldItem(it, about, mine, sh)
	}
	return out, nil
}

// seesAgendaItem reports whether the viewer may read an agenda item as it
// was written, and the KPIs it is about (nil for an item about none, or
// about something that is not a KPI of the alliance).
func (s *Loader) seesAgendaItem(ctx context.Context, allianceID string, it accord.AgendaItem, signals map[string]accord.Signal, sh Sharing) (bool, []accord.KPI, error) {
	if it.Kind != accord.AgendaKPI && it.Kind != accord.AgendaSignal {
		return true, nil, nil
	}
	if parts := agenda.Parts(it); parts != nil {
		about, known := sh.namedKPIs(parts)
		return known && sh.seesAllOf(about), about, nil
	}
	if it.Kind == accord.AgendaKPI {
		k, ok := sh.byKey[it.RefID]
		if !ok {
			return false, nil, nil
		}
		return sh.SeesAll(k), []accord.KPI{k}, nil
	}
	g, ok := signals[it.RefID]
	if !ok {
		var err error
		if g, err = s.Svc.Signal(ctx, allianceID, it.RefID); accord.ErrorCode(err) == accord.ENOTFOUND {
			return false, nil, nil
		} else if err != nil {
			return false, nil, err
		}
	}
	if !g.QuotesKPI() {
		return true, nil, nil
	}
	k, ok := sh.kpiByID(g.KPIID)
	if !ok {
		return false, nil, nil
	}
	return sh.seesSignal(k, g), []accord.KPI{k}, nil
}

// withheldItem is an agenda item as a viewer who may not read it as
// written sees it: the viewer's own version while the meeting is
// scheduled, the KPIs seen in full of an item taking several together, or
// the KPI's name and notSharedText.
func withheldItem(it accord.AgendaItem, about []accord.KPI, mine map[string]accord.AgendaItem, sh Sharing) accord.AgendaItem {
	if own, ok := mine[it.Kind+"/"+it.RefID]; ok {
		it.Title, it.Detail = own.Title, own.Detail
		return it
	}
	if parts := agenda.Parts(it); parts != nil {
		var keep []string
		for _, p := range parts {
			if k, ok := sh.namedKPIs([]string{p}); ok && sh.seesAllOf(k) {
				keep = append(keep, p)
			}
		}
		if len(keep) > 0 {
			t := agenda.Together(it.RefID, keep)
			it.Title, it.Detail = t.Title, t.Detail
			return it
		}
	}
	it.Title, it.Detail = "Scorecard item", notSharedText
	if len(about) == 1 {
		it.Title = about[0].Name
	}
	return it
}

// namedKPIs finds the KPIs an item taking several together names: each
// part is a KPI's name, or its name and reporting party as "Name (Party)".
// known is false when a part names no KPI of the alliance.
func (sh Sharing) namedKPIs(parts []string) (out []accord.KPI, known bool) {
	for _, p := range parts {
		found := false
		for _, k := range sh.byKey {
			if p == k.Name || p == k.Name+" ("+k.OwnerName+")" {
				out, found = append(out, k), true
			}
		}
		if !found {
			return out, false
		}
	}
	return out, true
}

// seesAllOf reports whether the viewer sees every figure of every KPI of ks.
func (sh Sharing) seesAllOf(ks []accord.KPI) bool {
	for _, k := range ks {
		if !sh.SeesAll(k) {
			return false
		}
	}
	return true
}
