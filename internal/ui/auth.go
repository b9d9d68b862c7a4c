package ui

import (
	"context"
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

func (s *App) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: edge.SessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.Cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.Cfg.SessionTTL.Seconds())})
}

func (s *App) loginPage(w http.ResponseWriter, r *http.Request) error {
	if edge.SessionOf(r).User != nil {
		http.Redirect(w, r, edge.SafeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	data, err := s.loginData(r.Context(), edge.SafeNext(r.URL.Query().Get("next")), "")
	if err != nil {
		return err
	}
	s.render(w, r, "login", views.PageData{Title: "Sign in", Data: data})
	return nil
}

// loginSubmit checks a password. The attempt is counted before the slow
// hash (signInKeys: per account and client address together, and per
// client address), and a key past its free attempts waits an increasing
// delay; the hash itself runs within the server's bound on concurrent
// hashes. The answer never says whether the address has an account.
func (s *App) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	next := edge.SafeNext(r.PostFormValue("next"))
	data, err := s.loginData(r.Context(), next, email)
	if err != nil {
		return err
	}
	fail := func(msg string, status int) {
		w.WriteHeader(status)
		s.render(w, r, "login", views.PageData{Title: "Sign in", Error: msg, ErrorLead: "Not signed in.", Data: data})
	}
	ctx := r.Context()
	att, err := s.Svc.BeginLoginAttempt(ctx, s.SignInKeys(r, email), s.Cfg.LoginWindow)
	if err != nil {
		return err
	}
	if att.Wait > 0 {
		edge.RetryAfter(w, att.Wait)
		fail("Too many failed attempts from your network. Wait "+edge.WaitText(att.Wait)+" and try again, or ask an admin for a reset link.", http.StatusTooManyRequests)
		return nil
	}
	u, ok, err := s.CheckSignIn(ctx, email, r.PostFormValue("password"))
	if err != nil {
		// Not checked at all: the attempt is not a failure.
		if ferr := s.Svc.ForgetLoginAttempt(context.WithoutCancel(ctx), att, ""); ferr != nil {
			s.Log.Error("forget an unchecked sign-in attempt", "err", ferr)
		}
		s.FailPage(w, r, edge.HashBusy(w, err), fail)
		return nil
	}
	if !ok {
		fail("That e-mail address and password do not match an active account.", http.StatusUnauthorized)
		return nil
	}
	if msg, err := s.passwordRefused(ctx, u); err != nil {
		return err
	} else if msg != "" {
		fail(msg, http.StatusForbidden)
		return nil
	}
	if done, err := s.secondStep(w, r, u, att, next); done || err != nil {
		return err
	}
	token, err := s.Svc.CreateSession(ctx, u.ID, s.Cfg.SessionTTL)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, token)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *App) logout(w http.ResponseWriter, r *http.Request) error {
	if tok := edge.SessionOf(r).Token; tok != "" {
		s.Svc.DeleteSession(r.Context(), tok)
	}
	http.SetCookie(w, &http.Cookie{Name: edge.SessionCookie, Path: "/", MaxAge: -1, HttpOnly: true})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

func (s *App) invitePage(w http.ResponseWriter, r *http.Request) error {
	inv, a, err := s.Svc.InvitationByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	s.render(w, r, "invite", views.PageData{Title: "Join " + a.Name, Data: map[string]any{"Invitation": inv, "Invited": a, "Token": r.PathValue("token")}})
	return nil
}

// inviteAccept joins the alliance: a signed-in person joins with their own
// account (which must have the invited address); anyone else creates an
// account with the invited address.
func (s *App) inviteAccept(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	inv, a, err := s.Svc.InvitationByToken(r.Context(), token)
	if err != nil {
		return err
	}
	again := func(err error) {
		w.WriteHeader(edge.StatusOf(accord.ErrorCode(err)))
		s.render(w, r, "invite", views.PageData{Title: "Join " + a.Name, Error: accord.ErrorMessage(err), Field: accord.ErrorField(err),
			Data: map[string]any{"Invitation": inv, "Invited": a, "Token": token, "Name": r.PostFormValue("name")}})
	}
	var userID, name, hash string
	if u := edge.SessionOf(r).User; u != nil {
		if u.Email != inv.Email {
			again(accord.Errorf(accord.EFORBIDDEN, "this invitation is for %s; sign out and accept it as that person", inv.Email))
			return nil
		}
		userID, name = u.ID, u.Name
	} else {
		name = strings.TrimSpace(r.PostFormValue("name"))
		pw := r.PostFormValue("password")
		if err := accord.CheckPassword(pw, inv.Email, name); err != nil {
			again(err)
			return nil
		}
		if pw != r.PostFormValue("confirm") {
			again(accord.FieldError("confirm", "The two passwords differ"))
			return nil
		}
		if hash, err = s.Hashes.Hash(r.Context(), pw, s.Cfg.Password); err != nil {
			s.FailPage(w, r, edge.HashBusy(w, err), func(string, int) { again(edge.ErrHashBusy) })
			return nil
		}
	}
	m, err := s.Svc.AcceptInvitation(r.Context(), token, userID, name, hash)
	if err != nil {
		again(err)
		return nil
	}
	s.ForgetAlliances(m.UserID)
	if userID == "" {
		tok, err := s.Svc.CreateSession(r.Context(), m.UserID, s.Cfg.SessionTTL)
		if err != nil {
			return err
		}
		s.setSessionCookie(w, tok)
	}
	flash(w, "Welcome to "+a.Name+".")
	http.Redirect(w, r, "/a/"+a.Slug, http.StatusSeeOther)
	return nil
}

func (s *App) resetPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, "reset", views.PageData{Title: "Choose a new password", Data: map[string]string{"Token": r.PathValue("token")}})
	return nil
}

func (s *App) resetSubmit(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	again := func(err error) {
		w.WriteHeader(edge.StatusOf(accord.ErrorCode(err)))
		s.render(w, r, "reset", views.PageData{Title: "Choose a new password", Error: accord.ErrorMessage(err), Field: accord.ErrorField(err), Data: map[string]string{"Token": token}})
	}
	u, err := s.Svc.PasswordResetUser(r.Context(), token)
	if accord.ErrorCode(err) == accord.EINTERNAL {
		return err
	}
	if err != nil {
		again(err)
		return nil
	}
	pw := r.PostFormValue("password")
	if err := accord.CheckPassword(pw, u.Email, u.Name); err != nil {
		again(err)
		return nil
	}
	if pw != r.PostFormValue("confirm") {
		again(accord.FieldError("confirm", "The two passwords differ"))
		return nil
	}
	hash, err := s.Hashes.Hash(r.Context(), pw, s.Cfg.Password)
	if err != nil {
		s.FailPage(w, r, edge.HashBusy(w, err), func(string, int) { again(edge.ErrHashBusy) })
		return nil
	}
	if _, err := s.Svc.ResetPassword(r.Context(), token, hash); err != nil {
		again(err)
		return nil
	}
	flash(w, "Your password has been changed and your API tokens revoked. Sign in with it now.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}
