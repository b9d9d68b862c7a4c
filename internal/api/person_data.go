package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// personByEmail finds the account with the address given.
func (s *API) personByEmail(r *http.Request, email string) (accord.User, error) {
	e, err := accord.NormalizeEmail(email)
	if err != nil {
		return accord.User{}, err
	}
	u, _, err := s.Svc.UserByEmail(r.Context(), e)
	return u, err
}

// apiPersonData exports everything accord holds about the person with the
// address in ?email= (installation admins; docs/security.md).
func (s *API) apiPersonData(w http.ResponseWriter, r *http.Request) error {
	// An export is a read: read-scoped tokens of installation admins may do it.
	if !edge.SessionOf(r).User.SuperAdmin {
		return accord.Errorf(accord.EFORBIDDEN, "only installation admins can do this")
	}
	u, err := s.personByEmail(r, r.URL.Query().Get("email"))
	if err != nil {
		return err
	}
	data, err := s.Svc.PersonData(r.Context(), u.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, data)
	return nil
}

type personEraseRequest struct {
	Email string `json:"email"`
}

// apiPersonErase erases a departed person's identity (installation admins).
func (s *API) apiPersonErase(w http.ResponseWriter, r *http.Request) error {
	if err := edge.RequireSuperAdmin(r); err != nil {
		return err
	}
	var req personEraseRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	u, err := s.personByEmail(r, req.Email)
	if err != nil {
		return err
	}
	erased, err := s.Svc.ErasePerson(r.Context(), edge.SessionOf(r).Actor, u.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, erased)
	return nil
}
