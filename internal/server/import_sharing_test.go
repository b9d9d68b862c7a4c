package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// TestImportReportWithholdsUnsharedFigures has an alliance admin of the
// payer dry-run (and then run) imports of the provider's figures under
// sharing by protocol: rows of figures the payer may not see are counted
// as withheld, never as new, revised or unchanged (which would tell the
// figure there), on the JSON batch, the file import and the KPI page's
// form; rows a protocol shares, and every row with sharing open, are
// reported as before.
func TestImportReportWithholdsUnsharedFigures(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			sc := newShScene(t, newApp(t, d))
			sc.cleanSlate()
			admin := roleAccounts["admin"]
			p0, p5 := sc.periods[0].Format("2006-01"), sc.periods[5].Format("2006-01")
			// Alpha Clinic is recorded as 80/100 in month 0 and 85/100 in month 5,
			// Beta Clinic as 60/100 in month 0; Gamma Clinic has no figures.
			batch := fmt.Sprintf(`{"observations":[
				{"kpi":"sh-a1c","period":%q,"segment":"Alpha Clinic","numerator":80,"denominator":100},
				{"kpi":"sh-a1c","period":%q,"segment":"Beta Clinic","numerator":61,"denominator":100},
				{"kpi":"sh-a1c","period":%q,"segment":"Gamma Clinic","numerator":50,"denominator":100},
				{"kpi":"sh-a1c","period":%q,"segment":"Alpha Clinic","numerator":85,"denominator":100}],"dry_run":true}`, p0, p0, p0, p5)
			csv := fmt.Sprintf("kpi,period,segment,numerator,denominator\nsh-a1c,%s,Alpha Clinic,80,100\nsh-a1c,%s,Beta Clinic,61,100\nsh-a1c,%s,Gamma Clinic,50,100\nsh-a1c,%s,Alpha Clinic,85,100\n", p0, p0, p0, p5)
			dry := func(label string, want accord.ImportReport) {
				t.Helper()
				var rep accord.ImportReport
				if r := sc.a.api("POST", "/api/v1/alliances/north-valley/observations", sc.tokens[admin], batch, &rep); r.StatusCode != http.StatusOK {
					t.Fatalf("%s: dry run of the batch: status %d", label, r.StatusCode)
				}
				checkReport(t, label+", JSON batch", rep, want)
				rep = accord.ImportReport{}
				if r := sc.a.api("POST", "/api/v1/alliances/north-valley/imports?filename=f.csv&dry_run=true", sc.tokens[admin], csv, &rep); r.StatusCode != http.StatusOK {
					t.Fatalf("%s: dry run of the file: status %d", label, r.StatusCode)
				}
				checkReport(t, label+", file", rep, want)
			}
			dry("sharing open", accord.ImportReport{New: 1, Revised: 1, Unchanged: 2, KPIs: []string{"sh-a1c"}})
			sc.setSharing(true)
			dry("no protocol", accord.ImportReport{Withheld: 4, KPIs: []string{}})
			end := sc.periods[3].AddDate(0, 0, -1)
			sc.activate(accord.Protocol{Title: "A1c in Alpha Clinic", ToPartyID: sc.parties[accord.PartyPayer], KPIKeys: []string{"sh-a1c"}, Segments: []string{"Alpha Clinic"},
				StartsOn: sc.periods[0], EndsOn: &end}, shPayer, "sh-a1c")
			dry("Alpha Clinic's first months shared", accord.ImportReport{Unchanged: 1, Withheld: 3, KPIs: []string{}})

			var rep accord.ImportReport
			written := strings.Replace(batch, `"dry_run":true`, `"dry_run":false`, 1)
			if r := sc.a.api("POST", "/api/v1/alliances/north-valley/observations", sc.tokens[admin], written, &rep); r.StatusCode != http.StatusCreated {
				t.Fatalf("the batch: status %d", r.StatusCode)
			}
			checkReport(t, "written batch", rep, accord.ImportReport{Unchanged: 1, Withheld: 3, KPIs: []string{}})
			rep = accord.ImportReport{}
			if r := sc.a.api("POST", "/api/v1/alliances/north-valley/observations", sc.tokens[shOwner], written, &rep); r.StatusCode != http.StatusCreated {
				t.Fatalf("the batch again as the owner: status %d", r.StatusCode)
			}
			checkReport(t, "the owner's batch", rep, accord.ImportReport{Unchanged: 4, KPIs: []string{}})

			resp := sc.a.post(sc.browsers[admin], "/a/north-valley/kpis/sh-a1c/observations",
				url.Values{"period": {p0}, "segment": {"Beta Clinic"}, "numerator": {"62"}, "denominator": {"100"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("the KPI page's form: status %d", resp.StatusCode)
			}
			if page := sc.page(admin, "/a/north-valley/kpis/sh-a1c"); !strings.Contains(page, "not shared with your party, so whether it was new or a correction") || strings.Contains(page, "Corrected:") {
				t.Error("the KPI page's form, on a figure the payer does not see, does not withhold what it did")
			}
		})
	}
}

func checkReport(t *testing.T, label string, got, want accord.ImportReport) {
	t.Helper()
	if got.New != want.New || got.Revised != want.Revised || got.Unchanged != want.Unchanged || got.Withheld != want.Withheld ||
		!slices.Equal(got.KPIs, want.KPIs) || len(got.Errors) > 0 {
		t.Errorf("%s: report = new %d, revised %d, unchanged %d, withheld %d, KPIs %q, errors %v; want %d, %d, %d, %d, %q",
			label, got.New, got.Revised, got.Unchanged, got.Withheld, got.KPIs, got.Errors, want.New, want.Revised, want.Unchanged, want.Withheld, want.KPIs)
	}
}
