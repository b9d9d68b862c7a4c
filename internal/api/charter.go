package api

import (
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// apiCharter returns the charter's versions and reviews.
func (s *API) apiCharter(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Svc.Charter(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, c)
	return nil
}

// apiCharterRespond records the caller's party's answer to the review.
func (s *API) apiCharterRespond(w http.ResponseWriter, r *http.Request) error {
	var c accord.CharterResponse
	if err := edge.DecodeJSON(r, &c); err != nil {
		return err
	}
	if err := s.Svc.RespondCharterReview(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, &c); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, c)
	return nil
}

type charterReviewDate struct {
	ReviewOn string `json:"review_on"`
}

// apiCharterReviewDate sets the day of the year the charter is reviewed.
func (s *API) apiCharterReviewDate(w http.ResponseWriter, r *http.Request) error {
	var in charterReviewDate
	if err := edge.DecodeJSON(r, &in); err != nil {
		return err
	}
	on, err := time.Parse(time.DateOnly, in.ReviewOn)
	if err != nil {
		return accord.FieldError("review_on", "must be a date (YYYY-MM-DD)")
	}
	ac := edge.AllianceOf(r)
	if err := s.Svc.SetCharterReviewDate(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, on); err != nil {
		return err
	}
	c, err := s.Svc.Charter(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, c)
	return nil
}
