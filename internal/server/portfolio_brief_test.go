package server_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// TestOverviewPortfolio: the demo's overview and its next check-in's
// packet carry the portfolio — what moved (remote monitoring paused at
// Lakeview), what is at risk (Hillcrest's survey missed, the disputed
// kits, the payer's commitment past due) and what needs a gate (telehealth
// at Riverside Main, the EHR referral enhancement) — and "Needs you" asks
// each person for their part: the clinical lead for the missed milestone,
// the payer's finance for its commitment, the vendor for its disputed kits.
func TestOverviewPortfolio(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			a := newApp(t, d)
			_, body := a.get(a.login(browserAdminEmail), "/a/north-valley")
			body = html.UnescapeString(body)
			for _, want := range []string{`id="portfolio-h"`, "4 initiatives", "Remote monitoring pilot, Lakeview: paused by motion",
				"Milestone missed: Survey of Hillcrest's patients", "Contribution disputed: Brightline Telehealth's $90,000.00",
				"Commitment past due: Valley Health Plan", "Integration team over capacity from",
				"Readiness gate waiting: Telehealth pilot, Riverside Main", "EHR referral enhancement: proposed on",
				`href="/a/north-valley/portfolio"`} {
				if !strings.Contains(body, want) {
					t.Errorf("the overview lacks %q", want)
				}
			}
			needs := []struct{ email, want string }{
				{"samuel.kim@riversidepg.example", "Milestone missed: Survey of Hillcrest's patients"},
				{"samuel.kim@riversidepg.example", "Readiness gate waiting: Telehealth pilot, Riverside Main"},
				{"elena.vasquez@riversidepg.example", "Milestone at risk: Care-plan audit at every clinic"},
				{"priya.raman@valleyhealthplan.example", "Commitment past due: Valley Health Plan"},
				{"leo.brandt@brightline.example", "Contribution disputed: Brightline Telehealth's"},
			}
			for _, n := range needs {
				if needIndex(a.needsYou(n.email), n.want) < 0 {
					t.Errorf("%s's needs-you lacks %q", n.email, n.want)
				}
			}
			if i := needIndex(a.needsYou("nadia.haddad@riversidepg.example"), "Milestone"); i >= 0 {
				t.Error("a plain member is asked about a milestone")
			}
			status, packet := a.get(a.login(browserAdminEmail), "/a/north-valley/meetings/"+a.demo.Governance.NextCheckIn+"/packet")
			packet = html.UnescapeString(packet)
			if status != http.StatusOK {
				t.Fatalf("packet: status %d", status)
			}
			for _, want := range []string{"<h2>Portfolio", "What moved", "paused by motion", "What is at risk", "Contribution disputed",
				"What needs a gate", "Readiness gate waiting: Telehealth pilot, Riverside Main"} {
				if !strings.Contains(packet, want) {
					t.Errorf("the packet lacks %q", want)
				}
			}
		})
	}
}
