package ui

import (
	"net/http"
	"net/url"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/views"
)

// receiptView is what the receipt partial (_receipt.html) shows after an
// anonymous concern is raised, signed in or through an intake link: the
// code, large, with what the reporter needs to come back.
type receiptView struct {
	Code         string
	AllianceName string
	Slug         string
	// FollowURL is the follow-up page with the alliance filled in.
	FollowURL string
	// DoneURL is where "Done" leads once the receipt is saved.
	DoneURL string
}

func (s *App) receiptOf(r *http.Request, a accord.Alliance, code, done string) *receiptView {
	return &receiptView{Code: code, AllianceName: a.Name, Slug: a.Slug, DoneURL: done,
		FollowURL: s.BaseURL(r) + "/concern?alliance=" + url.QueryEscape(a.Slug)}
}

// intakeView is what intake.html shows to someone who opened an intake
// link: the form, the receipt of the concern just raised, or that the
// link is no longer in use.
type intakeView struct {
	AllianceName string
	Action       string
	Categories   []string
	Severities   []string
	Form         accord.Concern
	Receipt      *receiptView
	Gone         bool
}

// intakePage shows the form of an intake link to anyone who holds it.
// Nobody is signed in or looked up, nothing is logged, no cookie is set.
func (s *App) intakePage(w http.ResponseWriter, r *http.Request) error {
	a, found, err := s.intakeAlliance(w, r)
	if err != nil || !found {
		return err
	}
	s.renderIntake(w, r, a, intakeView{}, nil)
	return nil
}

// intakeRaise raises an anonymous concern through an intake link and
// shows its receipt in the answer, once.
func (s *App) intakeRaise(w http.ResponseWriter, r *http.Request) error {
	a, found, err := s.intakeAlliance(w, r)
	if err != nil || !found {
		return err
	}
	c := accord.Concern{AllianceID: a.ID, Category: r.PostFormValue("category"), Severity: r.PostFormValue("severity"),
		Body: r.PostFormValue("body"), ReceiptCost: s.Cfg.Password}
	receipt, err := s.RaiseThroughIntake(r.Context(), &c)
	if err != nil {
		s.renderIntake(w, r, a, intakeView{Form: c}, err)
		return nil
	}
	s.renderIntake(w, r, a, intakeView{Receipt: s.receiptOf(r, a, receipt, "/concern?alliance="+url.QueryEscape(a.Slug))}, nil)
	return nil
}

// intakeAlliance finds the alliance of the link in the path; for a link
// replaced, turned off or never made it answers a plain page saying the
// link is no longer in use, and found is false.
func (s *App) intakeAlliance(w http.ResponseWriter, r *http.Request) (a accord.Alliance, found bool, err error) {
	// The link is the key: no Referer carries it to the pages linked from here.
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	a, err = s.Svc.AllianceByIntake(r.Context(), r.PathValue("token"))
	if err == nil {
		return a, true, nil
	}
	if accord.ErrorCode(err) != accord.ENOTFOUND {
		return accord.Alliance{}, false, err
	}
	w.WriteHeader(http.StatusNotFound)
	s.render(w, r, "intake", views.PageData{Title: "Link no longer in use", Data: intakeView{Gone: true}})
	return accord.Alliance{}, false, nil
}

func (s *App) renderIntake(w http.ResponseWriter, r *http.Request, a accord.Alliance, v intakeView, err error) {
	v.AllianceName, v.Action = a.Name, r.URL.Path
	v.Categories, v.Severities = accord.ConcernCategories(), accord.ConcernSeverities()
	d := views.PageData{Title: "Raise a concern with " + a.Name, Data: v}
	if err != nil {
		d.Error, d.Field = accord.ErrorMessage(err), accord.ErrorField(err)
		status := http.StatusUnprocessableEntity
		if accord.ErrorCode(err) == accord.ETHROTTLED {
			status = http.StatusTooManyRequests
		}
		w.WriteHeader(status)
	}
	s.render(w, r, "intake", d)
}
