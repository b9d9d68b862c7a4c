package ui

import (
	"net/http"
	"net/url"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// signalsView is what signals.html shows: the problems, then the
// improvements apart, which are good news and not counted as problems.
type signalsView struct {
	Signals  []accord.Signal
	Groups   []signalGroup
	Filter   accord.SignalFilter
	KPIs     []accord.KPI
	Kinds    []accord.SignalKind
	Statuses []string
	Open     int
	// Back is the filter the forms go back to, as a query string.
	Back string
}

// signalGroup is one table of the signals page, with what its rows' forms
// and links need.
type signalGroup struct {
	ID, Title, Empty string
	Signals          []accord.Signal
	Slug, Back       string
	// Handle: the viewer may acknowledge, resolve and dismiss; Concerns:
	// the viewer may open a concern's page.
	Handle, Concerns bool
}

// splitImprovements separates the improvements (good news) from the
// signals that may want action.
func splitImprovements(gs []accord.Signal) (problems, improvements []accord.Signal) {
	for _, g := range gs {
		if g.Improvement() {
			improvements = append(improvements, g)
		} else {
			problems = append(problems, g)
		}
	}
	return problems, improvements
}

// signalsPage lists the alliance's signals by status (open by default),
// optionally for one KPI or of one kind, with the forms that move them
// along. Each links to its KPI's page or, for a signal not about a KPI's
// data, to the page of its subject.
func (s *App) signalsPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if !q.Has("status") {
		q.Set("status", accord.SignalOpen)
		r.URL.RawQuery = q.Encode()
	}
	f, err := views.SignalFilter(r)
	if err != nil {
		return err
	}
	ac := edge.AllianceOf(r)
	v := signalsView{Filter: f, Statuses: accord.SignalStatuses(), Kinds: accord.SignalKinds(), Back: signalBack(f).Encode()}
	if v.Signals, err = s.Svc.ListSignals(r.Context(), f); err == nil {
		v.Signals, err = s.VisibleSignals(r, v.Signals)
	}
	v.Signals = views.WithLinks(ac.Alliance.Slug, v.Signals...)
	if err != nil {
		return err
	}
	if v.KPIs, err = s.Svc.ListKPIs(r.Context(), ac.Alliance.ID, accord.KPIFilter{Status: accord.KPIApproved}); err != nil {
		return err
	}
	if v.Open, err = s.openSignals(r); err != nil {
		return err
	}
	problems, better := splitImprovements(v.Signals)
	sess := edge.SessionOf(r)
	can := func(a access.Action) bool { return access.Allowed(ac.Member.Roles, sess.Actor.Scope, a) }
	g := signalGroup{Slug: ac.Alliance.Slug, Back: v.Back, Handle: can(access.HandleSignal), Concerns: can(access.HandleConcern)}
	g.ID, g.Title, g.Empty, g.Signals = "sig-h", "Signals", "No signals here.", problems
	if f.Status != "" {
		g.Title = views.Humanize(f.Status) + " signals"
	}
	v.Groups = append(v.Groups, g)
	g.ID, g.Title, g.Signals = "better-h", "Improvements", better // shown only when there are some
	v.Groups = append(v.Groups, g)
	s.render(w, r, "signals", views.PageData{Title: "Signals", Nav: "signals", Data: v})
	return nil
}

func (s *App) signalAcknowledge(w http.ResponseWriter, r *http.Request) error {
	return s.signalStep(w, r, "Acknowledged: the other parties can see that someone is on it.", func(a accord.Actor, allianceID, id, _ string) (accord.Signal, error) {
		return s.Svc.AcknowledgeSignal(r.Context(), a, allianceID, id)
	})
}

func (s *App) signalResolve(w http.ResponseWriter, r *http.Request) error {
	return s.signalStep(w, r, "Resolved.", func(a accord.Actor, allianceID, id, reason string) (accord.Signal, error) {
		return s.Svc.ResolveSignal(r.Context(), a, allianceID, id, reason)
	})
}

func (s *App) signalDismiss(w http.ResponseWriter, r *http.Request) error {
	return s.signalStep(w, r, "Dismissed, with your reason recorded.", func(a accord.Actor, allianceID, id, reason string) (accord.Signal, error) {
		return s.Svc.DismissSignal(r.Context(), a, allianceID, id, reason)
	})
}

// signalStep takes one step in a signal's life from a form and goes back
// to the list it came from (the form carries its filter as "back").
func (s *App) signalStep(w http.ResponseWriter, r *http.Request, done string, step func(a accord.Actor, allianceID, id, reason string) (accord.Signal, error)) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/signals"
	if q, err := url.ParseQuery(r.PostFormValue("back")); err == nil && len(q) > 0 {
		f := url.Values{}
		for _, k := range []string{"status", "kpi", "kind"} {
			if v := q.Get(k); v != "" && edge.Storable(v) {
				f.Set(k, v)
			}
		}
		back += "?" + f.Encode()
	}
	if err := s.SignalShown(r, r.PathValue("id")); err != nil {
		return backTo(back, edge.HideNotFound(err))
	}
	if _, err := step(edge.SessionOf(r).Actor, ac.Alliance.ID, r.PathValue("id"), r.PostFormValue("reason")); err != nil {
		return backTo(back, edge.HideNotFound(err))
	}
	flash(w, done)
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// openSignals counts the alliance's open problems the viewer may see:
// open signals that are not improvements.
func (s *App) openSignals(r *http.Request) (int, error) {
	ac := edge.AllianceOf(r)
	if !ac.Alliance.SharingByProtocol {
		return s.Svc.OpenSignalCount(r.Context(), ac.Alliance.ID)
	}
	gs, err := s.Svc.ListSignals(r.Context(), accord.SignalFilter{AllianceID: ac.Alliance.ID, Status: accord.SignalOpen, Limit: 1000})
	if err == nil {
		gs, err = s.VisibleSignals(r, gs)
	}
	problems, _ := splitImprovements(gs)
	return len(problems), err
}

// signalBack is the list's filter as the forms carry it back.
func signalBack(f accord.SignalFilter) url.Values {
	q := url.Values{"status": {f.Status}}
	if f.KPIKey != "" {
		q.Set("kpi", f.KPIKey)
	}
	if f.Kind != "" {
		q.Set("kind", f.Kind)
	}
	return q
}
