package ui

import (
	"errors"
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/views"
)

type accountView struct {
	Tokens   []accord.APIToken
	NewToken *accord.APIToken
	// Base is where the second-factor forms post: /account, or
	// /login/enrol for a person who must enrol before signing in.
	Base     string
	Factors  accord.SecondFactors
	Setup    *totpSetup
	Recovery []string
	// Done and Next: the enrolment page after the enrolment, and where
	// the sign-in goes on to.
	Done bool
	Next string
}

func (s *App) accountView(r *http.Request) (accountView, error) {
	sess := edge.SessionOf(r)
	v, err := s.factorsView(r, enrolee{User: *sess.User, Actor: sess.Actor})
	if err != nil {
		return v, err
	}
	v.Tokens, err = s.Svc.ListAPITokens(r.Context(), sess.User.ID)
	return v, err
}

func (s *App) accountPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.accountView(r)
	if err != nil {
		return err
	}
	s.render(w, r, "account", views.PageData{Title: "Your account", Nav: "account", Data: v})
	return nil
}

func (s *App) accountFail(w http.ResponseWriter, r *http.Request, err error) error {
	if accord.ErrorCode(err) == accord.EINTERNAL {
		return err
	}
	v, verr := s.accountView(r)
	if verr != nil {
		return verr
	}
	w.WriteHeader(edge.StatusOf(accord.ErrorCode(err)))
	s.render(w, r, "account", views.PageData{Title: "Your account", Nav: "account", Error: accord.ErrorMessage(err), Field: accord.ErrorField(err), Data: v})
	return nil
}

func (s *App) accountPassword(w http.ResponseWriter, r *http.Request) error {
	sess := edge.SessionOf(r)
	_, hash, err := s.Svc.UserByEmail(r.Context(), sess.User.Email)
	if err != nil {
		return err
	}
	ok, err := s.Hashes.Verify(r.Context(), r.PostFormValue("current"), hash)
	if err != nil && !errors.Is(err, password.ErrMalformed) {
		return s.accountFail(w, r, edge.HashBusy(w, err))
	}
	if !ok {
		return s.accountFail(w, r, accord.FieldError("current", "is not your current password"))
	}
	pw := r.PostFormValue("password")
	if err := accord.CheckPassword(pw, sess.User.Email, sess.User.Name); err != nil {
		return s.accountFail(w, r, err)
	}
	if pw != r.PostFormValue("confirm") {
		return s.accountFail(w, r, accord.FieldError("confirm", "The two passwords differ"))
	}
	newHash, err := s.Hashes.Hash(r.Context(), pw, s.Cfg.Password)
	if err != nil {
		return s.accountFail(w, r, edge.HashBusy(w, err))
	}
	if err := s.Svc.SetPassword(r.Context(), sess.Actor, sess.User.ID, newHash); err != nil {
		return err
	}
	// Changing the password ends every session, this one too, and revokes
	// every API token: start a new session.
	tok, err := s.Svc.CreateSession(r.Context(), sess.User.ID, s.Cfg.SessionTTL)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, tok)
	flash(w, "Your password has been changed; other sessions were signed out and your API tokens revoked.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

// accountTokenCreate issues a personal API token and shows it once.
func (s *App) accountTokenCreate(w http.ResponseWriter, r *http.Request) error {
	sess := edge.SessionOf(r)
	t := accord.APIToken{UserID: sess.User.ID, Name: r.PostFormValue("name"), Scope: r.PostFormValue("scope")}
	if err := s.Svc.CreateAPIToken(r.Context(), sess.Actor, &t); err != nil {
		return s.accountFail(w, r, err)
	}
	v, err := s.accountView(r)
	if err != nil {
		return err
	}
	v.NewToken = &t
	s.render(w, r, "account", views.PageData{Title: "Your account", Nav: "account", Flash: "Token created. Copy it now: it will not be shown again.", Data: v})
	return nil
}

func (s *App) accountTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	sess := edge.SessionOf(r)
	if err := s.Svc.RevokeAPIToken(r.Context(), sess.Actor, sess.User.ID, r.PathValue("id")); err != nil {
		return err
	}
	flash(w, "The token has been revoked.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}
