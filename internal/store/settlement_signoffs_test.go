package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// signOffFixture adds to seed a contract in force since 2022 and, for the
// provider party, an executive and a finance lead.
func signOffFixture(t *testing.T, db *store.DB) (fixture, accord.Contract, accord.Actor, accord.Actor, accord.Actor) {
	t.Helper()
	ctx := context.Background()
	f := seed(t, db)
	admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
	c := accord.Contract{AllianceID: f.alliance.ID, Key: "mssp", Title: "MSSP agreement"}
	orig := accord.Amendment{Summary: "Original", Text: "# MSSP\n", Terms: builtinTerms(t, "mssp-2022-basic-a"), EffectiveFrom: date("2022-01-01")}
	if err := db.CreateContract(ctx, admin, f.payer.ID, &c, &orig); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SignAmendment(ctx, cli, c.ID, 1, f.provider.ID); err != nil {
		t.Fatal(err)
	}
	var actors []accord.Actor
	for _, p := range []struct {
		email, name string
		role        accord.Role
	}{{"exec@riverside.example", "Eve", accord.RoleExecutive}, {"fin@riverside.example", "Finn", accord.RoleFinance}} {
		u := accord.User{Email: p.email, Name: p.name, OrgID: f.provider.OrgID}
		if err := db.CreateUser(ctx, cli, &u, "hash"); err != nil {
			t.Fatal(err)
		}
		m := accord.Membership{AllianceID: f.alliance.ID, UserID: u.ID, PartyID: f.provider.ID, Roles: accord.Roles{p.role}}
		if err := db.AddMember(ctx, cli, &m); err != nil {
			t.Fatal(err)
		}
		actors = append(actors, accord.Actor{UserID: u.ID, Name: p.name, Via: "web"})
	}
	return f, c, admin, actors[0], actors[1]
}

// TestSettlementNotEndedNeedsProvisional: a period that ends after today
// is refused in plain words unless provisional; a provisional settlement
// never takes the period's place, is shown as such, and cannot be signed.
func TestSettlementNotEndedNeedsProvisional(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, c, admin, exec, _ := signOffFixture(t, db)
		sum := mssp2022Summary()
		today := accord.Day(db.Now())
		from, to := today.AddDate(0, -1, 0), today.AddDate(0, 1, 0)
		_, err := db.SettlePeriod(ctx, admin, c.ID, from, to, sum, false)
		want := "The period ends on " + to.Format("2 Jan 2006") + "; settle it after that, or mark the settlement provisional"
		if accord.ErrorCode(err) != accord.EINVALID || accord.ErrorMessage(err) != want {
			t.Fatalf("settling a period not ended: %v; want invalid, %q", err, want)
		}
		prov, err := db.SettlePeriod(ctx, admin, c.ID, from, to, sum, true)
		if err != nil {
			t.Fatalf("provisional settlement: %v", err)
		}
		if !prov.Provisional || prov.Status != accord.SettlementDraft || prov.StatusLabel() != "Provisional" || len(prov.Awaiting) != 0 {
			t.Errorf("provisional settlement: provisional %v, status %q, label %q, awaiting %v; want provisional, draft, \"Provisional\", none",
				prov.Provisional, prov.Status, prov.StatusLabel(), prov.Awaiting)
		}
		if _, err := db.SettlePeriod(ctx, admin, c.ID, from, to, sum, true); err != nil {
			t.Errorf("a second provisional estimate of the period: %v, want recorded", err)
		}
		if _, err := db.SignSettlement(ctx, exec, c.ID, prov.ID, f.provider.ID); accord.ErrorCode(err) != accord.ECONFLICT || !strings.Contains(accord.ErrorMessage(err), "provisional") {
			t.Errorf("signing a provisional settlement off: %v, want a conflict naming it provisional", err)
		}

		// An ended period: settled for good beside its provisional estimate,
		// and no provisional one after that.
		ended := date("2022-01-01")
		if _, err := db.SettlePeriod(ctx, admin, c.ID, ended, date("2022-12-31"), sum, true); err != nil {
			t.Fatalf("provisional estimate of an ended period: %v", err)
		}
		good, err := db.SettlePeriod(ctx, admin, c.ID, ended, date("2022-12-31"), sum, false)
		if err != nil || good.Provisional {
			t.Fatalf("settling for good after a provisional estimate: %v, provisional %v", err, good.Provisional)
		}
		if _, err := db.SettlePeriod(ctx, admin, c.ID, ended, date("2022-12-31"), sum, true); accord.ErrorField(err) != "period_start" {
			t.Errorf("provisional after the settlement for good: %v, want period_start already settled", err)
		}
		list, err := db.ListSettlements(ctx, c.ID)
		if err != nil || len(list) != 4 || list[2].ID != good.ID || !list[3].Provisional {
			t.Errorf("ListSettlements: %d, %v; want 4, the settlement for good before its provisional estimate", len(list), err)
		}
	})
}

// TestSettlementSignOff: a settlement is a draft until an executive of
// every party has signed it off, once per party, and then final; the
// sign-offs are audited and the drafts awaiting a person are listed.
func TestSettlementSignOff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, c, admin, exec, fin := signOffFixture(t, db)
		st, err := db.SettlePeriod(ctx, admin, c.ID, date("2022-01-01"), date("2022-12-31"), mssp2022Summary(), false)
		if err != nil {
			t.Fatal(err)
		}
		if st.Status != accord.SettlementDraft || st.FinalAt != nil || len(st.Awaiting) != 2 {
			t.Fatalf("new settlement: status %q, final %v, awaiting %v; want a draft awaiting both parties", st.Status, st.FinalAt, st.Awaiting)
		}
		for who, a := range map[string]accord.Actor{"exec": exec, "fin": fin} {
			ns, err := db.ListNotifications(ctx, accord.NotificationFilter{AllianceID: f.alliance.ID, UserID: a.UserID})
			n := 0
			for _, x := range ns {
				if x.Kind == accord.NotifySettlementSignoff && strings.Contains(x.Subject, "Sign-off needed: MSSP agreement, settlement of 1 Jan 2022 – 31 Dec 2022") {
					n++
				}
			}
			if want := map[string]int{"exec": 1, "fin": 0}[who]; err != nil || n != want {
				t.Errorf("%s told of the draft %d times (%v), want %d", who, n, err, want)
			}
		}
		if got, want := st.StatusLabel(), "Draft — awaiting sign-off by Riverside Physicians, Valley Health Plan"; got != want {
			t.Errorf("status label %q, want %q", got, want)
		}
		for who, a := range map[string]accord.Actor{"exec": exec, "fin": fin, "admin": admin} {
			got, err := db.SettlementsAwaitingSignOff(ctx, f.alliance.ID, a.UserID)
			if want := map[string]int{"exec": 1, "fin": 0, "admin": 1}[who]; err != nil || len(got) != want {
				t.Errorf("awaiting %s's sign-off: %d, %v; want %d", who, len(got), err, want)
			}
		}
		if _, err := db.SignSettlement(ctx, fin, c.ID, st.ID, f.provider.ID); accord.ErrorCode(err) != accord.EFORBIDDEN {
			t.Errorf("finance signing off: %v, want forbidden", err)
		}
		if _, err := db.SignSettlement(ctx, exec, c.ID, st.ID, f.payer.ID); accord.ErrorCode(err) != accord.EFORBIDDEN {
			t.Errorf("an executive signing for another party: %v, want forbidden", err)
		}
		got, err := db.SignSettlement(ctx, exec, c.ID, st.ID, f.provider.ID)
		if err != nil || got.Final() || len(got.SignOffs) != 1 || got.SignOffs[0].UserName != "Eve" || got.SignOffs[0].SignedAt.IsZero() ||
			got.StatusLabel() != "Draft — awaiting sign-off by Valley Health Plan" {
			t.Fatalf("first sign-off: %v, status %q, sign-offs %+v", err, got.StatusLabel(), got.SignOffs)
		}
		if _, err := db.SignSettlement(ctx, exec, c.ID, st.ID, f.provider.ID); accord.ErrorCode(err) != accord.ECONFLICT ||
			accord.ErrorMessage(err) != "Your party has already signed this settlement off" {
			t.Errorf("second sign-off for the same party: %v, want a plain conflict", err)
		}
		if n, _ := db.SettlementsAwaitingSignOff(ctx, f.alliance.ID, exec.UserID); len(n) != 0 {
			t.Errorf("after signing, %d still await the executive", len(n))
		}
		got, err = db.SignSettlement(ctx, admin, c.ID, st.ID, f.payer.ID)
		if err != nil || !got.Final() || got.FinalAt == nil || got.StatusLabel() != "Final" || len(got.Awaiting) != 0 {
			t.Fatalf("last sign-off: %v, status %q, final at %v", err, got.Status, got.FinalAt)
		}
		if _, err := db.SignSettlement(ctx, admin, c.ID, st.ID, f.payer.ID); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("signing a final settlement: %v, want conflict", err)
		}
		read, err := db.Settlement(ctx, c.ID, st.ID)
		if err != nil || !read.Final() || len(read.SignOffs) != 2 || !read.FinalAt.Equal(*got.FinalAt) {
			t.Errorf("read back: %v, status %q, %d sign-offs", err, read.Status, len(read.SignOffs))
		}
		audit, err := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID, Entity: "settlement"})
		actions := map[string]int{}
		for _, e := range audit {
			actions[e.Action]++
		}
		if err != nil || actions["settle"] != 1 || actions["sign"] != 2 || actions["finalise"] != 1 {
			t.Errorf("audit of the settlement: %v, %v; want settle, two signs and finalise", actions, err)
		}
	})
}

// TestMigrateSettlementsFinal: settlements recorded before sign-offs
// existed were treated as final, and migration 0025 keeps them so, from
// when they were recorded; the period stays settled once.
func TestMigrateSettlementsFinal(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			raw, db := openMigratedTo(t, d, 24)
			f, c, admin, _, _ := signOffFixture(t, db)
			created := "2023-02-01T09:00:00.000000Z"
			if _, err := raw.Exec(bind(d, `INSERT INTO settlements (id, contract_id, period_start, period_end, version_number, summary, result, settled_by, settled_name, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), "old-settlement", c.ID, "2022-01-01", "2022-12-31", 1, "{}", "{}", f.admin.ID, "Ada", created); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			st, err := db.Settlement(ctx, c.ID, "old-settlement")
			if err != nil {
				t.Fatal(err)
			}
			if !st.Final() || st.FinalAt == nil || st.FinalAt.Format(time.RFC3339) != "2023-02-01T09:00:00Z" || st.Provisional || len(st.Awaiting) != 0 {
				t.Errorf("migrated settlement: status %q, final at %v, provisional %v; want final since it was recorded", st.Status, st.FinalAt, st.Provisional)
			}
			if _, err := db.SettlePeriod(ctx, admin, c.ID, date("2022-01-01"), date("2022-12-31"), mssp2022Summary(), false); accord.ErrorField(err) != "period_start" {
				t.Errorf("settling the migrated period again: %v, want already settled", err)
			}
		})
	}
}
