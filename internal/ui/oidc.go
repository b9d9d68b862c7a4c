package ui

import (
	"context"
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// loginData is what the sign-in page shows: where to go afterwards, the
// address typed, and a button per identity provider.
func (s *App) loginData(ctx context.Context, next, email string) (map[string]any, error) {
	ps, err := s.Svc.ListOIDCProviders(ctx)
	return map[string]any{"Next": next, "Email": email, "Providers": ps}, err
}

// oidcRedirect is the callback address registered at the provider.
func (s *App) oidcRedirect(r *http.Request, p accord.OIDCProvider) string {
	return s.BaseURL(r) + "/login/oidc/" + p.Name + "/callback"
}

// oidcStart sends the browser to the provider, with the state bound to a
// cookie of this browser (so nobody can make another person's browser
// finish a sign-in they started).
func (s *App) oidcStart(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Svc.OIDCProviderByName(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	to, state, err := s.StartOIDC(r.Context(), p, s.oidcRedirect(r, p), r.PostFormValue("next"))
	if err != nil {
		return s.showLogin(w, r, "", err)
	}
	http.SetCookie(w, &http.Cookie{Name: edge.OIDCStateCookie, Value: state, Path: "/login/oidc/", HttpOnly: true, Secure: s.Cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: int(accord.OIDCLoginTTL.Seconds())})
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// showLogin answers a refused sign-in with the sign-in page and the
// refusal's status; an internal error goes to the error page.
func (s *App) showLogin(w http.ResponseWriter, r *http.Request, email string, err error) error {
	if accord.ErrorCode(err) == accord.EINTERNAL {
		return err
	}
	data, lerr := s.loginData(r.Context(), "/", email)
	if lerr != nil {
		return lerr
	}
	w.WriteHeader(edge.StatusOf(accord.ErrorCode(err)))
	s.render(w, r, "login", views.PageData{Title: "Sign in", Error: accord.ErrorMessage(err), ErrorLead: "Not signed in.", Data: data})
	return nil
}

// oidcCallback finishes a sign-in through a provider. It is counted like a
// password sign-in (per client address, and per address and provider)
// before anything is checked; a good one forgets the failures and makes
// the same session a password makes.
func (s *App) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.Svc.OIDCProviderByName(ctx, r.PathValue("name"))
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: edge.OIDCStateCookie, Path: "/login/oidc/", MaxAge: -1, HttpOnly: true})
	att, err := s.Svc.BeginLoginAttempt(ctx, s.SignInKeys(r, "oidc:"+p.Name), s.Cfg.LoginWindow)
	if err != nil {
		return err
	}
	if att.Wait > 0 {
		edge.RetryAfter(w, att.Wait)
		return s.showLogin(w, r, "", accord.Errorf(accord.ETHROTTLED, "Too many failed attempts from your network. Wait %s and try again.", edge.WaitText(att.Wait)))
	}
	u, next, err := s.oidcIdentify(r, p)
	if err != nil {
		return s.showLogin(w, r, "", err)
	}
	if err := s.Svc.ForgetLoginAttempt(ctx, att, edge.SignInPair(r, "oidc:"+p.Name)); err != nil {
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

// oidcIdentify checks the callback (the provider's error, the state against
// this browser's cookie, the one-time login) and returns the account the
// verified identity signs in as.
func (s *App) oidcIdentify(r *http.Request, p accord.OIDCProvider) (accord.User, string, error) {
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return accord.User{}, "", accord.Errorf(accord.EUNAUTHORIZED, "%s did not sign you in (%s); try again", p.Label, e)
	}
	state := q.Get("state")
	c, err := r.Cookie(edge.OIDCStateCookie)
	if err != nil || state == "" || c.Value != state {
		return accord.User{}, "", accord.Errorf(accord.EUNAUTHORIZED, "this sign-in was not started in this browser; start again from the sign-in page")
	}
	l, err := s.Svc.TakeOIDCLogin(r.Context(), state)
	if err != nil {
		return accord.User{}, "", err
	}
	if l.ProviderID != p.ID {
		return accord.User{}, "", accord.Errorf(accord.EUNAUTHORIZED, "this sign-in was started with another provider; start again from the sign-in page")
	}
	id, err := s.FinishOIDC(r.Context(), p, l, q.Get("code"), s.oidcRedirect(r, p))
	if err != nil {
		return accord.User{}, "", err
	}
	u, err := s.Svc.OIDCSignIn(r.Context(), p.ID, id)
	return u, l.Next, err
}

// passwordRefused refuses a right password of a person whose party
// requires its identity provider, pointing to the provider's button.
func (s *App) passwordRefused(ctx context.Context, u accord.User) (string, error) {
	p, err := s.Svc.RequiredOIDCProvider(ctx, u.ID)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return "Your organisation signs its people in through " + p.Label + ", not with a password here: use the “Sign in with " + p.Label + "” button below.", nil
}
