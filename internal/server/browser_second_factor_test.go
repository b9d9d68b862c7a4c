package server_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserSecondFactor: a person sets up an authenticator app from the
// account page (the QR code and the key to type, then the first code),
// sees their recovery codes once, signs out, and signs in again with the
// password and then a code, after a wrong one. Each page at a laptop's and
// a phone's width.
func TestBrowserSecondFactor(t *testing.T) {
	browser := startBrowser(t)
	clk := &fakeClock{t: time.Now().UTC()}
	a := newClockedApp(t, store.SQLite, clk)
	b := newBrowserTab(t, browser, a.srv.URL)
	email := roleAccounts["finance"]

	b.signIn(email, demo.Password)
	b.open("/account")
	b.wantText("#second-factor", "Authenticator app", "Passkeys")
	if status := b.follow(`form[action="/account/totp"] button`); status != 200 {
		t.Fatalf("start the authenticator app: status %d", status)
	}
	b.wantVisible(".totp-setup img.qr")
	seed := strings.ReplaceAll(b.text("#totp-key"), " ", "")
	b.atBothWidths("account-totp-setup")
	b.typeIn("#totp-code", code(t, seed, clk.Now()))
	if status := b.follow(`form[action="/account/totp/confirm"] button`); status != 200 {
		t.Fatalf("confirm the first code: status %d", status)
	}
	b.wantText(".flash", "Your authenticator app is set up")
	b.wantText(".recovery", "will not be shown again")
	if n := len(b.texts(".recovery .codes li")); n != 10 {
		t.Errorf("%d recovery codes shown, want 10", n)
	}
	b.atBothWidths("account-recovery-codes")
	b.signOut()

	b.open("/login")
	b.typeIn("#email", email)
	b.typeIn("#password", demo.Password)
	b.follow("section.auth button[type=submit]")
	b.wantPath("/login/second-factor")
	b.wantText("section.auth", "Code from your authenticator app", "Use a recovery code")
	b.atBothWidths("second-step")
	b.typeIn("#code", "000000")
	if status := b.follow(`form[action="/login/second-factor"] button.primary`); status != 401 {
		t.Errorf("a wrong code: status %d, want 401", status)
	}
	b.wantText(".alert", "That code is not right")
	b.atBothWidths("second-step-wrong-code")
	clk.Set(clk.Now().Add(30 * time.Second))
	b.typeIn("#code", code(t, seed, clk.Now()))
	if status := b.follow(`form[action="/login/second-factor"] button.primary`); status != 200 {
		t.Fatalf("the right code: status %d", status)
	}
	if len(b.texts("header.topbar")) != 1 {
		t.Fatalf("not signed in after the second step; the page says %q", b.texts("main"))
	}
	b.shot(os.Getenv("ACCORD_SCREENSHOTS"), "laptop-signed-in-after-second-step")
	b.signOut()

	// The alliance requires a second factor of everyone: a member without
	// one is led to set one up right after the password.
	if err := a.db.SetSecondFactorRule(context.Background(), accord.SystemActor("test"), mustAlliance(t, a).ID, accord.SecondFactorEveryone); err != nil {
		t.Fatal(err)
	}
	b.open("/login")
	b.typeIn("#email", roleAccounts["member"])
	b.typeIn("#password", demo.Password)
	b.follow("section.auth button[type=submit]")
	b.wantPath("/login/enrol")
	b.wantText("section.auth", "Set one up now to continue", "Or a passkey")
	b.atBothWidths("enrol")
	b.follow(`form[action="/login/enrol/totp"] button`)
	seed = strings.ReplaceAll(b.text("#totp-key"), " ", "")
	b.typeIn("#totp-code", code(t, seed, clk.Now()))
	if status := b.follow(`form[action="/login/enrol/totp/confirm"] button`); status != 200 {
		t.Fatalf("confirm the enrolment's first code: status %d", status)
	}
	b.wantText(".recovery", "will not be shown again")
	b.atBothWidths("enrol-done")
	b.follow("section.auth a.button")
	if len(b.texts("header.topbar")) != 1 {
		t.Fatalf("not signed in after enrolling; the page says %q", b.texts("main"))
	}
}
