package server

import (
	"errors"
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/password"
)

type accountView struct {
	Tokens   []accord.APIToken
	NewToken *accord.APIToken
}

func (s *Server) accountView(r *http.Request) (accountView, error) {
	ts, err := s.svc.ListAPITokens(r.Context(), sessionOf(r).user.ID)
	return accountView{Tokens: ts}, err
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.accountView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "account", pageData{Title: "Your account", Nav: "account", Data: v})
}

func (s *Server) accountFail(w http.ResponseWriter, r *http.Request, err error) {
	if accord.ErrorCode(err) == accord.EINTERNAL {
		s.fail(w, r, err)
		return
	}
	v, verr := s.accountView(r)
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	w.WriteHeader(statusOf(accord.ErrorCode(err)))
	s.render(w, r, "account", pageData{Title: "Your account", Nav: "account", Error: accord.ErrorMessage(err), Field: accord.ErrorField(err), Data: v})
}

func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	_, hash, err := s.svc.UserByEmail(r.Context(), sess.user.Email)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ok, err := s.hashes.Verify(r.Context(), r.PostFormValue("current"), hash)
	if err != nil && !errors.Is(err, password.ErrMalformed) {
		s.accountFail(w, r, hashBusy(w, err))
		return
	}
	if !ok {
		s.accountFail(w, r, accord.FieldError("current", "is not your current password"))
		return
	}
	pw := r.PostFormValue("password")
	if err := accord.CheckPassword(pw, sess.user.Email, sess.user.Name); err != nil {
		s.accountFail(w, r, err)
		return
	}
	if pw != r.PostFormValue("confirm") {
		s.accountFail(w, r, accord.FieldError("confirm", "The two passwords differ"))
		return
	}
	newHash, err := s.hashes.Hash(r.Context(), pw, s.cfg.Password)
	if err != nil {
		s.accountFail(w, r, hashBusy(w, err))
		return
	}
	if err := s.svc.SetPassword(r.Context(), sess.actor, sess.user.ID, newHash); err != nil {
		s.fail(w, r, err)
		return
	}
	// Changing the password ends every session, this one too, and revokes
	// every API token: start a new session.
	tok, err := s.svc.CreateSession(r.Context(), sess.user.ID, s.cfg.SessionTTL)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setSessionCookie(w, tok)
	flash(w, "Your password has been changed; other sessions were signed out and your API tokens revoked.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// accountTokenCreate issues a personal API token and shows it once.
func (s *Server) accountTokenCreate(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	t := accord.APIToken{UserID: sess.user.ID, Name: r.PostFormValue("name"), Scope: r.PostFormValue("scope")}
	if err := s.svc.CreateAPIToken(r.Context(), sess.actor, &t); err != nil {
		s.accountFail(w, r, err)
		return
	}
	v, err := s.accountView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.NewToken = &t
	s.render(w, r, "account", pageData{Title: "Your account", Nav: "account", Flash: "Token created. Copy it now: it will not be shown again.", Data: v})
}

func (s *Server) accountTokenRevoke(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	if err := s.svc.RevokeAPIToken(r.Context(), sess.actor, sess.user.ID, r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	flash(w, "The token has been revoked.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}
