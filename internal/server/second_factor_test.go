package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/mfa"
	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

var (
	totpKey      = regexp.MustCompile(`id="totp-key">([A-Z2-7 ]+)<`)
	recoveryCode = regexp.MustCompile(`<li>([A-Z2-7]{4}(?:-[A-Z2-7]{4}){5})</li>`)
)

// code is the seed's TOTP code at t, as an authenticator app computes it.
func code(t *testing.T, seed string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(seed, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enrolTOTP sets up an authenticator app from the page at base (/account
// or /login/enrol) as a person would: start, read the key off the page,
// confirm with the app's code. It returns the seed and the recovery codes
// shown.
func enrolTOTP(t *testing.T, a *app, c *http.Client, base string, clk *fakeClock) (string, []string) {
	t.Helper()
	if r := a.post(c, base+"/totp", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("start TOTP: status %d", r.StatusCode)
	}
	status, page := a.get(c, base)
	m := totpKey.FindStringSubmatch(page)
	if status != http.StatusOK || m == nil || !strings.Contains(page, `src="data:image/png;base64,`) {
		t.Fatalf("%s after starting: status %d, no key or QR code in the page", base, status)
	}
	seed := strings.ReplaceAll(m[1], " ", "")
	if status, page := a.postPage(c, base+"/totp/confirm", url.Values{"code": {"000000"}}); status != http.StatusUnprocessableEntity || !strings.Contains(page, "not the code your app shows") {
		t.Errorf("a wrong first code: status %d, want 422 and the form again saying so", status)
	}
	status, page = a.postPage(c, base+"/totp/confirm", url.Values{"code": {code(t, seed, clk.Now())}})
	var codes []string
	for _, m := range recoveryCode.FindAllStringSubmatch(page, -1) {
		codes = append(codes, m[1])
	}
	if status != http.StatusOK || len(codes) != 10 || !strings.Contains(page, "will not be shown again") {
		t.Fatalf("confirm TOTP: status %d, %d recovery codes shown", status, len(codes))
	}
	return seed, codes
}

// passwordStep posts the password and returns where it leads.
func passwordStep(t *testing.T, a *app, c *http.Client, email string) string {
	t.Helper()
	r := a.post(c, "/login", url.Values{"email": {email}, "password": {demo.Password}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("password of %s: status %d", email, r.StatusCode)
	}
	return r.Header.Get("Location")
}

// signedIn reports whether the client holds a session (the account page
// answers instead of sending it to sign in).
func signedIn(t *testing.T, a *app, c *http.Client) bool {
	t.Helper()
	status, _ := a.get(c, "/account")
	return status == http.StatusOK
}

// TestTOTPSignIn enrols an authenticator app from the account page and
// signs in with it: the password alone gives no session; a wrong code, a
// replayed code and a recovery code used twice are refused; the next
// step's code and an unused recovery code are accepted; turning the app
// off asks the password and a code.
func TestTOTPSignIn(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 5, 0, time.UTC)}
			a := newClockedApp(t, d, clk)
			email := roleAccounts["finance"]
			seed, codes := enrolTOTP(t, a, a.login(email), "/account", clk)

			c := a.client()
			if to := passwordStep(t, a, c, email); to != "/login/second-factor" {
				t.Fatalf("password with TOTP on leads to %q, want the second step", to)
			}
			if signedIn(t, a, c) {
				t.Fatal("the password alone opened a session")
			}
			if status, page := a.get(c, "/login/second-factor"); status != http.StatusOK || !strings.Contains(page, "authenticator app") {
				t.Fatalf("second step page: status %d", status)
			}
			if status, page := a.postPage(c, "/login/second-factor", url.Values{"code": {"123456"}}); status != http.StatusUnauthorized || !strings.Contains(page, "not right") {
				t.Errorf("wrong code: status %d, want 401 saying so", status)
			}
			// The code confirmed at enrolment is used: the same step is a replay.
			if r := a.post(c, "/login/second-factor", url.Values{"code": {code(t, seed, clk.Now())}}); r.StatusCode != http.StatusUnauthorized {
				t.Errorf("the enrolment's code again: status %d, want 401", r.StatusCode)
			}
			clk.Set(clk.Now().Add(30 * time.Second))
			used := code(t, seed, clk.Now())
			r := a.post(c, "/login/second-factor", url.Values{"code": {used}})
			if r.StatusCode != http.StatusSeeOther || !signedIn(t, a, c) {
				t.Fatalf("the next step's code: status %d, signed in %v", r.StatusCode, signedIn(t, a, c))
			}

			c2 := a.client()
			passwordStep(t, a, c2, email)
			if r := a.post(c2, "/login/second-factor", url.Values{"code": {used}}); r.StatusCode != http.StatusUnauthorized || signedIn(t, a, c2) {
				t.Errorf("a used code replayed within its window: status %d, want 401", r.StatusCode)
			}
			if r := a.post(c2, "/login/second-factor", url.Values{"code": {strings.ToLower(codes[0])}}); r.StatusCode != http.StatusSeeOther || !signedIn(t, a, c2) {
				t.Fatalf("a recovery code: status %d", r.StatusCode)
			}
			late := a.client()
			passwordStep(t, a, late, email)
			clk.Set(clk.Now().Add(6 * time.Minute))
			if r := a.post(late, "/login/second-factor", url.Values{"code": {code(t, seed, clk.Now())}}); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" || signedIn(t, a, late) {
				t.Errorf("a code after the pending sign-in's 5 minutes: status %d to %q, want 303 to /login", r.StatusCode, r.Header.Get("Location"))
			}
			if _, page := a.get(late, "/login"); !strings.Contains(page, "sign in again") {
				t.Error("the sign-in page does not say the sign-in expired")
			}
			c3 := a.client()
			passwordStep(t, a, c3, email)
			if r := a.post(c3, "/login/second-factor", url.Values{"code": {codes[0]}}); r.StatusCode != http.StatusUnauthorized || signedIn(t, a, c3) {
				t.Errorf("a recovery code used twice: status %d, want 401", r.StatusCode)
			}
			if r := a.post(c3, "/login/second-factor", url.Values{"code": {codes[1]}}); r.StatusCode != http.StatusSeeOther {
				t.Errorf("another recovery code: status %d", r.StatusCode)
			}
			if _, page := a.get(c3, "/account"); !strings.Contains(page, "8 unused") {
				t.Error("the account page does not count 8 unused recovery codes")
			}

			clk.Set(clk.Now().Add(30 * time.Second))
			if r := a.post(c3, "/account/totp/off", url.Values{"current": {"wrong password here"}, "code": {code(t, seed, clk.Now())}}); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("turn off with a wrong password: status %d, want 422", r.StatusCode)
			}
			u, _, _ := a.db.UserByEmail(context.Background(), email)
			if f, _ := a.db.SecondFactors(context.Background(), u.ID); !f.TOTP {
				t.Fatal("a wrong password turned the app off")
			}
			if r := a.post(c3, "/account/totp/off", url.Values{"current": {demo.Password}, "code": {code(t, seed, clk.Now())}}); r.StatusCode != http.StatusSeeOther {
				t.Errorf("turn off: status %d", r.StatusCode)
			}
			if f, _ := a.db.SecondFactors(context.Background(), u.ID); f.Any() || f.RecoveryLeft != 0 {
				t.Errorf("after turning off: %+v, want nothing left", f)
			}
			if to := passwordStep(t, a, a.client(), email); to != "/" {
				t.Errorf("password without a second factor leads to %q, want /", to)
			}
		})
	}
}

// TestSecondFactorThrottled counts wrong codes against the same (address,
// account) throttle as wrong passwords, before the check: past the free
// attempts even the right code waits, entering the known password again
// does not reset the count, and of 20 guesses at once only the free ones
// are checked.
func TestSecondFactorThrottled(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 5, 0, time.UTC)}
			a := newClockedApp(t, d, clk)
			h := signInServer(t, a, clk, server.Config{LoginLimit: 3})
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)
			b := &app{t: t, db: a.db, srv: srv}
			ctx := context.Background()
			email := roleAccounts["executive"]
			u, _, _ := a.db.UserByEmail(ctx, email)
			seed, _, _ := mfa.NewTOTP("accord", email)
			if err := a.db.StartTOTP(ctx, u.ID, seed); err != nil {
				t.Fatal(err)
			}
			if _, err := a.db.ConfirmTOTP(ctx, accord.SystemActor("test"), u.ID, mfa.Step(clk.Now())-5, nil); err != nil {
				t.Fatal(err)
			}

			c := b.client()
			passwordStep(t, b, c, email)
			for i := range 3 {
				if r := b.post(c, "/login/second-factor", url.Values{"code": {"000000"}}); r.StatusCode != http.StatusUnauthorized {
					t.Fatalf("wrong code %d: status %d, want 401", i+1, r.StatusCode)
				}
			}
			r := b.post(c, "/login/second-factor", url.Values{"code": {code(t, seed, clk.Now())}})
			if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") != "1" {
				t.Errorf("the right code after 3 wrong: status %d, Retry-After %q; want 429 after 1s", r.StatusCode, r.Header.Get("Retry-After"))
			}
			if r := b.post(b.client(), "/login", url.Values{"email": {email}, "password": {demo.Password}}); r.StatusCode != http.StatusTooManyRequests {
				t.Errorf("the known password again, to reset the count: status %d, want 429", r.StatusCode)
			}
			clk.Set(clk.Now().Add(time.Second))
			if r := b.post(c, "/login/second-factor", url.Values{"code": {code(t, seed, clk.Now())}}); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("the right code after the delay: status %d, want 303", r.StatusCode)
			}

			// The right code forgot the pair's failures: 20 guesses at once
			// from a new pending sign-in, 3 free.
			clk.Set(clk.Now().Add(time.Minute))
			c = b.client()
			passwordStep(t, b, c, email)
			var mu sync.Mutex
			counts := map[int]int{}
			var wg sync.WaitGroup
			for range 20 {
				wg.Go(func() {
					req, _ := http.NewRequest(http.MethodPost, srv.URL+"/login/second-factor", strings.NewReader("code=000000"))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Sec-Fetch-Site", "same-origin")
					resp, err := c.Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					resp.Body.Close()
					mu.Lock()
					counts[resp.StatusCode]++
					mu.Unlock()
				})
			}
			wg.Wait()
			if counts[http.StatusUnauthorized] != 3 || counts[http.StatusTooManyRequests] != 17 {
				t.Errorf("20 guesses at once: %v; want 3 checked (401) and 17 refused (429)", counts)
			}
		})
	}
}

// TestSecondFactorRequired: an alliance admin requires a second factor of
// the approvers; an approver without one is led to enrol right after the
// password and has no session until they do; a member is not asked until
// the rule covers everyone.
func TestSecondFactorRequired(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 5, 0, time.UTC)}
			a := newClockedApp(t, d, clk)
			slug := mustAlliance(t, a).Slug
			admin := a.login(roleAccounts["admin"])
			if r := a.post(a.login(roleAccounts["member"]), "/a/"+slug+"/second-factor", url.Values{"second_factor": {"everyone"}}); r.StatusCode != http.StatusForbidden {
				t.Errorf("a member setting the rule: status %d, want 403", r.StatusCode)
			}
			if r := a.post(admin, "/a/"+slug+"/second-factor", url.Values{"second_factor": {"approvers"}}); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("set the rule: status %d", r.StatusCode)
			}
			if _, page := a.get(admin, "/a/"+slug+"/people"); !strings.Contains(page, `value="approvers" checked`) {
				t.Error("the people page does not show the rule")
			}

			c := a.client()
			if to := passwordStep(t, a, c, roleAccounts["finance"]); to != "/login/enrol" {
				t.Fatalf("finance's password leads to %q, want /login/enrol", to)
			}
			if signedIn(t, a, c) {
				t.Fatal("a person who must enrol has a session before enrolling")
			}
			if status, _ := a.get(c, "/a/"+slug+"/scorecard"); status != http.StatusSeeOther {
				t.Errorf("the scorecard before enrolling: status %d, want 303 to sign in", status)
			}
			if r := a.post(c, "/login/second-factor", url.Values{"code": {"123456"}}); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
				t.Errorf("the second step with an enrolment's pending sign-in: status %d to %q, want 303 to /login", r.StatusCode, r.Header.Get("Location"))
			}
			passwordStep(t, a, c, roleAccounts["finance"])
			enrolTOTP(t, a, c, "/login/enrol", clk)
			if !signedIn(t, a, c) {
				t.Fatal("no session after enrolling")
			}

			if to := passwordStep(t, a, a.client(), roleAccounts["member"]); to != "/" {
				t.Errorf("a member's password under the approvers rule leads to %q, want /", to)
			}
			a.post(admin, "/a/"+slug+"/second-factor", url.Values{"second_factor": {"everyone"}})
			if to := passwordStep(t, a, a.client(), roleAccounts["member"]); to != "/login/enrol" {
				t.Errorf("a member's password under the everyone rule leads to %q, want /login/enrol", to)
			}
			if r := a.post(admin, "/a/"+slug+"/second-factor", url.Values{"second_factor": {"some"}}); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("an unknown rule: status %d, want 422", r.StatusCode)
			}
			if rule, _ := a.db.SecondFactorRule(context.Background(), mustAlliance(t, a).ID); rule != accord.SecondFactorEveryone {
				t.Errorf("rule %q after an unknown one was refused, want everyone", rule)
			}

			// The same rule through the API, for admins.
			tok := a.token(roleAccounts["admin"], "write")
			var got struct{ Require string }
			if r := a.api("GET", "/api/v1/alliances/"+slug+"/second-factor", tok, "", &got); r.StatusCode != http.StatusOK || got.Require != "everyone" {
				t.Errorf("API rule: status %d, %q", r.StatusCode, got.Require)
			}
			if r := a.api("PUT", "/api/v1/alliances/"+slug+"/second-factor", tok, `{"require":"nobody"}`, &got); r.StatusCode != http.StatusOK || got.Require != "nobody" {
				t.Errorf("API set nobody: status %d, %q", r.StatusCode, got.Require)
			}
			if r := a.api("PUT", "/api/v1/alliances/"+slug+"/second-factor", tok, `{"require":""}`, nil); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("API set an empty rule: status %d, want 422", r.StatusCode)
			}
			if to := passwordStep(t, a, a.client(), roleAccounts["member"]); to != "/" {
				t.Errorf("a member's password after the rule is lifted leads to %q, want /", to)
			}
		})
	}
}
