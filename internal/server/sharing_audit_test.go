package server_test

import (
	"context"
	"html/template"
	"net/http"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// TestAuditShowsNoFiguresAcrossParties: under sharing by protocol the
// alliance's admin, of a party with no protocol, reads the audit entries of
// signals on the provider's KPIs (their opening, their summary changing)
// without their subjects and summaries, on the page and in the API; with
// sharing open the same entries read in full. The entries keep their
// place and hashes, and the chain still verifies.
func TestAuditShowsNoFiguresAcrossParties(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			sc := newShScene(t, newApp(t, d))
			ctx, actor := context.Background(), accord.SystemActor("test")
			red := sc.contractRedSignal()
			visits, err := sc.a.db.KPIByKey(ctx, sc.al.ID, "sh-visits")
			if err != nil {
				t.Fatal(err)
			}
			last := sc.periods[len(sc.periods)-1]
			fell := accord.SignalCondition{Kind: accord.SignalTargetRed, Segment: "Beta Clinic", Severity: accord.SeverityWarning, Effect: accord.EffectDeterioration,
				Subject: "Shared sh-visits: fell in Beta Clinic", Summary: "Visits fell to 61 of 100", FirstPeriod: last, LastPeriod: last}
			for _, summary := range []string{"Visits fell to 61 of 100", "Visits fell to 58 of 100"} {
				fell.Summary = summary
				if _, err := sc.a.db.SyncSignals(ctx, actor, sc.al.ID, visits.ID, []accord.SignalCondition{fell}); err != nil {
					t.Fatal(err)
				}
			}
			figures := []string{red.Subject, "61 of 100", "58 of 100", "fell in Beta Clinic"}
			admin := roleAccounts["admin"]

			sc.setSharing(false)
			open := sc.auditOfSignals(admin)
			for _, f := range figures {
				if !strings.Contains(open.text, f) {
					t.Errorf("with sharing open, the audit API does not say %q", f)
				}
			}
			sc.setSharing(true)
			withheld := sc.auditOfSignals(admin)
			for _, f := range figures {
				if strings.Contains(withheld.text, f) {
					t.Errorf("the audit API shows %s %q of another party's KPI", admin, f)
				}
			}
			if !strings.Contains(withheld.text, "Not shared with your party.") || strings.Join(withheld.hashes, " ") != strings.Join(open.hashes, " ") {
				t.Errorf("withheld entries: %d hashes %v, want the same %d entries as with sharing open, saying what is withheld", len(withheld.hashes), withheld.hashes, len(open.hashes))
			}
			page := sc.page(admin, "/a/north-valley/audit?entity=signal")
			for _, f := range figures {
				if strings.Contains(page, template.HTMLEscapeString(f)) {
					t.Errorf("the audit page shows %s %q of another party's KPI", admin, f)
				}
			}
			sc.withdrawnWithheld(admin)
			if rep, err := sc.a.db.VerifyAudit(ctx); err != nil || len(rep.Problems) != 0 {
				t.Errorf("the audit chain after reading it withheld: %+v, %v", rep, err)
			}
		})
	}
}

// auditRead is what the audit API shows of the signals' entries: their
// before and after states as text, and their hashes in order.
type auditRead struct {
	text   string
	hashes []string
}

// auditOfSignals reads the audit entries of signals through the API as email.
func (sc *shScene) auditOfSignals(email string) auditRead {
	sc.t.Helper()
	var got struct{ Items []accord.AuditEntry }
	if r := sc.a.api("GET", "/api/v1/alliances/north-valley/audit?entity=signal&limit=500", sc.tokens[email], "", &got); r.StatusCode != http.StatusOK {
		sc.t.Fatalf("audit as %s: status %d", email, r.StatusCode)
	}
	var out auditRead
	var text strings.Builder
	for _, e := range got.Items {
		text.Write(e.Before)
		text.Write(e.After)
		out.hashes = append(out.hashes, e.Hash)
	}
	out.text = text.String()
	return out
}

// withdrawnWithheld withdraws Beta Clinic's latest sh-visits figure (61 of
// 100 in the sixth month) and wants the audit to show email, of a party
// without a protocol, the withdrawal without the figure it withdrew.
func (sc *shScene) withdrawnWithheld(email string) {
	sc.t.Helper()
	last := sc.periods[len(sc.periods)-1].Format("2006-01")
	w := accord.Withdrawal{AllianceID: sc.al.ID, KPIKey: "sh-visits", Period: last, Segment: "Beta Clinic", Reason: "Counted twice"}
	if _, err := sc.a.db.WithdrawObservation(context.Background(), sc.actor(shOwner), w); err != nil {
		sc.t.Fatal(err)
	}
	var got struct{ Items []accord.AuditEntry }
	if r := sc.a.api("GET", "/api/v1/alliances/north-valley/audit?entity=observation", sc.tokens[email], "", &got); r.StatusCode != http.StatusOK || len(got.Items) == 0 {
		sc.t.Fatalf("the withdrawal's audit as %s: status %d, %d entries", email, r.StatusCode, len(got.Items))
	}
	before := string(got.Items[0].Before)
	if strings.Contains(before, "65") || !strings.Contains(before, "Not shared with your party.") || !strings.Contains(before, "sh-visits") {
		sc.t.Errorf("the withdrawal's audit entry as %s: %s; want its KPI and period, not its figures", email, before)
	}
}
