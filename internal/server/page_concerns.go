package server

import (
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
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
func (s *Server) concernNewPage(w http.ResponseWriter, r *http.Request) {
	s.renderConcernNew(w, r, concernNewView{Anonymous: true}, nil)
}

func (s *Server) renderConcernNew(w http.ResponseWriter, r *http.Request, v concernNewView, err error) {
	v.Categories, v.Severities = accord.ConcernCategories(), accord.ConcernSeverities()
	v.KPIs, _ = s.svc.ListKPIs(r.Context(), allianceOf(r).alliance.ID, accord.KPIFilter{Status: accord.KPIApproved})
	d := pageData{Title: "Raise a concern", Nav: "concerns", Data: v}
	if err != nil {
		d.Error, d.Field = accord.ErrorMessage(err), accord.ErrorField(err)
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	s.render(w, r, "concern_new", d)
}

// concernCreate raises a concern from the form. An anonymous one is
// raised without the person: the store receives no account, and the page
// shows the receipt once, without a redirect or a cookie that could carry it.
func (s *Server) concernCreate(w http.ResponseWriter, r *http.Request) {
	anonymous := r.PostFormValue("anonymous") != ""
	c := accord.Concern{AllianceID: allianceOf(r).alliance.ID, Category: r.PostFormValue("category"), Severity: r.PostFormValue("severity"),
		Body: r.PostFormValue("body"), KPIKey: r.PostFormValue("kpi"), ReceiptCost: s.cfg.Password}
	actor := sessionOf(r).actor
	if anonymous {
		actor = accord.Actor{}
	}
	receipt, err := s.raiseConcern(r.Context(), actor, &c, anonymous)
	if err != nil {
		s.renderConcernNew(w, r, concernNewView{Form: c, Anonymous: anonymous}, err)
		return
	}
	v := concernNewView{Raised: true, Anonymous: anonymous}
	if receipt != "" {
		a := allianceOf(r).alliance
		v.Receipt = s.receiptOf(r, a, receipt, "/a/"+a.Slug)
		w.Header().Set("Cache-Control", "no-store")
	}
	s.renderConcernNew(w, r, v, nil)
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
func (s *Server) concernFollowPage(w http.ResponseWriter, r *http.Request) {
	v := concernFollowView{}
	if slug := r.URL.Query().Get("alliance"); storable(slug) && len(slug) <= 100 {
		v.Slug = slug
	}
	s.render(w, r, "concern_follow", pageData{Title: "Follow up a concern", Data: v})
}

// concernFollow shows the thread of the concern whose receipt was given,
// adding the reporter's information first when the form carries some.
// Wrong receipts are throttled per client address (see followConcern).
func (s *Server) concernFollow(w http.ResponseWriter, r *http.Request) {
	v := concernFollowView{Slug: r.PostFormValue("alliance"), Receipt: r.PostFormValue("receipt")}
	d := pageData{Title: "Follow up a concern"}
	c, err := s.followConcern(r, v.Slug, v.Receipt, r.PostFormValue("body"))
	switch code := accord.ErrorCode(err); {
	case err == nil:
		v.Concern, v.Added = &c, r.PostFormValue("body") != ""
	case code == accord.EINTERNAL:
		s.fail(w, r, err)
		return
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
func (s *Server) concernsPage(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	f := accord.ConcernFilter{AllianceID: ac.alliance.ID, Status: r.URL.Query().Get("status")}
	if err := f.Normalize(); err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.svc.ListConcerns(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "concerns", pageData{Title: "Concerns", Nav: "concerns", Data: concernsView{Concerns: list, Status: f.Status, Statuses: accord.ConcernStatuses(), Now: s.now()}})
}

// concernPage shows one concern's thread to a handler.
func (s *Server) concernPage(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	c, err := s.svc.Concern(r.Context(), ac.alliance.ID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "concern", pageData{Title: "Concern", Nav: "concerns", Data: map[string]any{"Concern": c, "Overdue": c.Overdue(s.now())}})
}

// concernAction acknowledges, answers or closes a concern from its thread.
func (s *Server) concernAction(w http.ResponseWriter, r *http.Request) {
	ac, actor, id := allianceOf(r), sessionOf(r).actor, r.PathValue("id")
	back := "/a/" + ac.alliance.Slug + "/concerns/" + id
	var err error
	switch r.PathValue("action") {
	case "acknowledge":
		_, err = s.svc.AcknowledgeConcern(r.Context(), actor, ac.alliance.ID, id)
	case "reply":
		_, err = s.svc.ReplyToConcern(r.Context(), actor, ac.alliance.ID, id, r.PostFormValue("body"))
	case "close":
		_, err = s.svc.CloseConcern(r.Context(), actor, ac.alliance.ID, id, r.PostFormValue("reason"))
	default:
		err = errNotFound
	}
	if err != nil {
		s.failBack(w, r, back, err)
		return
	}
	flash(w, "Saved. The reporter sees it when they next look.")
	http.Redirect(w, r, back, http.StatusSeeOther)
}
