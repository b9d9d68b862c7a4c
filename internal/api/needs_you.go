package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/edge"
)

// apiNeedsYou is GET …/needs-you: the overview's "Needs you" list.
func (s *API) apiNeedsYou(w http.ResponseWriter, r *http.Request) error {
	n, err := s.WhatNeedsYou(r)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, n)
	return nil
}
