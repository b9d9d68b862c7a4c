package ui

import (
	"net/http"
	"slices"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// charterPageView is what charter.html shows: the charter's versions and
// reviews, and whether the viewer's party has answered the current one.
type charterPageView struct {
	accord.Charter
	Answered bool
}

// charterPage lists the charter's versions and its reviews, each party's
// response beside it.
func (s *App) charterPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	c, err := s.Svc.Charter(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	v := charterPageView{Charter: c, Answered: slices.ContainsFunc(c.Current.Responses, func(x accord.CharterResponse) bool {
		return x.PartyID == ac.Member.PartyID
	})}
	s.render(w, r, "charter", views.PageData{Title: "Charter", Nav: "home", Data: v})
	return nil
}

// charterRespond records the viewer's party's answer to the review.
func (s *App) charterRespond(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/charter"
	if !confirmed(r) {
		return backTo(back, errNotConfirmed("answer the charter review for your party"))
	}
	c := accord.CharterResponse{Kind: r.PostFormValue("kind"), Name: r.PostFormValue("name"), Vision: r.PostFormValue("vision"), Values: r.PostFormValue("values")}
	if err := s.Svc.RespondCharterReview(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, &c); err != nil {
		return backTo(back, err)
	}
	if c.Kind == accord.CharterPropose {
		flash(w, "Your proposed change is before the steering committee as a motion.")
	} else {
		flash(w, "Your party has reaffirmed the charter.")
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// charterReviewDate sets the day of the year the charter is reviewed.
func (s *App) charterReviewDate(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/charter"
	on, err := views.ParseDate("review_on", r.PostFormValue("review_on"))
	if err == nil && on == nil {
		err = accord.FieldError("review_on", "is required")
	}
	if err != nil {
		return backTo(back, err)
	}
	if err := s.Svc.SetCharterReviewDate(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, *on); err != nil {
		return backTo(back, err)
	}
	flash(w, "Review date saved.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
