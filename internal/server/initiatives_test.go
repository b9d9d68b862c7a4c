package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// initDetail is the part of an initiative's API answer the tests read.
type initDetail struct {
	Initiative struct{ ID, Status string }
	Phases     []struct {
		Phase struct{ ID, Status string }
		Gate  *struct {
			Allowed   bool
			Reasons   []struct{ Code, Text string }
			Overloads []struct{ Site, Month, Sentence string }
		}
		Gates []struct {
			Kind           string
			OverrideReason string `json:"override_reason"`
		} `json:"gate_decisions"`
		Readiness []struct{ Dimension, Score string }
	}
}

// TestInitiativeGateFlow walks an initiative from its proposal through the
// API to its first phase, started only by an override because it would
// take Lakeview over its capacity: the refusal without one, through the
// API and the page, names the site-months.
func TestInitiativeGateFlow(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			sc := newInitScene(a)
			const base = "/api/v1/alliances/north-valley"
			admin := a.token(roleAccounts["admin"], "write")

			// Any member but an observer proposes; the clinical lead must be a provider's clinical leader.
			body := fmt.Sprintf(`{"name":"Tele-dermatology pilot","kind":"telehealth_programme","purpose":"Video follow-ups","sponsor_party_ids":[%q],
				"clinical_lead_member_id":%q,"site_ids":[%q],"kpis":[]}`, sc.provider.ID, sc.lead.ID, sc.lakeview.ID)
			if r := a.api("POST", base+"/initiatives", a.token(roleAccounts["observer"], "write"), body, nil); r.StatusCode != http.StatusForbidden {
				t.Errorf("observer proposing: status %d, want 403", r.StatusCode)
			}
			var created initDetail
			if r := a.api("POST", base+"/initiatives", a.token(roleAccounts["member"], "write"), body, &created); r.StatusCode != http.StatusCreated {
				t.Fatalf("propose: status %d, want 201", r.StatusCode)
			}
			in := created.Initiative.ID
			phase := fmt.Sprintf(`{"name":"Lakeview","starts_on":"2027-05-01","ends_on":"2027-07-31","sites":[{"site_id":%q,"back_office_hours_per_week":"1",
				"staff_hours_per_week":[{"role":"nurse","hours":"5"}]}]}`, sc.lakeview.ID)
			var ph struct{ ID string }
			if r := a.api("POST", base+"/initiatives/"+in+"/phases", admin, phase, &ph); r.StatusCode != http.StatusCreated {
				t.Fatalf("add phase: status %d, want 201", r.StatusCode)
			}

			// Clinical sign-off is refused to anyone but a clinical leader of the provider in scope.
			signoff := `{"dimension":"clinical_signoff","score":"ready"}`
			for _, who := range []string{"finance", "operations", "executive"} {
				if r := a.api("POST", base+"/phases/"+ph.ID+"/readiness", a.token(roleAccounts[who], "write"), signoff, nil); r.StatusCode != http.StatusForbidden {
					t.Errorf("clinical sign-off by %s: status %d, want 403", who, r.StatusCode)
				}
			}
			ops := a.login(roleAccounts["operations"])
			resp := a.post(ops, "/a/north-valley/initiatives/"+in+"/phases/"+ph.ID+"/readiness", url.Values{"dimension": {"clinical_signoff"}, "score": {"ready"}})
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("clinical sign-off by operations through the page: status %d, want 403", resp.StatusCode)
			}
			if r := a.api("POST", base+"/phases/"+ph.ID+"/readiness", a.token(roleAccounts["clinical_leader"], "write"), signoff, nil); r.StatusCode != http.StatusCreated {
				t.Fatalf("clinical sign-off by the provider's clinical leader: status %d, want 201", r.StatusCode)
			}
			for _, dim := range []string{"back_office", "staff_bandwidth", "training", "it_integration", "patient_communication"} {
				resp := a.post(ops, "/a/north-valley/initiatives/"+in+"/phases/"+ph.ID+"/readiness", url.Values{"dimension": {dim}, "score": {"ready"}})
				if resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("assess %s through the page: status %d, want 303", dim, resp.StatusCode)
				}
			}

			// The gate now stops the phase for capacity alone.
			var gate struct {
				Allowed   bool
				Reasons   []struct{ Code, Text string }
				Overloads []struct{ Site, Month string }
			}
			a.api("GET", base+"/phases/"+ph.ID+"/gate", admin, "", &gate)
			if gate.Allowed || len(gate.Reasons) == 0 || gate.Reasons[0].Code != "over_capacity" || len(gate.Overloads) == 0 || gate.Overloads[0].Month != "2027-05" {
				t.Fatalf("gate = %+v, want stopped by capacity at Lakeview from 2027-05", gate)
			}

			// Adoption by a passed motion, proposed from the page.
			c := a.login(roleAccounts["admin"])
			if resp := a.post(c, "/a/north-valley/initiatives/"+in+"/adoption-motion", url.Values{"committee": {"steering"}, "closes_on": {"2030-01-01"}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("adoption motion: status %d, want 303", resp.StatusCode)
			}
			_, page := a.get(c, "/a/north-valley/initiatives/"+in)
			adoption := motionNumberIn(t, a, "Adopt the initiative: Tele-dermatology pilot")
			sc.pass(adoption.Number)
			if resp := a.post(c, "/a/north-valley/initiatives/"+in+"/adopt", url.Values{"motion_id": {adoption.ID}}); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("adopt without confirming: status %d, want 422", resp.StatusCode)
			}
			if resp := a.post(c, "/a/north-valley/initiatives/"+in+"/adopt", url.Values{"motion_id": {adoption.ID}, "confirm": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("adopt: status %d, want 303", resp.StatusCode)
			}

			// The gate's motion carries the evidence.
			var motion struct {
				ID     string
				Number int
				Body   string
			}
			if r := a.api("POST", base+"/phases/"+ph.ID+"/gate-motions", admin, `{"decision":"advance","committee":"steering","closes_at":"2030-01-01T00:00:00Z"}`, &motion); r.StatusCode != http.StatusCreated {
				t.Fatalf("gate motion: status %d, want 201", r.StatusCode)
			}
			for _, want := range []string{"Clinical sign-off", "Over capacity", "Lakeview, May 2027"} {
				if !strings.Contains(motion.Body, want) {
					t.Errorf("gate motion's body lacks %q:\n%s", want, motion.Body)
				}
			}
			sc.pass(motion.Number)

			// Recording it without an override is refused, naming the site-months.
			var e apiErrorBody
			decision := `{"motion_id":"` + motion.ID + `","kind":"advance"}`
			if r := a.api("POST", base+"/phases/"+ph.ID+"/gate-decisions", admin, decision, &e); r.StatusCode != http.StatusUnprocessableEntity ||
				e.Error.Field != "override_reason" || !strings.Contains(e.Error.Message, "Lakeview, May 2027") {
				t.Errorf("gate without override: status %d, %+v; want 422 on override_reason naming Lakeview, May 2027", r.StatusCode, e.Error)
			}
			gatePath := "/a/north-valley/initiatives/" + in + "/phases/" + ph.ID + "/gate"
			form := url.Values{"motion_id": {motion.ID}, "kind": {"advance"}}
			if resp := a.post(c, gatePath, form); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("page gate without confirming: status %d, want 422", resp.StatusCode)
			}
			form.Set("confirm", "yes")
			status, refused := a.postPage(c, gatePath, form)
			if status != http.StatusUnprocessableEntity || !strings.Contains(refused, "Lakeview, May 2027") || !strings.Contains(refused, `aria-invalid="true"`) {
				t.Errorf("page gate without override: status %d, want 422 naming Lakeview, May 2027 by the override field", status)
			}

			// With an override, it is recorded, and the reason kept.
			override := `{"motion_id":"` + motion.ID + `","kind":"advance","override_reason":"Lakeview's staff agreed to the extra hours"}`
			if r := a.api("POST", base+"/phases/"+ph.ID+"/gate-decisions", admin, override, nil); r.StatusCode != http.StatusCreated {
				t.Fatalf("gate with override: status %d, want 201", r.StatusCode)
			}
			var got initDetail
			a.api("GET", base+"/initiatives/"+in, admin, "", &got)
			if got.Initiative.Status != "active" || got.Phases[0].Phase.Status != "active" || len(got.Phases[0].Gates) != 1 ||
				got.Phases[0].Gates[0].OverrideReason != "Lakeview's staff agreed to the extra hours" {
				b, _ := json.Marshal(got)
				t.Errorf("after the override: %s; want the initiative and its phase active, the override kept", b)
			}
			if !strings.Contains(page, "Adoption") {
				t.Errorf("the proposed initiative's page has no adoption section")
			}
			_, page = a.get(c, "/a/north-valley/initiatives/"+in)
			if !strings.Contains(page, "overridden:") || !strings.Contains(page, "Lakeview&#39;s staff agreed") {
				t.Errorf("the initiative's page does not show the override")
			}
		})
	}
}

// motionNumberIn finds the newest motion with the title through the API.
func motionNumberIn(t *testing.T, a *app, title string) struct {
	ID     string
	Number int
} {
	t.Helper()
	var l struct {
		Items []struct {
			ID     string
			Number int
			Title  string
		}
	}
	a.api("GET", "/api/v1/alliances/north-valley/motions", a.token(roleAccounts["admin"], "read"), "", &l)
	for _, m := range l.Items {
		if m.Title == title {
			return struct {
				ID     string
				Number int
			}{m.ID, m.Number}
		}
	}
	t.Fatalf("no motion %q", title)
	return struct {
		ID     string
		Number int
	}{}
}
