package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/edge"
)

// apiNeedsYou is GET …/needs-you: the overview's "Needs you" list.
func (s *API) apiNeedsYou(w http.ResponseWriter, r *http.Request) {
	n, err := s.WhatNeedsYou(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, n)
}
