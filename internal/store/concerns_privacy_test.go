package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestAnonymousConcernRowsKeepOnlyTheDay raises an anonymous concern at a
// telling minute, with a webhook that carries it, and finds that minute in
// none of the rows the raise wrote: not the concern, its notifications,
// their e-mail and webhook jobs, nor the deliveries.
func TestAnonymousConcernRowsKeepOnlyTheDay(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 11, 26, 14, 37, 21, 654321000, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			f := seed(t, db)
			ada := accord.Actor{UserID: f.admin.ID, Name: f.admin.Name, Via: "web"}
			w := accord.Webhook{AllianceID: f.alliance.ID, URL: "https://hooks.example.org/a", Format: accord.WebhookSlack}
			if err := db.CreateWebhook(ctx, ada, &w); err != nil {
				t.Fatal(err)
			}
			clk.Set(time.Date(2026, 11, 27, 14, 37, 21, 654321000, time.UTC))
			before := tableRows(t, db)
			anon := accord.Concern{AllianceID: f.alliance.ID, Category: accord.ConcernPatientSafety, Severity: "high", Body: "Falls are not reported", ReceiptCost: password.Fast}
			if _, err := db.RaiseConcern(ctx, ada, &anon, true); err != nil {
				t.Fatal(err)
			}
			tables := map[string]bool{}
			for row := range tableRows(t, db) {
				if before[row] {
					continue
				}
				tables[strings.Fields(row)[0]] = true
				if strings.Contains(row, "14:37") {
					t.Errorf("a row written by the anonymous raise holds its time of day: %s", row)
				}
			}
			for _, want := range []string{"concerns", "notifications", "jobs", "webhook_deliveries"} {
				if !tables[want] {
					t.Errorf("the raise wrote nothing to %s; the test no longer sees what it checks", want)
				}
			}
		})
	}
}

// tableRows renders every row of every table as "table [values]".
func tableRows(t *testing.T, db *store.DB) map[string]bool {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'table'"
	if db.Dialect() == store.Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
	}
	var tables []string
	rs, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var n string
		if err := rs.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rs.Close()
	out := map[string]bool{}
	for _, tb := range tables {
		rows, err := db.SQL().Query(`SELECT * FROM "` + tb + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[tb+fmt.Sprintf(" %s", vals)] = true
		}
		rows.Close()
	}
	return out
}

// TestReceiptRefusalTakesTheSameTime checks that a receipt whose lookup
// prefix no concern has is refused as slowly as one whose prefix exists
// but whose rest is wrong: the quick refusal would tell a guesser which
// prefixes exist. The receipts are hashed at a cost that makes the slow
// hash dominate; the fastest of several interleaved tries are compared,
// the least disturbed by other work on the machine.
func TestReceiptRefusalTakesTheSameTime(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, nil)
			f := seed(t, db)
			cost := password.Params{Memory: 16 * 1024, Time: 2, Threads: 1}
			anon := accord.Concern{AllianceID: f.alliance.ID, Category: accord.ConcernFinance, Severity: "low", Body: "Invoices", ReceiptCost: cost}
			receipt, err := db.RaiseConcern(ctx, accord.Actor{UserID: f.admin.ID, Name: f.admin.Name}, &anon, true)
			if err != nil {
				t.Fatal(err)
			}
			norm := accord.NormalizeReceipt(receipt)
			samePrefix := norm[:accord.ReceiptLookupLen] + strings.Repeat("A", 25-accord.ReceiptLookupLen)
			if samePrefix == norm {
				samePrefix = norm[:accord.ReceiptLookupLen] + strings.Repeat("B", 25-accord.ReceiptLookupLen)
			}
			otherPrefix := strings.Repeat("2", 25)
			for _, c := range []struct {
				name, allianceID string
			}{{"another prefix", f.alliance.ID}, {"another alliance", "no-such-alliance"}} {
				present, absent := time.Hour, time.Hour
				for range 5 {
					present = min(present, refusal(t, db, f.alliance.ID, samePrefix))
					absent = min(absent, refusal(t, db, c.allianceID, otherPrefix))
				}
				if absent < present/2 {
					t.Errorf("%s: refused in %v, but a wrong code with an existing prefix in %v: the time tells which prefixes exist", c.name, absent, present)
				}
			}
		})
	}
}

// refusal looks the receipt up, wants it refused, and returns the time taken.
func refusal(t *testing.T, db *store.DB, allianceID, receipt string) time.Duration {
	t.Helper()
	start := time.Now()
	_, err := db.ConcernByReceipt(context.Background(), allianceID, receipt)
	took := time.Since(start)
	if accord.ErrorCode(err) != accord.ENOTFOUND {
		t.Fatalf("ConcernByReceipt(%q): err = %v, want not found", receipt, err)
	}
	return took
}
