package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// matrixKPIChange proposes a change to k's definition for the access
// matrix; the first approver makes it take effect or meets a conflict.
func (a *app) matrixKPIChange(k accord.KPI) string {
	a.t.Helper()
	name := "Changed " + k.Name
	c := accord.KPIChange{AllianceID: k.AllianceID, KPIID: k.ID, Reason: "for the matrix", Changes: accord.DefinitionChange{Name: &name}}
	if err := a.db.ProposeKPIChange(context.Background(), accord.SystemActor("test"), k.OwnerPartyID, &c); err != nil {
		a.t.Fatal(err)
	}
	return c.ID
}

// TestKPIChangePages proposes a change to a KPI's definition on its page,
// sees it with what it changes, approves it for every other party, and
// sees the new definition with the change in its history.
func TestKPIChangePages(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	const page = "/a/north-valley/kpis/hba1c-control"
	finance := a.login(roleAccounts["finance"])
	_, body := a.get(finance, page)
	for _, want := range []string{"Propose a change to the definition", `name="exclusions"`} {
		if !strings.Contains(body, want) {
			t.Fatalf("the KPI page lacks %q", want)
		}
	}
	form := url.Values{"name": {"HbA1c control (<8%)"}, "exclusions": {"Hospice"}, "grace_days": {"12"}, "reason": {"Align with HEDIS"}}
	for _, f := range []string{"description", "numerator", "denominator", "source_system", "measure_url"} {
		form.Set(f, kpiField(t, a, f))
	}
	if resp := a.post(finance, page+"/changes", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("propose: status %d", resp.StatusCode)
	}
	_, body = a.get(finance, page)
	if !strings.Contains(body, "Align with HEDIS") || !strings.Contains(body, "Hospice") || strings.Count(body, `class="defchange`) != 1 {
		t.Fatalf("the page does not show the proposed change")
	}
	for _, who := range []string{"elena.vasquez@riversidepg.example", "jonathan.reyes@cedarridge.example", "leo.brandt@brightline.example"} {
		c := a.login(who)
		_, body := a.get(c, page)
		m := regexp.MustCompile(`/a/north-valley/kpi-changes/([^/]+)/approve`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s has no approve button", who)
		}
		if resp := a.post(c, m[0], url.Values{}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("approve as %s: status %d", who, resp.StatusCode)
		}
	}
	k, err := a.db.KPIByKey(context.Background(), mustAlliance(t, a).ID, "hba1c-control")
	if err != nil || k.Exclusions != "Hospice" || k.GraceDays != 12 {
		t.Fatalf("KPI after every party approved = %+v, %v", k, err)
	}
	_, body = a.get(finance, page)
	if !strings.Contains(body, "in effect since") {
		t.Error("the page does not show the change in the KPI's history")
	}
}

// kpiField is a field of the demo KPI's definition as the form sends it.
func kpiField(t *testing.T, a *app, field string) string {
	k, err := a.db.KPIByKey(context.Background(), mustAlliance(t, a).ID, "hba1c-control")
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{"description": k.Description, "numerator": k.Numerator, "denominator": k.Denominator,
		"source_system": k.SourceSystem, "measure_url": k.MeasureURL}[field]
}
