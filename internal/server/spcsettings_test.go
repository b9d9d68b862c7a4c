package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// TestSPCSettingsPage: an executive switches the alliance to the Anhøj and
// Nelson rules on the charter page; the KPI page reads its charts with
// them, and an annotation marked as a new phase shows as one.
func TestSPCSettingsPage(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	exec := a.login("dana.whitfield@valleyhealthplan.example")
	_, body := a.get(exec, "/a/north-valley/charter/edit")
	if !strings.Contains(body, "How the charts are read") || !strings.Contains(body, `value="nelson"`) {
		t.Fatal("the charter page offers no choice of rules")
	}
	if resp := a.post(exec, "/a/north-valley/spc-settings", url.Values{"run_rules": {"anhoj"}, "control_rules": {"nelson"}, "baseline": {"0"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d", resp.StatusCode)
	}
	set, err := a.db.SPCSettings(context.Background(), mustAlliance(t, a).ID)
	if err != nil || set.RunRules != "anhoj" || set.ControlRules != "nelson" {
		t.Fatalf("settings = %+v, %v", set, err)
	}
	clinical := a.login(roleAccounts["clinical_leader"])
	if resp := a.post(clinical, "/a/north-valley/kpis/hba1c-control/annotations", url.Values{"period": {"2025-06"}, "label": {"New pathway"}, "new_phase": {"on"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("annotate: status %d", resp.StatusCode)
	}
	_, body = a.get(clinical, "/a/north-valley/kpis/hba1c-control")
	if !strings.Contains(body, "new phase: limits re-based") || !strings.Contains(body, "New pathway (new phase)") {
		t.Error("the KPI page does not show the new phase")
	}
}
