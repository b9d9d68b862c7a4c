package server

import (
	"net/http"
	"net/url"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
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
func (s *Server) signalsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !q.Has("status") {
		q.Set("status", accord.SignalOpen)
		r.URL.RawQuery = q.Encode()
	}
	f, err := signalFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ac := allianceOf(r)
	v := signalsView{Filter: f, Statuses: accord.SignalStatuses(), Kinds: accord.SignalKinds(), Back: signalBack(f).Encode()}
	if v.Signals, err = s.svc.ListSignals(r.Context(), f); err == nil {
		v.Signals, err = s.visibleSignals(r, v.Signals)
	}
	v.Signals = withLinks(ac.alliance.Slug, v.Signals...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v.KPIs, err = s.svc.ListKPIs(r.Context(), ac.alliance.ID, accord.KPIFilter{Status: accord.KPIApproved}); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Open, err = s.openSignals(r); err != nil {
		s.fail(w, r, err)
		return
	}
	problems, better := splitImprovements(v.Signals)
	sess := sessionOf(r)
	can := func(a access.Action) bool { return access.Allowed(ac.member.Roles, sess.actor.Scope, a) }
	g := signalGroup{Slug: ac.alliance.Slug, Back: v.Back, Handle: can(access.HandleSignal), Concerns: can(access.HandleConcern)}
	g.ID, g.Title, g.Empty, g.Signals = "sig-h", "Signals", "No signals here.", problems
	if f.Status != "" {
		g.Title = humanize(f.Status) + " signals"
	}
	v.Groups = append(v.Groups, g)
	g.ID, g.Title, g.Signals = "better-h", "Improvements", better // shown only when there are some
	v.Groups = append(v.Groups, g)
	s.render(w, r, "signals", pageData{Title: "Signals", Nav: "signals", Data: v})
}

func (s *Server) signalAcknowledge(w http.ResponseWriter, r *http.Request) {
	s.signalStep(w, r, "Acknowledged: the other parties can see that someone is on it.", func(a accord.Actor, allianceID, id, _ string) (accord.Signal, error) {
		return s.svc.AcknowledgeSignal(r.Context(), a, allianceID, id)
	})
}

func (s *Server) signalResolve(w http.ResponseWriter, r *http.Request) {
	s.signalStep(w, r, "Resolved.", func(a accord.Actor, allianceID, id, reason string) (accord.Signal, error) {
		return s.svc.ResolveSignal(r.Context(), a, allianceID, id, reason)
	})
}

func (s *Server) signalDismiss(w http.ResponseWriter, r *http.Request) {
	s.signalStep(w, r, "Dismissed, with your reason recorded.", func(a accord.Actor, allianceID, id, reason string) (accord.Signal, error) {
		return s.svc.DismissSignal(r.Context(), a, allianceID, id, reason)
	})
}

// signalStep takes one step in a signal's life from a form and goes back
// to the list it came from (the form carries its filter as "back").
func (s *Server) signalStep(w http.ResponseWriter, r *http.Request, done string, step func(a accord.Actor, allianceID, id, reason string) (accord.Signal, error)) {
	ac := allianceOf(r)
	back := "/a/" + ac.alliance.Slug + "/signals"
	if q, err := url.ParseQuery(r.PostFormValue("back")); err == nil && len(q) > 0 {
		f := url.Values{}
		for _, k := range []string{"status", "kpi", "kind"} {
			if v := q.Get(k); v != "" && storable(v) {
				f.Set(k, v)
			}
		}
		back += "?" + f.Encode()
	}
	if err := s.signalShown(r, r.PathValue("id")); err != nil {
		s.failBack(w, r, back, hideNotFound(err))
		return
	}
	if _, err := step(sessionOf(r).actor, ac.alliance.ID, r.PathValue("id"), r.PostFormValue("reason")); err != nil {
		s.failBack(w, r, back, hideNotFound(err))
		return
	}
	flash(w, done)
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// openSignals counts the alliance's open problems the viewer may see:
// open signals that are not improvements.
func (s *Server) openSignals(r *http.Request) (int, error) {
	ac := allianceOf(r)
	if !ac.alliance.SharingByProtocol {
		return s.svc.OpenSignalCount(r.Context(), ac.alliance.ID)
	}
	gs, err := s.svc.ListSignals(r.Context(), accord.SignalFilter{AllianceID: ac.alliance.ID, Status: accord.SignalOpen, Limit: 1000})
	if err == nil {
		gs, err = s.visibleSignals(r, gs)
	}
	problems, _ := splitImprovements(gs)
	return len(problems), err
}

// signalShown answers not found for a signal the viewer may not see, so
// that nobody acts on (or reads, in the answer) a signal about data their
// party is not shared.
func (s *Server) signalShown(r *http.Request, id string) error {
	ac := allianceOf(r)
	if !ac.alliance.SharingByProtocol {
		return nil
	}
	g, err := s.svc.Signal(r.Context(), ac.alliance.ID, id)
	if err != nil {
		return err
	}
	gs, err := s.visibleSignals(r, []accord.Signal{g})
	if err != nil {
		return err
	}
	if len(gs) == 0 {
		return accord.Errorf(accord.ENOTFOUND, "signal not found")
	}
	return nil
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
