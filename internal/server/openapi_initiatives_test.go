package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
)

// isInitiativesPath reports whether a documented path belongs to sites,
// initiatives, phases or milestones, which TestOpenAPIInitiatives checks.
func isInitiativesPath(path string) bool {
	if isLedgerPath(path) || isBenefitPath(path) {
		return false
	}
	for _, p := range []string{"/sites", "/initiatives", "/phases/", "/milestones/"} {
		if strings.Contains(path, p) {
			return true
		}
	}
	return false
}

// TestOpenAPIInitiatives checks every initiatives operation against the
// document: a site declared and changed, an initiative proposed, planned,
// assessed, adopted and its first phase started by an override, with the
// refusals each gives, then that every status the document promises was
// seen.
func TestOpenAPIInitiatives(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			sc := newInitScene(a)
			c := newChecker(t, a)
			kpis, err := a.db.ListKPIs(context.Background(), sc.al.ID, accord.KPIFilter{})
			if err != nil || len(kpis) == 0 {
				t.Fatalf("KPIs: %v", err)
			}
			c.vars["provider"], c.vars["lead"], c.vars["lakeview"], c.vars["kpi"] = sc.provider.ID, sc.lead.ID, sc.lakeview.ID, kpis[0].ID
			for _, tc := range initiativeCases(sc) {
				c.do(tc)
			}
			for _, tc := range genericCases(c.doc, isInitiativesPath) {
				c.do(tc)
			}
			c.checkCoverage(isInitiativesPath)
		})
	}
}

// passedAbout saves the id of a motion about the saved initiative, passed
// by every steering seat-holder, as name.
func passedAbout(sc *initScene, name string) func(*checker, []byte) {
	return func(c *checker, b []byte) {
		var d struct{ Initiative struct{ ID string } }
		json.Unmarshal(b, &d)
		c.vars["in"] = d.Initiative.ID
		closes := time.Now().AddDate(0, 0, 7)
		steering, err := sc.a.db.CommitteeByKey(context.Background(), sc.al.ID, "steering")
		if err != nil {
			c.t.Fatal(err)
		}
		m := accord.Motion{AllianceID: sc.al.ID, CommitteeID: steering.ID, Title: "Adopt it", SubjectKind: accord.SubjectText, SubjectID: c.vars["in"],
			Rule: "party-consent", ClosesAt: &closes}
		if err := sc.a.db.ProposeMotion(context.Background(), sc.a.actor(steeringSeats[0]), &m); err != nil {
			c.t.Fatal(err)
		}
		sc.pass(m.Number)
		c.vars[name] = m.ID
	}
}

func initiativeCases(sc *initScene) []apiCase {
	const sites, inits = nv + "/sites", nv + "/initiatives"
	site := `{"party_id":"{provider}","name":"West Hillcrest","kind":"site","segment":"Hillcrest","max_active_initiatives":2,"staff_hours_per_week":"12"}`
	initiative := `{"name":"Tele-dermatology pilot","kind":"telehealth_programme","purpose":"Video follow-ups","sponsor_party_ids":["{provider}"],
		"clinical_lead_member_id":"{lead}","site_ids":["{lakeview}"],"kpis":[{"kpi_id":"{kpi}","direction":"increase","size":"3","by_date":"2027-12-31"}]}`
	phase := `{"name":"Lakeview","starts_on":"2027-05-01","ends_on":"2027-07-31","sites":[{"site_id":"{lakeview}","staff_hours_per_week":[{"role":"nurse","hours":"6"}]}]}`
	ph := nv + "/phases/{ph}"
	return []apiCase{
		{name: "sites", method: "GET", path: sites, who: "member", status: 200},
		{name: "declare a site", method: "POST", path: sites, who: "admin", body: site, status: 201, save: saveID("site", "", "")},
		{name: "declare a site, observer", method: "POST", path: sites, who: "observer", body: site, status: 403},
		{name: "declare a site twice", method: "POST", path: sites, who: "admin", body: site, status: 422, field: "name"},
		{name: "declare a site without its party", method: "POST", path: sites, who: "admin", body: `{"name":"X","kind":"site"}`, status: 422, field: "party_id", req: reqAny},
		{name: "change a site", method: "PATCH", path: sites + "/{site}", who: "admin", body: `{"staff_hours_per_week":"14"}`, status: 200,
			save: wantFields(map[string]any{"staff_hours_per_week": "14"})},
		{name: "change a site's kind badly", method: "PATCH", path: sites + "/{site}", who: "admin", body: `{"kind":"clinic"}`, status: 422, field: "kind", req: reqAny},
		{name: "change no site", method: "PATCH", path: sites + "/nope", who: "admin", body: `{"name":"Y"}`, status: 404},
		{name: "propose, observer", method: "POST", path: inits, who: "observer", body: initiative, status: 403},
		{name: "propose without a lead", method: "POST", path: inits, who: "executive", body: `{"name":"X","kind":"other","purpose":"p","sponsor_party_ids":["{provider}"]}`,
			status: 422, field: "clinical_lead_member_id", req: reqAny},
		{name: "propose", method: "POST", path: inits, who: "executive", body: initiative, status: 201, save: passedAbout(sc, "adoption")},
		{name: "initiatives", method: "GET", path: inits, who: "member", status: 200},
		{name: "one initiative", method: "GET", path: inits + "/{in}", who: "member", status: 200},
		{name: "no such initiative", method: "GET", path: inits + "/nope", who: "member", status: 404},
		{name: "plan a phase, observer", method: "POST", path: inits + "/{in}/phases", who: "observer", body: phase, status: 403},
		{name: "plan a phase without dates", method: "POST", path: inits + "/{in}/phases", who: "admin", body: `{"name":"X"}`, status: 422, field: "starts_on", req: reqAny},
		{name: "plan a phase", method: "POST", path: inits + "/{in}/phases", who: "admin", body: phase, status: 201, save: saveID("ph", "", "")},
		{name: "add a deliverable", method: "POST", path: ph + "/milestones", who: "admin", status: 201, save: saveID("ms", "", ""),
			body: `{"kind":"deliverable","title":"Workflow agreed","due_on":"2027-06-01","responsible_role":"admin"}`},
		{name: "add a condition", method: "POST", path: ph + "/milestones", who: "admin", status: 201,
			body: `{"kind":"condition","kpi_id":"{kpi}","segment":"Lakeview","comparison":"at_most","threshold":"8","consecutive_periods":3}`},
		{name: "add a milestone of no kind", method: "POST", path: ph + "/milestones", who: "admin", body: `{"kind":"wish"}`, status: 422, field: "kind", req: reqAny},
		{name: "add a milestone, observer", method: "POST", path: ph + "/milestones", who: "observer", body: `{"kind":"deliverable"}`, status: 403},
		{name: "mark done without the role", method: "POST", path: nv + "/milestones/{ms}/complete", who: "executive", body: `{"evidence":"Signed"}`, status: 403},
		{name: "mark done", method: "POST", path: nv + "/milestones/{ms}/complete", who: "admin", body: `{"evidence":"Signed by every clinic"}`, status: 200},
		{name: "mark done twice", method: "POST", path: nv + "/milestones/{ms}/complete", who: "admin", body: `{"evidence":"Again"}`, status: 409},
		{name: "clinical sign-off by an executive of the plan", method: "POST", path: ph + "/readiness", who: "executive", body: `{"dimension":"clinical_signoff","score":"ready"}`, status: 403},
		{name: "score a dimension", method: "POST", path: ph + "/readiness", who: "executive", body: `{"dimension":"training","score":"ready"}`, status: 201},
		{name: "score short of ready without a note", method: "POST", path: ph + "/readiness", who: "executive", body: `{"dimension":"training","score":"not_ready"}`,
			status: 422, field: "note"},
		{name: "the gate", method: "GET", path: ph + "/gate", who: "member", status: 200, save: wantFields(map[string]any{"allowed": false})},
		{name: "the gate of no decision", method: "GET", path: ph + "/gate?decision=wait", who: "member", status: 422, field: "decision"},
		{name: "the gate of no phase", method: "GET", path: nv + "/phases/nope/gate", who: "member", status: 404},
		{name: "adopt without a motion", method: "POST", path: inits + "/{in}/adopt", who: "admin", body: `{}`, status: 422, field: "motion_id", req: reqAny},
		{name: "adopt, observer", method: "POST", path: inits + "/{in}/adopt", who: "observer", body: `{"motion_id":"{adoption}"}`, status: 403},
		{name: "adopt", method: "POST", path: inits + "/{in}/adopt", who: "admin", body: `{"motion_id":"{adoption}"}`, status: 200},
		{name: "adopt again", method: "POST", path: inits + "/{in}/adopt", who: "admin", body: `{"motion_id":"{adoption}"}`, status: 409},
		{name: "gate motion, observer", method: "POST", path: ph + "/gate-motions", who: "observer", body: `{"decision":"advance","committee":"steering"}`, status: 403},
		{name: "gate motion of no decision", method: "POST", path: ph + "/gate-motions", who: "admin", status: 422, field: "decision", req: reqAny,
			body: `{"decision":"wait","committee":"steering","closes_at":"2030-01-01T00:00:00Z"}`},
		{name: "gate motion", method: "POST", path: ph + "/gate-motions", who: "admin", status: 201,
			body: `{"decision":"advance","committee":"steering","closes_at":"2030-01-01T00:00:00Z"}`,
			save: func(c *checker, b []byte) {
				var m struct {
					ID     string
					Number int
				}
				json.Unmarshal(b, &m)
				sc.pass(m.Number)
				c.vars["gm"] = m.ID
			}},
		{name: "record, observer", method: "POST", path: ph + "/gate-decisions", who: "observer", body: `{"motion_id":"{gm}","kind":"advance"}`, status: 403},
		{name: "record without override", method: "POST", path: ph + "/gate-decisions", who: "admin", body: `{"motion_id":"{gm}","kind":"advance"}`,
			status: 422, field: "override_reason"},
		{name: "record with override", method: "POST", path: ph + "/gate-decisions", who: "admin", status: 201,
			body: `{"motion_id":"{gm}","kind":"advance","override_reason":"Lakeview agreed to the extra hours"}`,
			save: wantFields(map[string]any{"override_reason": "Lakeview agreed to the extra hours"})},
		{name: "record again", method: "POST", path: ph + "/gate-decisions", who: "admin", status: 409,
			body: `{"motion_id":"{gm}","kind":"advance","override_reason":"again"}`},
		// Changes after creation: the active phase is weighed against
		// West Lakeview's capacity (10 h, one initiative), which the
		// override above already exceeds, so more hours are refused.
		{name: "change an initiative", method: "PATCH", path: inits + "/{in}", who: "admin", status: 200,
			body: `{"purpose":"Video follow-ups and triage","kpis":[{"kpi_id":"{kpi}","direction":"increase","size":"4","by_date":"2028-06-30"}]}`,
			save: func(c *checker, b []byte) {
				var d struct{ Initiative accord.Initiative }
				json.Unmarshal(b, &d)
				if d.Initiative.Purpose != "Video follow-ups and triage" || len(d.Initiative.KPIs) != 1 || d.Initiative.KPIs[0].Size != number.DecimalFromInt(4) {
					c.t.Errorf("changed initiative = %+v, want the new purpose and a size of 4", d.Initiative)
				}
			}},
		{name: "change an initiative's kind badly", method: "PATCH", path: inits + "/{in}", who: "admin", body: `{"kind":"wish"}`, status: 422, field: "kind", req: reqAny},
		{name: "take a site in a phase off an initiative", method: "PATCH", path: inits + "/{in}", who: "admin", body: `{"site_ids":[]}`, status: 422, field: "site_ids"},
		{name: "change an initiative, observer", method: "PATCH", path: inits + "/{in}", who: "observer", body: `{"purpose":"x"}`, status: 403},
		{name: "change no initiative", method: "PATCH", path: inits + "/nope", who: "admin", body: `{"purpose":"x"}`, status: 404},
		{name: "change an active phase over capacity", method: "PATCH", path: ph, who: "admin", status: 422, field: "override_reason",
			body: `{"sites":[{"site_id":"{lakeview}","staff_hours_per_week":[{"role":"nurse","hours":"9"}]}]}`},
		{name: "change an active phase over capacity with an override", method: "PATCH", path: ph, who: "admin", status: 200,
			body: `{"sites":[{"site_id":"{lakeview}","staff_hours_per_week":[{"role":"nurse","hours":"9"}]}],"override_reason":"Lakeview hires a locum nurse"}`},
		{name: "change a phase to end before it starts", method: "PATCH", path: ph, who: "admin", body: `{"ends_on":"2027-01-01"}`, status: 422, field: "ends_on", req: reqAny},
		{name: "change a phase, observer", method: "PATCH", path: ph, who: "observer", body: `{"name":"x"}`, status: 403},
		{name: "remove a started phase", method: "DELETE", path: ph, who: "admin", status: 409},
		{name: "plan a phase to remove", method: "POST", path: inits + "/{in}/phases", who: "admin", status: 201, save: saveID("ph2", "", ""),
			body: `{"name":"All clinics","starts_on":"2027-09-01","ends_on":"2027-12-31"}`},
		{name: "remove a phase, observer", method: "DELETE", path: nv + "/phases/{ph2}", who: "observer", status: 403},
		{name: "remove a phase", method: "DELETE", path: nv + "/phases/{ph2}", who: "admin", status: 204},
		{name: "remove it again", method: "DELETE", path: nv + "/phases/{ph2}", who: "admin", status: 404},
		{name: "stop it", method: "GET", path: inits + "/{in}", who: "member", status: 200, save: stopAll(sc)},
		{name: "change a stopped initiative", method: "PATCH", path: inits + "/{in}", who: "admin", body: `{"purpose":"x"}`, status: 409},
		{name: "change a stopped phase", method: "PATCH", path: ph, who: "admin", body: `{"name":"x"}`, status: 409},
	}
}

// stopAll stops the saved initiative by a passed text motion's stop gate
// on the saved phase, as a committee would.
func stopAll(sc *initScene) func(*checker, []byte) {
	return func(c *checker, _ []byte) {
		passedAbout(sc, "stop")(c, []byte(`{"initiative":{"id":"`+c.vars["in"]+`"}}`))
		if err := sc.a.db.RecordGateDecision(context.Background(), sc.a.actor(steeringSeats[0]), &accord.GateDecision{AllianceID: sc.al.ID,
			PhaseID: c.vars["ph"], Kind: accord.GateStop, MotionID: c.vars["stop"]}); err != nil {
			c.t.Fatal(err)
		}
	}
}
