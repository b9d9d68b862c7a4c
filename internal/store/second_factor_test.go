package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestSecondFactorUsedOnce: a TOTP time step and a recovery code each pass
// once, even when ten requests present them at the same moment; a
// confirmed seed is not replaced; turning the app off takes the recovery
// codes with it.
func TestSecondFactorUsedOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		id := f.admin.ID
		if err := db.StartTOTP(ctx, id, "JBSWY3DPEHPK3PXP"); err != nil {
			t.Fatal(err)
		}
		if ok, err := db.UseTOTPStep(ctx, id, 99); ok || err != nil {
			t.Errorf("a step of an unconfirmed seed: %v, %v", ok, err)
		}
		first, err := db.ConfirmTOTP(ctx, cli, id, 100, []string{"h1", "h2"})
		if err != nil || !first {
			t.Fatalf("confirm: first %v, %v", first, err)
		}
		if err := db.StartTOTP(ctx, id, "OTHERSEED"); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("a new seed over a confirmed one: %v, want conflict", err)
		}
		once := func(what string, use func() (bool, error)) {
			var wins atomic.Int32
			var wg sync.WaitGroup
			for range 10 {
				wg.Go(func() {
					ok, err := use()
					if err != nil {
						t.Error(err)
					}
					if ok {
						wins.Add(1)
					}
				})
			}
			wg.Wait()
			if wins.Load() != 1 {
				t.Errorf("%s presented 10 times at once passed %d times, want once", what, wins.Load())
			}
		}
		once("step 101", func() (bool, error) { return db.UseTOTPStep(ctx, id, 101) })
		once("recovery code h1", func() (bool, error) { return db.UseRecoveryCode(ctx, cli, id, "h1") })
		if ok, _ := db.UseTOTPStep(ctx, id, 100); ok {
			t.Error("an earlier step passed after a later one")
		}
		if ok, _ := db.UseTOTPStep(ctx, id, 102); !ok {
			t.Error("the next step refused")
		}
		if got, _ := db.SecondFactors(ctx, id); !got.TOTP || got.RecoveryLeft != 1 {
			t.Errorf("factors %+v, want TOTP and 1 recovery code left", got)
		}
		if err := db.RemoveTOTP(ctx, cli, id); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.SecondFactors(ctx, id); got.Any() || got.RecoveryLeft != 0 {
			t.Errorf("after turning off: %+v", got)
		}
		if err := db.ReplaceRecoveryCodes(ctx, cli, id, []string{"h3"}); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("recovery codes without a factor: %v, want conflict", err)
		}
	})
}

// TestPendingSignIn: a pending sign-in becomes a session once; a password
// change ends the pending ones; an alliance's rule reaches its members
// with their roles, and only the three rules are taken.
func TestPendingSignIn(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		tok, err := db.CreatePendingSignIn(ctx, f.admin.ID, false, "/a/north-valley", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		p, err := db.PendingSignIn(ctx, tok)
		if err != nil || p.User.ID != f.admin.ID || p.Enrol || p.Next != "/a/north-valley" {
			t.Fatalf("pending %+v, %v", p, err)
		}
		if _, err := db.SessionUser(ctx, tok); err == nil {
			t.Error("a pending sign-in's token works as a session")
		}
		session, err := db.FinishPendingSignIn(ctx, tok, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if u, err := db.SessionUser(ctx, session); err != nil || u.ID != f.admin.ID {
			t.Errorf("the session made: %v", err)
		}
		if _, err := db.FinishPendingSignIn(ctx, tok, time.Hour); accord.ErrorCode(err) != accord.EUNAUTHORIZED {
			t.Errorf("finishing twice: %v, want unauthorized", err)
		}
		tok, _ = db.CreatePendingSignIn(ctx, f.admin.ID, true, "/", time.Minute)
		if err := db.SetPassword(ctx, cli, f.admin.ID, "new"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PendingSignIn(ctx, tok); accord.ErrorCode(err) != accord.EUNAUTHORIZED {
			t.Errorf("a pending sign-in after a password change: %v, want unauthorized", err)
		}

		if err := db.SetSecondFactorRule(ctx, cli, f.alliance.ID, "most"); accord.ErrorCode(err) != accord.EINVALID {
			t.Errorf("an unknown rule: %v", err)
		}
		if err := db.SetSecondFactorRule(ctx, cli, f.alliance.ID, accord.SecondFactorApprovers); err != nil {
			t.Fatal(err)
		}
		rules, err := db.SecondFactorRules(ctx, f.admin.ID)
		if err != nil || len(rules) != 1 || rules[0].Rule != accord.SecondFactorApprovers || !rules[0].Roles.Has(accord.RoleExecutive) {
			t.Errorf("rules %+v, %v", rules, err)
		}
	})
}
