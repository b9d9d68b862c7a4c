package server

import (
	"context"
	"net"
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/password"
)

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.cfg.SessionTTL.Seconds())})
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if sessionOf(r).user != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, "login", pageData{Title: "Sign in", Data: map[string]string{"Next": safeNext(r.URL.Query().Get("next"))}})
}

// clientIP is the client address sign-in attempts are counted under.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// loginSubmit checks a password. The attempt is counted before the slow
// hash (signInKeys: per account and client address together, and per
// client address), and a key past its free attempts waits an increasing
// delay; the hash itself runs within the server's bound on concurrent
// hashes. The answer never says whether the address has an account.
func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	next := safeNext(r.PostFormValue("next"))
	data := map[string]string{"Next": next, "Email": email}
	fail := func(msg string, status int) {
		w.WriteHeader(status)
		s.render(w, r, "login", pageData{Title: "Sign in", Error: msg, Data: data})
	}
	ctx := r.Context()
	att, err := s.svc.BeginLoginAttempt(ctx, s.signInKeys(r, email), s.cfg.LoginWindow)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if att.Wait > 0 {
		retryAfter(w, att.Wait)
		fail("Too many failed attempts from your network. Wait "+waitText(att.Wait)+" and try again, or ask an admin for a reset link.", http.StatusTooManyRequests)
		return
	}
	u, ok, err := s.checkSignIn(ctx, email, r.PostFormValue("password"))
	if err != nil {
		// Not checked at all: the attempt is not a failure.
		if ferr := s.svc.ForgetLoginAttempt(context.WithoutCancel(ctx), att, ""); ferr != nil {
			s.log.Error("forget an unchecked sign-in attempt", "err", ferr)
		}
		s.failPage(w, r, hashBusy(w, err), fail)
		return
	}
	if !ok {
		fail("That e-mail address and password do not match an active account.", http.StatusUnauthorized)
		return
	}
	if err := s.svc.ForgetLoginAttempt(ctx, att, signInPair(r, email)); err != nil {
		s.fail(w, r, err)
		return
	}
	token, err := s.svc.CreateSession(ctx, u.ID, s.cfg.SessionTTL)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setSessionCookie(w, token)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// dummyHash is a valid hash at the configured cost, made once per server.
func (s *Server) dummyHash() string {
	s.dummyOnce.Do(func() { s.dummy, _ = password.Hash("not a password of anyone", s.cfg.Password) })
	return s.dummy
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if tok := sessionOf(r).token; tok != "" {
		s.svc.DeleteSession(r.Context(), tok)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) invitePage(w http.ResponseWriter, r *http.Request) {
	inv, a, err := s.svc.InvitationByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "invite", pageData{Title: "Join " + a.Name, Data: map[string]any{"Invitation": inv, "Invited": a, "Token": r.PathValue("token")}})
}

// inviteAccept joins the alliance: a signed-in person joins with their own
// account (which must have the invited address); anyone else creates an
// account with the invited address.
func (s *Server) inviteAccept(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	inv, a, err := s.svc.InvitationByToken(r.Context(), token)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	again := func(err error) {
		w.WriteHeader(statusOf(accord.ErrorCode(err)))
		s.render(w, r, "invite", pageData{Title: "Join " + a.Name, Error: accord.ErrorMessage(err), Field: accord.ErrorField(err),
			Data: map[string]any{"Invitation": inv, "Invited": a, "Token": token, "Name": r.PostFormValue("name")}})
	}
	var userID, name, hash string
	if u := sessionOf(r).user; u != nil {
		if u.Email != inv.Email {
			again(accord.Errorf(accord.EFORBIDDEN, "this invitation is for %s; sign out and accept it as that person", inv.Email))
			return
		}
		userID, name = u.ID, u.Name
	} else {
		name = strings.TrimSpace(r.PostFormValue("name"))
		pw := r.PostFormValue("password")
		if err := accord.CheckPassword(pw, inv.Email, name); err != nil {
			again(err)
			return
		}
		if pw != r.PostFormValue("confirm") {
			again(accord.FieldError("confirm", "The two passwords differ"))
			return
		}
		if hash, err = s.hashes.Hash(r.Context(), pw, s.cfg.Password); err != nil {
			s.failPage(w, r, hashBusy(w, err), func(string, int) { again(errHashBusy) })
			return
		}
	}
	m, err := s.svc.AcceptInvitation(r.Context(), token, userID, name, hash)
	if err != nil {
		again(err)
		return
	}
	s.forgetAlliances(m.UserID)
	if userID == "" {
		tok, err := s.svc.CreateSession(r.Context(), m.UserID, s.cfg.SessionTTL)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.setSessionCookie(w, tok)
	}
	flash(w, "Welcome to "+a.Name+".")
	http.Redirect(w, r, "/a/"+a.Slug, http.StatusSeeOther)
}

func (s *Server) resetPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "reset", pageData{Title: "Choose a new password", Data: map[string]string{"Token": r.PathValue("token")}})
}

func (s *Server) resetSubmit(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	again := func(err error) {
		w.WriteHeader(statusOf(accord.ErrorCode(err)))
		s.render(w, r, "reset", pageData{Title: "Choose a new password", Error: accord.ErrorMessage(err), Field: accord.ErrorField(err), Data: map[string]string{"Token": token}})
	}
	u, err := s.svc.PasswordResetUser(r.Context(), token)
	if accord.ErrorCode(err) == accord.EINTERNAL {
		s.fail(w, r, err)
		return
	}
	if err != nil {
		again(err)
		return
	}
	pw := r.PostFormValue("password")
	if err := accord.CheckPassword(pw, u.Email, u.Name); err != nil {
		again(err)
		return
	}
	if pw != r.PostFormValue("confirm") {
		again(accord.FieldError("confirm", "The two passwords differ"))
		return
	}
	hash, err := s.hashes.Hash(r.Context(), pw, s.cfg.Password)
	if err != nil {
		s.failPage(w, r, hashBusy(w, err), func(string, int) { again(errHashBusy) })
		return
	}
	if _, err := s.svc.ResetPassword(r.Context(), token, hash); err != nil {
		again(err)
		return
	}
	flash(w, "Your password has been changed and your API tokens revoked. Sign in with it now.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
