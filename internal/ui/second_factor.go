package ui

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/mfa"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/views"
)

// ceremonyTTL bounds a passkey registration between its two requests.
const ceremonyTTL = 5 * time.Minute

// totpSetup is an authenticator app waiting for its first code: the QR
// code, and the seed grouped for typing.
type totpSetup struct {
	QR      template.URL
	Grouped string
	URI     string
}

// enrolee is the person whose second factors a request changes: the
// signed-in person on the account page, or, on the enrolment page, the
// person whose pending sign-in waits for them to enrol one.
type enrolee struct {
	User    accord.User
	Actor   accord.Actor
	Pending string // the pending sign-in's token; "" on the account page
	Next    string
}

// base is where the enrolee's forms post and their refusals return.
func (e enrolee) base() string {
	if e.Pending != "" {
		return "/login/enrol"
	}
	return "/account"
}

func (s *App) enroleeOf(r *http.Request) (enrolee, error) {
	if !strings.HasPrefix(r.URL.Path, "/login/") {
		sess := edge.SessionOf(r)
		return enrolee{User: *sess.User, Actor: sess.Actor}, nil
	}
	p, tok, err := s.pendingOf(r, true)
	if err != nil {
		return enrolee{}, err
	}
	return enrolee{User: p.User, Actor: accord.Actor{UserID: p.User.ID, Name: p.User.Name, Via: "web"}, Pending: tok, Next: p.Next}, nil
}

// pendingOf is the request's pending sign-in, of the kind the page is for
// (enrolment or the second factor).
func (s *App) pendingOf(r *http.Request, enrol bool) (accord.PendingSignIn, string, error) {
	expired := accord.Errorf(accord.EUNAUTHORIZED, "this sign-in has expired; sign in again")
	c, err := r.Cookie(edge.PendingCookie)
	if err != nil || c.Value == "" {
		return accord.PendingSignIn{}, "", expired
	}
	p, err := s.Svc.PendingSignIn(r.Context(), c.Value)
	if err != nil {
		return p, "", err
	}
	if p.Enrol != enrol {
		return p, "", expired
	}
	return p, c.Value, nil
}

// signInAgain answers a second step without a live pending sign-in (it
// expired, was used, or never was): back to the sign-in page, saying so.
// Any other error is returned as it is.
func (s *App) signInAgain(w http.ResponseWriter, r *http.Request, err error) error {
	if accord.ErrorCode(err) != accord.EUNAUTHORIZED {
		return err
	}
	clearPendingCookie(w)
	flashError(w, "", accord.ErrorMessage(err))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

func (s *App) setPendingCookie(w http.ResponseWriter, token string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: edge.PendingCookie, Value: token, Path: "/login", HttpOnly: true, Secure: s.Cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: int(ttl.Seconds())})
}

func clearPendingCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: edge.PendingCookie, Path: "/login", MaxAge: -1, HttpOnly: true})
}

// secondStep follows a right password: a person with a second factor is
// asked for it, one who must have one and has none is led to enrol, and
// neither gets a session yet (done is true); anyone else signs in at once.
// The counted attempt is forgotten, and with it the (address, account)
// failures, except when a second factor is to come: those stay counted
// until it is right, so that a known password cannot reset the count of
// guessed codes.
func (s *App) secondStep(w http.ResponseWriter, r *http.Request, u accord.User, att accord.LoginAttempt, next string) (done bool, err error) {
	ctx := r.Context()
	f, err := s.Svc.SecondFactors(ctx, u.ID)
	if err != nil {
		return false, err
	}
	forget := edge.SignInPair(r, u.Email)
	if f.Any() {
		forget = ""
	}
	if err := s.Svc.ForgetLoginAttempt(ctx, att, forget); err != nil {
		return false, err
	}
	enrol := false
	if !f.Any() {
		if enrol, err = s.MustHaveSecondFactor(ctx, u.ID); err != nil || !enrol {
			return false, err
		}
	}
	ttl, to := pendingTTL(enrol)
	tok, err := s.Svc.CreatePendingSignIn(ctx, u.ID, enrol, next, ttl)
	if err != nil {
		return false, err
	}
	s.setPendingCookie(w, tok, ttl)
	http.Redirect(w, r, to, http.StatusSeeOther)
	return true, nil
}

// pendingTTL is how long a pending sign-in lasts and where it leads.
func pendingTTL(enrol bool) (time.Duration, string) {
	if enrol {
		return edge.EnrolTTL, "/login/enrol"
	}
	return edge.PendingTTL, "/login/second-factor"
}

type secondView struct {
	Factors accord.SecondFactors
}

func (s *App) secondPage(w http.ResponseWriter, r *http.Request) error {
	p, _, err := s.pendingOf(r, false)
	if err != nil {
		return s.signInAgain(w, r, err)
	}
	return s.renderSecond(w, r, p, "", http.StatusOK)
}

func (s *App) renderSecond(w http.ResponseWriter, r *http.Request, p accord.PendingSignIn, msg string, status int) error {
	f, err := s.Svc.SecondFactors(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	w.WriteHeader(status)
	s.render(w, r, "login_second", views.PageData{Title: "Second step", Error: msg, ErrorLead: "Not signed in.", Data: secondView{Factors: f}})
	return nil
}

// throttled counts a second-factor attempt under the sign-in's keys before
// it is checked, as the password is; ok is false when it must wait, and
// the page has then been answered.
func (s *App) throttled(w http.ResponseWriter, r *http.Request, email string) (accord.LoginAttempt, time.Duration, error) {
	att, err := s.Svc.BeginLoginAttempt(r.Context(), s.SignInKeys(r, email), s.Cfg.LoginWindow)
	if err == nil && att.Wait > 0 {
		edge.RetryAfter(w, att.Wait)
	}
	return att, att.Wait, err
}

func waitMessage(d time.Duration) string {
	return "Too many wrong attempts from your network. Wait " + edge.WaitText(d) + " and try again."
}

// secondSubmit checks a TOTP code or a recovery code. A wrong one counts
// against the same (address, account) and address throttle as a wrong
// password, counted before the check.
func (s *App) secondSubmit(w http.ResponseWriter, r *http.Request) error {
	p, tok, err := s.pendingOf(r, false)
	if err != nil {
		return s.signInAgain(w, r, err)
	}
	ctx := r.Context()
	att, wait, err := s.throttled(w, r, p.User.Email)
	if err != nil {
		return err
	}
	if wait > 0 {
		return s.renderSecond(w, r, p, waitMessage(wait), http.StatusTooManyRequests)
	}
	actor := accord.Actor{UserID: p.User.ID, Name: p.User.Name, Via: "web"}
	ok, recovery, err := s.checkCode(ctx, actor, r.PostFormValue("code"))
	if err != nil {
		if ferr := s.Svc.ForgetLoginAttempt(context.WithoutCancel(ctx), att, ""); ferr != nil {
			s.Log.Error("forget an unchecked second-factor attempt", "err", ferr)
		}
		return err
	}
	if !ok {
		return s.renderSecond(w, r, p, "That code is not right, or it was already used. Try the next code your app shows.", http.StatusUnauthorized)
	}
	if recovery {
		f, err := s.Svc.SecondFactors(ctx, p.User.ID)
		if err != nil {
			return err
		}
		flash(w, "You signed in with a recovery code, which cannot be used again. "+countCodes(f.RecoveryLeft)+" left: make new ones on your account page.")
	}
	return s.finishSignIn(w, r, att, p, tok, func() { http.Redirect(w, r, edge.SafeNext(p.Next), http.StatusSeeOther) })
}

func countCodes(n int) string {
	switch n {
	case 0:
		return "No recovery codes are"
	case 1:
		return "One recovery code is"
	}
	return strconv.Itoa(n) + " recovery codes are"
}

// finishSignIn forgets the sign-in's counted failures, turns the pending
// sign-in into a session and answers through done.
func (s *App) finishSignIn(w http.ResponseWriter, r *http.Request, att accord.LoginAttempt, p accord.PendingSignIn, tok string, done func()) error {
	if err := s.Svc.ForgetLoginAttempt(r.Context(), att, edge.SignInPair(r, p.User.Email)); err != nil {
		return err
	}
	session, err := s.Svc.FinishPendingSignIn(r.Context(), tok, s.Cfg.SessionTTL)
	if err != nil {
		return err
	}
	clearPendingCookie(w)
	s.setSessionCookie(w, session)
	done()
	return nil
}

// checkCode checks a six-digit TOTP code (once: its time step must be
// later than the last one used) or a recovery code (once).
func (s *App) checkCode(ctx context.Context, actor accord.Actor, code string) (ok, recovery bool, err error) {
	if mfa.LooksLikeRecovery(code) {
		ok, err := s.Svc.UseRecoveryCode(ctx, actor, actor.UserID, mfa.RecoveryHash(code))
		return ok, true, err
	}
	seed, confirmed, err := s.Svc.TOTPSeed(ctx, actor.UserID)
	if accord.ErrorCode(err) == accord.ENOTFOUND || (err == nil && !confirmed) {
		return false, false, nil
	}
	if err != nil {
		return false, false, err
	}
	step, match := mfa.MatchTOTP(seed, code, s.Now())
	if !match {
		return false, false, nil
	}
	ok, err = s.Svc.UseTOTPStep(ctx, actor.UserID, step)
	return ok, false, err
}

// ceremony is what finishing a passkey ceremony needs: the relying party,
// the session data stored when it began, and the person with their
// passkeys (and the factors they came from).
type ceremony struct {
	wa      *webauthn.WebAuthn
	session webauthn.SessionData
	factors accord.SecondFactors
	user    mfa.User
}

// passkeyCeremony reads a stored ceremony back for u, to finish a sign-in
// or a registration.
func (s *App) passkeyCeremony(r *http.Request, u accord.User, stored string) (ceremony, error) {
	var c ceremony
	if err := json.Unmarshal([]byte(stored), &c.session); err != nil {
		return c, err
	}
	var err error
	if c.factors, err = s.Svc.SecondFactors(r.Context(), u.ID); err != nil {
		return c, err
	}
	if c.user, err = passkeyUser(u, c.factors); err != nil {
		return c, err
	}
	c.wa, err = s.RelyingParty(r)
	return c, err
}

// passkeyUser is the person with their passkeys, as WebAuthn sees them.
func passkeyUser(u accord.User, f accord.SecondFactors) (mfa.User, error) {
	mu := mfa.User{ID: u.ID, Email: u.Email, Name: u.Name}
	for _, p := range f.Passkeys {
		var c webauthn.Credential
		if err := json.Unmarshal([]byte(p.Credential), &c); err != nil {
			return mu, err
		}
		mu.Credentials = append(mu.Credentials, c)
	}
	return mu, nil
}

// passkeyLoginOptions starts a passkey's assertion for the pending sign-in.
func (s *App) passkeyLoginOptions(w http.ResponseWriter, r *http.Request) error {
	p, tok, err := s.pendingOf(r, false)
	if err != nil {
		return s.signInAgain(w, r, err)
	}
	f, err := s.Svc.SecondFactors(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	if len(f.Passkeys) == 0 {
		return accord.Errorf(accord.ECONFLICT, "you have no passkey; use a code")
	}
	mu, err := passkeyUser(p.User, f)
	if err != nil {
		return err
	}
	wa, err := s.RelyingParty(r)
	if err != nil {
		return err
	}
	assertion, sd, err := wa.BeginLogin(mu)
	if err != nil {
		return err
	}
	b, err := json.Marshal(sd)
	if err != nil {
		return err
	}
	if err := s.Svc.SetPendingCeremony(r.Context(), tok, string(b)); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, assertion)
	return nil
}

var errPasskeyRefused = accord.Errorf(accord.EINVALID, "that passkey was not accepted")

// passkeyLogin checks a passkey's assertion as the second factor. It is
// counted against the sign-in throttle before the check; a passkey whose
// sign count went back (a copied authenticator) is refused.
func (s *App) passkeyLogin(w http.ResponseWriter, r *http.Request) error {
	p, tok, err := s.pendingOf(r, false)
	if err != nil {
		return s.signInAgain(w, r, err)
	}
	ctx := r.Context()
	att, wait, err := s.throttled(w, r, p.User.Email)
	if err != nil {
		return err
	}
	if wait > 0 {
		return accord.Errorf(accord.ETHROTTLED, "%s", waitMessage(wait))
	}
	if p.Ceremony == "" {
		return accord.Errorf(accord.ECONFLICT, "start the passkey sign-in again")
	}
	// The challenge is used once, whatever comes of it.
	if err := s.Svc.SetPendingCeremony(ctx, tok, ""); err != nil {
		return err
	}
	c, err := s.passkeyCeremony(r, p.User, p.Ceremony)
	if err != nil {
		return err
	}
	f, mu := c.factors, c.user
	cred, err := c.wa.FinishLogin(mu, c.session, r)
	if err != nil {
		return errPasskeyRefused
	}
	if cred.Authenticator.CloneWarning {
		s.Log.Warn("a passkey's sign count went back: refused as possibly copied", "user", p.User.ID)
		return accord.Errorf(accord.EINVALID, "this passkey's counter went back, so it may have been copied; sign in with a code and remove it from your account")
	}
	id := ""
	for i, c := range mu.Credentials {
		if string(c.ID) == string(cred.ID) {
			id = f.Passkeys[i].ID
		}
	}
	b, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	if err := s.Svc.UsePasskey(ctx, p.User.ID, id, string(b)); err != nil {
		return err
	}
	return s.finishSignIn(w, r, att, p, tok, func() {
		edge.WriteJSON(w, http.StatusOK, map[string]string{"next": edge.SafeNext(p.Next)})
	})
}

// enrolPage asks a person who must have a second factor to set one up
// before anything else.
func (s *App) enrolPage(w http.ResponseWriter, r *http.Request) error {
	e, err := s.enroleeOf(r)
	if err != nil {
		return s.signInAgain(w, r, err)
	}
	v, err := s.factorsView(r, e)
	if err != nil {
		return err
	}
	s.render(w, r, "login_enrol", views.PageData{Title: "Set up a second step", Data: v})
	return nil
}

// factorsView is the enrolee's second factors, with the authenticator app
// waiting for its first code when there is one.
func (s *App) factorsView(r *http.Request, e enrolee) (accountView, error) {
	v := accountView{Base: e.base()}
	var err error
	if v.Factors, err = s.Svc.SecondFactors(r.Context(), e.User.ID); err != nil {
		return v, err
	}
	if v.Factors.TOTPPending {
		seed, _, err := s.Svc.TOTPSeed(r.Context(), e.User.ID)
		if err != nil {
			return v, err
		}
		if v.Setup, err = newSetup(seed, e.User.Email); err != nil {
			return v, err
		}
	}
	return v, nil
}

func newSetup(seed, email string) (*totpSetup, error) {
	uri := mfa.TOTPURI("accord", email, seed)
	qr, err := mfa.QRCode(uri)
	if err != nil {
		return nil, err
	}
	return &totpSetup{QR: template.URL(qr), Grouped: mfa.Grouped(seed), URI: uri}, nil
}

// totpStart makes a new seed, to be confirmed with its first code.
func (s *App) totpStart(w http.ResponseWriter, r *http.Request) error {
	e, err := s.enroleeOf(r)
	if err != nil {
		return s.signInAgain(w, r, err)
	}
	seed, _, err := mfa.NewTOTP("accord", e.User.Email)
	if err != nil {
		return err
	}
	if err := s.Svc.StartTOTP(r.Context(), e.User.ID, seed); err != nil {
		return backTo(e.base(), err)
	}
	http.Redirect(w, r, e.base()+"#totp", http.StatusSeeOther)
	return nil
}

// totpConfirm confirms the authenticator app with its first code. Ten
// recovery codes come with a person's first factor, shown this once.
func (s *App) totpConfirm(w http.ResponseWriter, r *http.Request) error {
	e, err := s.enroleeOf(r)
	if err != nil {
		return s.signInAgain(w, r, err)
	}
	ctx := r.Context()
	seed, confirmed, err := s.Svc.TOTPSeed(ctx, e.User.ID)
	if err != nil || confirmed {
		return backTo(e.base(), accord.Errorf(accord.ECONFLICT, "there is no authenticator app waiting for its first code; start again"))
	}
	step, ok := mfa.MatchTOTP(seed, r.PostFormValue("code"), s.Now())
	if !ok {
		return backTo(e.base(), accord.FieldError("code", "is not the code your app shows now; check the time on your phone and try the next one"))
	}
	codes, hashes := mfa.NewRecoveryCodes()
	first, err := s.Svc.ConfirmTOTP(ctx, e.Actor, e.User.ID, step, hashes)
	if err != nil {
		return backTo(e.base(), err)
	}
	if !first {
		codes = nil
	}
	return s.enrolled(w, r, e, codes, "Your authenticator app is set up.")
}

// enrolled answers a finished enrolment: on the enrolment page it ends the
// pending sign-in with a session; the recovery codes, if new, are shown
// this once.
func (s *App) enrolled(w http.ResponseWriter, r *http.Request, e enrolee, codes []string, msg string) error {
	if e.Pending != "" {
		session, err := s.Svc.FinishPendingSignIn(r.Context(), e.Pending, s.Cfg.SessionTTL)
		if err != nil {
			return err
		}
		clearPendingCookie(w)
		s.setSessionCookie(w, session)
		s.render(w, r, "login_enrol", views.PageData{Title: "Set up a second step", Flash: msg,
			Data: accountView{Base: e.base(), Recovery: codes, Done: true, Next: edge.SafeNext(e.Next)}})
		return nil
	}
	v, err := s.accountView(r)
	if err != nil {
		return err
	}
	v.Recovery = codes
	s.render(w, r, "account", views.PageData{Title: "Your account", Nav: "account", Flash: msg, Data: v})
	return nil
}

// checkPassword checks the signed-in person's password for a change that
// asks for it.
func (s *App) checkPassword(r *http.Request, field string) error {
	u := edge.SessionOf(r).User
	_, hash, err := s.Svc.UserByEmail(r.Context(), u.Email)
	if err != nil {
		return err
	}
	ok, err := s.Hashes.Verify(r.Context(), r.PostFormValue(field), hash)
	if err != nil && !errors.Is(err, password.ErrMalformed) {
		return edge.BusyError(err)
	}
	if !ok {
		return accord.FieldError(field, "is not your password")
	}
	return nil
}

// totpOff turns the authenticator app off: it asks the password and a
// current code.
func (s *App) totpOff(w http.ResponseWriter, r *http.Request) error {
	sess := edge.SessionOf(r)
	if err := s.checkPassword(r, "current"); err != nil {
		return backTo("/account", err)
	}
	ok, _, err := s.checkCode(r.Context(), sess.Actor, r.PostFormValue("code"))
	if err != nil {
		return err
	}
	if !ok {
		return backTo("/account", accord.FieldError("code", "is not right, or was already used"))
	}
	if err := s.Svc.RemoveTOTP(r.Context(), sess.Actor, sess.User.ID); err != nil {
		return err
	}
	flash(w, "Your authenticator app is turned off.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

// recoveryNew makes ten new recovery codes, ending the old ones; it asks
// the password.
func (s *App) recoveryNew(w http.ResponseWriter, r *http.Request) error {
	sess := edge.SessionOf(r)
	if err := s.checkPassword(r, "current"); err != nil {
		return backTo("/account", err)
	}
	codes, hashes := mfa.NewRecoveryCodes()
	if err := s.Svc.ReplaceRecoveryCodes(r.Context(), sess.Actor, sess.User.ID, hashes); err != nil {
		return backTo("/account", err)
	}
	return s.enrolled(w, r, enrolee{User: *sess.User, Actor: sess.Actor}, codes, "New recovery codes are made; the old ones no longer work.")
}

// passkeyOptions starts a passkey's registration.
func (s *App) passkeyOptions(w http.ResponseWriter, r *http.Request) error {
	e, err := s.enroleeOf(r)
	if err != nil {
		return s.signInAgain(w, r, err)
	}
	f, err := s.Svc.SecondFactors(r.Context(), e.User.ID)
	if err != nil {
		return err
	}
	mu, err := passkeyUser(e.User, f)
	if err != nil {
		return err
	}
	wa, err := s.RelyingParty(r)
	if err != nil {
		return err
	}
	creation, sd, err := wa.BeginRegistration(mu, webauthn.WithExclusions(webauthn.Credentials(mu.Credentials).CredentialDescriptors()))
	if err != nil {
		return err
	}
	b, err := json.Marshal(sd)
	if err != nil {
		return err
	}
	if err := s.Svc.SetPasskeyCeremony(r.Context(), e.User.ID, string(b), ceremonyTTL); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, creation)
	return nil
}

// passkeyAdd finishes a passkey's registration (named by ?name=).
func (s *App) passkeyAdd(w http.ResponseWriter, r *http.Request) error {
	e, err := s.enroleeOf(r)
	if err != nil {
		return s.signInAgain(w, r, err)
	}
	ctx := r.Context()
	c, err := s.Svc.TakePasskeyCeremony(ctx, e.User.ID)
	if err != nil {
		return err
	}
	pc, err := s.passkeyCeremony(r, e.User, c)
	if err != nil {
		return err
	}
	cred, err := pc.wa.FinishRegistration(pc.user, pc.session, r)
	if err != nil {
		return accord.Errorf(accord.EINVALID, "the passkey could not be registered; try again")
	}
	b, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	pk := accord.Passkey{Name: strings.TrimSpace(r.URL.Query().Get("name")), Credential: string(b)}
	if err := s.Svc.AddPasskey(ctx, e.Actor, e.User.ID, &pk, base64.RawURLEncoding.EncodeToString(cred.ID)); err != nil {
		return err
	}
	if e.Pending != "" {
		session, err := s.Svc.FinishPendingSignIn(ctx, e.Pending, s.Cfg.SessionTTL)
		if err != nil {
			return err
		}
		clearPendingCookie(w)
		s.setSessionCookie(w, session)
	}
	flash(w, "Your passkey “"+pk.Name+"” is added. Make recovery codes too, in case you lose it.")
	edge.WriteJSON(w, http.StatusOK, map[string]string{"next": "/account"})
	return nil
}

// passkeyRemove removes one of the person's passkeys; it asks the password.
func (s *App) passkeyRemove(w http.ResponseWriter, r *http.Request) error {
	sess := edge.SessionOf(r)
	if err := s.checkPassword(r, "current"); err != nil {
		return backTo("/account", err)
	}
	if err := s.Svc.RemovePasskey(r.Context(), sess.Actor, sess.User.ID, r.PathValue("id")); err != nil {
		return backTo("/account", err)
	}
	flash(w, "The passkey is removed.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}
