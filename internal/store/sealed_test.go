package store_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/seal"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// openWith opens the database at dsn under the key ring, migrated.
func openWith(t *testing.T, dsn string, keys *seal.Ring) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, store.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

func ringOf(t *testing.T, lines ...string) *seal.Ring {
	t.Helper()
	r, err := seal.Parse(strings.Join(lines, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// revealed lists the plaintexts a dump of every column of every table
// holds (and, for SQLite, the database's files byte for byte).
func revealed(t *testing.T, db *store.DB, dsn string, plaintexts []string) []string {
	t.Helper()
	var dump strings.Builder
	for row := range tableRows(t, db) {
		dump.WriteString(row + "\n")
	}
	if db.Dialect() == store.SQLite {
		for _, suffix := range []string{"", "-wal"} {
			b, err := os.ReadFile(dsn + suffix)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			dump.Write(b)
		}
	}
	var out []string
	for _, p := range plaintexts {
		if strings.Contains(dump.String(), p) {
			out = append(out, p)
		}
	}
	return out
}

// TestDumpRevealsNoSealedValue writes a named and an anonymous concern, a
// handler's reply (which the reporter's inbox quotes), a closing reason, a
// webhook with its secret and a TOTP seed, and finds none of them in a
// dump of every table's every column, nor in SQLite's files. A value kept
// in clear by an older version is read as it is and sealed by Reseal.
// After rotation to a new key, with the old key gone from the ring, every
// value still opens, and a second Reseal has nothing to do.
func TestDumpRevealsNoSealedValue(t *testing.T) {
	t.Parallel()
	oldKey, newKey := storetest.KeyLine, mustKeyLine(t, "k2")
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.URL(t, d)
			db := openWith(t, dsn, ringOf(t, oldKey))
			f := seed(t, db)
			ada := accord.Actor{UserID: f.admin.ID, Name: f.admin.Name, Via: "web"}
			bo := accord.User{Email: "bo@plan.example", Name: "Bo", OrgID: f.admin.OrgID}
			if err := db.CreateUser(ctx, cli, &bo, "hash"); err != nil {
				t.Fatal(err)
			}
			m := accord.Membership{AllianceID: f.alliance.ID, UserID: bo.ID, PartyID: f.payer.ID, Roles: accord.Roles{accord.RoleExecutive}}
			if err := db.AddMember(ctx, cli, &m); err != nil {
				t.Fatal(err)
			}
			named := accord.Concern{AllianceID: f.alliance.ID, Category: accord.ConcernFinance, Severity: "low", Body: "Invoices from Riverside are paid ninety days late", ReceiptCost: password.Fast}
			if _, err := db.RaiseConcern(ctx, accord.Actor{UserID: bo.ID, Name: "Bo", Via: "web"}, &named, false); err != nil {
				t.Fatal(err)
			}
			anon := accord.Concern{AllianceID: f.alliance.ID, Category: accord.ConcernPatientSafety, Severity: "high", Body: "Falls on ward seven are not reported", ReceiptCost: password.Fast}
			receipt, err := db.RaiseConcern(ctx, ada, &anon, true)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.AddReporterMessage(ctx, f.alliance.ID, receipt, "It happened again on Tuesday night"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ReplyToConcern(ctx, ada, f.alliance.ID, named.ID, "Finance pays the backlog on Monday"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CloseConcern(ctx, ada, f.alliance.ID, anon.ID, "Ward seven now reports every fall"); err != nil {
				t.Fatal(err)
			}
			w := accord.Webhook{AllianceID: f.alliance.ID, URL: "https://hooks.example.org/a", Format: accord.WebhookSlack}
			if err := db.CreateWebhook(ctx, ada, &w); err != nil {
				t.Fatal(err)
			}
			const seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
			if err := db.StartTOTP(ctx, f.admin.ID, seed); err != nil {
				t.Fatal(err)
			}
			// A webhook from before sealing: its secret is in clear.
			legacy := accord.Webhook{AllianceID: f.alliance.ID, URL: "https://hooks.example.org/b", Format: accord.WebhookSlack}
			if err := db.CreateWebhook(ctx, ada, &legacy); err != nil {
				t.Fatal(err)
			}
			const legacySecret = "whsec_kept_in_clear_by_an_older_accord"
			if _, err := db.SQL().Exec(rebindRaw(db, "UPDATE webhooks SET secret = ? WHERE id = ?"), legacySecret, legacy.ID); err != nil {
				t.Fatal(err)
			}
			secrets := []string{named.Body, anon.Body, "It happened again on Tuesday night", "Finance pays the backlog on Monday",
				"Ward seven now reports every fall", w.Secret, seed}
			if got := revealed(t, db, dsn, secrets); len(got) > 0 {
				t.Errorf("a dump reveals %q", got)
			}
			if got := revealed(t, db, dsn, []string{legacySecret}); len(got) != 1 {
				t.Fatal("the test's plaintext value is not in the dump: it no longer checks what it says")
			}
			check := func(t *testing.T, db *store.DB) {
				t.Helper()
				c, err := db.Concern(ctx, f.alliance.ID, anon.ID)
				if err != nil || c.Body != anon.Body || c.CloseReason != "Ward seven now reports every fall" ||
					c.Messages[0].Body != "It happened again on Tuesday night" || !strings.Contains(c.Messages[len(c.Messages)-1].Body, "Ward seven") {
					t.Errorf("anonymous concern: %+v, %v", c, err)
				}
				list, err := db.ListConcerns(ctx, accord.ConcernFilter{AllianceID: f.alliance.ID})
				if err != nil || len(list) != 2 {
					t.Fatalf("ListConcerns: %v, %v", list, err)
				}
				for _, c := range list {
					if c.Body != named.Body && c.Body != anon.Body {
						t.Errorf("listed concern body %q", c.Body)
					}
				}
				hooks, err := db.ListWebhooks(ctx, f.alliance.ID)
				if err != nil || len(hooks) != 2 || hooks[0].Secret != w.Secret || hooks[1].Secret != legacySecret {
					t.Errorf("webhooks: %+v, %v", hooks, err)
				}
				if got, _, err := db.TOTPSeed(ctx, f.admin.ID); err != nil || got != seed {
					t.Errorf("TOTP seed %q, %v", got, err)
				}
				inbox, err := db.ListNotifications(ctx, accord.NotificationFilter{UserID: bo.ID, AllianceID: f.alliance.ID})
				if err != nil {
					t.Fatal(err)
				}
				replied := false
				for _, n := range inbox {
					replied = replied || n.Body == "Ada: Finance pays the backlog on Monday"
				}
				if !replied {
					t.Errorf("the reporter's inbox does not quote the reply: %+v", inbox)
				}
			}
			check(t, db)

			// Rotate: the new key is current, the old one still opens.
			both := openWith(t, dsn, ringOf(t, oldKey, newKey))
			done, err := both.Reseal(ctx, 2)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]int{"concerns.body": 2, "concerns.close_reason": 1, "webhooks.secret": 2, "totp_factors.secret": 1, "notifications.body": 1}
			for col, n := range want {
				if done[col] != n {
					t.Errorf("re-sealed %d of %s, want %d (all: %v)", done[col], col, n, done)
				}
			}
			if done["concern_messages.body"] != 3 {
				t.Errorf("re-sealed %d messages, want 3: the information, the reply, the closing (all: %v)", done["concern_messages.body"], done)
			}
			again, err := both.Reseal(ctx, 2)
			if err != nil {
				t.Fatal(err)
			}
			for col, n := range again {
				if n != 0 {
					t.Errorf("a second Reseal re-sealed %d of %s", n, col)
				}
			}
			onlyNew := openWith(t, dsn, ringOf(t, newKey))
			check(t, onlyNew)
			if got := revealed(t, onlyNew, dsn, append(secrets, legacySecret)); len(got) > 0 {
				t.Errorf("after rotation a dump reveals %q", got)
			}
			// Without the key, a sealed value is refused, never shown as is.
			if _, err := openWith(t, dsn, ringOf(t, oldKey)).Concern(ctx, f.alliance.ID, anon.ID); err == nil || !strings.Contains(err.Error(), `"k2"`) {
				t.Errorf("reading under a ring without the key: %v", err)
			}
			var audited int
			if err := db.SQL().QueryRow(rebindRaw(db, "SELECT COUNT(*) FROM audit_log WHERE action = ? AND entity = ?"), "reseal", "data_keys").Scan(&audited); err != nil || audited == 0 {
				t.Errorf("reseal audit entries: %d, %v", audited, err)
			}
		})
	}
}

func mustKeyLine(t *testing.T, id string) string {
	t.Helper()
	l, err := seal.NewKeyLine(id)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
