package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// isBenefitPath reports whether a documented path is a benefit's or an
// ROI assessment's, which TestOpenAPIBenefits checks on its own.
func isBenefitPath(path string) bool {
	return strings.HasSuffix(path, "/benefits") || strings.Contains(path, "/benefits/") || strings.Contains(path, "/roi-assessments")
}

// TestOpenAPIBenefits checks the benefits and ROI assessments on the demo's
// care-manager programme against the document, on both databases: a KPI
// benefit proposed by the plan's finance lead, refused to her own party's
// approval and approved by the physician group's; a savings share; an ROI
// assessment submitted and reviewed by the programme's clinical lead, and
// nobody else; the ledger answering both; and the telehealth pilot's gate,
// which cannot go to a vote while its assessment awaits review.
func TestOpenAPIBenefits(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			ctx := context.Background()
			al := mustAlliance(t, a)
			pr := a.demo.Portfolio
			parties, err := a.db.ListParties(ctx, al.ID)
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]string{}
			for _, p := range parties {
				ids[p.OrgName] = p.ID
			}
			enrol, err := a.db.KPIByKey(ctx, al.ID, "care-management-enrolment")
			if err != nil {
				t.Fatal(err)
			}
			contract, err := a.db.ContractByKey(ctx, al.ID, "shared-savings")
			if err != nil {
				t.Fatal(err)
			}
			c := newChecker(t, a)
			for who, email := range map[string]string{"finance": planFinance, "group": groupFinance, "lead": groupExec, "clinical": roleAccounts["clinical_leader"]} {
				tok := a.token(email, "write")
				c.creds[who] = func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
			}
			in := nv + "/initiatives/" + pr.CareManager
			kpiBenefit := fmt.Sprintf(`{"kind":"kpi","kpi_id":%q,"baseline":"40","measure_from":"2026-01","unit_value":"20.00","shares":[{"party_id":%q,"percent":"100"}]}`,
				enrol.ID, ids["Valley Health Plan"])
			save := func(name string) func(*checker, []byte) { return saveID(name, "", "") }
			var ledger string
			for _, tc := range []apiCase{
				{name: "propose a KPI benefit", method: "POST", path: in + "/benefits", who: "finance", status: 201, req: reqValid, body: kpiBenefit, save: save("b1")},
				{name: "propose a savings share", method: "POST", path: in + "/benefits", who: "finance", status: 201, req: reqValid,
					body: fmt.Sprintf(`{"kind":"savings_share","contract_id":%q,"savings_percent":"10"}`, contract.ID)},
				{name: "propose, observer", method: "POST", path: in + "/benefits", who: "observer", status: 403, body: kpiBenefit},
				{name: "propose, shares short of 100", method: "POST", path: in + "/benefits", who: "finance", status: 422, field: "shares",
					body: strings.Replace(kpiBenefit, `"100"`, `"90"`, 1)},
				{name: "propose, a KPI not the initiative's", method: "POST", path: nv + "/initiatives/" + pr.RemoteMonitoring + "/benefits", who: "finance", status: 422, field: "kpi_id", body: kpiBenefit},
				{name: "propose, no such initiative", method: "POST", path: nv + "/initiatives/nope/benefits", who: "finance", status: 404, body: kpiBenefit},
				{name: "approve one's own party's", method: "POST", path: nv + "/benefits/{b1}/approve", who: "finance", status: 403},
				{name: "approve", method: "POST", path: nv + "/benefits/{b1}/approve", who: "group", status: 200},
				{name: "approve again", method: "POST", path: nv + "/benefits/{b1}/approve", who: "group", status: 409},
				{name: "approve none", method: "POST", path: nv + "/benefits/nope/approve", who: "group", status: 404},
				{name: "submit an assessment", method: "POST", path: in + "/roi-assessments", who: "finance", status: 201, req: reqValid, body: `{"rate":"7%"}`, save: save("a1")},
				{name: "submit, observer", method: "POST", path: in + "/roi-assessments", who: "observer", status: 403, body: `{}`},
				{name: "submit, bad rate", method: "POST", path: in + "/roi-assessments", who: "finance", status: 422, field: "rate", body: `{"rate":"lots"}`},
				{name: "submit, no such initiative", method: "POST", path: nv + "/initiatives/nope/roi-assessments", who: "finance", status: 404, body: `{}`},
				{name: "review, concerns without a note", method: "POST", path: nv + "/roi-assessments/{a1}/review", who: "lead", status: 422, field: "note", body: `{"review":"concerns"}`},
				{name: "review, another clinical leader", method: "POST", path: nv + "/roi-assessments/{a1}/review", who: "clinical", status: 403, body: `{"review":"agree"}`},
				{name: "review, finance", method: "POST", path: nv + "/roi-assessments/{a1}/review", who: "finance", status: 403, body: `{"review":"agree"}`},
				{name: "review", method: "POST", path: nv + "/roi-assessments/{a1}/review", who: "lead", status: 200, req: reqValid, body: `{"review":"concerns","note":"Enrolment is not care."}`},
				{name: "review again", method: "POST", path: nv + "/roi-assessments/{a1}/review", who: "lead", status: 409, body: `{"review":"agree"}`},
				{name: "review none", method: "POST", path: nv + "/roi-assessments/nope/review", who: "lead", status: 404, body: `{"review":"agree"}`},
				{name: "the ledger with its benefits", method: "GET", path: in + "/ledger", who: "member", status: 200, save: func(_ *checker, b []byte) { ledger = string(b) }},
				{name: "a gate while its assessment awaits review", method: "POST", path: nv + "/phases/" + pr.GateWaiting + "/gate-motions", who: "admin", status: 422, field: "decision",
					body: `{"decision":"advance","committee":"steering","closes_at":"2030-01-01T00:00:00Z"}`},
			} {
				c.do(tc)
			}
			for _, tc := range genericCases(c.doc, isBenefitPath) {
				if strings.HasSuffix(tc.path, "/review") && tc.who == "admin" && (tc.status == 413 || tc.status == 422) {
					tc.who = "lead" // only a clinical leader gets as far as the body
				}
				c.do(tc)
			}
			c.checkCoverage(isBenefitPath)
			var lv struct {
				Benefits []struct {
					ID, Status, Kind string
					Total            float64
					Periods          []json.RawMessage
				}
				Assessments []struct{ Review string } `json:"roi_assessments"`
			}
			if err := json.Unmarshal([]byte(ledger), &lv); err != nil {
				t.Fatal(err)
			}
			if len(lv.Benefits) != 3 || lv.Benefits[0].Status != "approved" || len(lv.Benefits[0].Periods) == 0 || lv.Benefits[1].ID != c.vars["b1"] || lv.Benefits[2].Status != "proposed" {
				t.Errorf("ledger benefits = %+v; want the demo's measured one, the approved one and the proposed savings share", lv.Benefits)
			}
			if len(lv.Assessments) != 2 || lv.Assessments[0].Review != "concerns" || lv.Assessments[1].Review != "agree" {
				t.Errorf("assessments = %+v; want the new one (concerns) first, then the demo's (agree)", lv.Assessments)
			}
		})
	}
}
