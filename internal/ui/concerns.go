package ui

import (
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// concernNewView is what concern_new.html shows: the form, or the receipt
// of the anonymous concern just raised.
type concernNewView struct {
	Categories []string
	Severities []string
	KPIs       []accord.KPI
	Receipt    *receiptView
	Raised     bool
	Form       accord.Concern
	Anonymous  bool
}

// concernNewPage shows the form to raise a concern.
func (s *App) concernNewPage(w http.ResponseWriter, r *http.Request) error {
	s.renderConcernNew(w, r, concernNewView{Anonymous: true}, nil)
	return nil
}

func (s *App) renderConcernNew(w http.ResponseWriter, r *http.Request, v concernNewView, err error) {
	v.Categories, v.Severities = accord.ConcernCategories(), accord.ConcernSeverities()
	v.KPIs, _ = s.Svc.ListKPIs(r.Context(), edge.AllianceOf(r).Alliance.ID, accord.KPIFilter{Status: accord.KPIApproved})
	d := views.PageData{Title: "Raise a concern", Nav: "concerns", Data: v}
	if err != nil {
		d.Error, d.Field = accord.ErrorMessage(err), accord.ErrorField(err)
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	s.render(w, r, "concern_new", d)
}

// concernCreate raises a concern from the form. An anonymous one is
// raised without the person: the store receives no account, and the page
// shows the receipt once, without a redirect or a cookie that could carry it.
func (s *App) concernCreate(w http.ResponseWriter, r *http.Request) error {
	anonymous := r.PostFormValue("anonymous") != ""
	c := accord.Concern{AllianceID: edge.AllianceOf(r).Alliance.ID, Category: r.PostFormValue("category"), Severity: r.PostFormValue("severity"),
		Body: r.PostFormValue("body"), KPIKey: r.PostFormValue("kpi"), ReceiptCost: s.Cfg.Password}
	actor := edge.SessionOf(r).Actor
	if anonymous {
		actor = accord.Actor{}
	}
	receipt, err := s.RaiseConcern(r.Context(), actor, &c, anonymous)
	if err != nil {
		s.renderConcernNew(w, r, concernNewView{Form: c, Anonymous: anonymous}, err)
		return nil
	}
	v := concernNewView{Raised: true, Anonymous: anonymous}
	if receipt != "" {
		a := edge.AllianceOf(r).Alliance
		v.Receipt = s.receiptOf(r, a, receipt, "/a/"+a.Slug)
		w.Header().Set("Cache-Control", "no-store")
	}
	s.renderConcernNew(w, r, v, nil)
	return nil
}

// concernFollowView is what concern_follow.html shows to a reporter who
// came back with a receipt.
type concernFollowView struct {
	Slug    string
	Receipt string
	Concern *accord.Concern
	Added   bool
}

// concernFollowPage asks for the alliance and the receipt; it needs no
// session and sets no cookie. ?alliance= fills the alliance in, as the
// link on a receipt does.
func (s *App) concernFollowPage(w http.ResponseWriter, r *http.Request) error {
	v := concernFollowView{}
	if slug := r.URL.Query().Get("alliance"); edge.Storable(slug) && len(slug) <= 100 {
		v.Slug = slug
	}
	s.render(w, r, "concern_follow", views.PageData{Title: "Follow up a concern", Data: v})
	return nil
}

// concernFollow shows the thread of the concern whose receipt was given,
// adding the reporter's information first when the form carries some.
// Wrong receipts are throttled per client address (see followConcern).
func (s *App) concernFollow(w http.ResponseWriter, r *http.Request) error {
	v := concernFollowView{Slug: r.PostFormValue("alliance"), Receipt: r.PostFormValue("receipt")}
	d := views.PageData{Title: "Follow up a concern"}
	c, err := s.FollowConcern(r, v.Slug, v.Receipt, r.PostFormValue("body"))
	switch code := accord.ErrorCode(err); {
	case err == nil:
		v.Concern, v.Added = &c, r.PostFormValue("body") != ""
	case code == accord.EINTERNAL:
		return err
	default:
		d.Error, d.Field = accord.ErrorMessage(err), accord.ErrorField(err)
		status := http.StatusUnprocessableEntity
		if code == accord.ETHROTTLED {
			status = http.StatusTooManyRequests
		}
		w.WriteHeader(status)
	}
	d.Data = v
	s.render(w, r, "concern_follow", d)
	return nil
}

// concernsView is the handlers' list of concerns.
type concernsView struct {
	Concerns []accord.Concern
	Status   string
	Statuses []string
	Now      time.Time
}

// concernsPage lists the alliance's concerns for the people who handle
// them, with their deadlines; who raised a named one shows only here and
// on its thread.
func (s *App) concernsPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	f := accord.ConcernFilter{AllianceID: ac.Alliance.ID, Status: r.URL.Query().Get("status")}
	if err := f.Normalize(); err != nil {
		return err
	}
	list, err := s.Svc.ListConcerns(r.Context(), f)
	if err != nil {
		return err
	}
	s.render(w, r, "concerns", views.PageData{Title: "Concerns", Nav: "concerns", Data: concernsView{Concerns: list, Status: f.Status, Statuses: accord.ConcernStatuses(), Now: s.Now()}})
	return nil
}

// concernPage shows one concern's thread to a handler.
func (s *App) concernPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	c, err := s.Svc.Concern(r.Context(), ac.Alliance.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	s.render(w, r, "concern", views.PageData{Title: "Concern", Nav: "concerns", Data: map[string]any{"Concern": c, "Overdue": c.Overdue(s.Now())}})
	return nil
}

// concernAction acknowledges, answers or closes a concern from its thread.
func (s *App) concernAction(w http.ResponseWriter, r *http.Request) error {
	ac, actor, id := edge.AllianceOf(r), edge.SessionOf(r).Actor, r.PathValue("id")
	back := "/a/" + ac.Alliance.Slug + "/concerns/" + id
	var err error
	switch r.PathValue("action") {
	case "acknowledge":
		_, err = s.Svc.AcknowledgeConcern(r.Context(), actor, ac.Alliance.ID, id)
	case "reply":
		_, err = s.Svc.ReplyToConcern(r.Context(), actor, ac.Alliance.ID, id, r.PostFormValue("body"))
	case "close":
		_, err = s.Svc.CloseConcern(r.Context(), actor, ac.Alliance.ID, id, r.PostFormValue("reason"))
	default:
		err = edge.ErrNotFound
	}
	if err != nil {
		return backTo(back, err)
	}
	flash(w, "Saved. The reporter sees it when they next look.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
