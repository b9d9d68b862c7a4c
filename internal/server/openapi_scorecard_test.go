package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// The scorecard's operations are checked on a fresh demo alliance: a KPI
// becomes official only when every party has approved it, and the other
// conformance test adds a party nobody can approve for.

// isScorecardPath reports whether a documented path belongs to the
// scorecard: KPIs, targets, observations and imports.
func isScorecardPath(path string) bool {
	for _, p := range []string{"/scorecard", "/kpis", "/kpi-changes/", "/targets/", "/observations", "/imports", "/spc-settings"} {
		if strings.Contains(path, p) {
			return true
		}
	}
	return false
}

// isUploadPath reports whether a path, documented or real, takes data
// files, whose bodies may be far larger than other requests'.
func isUploadPath(path string) bool {
	return strings.HasSuffix(path, "/imports") || strings.HasSuffix(path, "/observations") && !strings.Contains(path, "/kpis/")
}

// badInputKPI is the KPI TestBadInput sends targets and annotations to.
const badInputKPI = "oa-bad-input"

// proposeKPI adds a KPI directly in the store.
func proposeKPI(t *testing.T, a *app, allianceID, partyID, key string) {
	t.Helper()
	k := accord.KPI{AllianceID: allianceID, Key: key, Name: key, Category: accord.CatOperations, Unit: accord.UnitCount,
		Direction: accord.LowerIsBetter, Frequency: accord.Monthly, OwnerPartyID: partyID}
	if err := a.db.ProposeKPI(context.Background(), accord.SystemActor("test"), partyID, &k); err != nil {
		t.Fatalf("propose KPI %s: %v", key, err)
	}
}

// isImportReport reports whether an answer is an import report rather than
// an Error: an import refuses bad rows by naming them in the report.
func isImportReport(b []byte) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return false
	}
	_, rows := m["rows"]
	_, errs := m["errors"]
	return rows && errs
}

// scorecardPeople are the accounts the scorecard scenario acts as, beyond
// those of newChecker: a person of each party able to approve, and people
// whose roles or party stop them.
var scorecardPeople = map[string]string{
	"finance":       roleAccounts["finance"],         // payer: proposes, submits the payer's data
	"clinical":      roleAccounts["clinical_leader"], // provider: proposes, submits, cannot approve
	"provider-exec": "elena.vasquez@riversidepg.example",
	"investor-exec": "jonathan.reyes@cedarridge.example",
	"vendor-exec":   "leo.brandt@brightline.example",
	"member-write":  roleAccounts["member"],
}

// TestOpenAPIScorecard walks through the scorecard as the partners would —
// propose and approve KPIs and targets, annotate, send data as JSON, CSV and
// FHIR, read it back as of a moment and with its history, look at the
// tiles — checking every request and answer against the document, on both
// databases, then that every status the document promises was seen.
func TestOpenAPIScorecard(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			c := newChecker(t, a)
			for who, email := range scorecardPeople {
				tok := a.token(email, "write")
				c.creds[who] = func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
			}
			c.vars["other_party"] = otherParty(t, a)
			// Six months of data ending a few months ago, so that the
			// scorecard (which looks back three years) always shows them.
			now := time.Now().UTC()
			start := time.Date(now.Year(), now.Month()-8, 1, 0, 0, 0, 0, time.UTC)
			for i := range 6 {
				c.vars[fmt.Sprintf("p%d", i+1)] = start.AddDate(0, i, 0).Format("2006-01")
			}
			c.vars["today"] = now.Format("2006-01-02")
			cases := slices.Concat(kpiCases(), targetCases(), batchCases(), fileCases(), readCases(), withdrawCases(), kpiChangeCases(), spcSettingsCases(), genericCases(c.doc, isScorecardPath))
			if d == store.Postgres {
				cases = append(cases, unstorableFilters()...)
			}
			for _, tc := range cases {
				c.do(tc)
			}
			if d == store.SQLite {
				// SQLite keeps any bytes, so there these filters find nothing
				// (200) where PostgreSQL refuses them; the handlers do not yet
				// check the text as the audit trail's filters do.
				for _, op := range []string{"GET /api/v1/alliances/{slug}/kpis", "GET /api/v1/alliances/{slug}/scorecard"} {
					c.seen[op][422] = true
				}
			}
			c.checkCoverage(isScorecardPath)
		})
	}
}

// otherParty returns a party of the alliance the demo people are not in.
func otherParty(t *testing.T, a *app) string {
	t.Helper()
	ps, err := a.db.ListParties(context.Background(), a.other.ID)
	if err != nil || len(ps) == 0 {
		t.Fatalf("parties of the other alliance: %v", err)
	}
	return ps[0].ID
}

// scorecardKey is a KPI the scorecard scenario creates; the generic cases
// use it so that their bodies reach the checks of the body.
const scorecardKey = "oa-visits"

// measureA1c is the FHIR Measure that reports the oa-a1c KPI.
const measureA1c = "https://measures.accord-test.example/Measure/oa-a1c"

// kpiCases proposes KPIs as payer people, one reported by the provider, and
// has every other party approve them.
func kpiCases() []apiCase {
	const visits = `{"key":"oa-visits","name":"Same-day visits","category":"patient_access","unit":"count","direction":"higher_is_better",
		"frequency":"monthly","numerator":"Visits booked and seen the same day","source_system":"Scheduling","segment_by":"clinic","grace_days":10}`
	const a1c = `{"key":"oa-a1c","name":"HbA1c under control","category":"quality","unit":"percent","direction":"higher_is_better",
		"frequency":"monthly","is_ratio":true,"owner_party_id":"{provider}","measure_url":"` + measureA1c + `","segment_by":"clinic"}`
	kpi := func(key, fields string) string {
		return `{"key":"` + key + `","name":"N","category":"operations","unit":"count","direction":"lower_is_better","frequency":"monthly"` + fields + `}`
	}
	out := []apiCase{
		{name: "parties", method: "GET", path: nv + "/parties", who: "admin", status: 200, save: func(c *checker, b []byte) {
			saveID("provider", "organization_name", "Riverside Physician Group")(c, b)
			saveID("payer", "organization_name", "Valley Health Plan")(c, b)
		}},
		{name: "payer proposes", method: "POST", path: nv + "/kpis", who: "finance", status: 201, body: visits,
			save: wantFields(map[string]any{"status": "proposed", "owner_party_id": "{payer}", "scale": 1.0, "grace_days": 10.0})},
		{name: "for the provider", method: "POST", path: nv + "/kpis", who: "executive", status: 201, body: a1c,
			save: wantFields(map[string]any{"status": "proposed", "owner_party_id": "{provider}", "scale": 100.0, "is_ratio": true})},
		{name: "never approved", method: "POST", path: nv + "/kpis", who: "executive", status: 201, body: kpi("oa-draft", "")},
		{name: "key taken", method: "POST", path: nv + "/kpis", who: "finance", status: 422, field: "key", body: visits},
		{name: "bad key", method: "POST", path: nv + "/kpis", who: "finance", status: 422, field: "key", req: reqInvalid, body: kpi("Bad key!", "")},
		{name: "bad category", method: "POST", path: nv + "/kpis", who: "finance", status: 422, field: "category", req: reqInvalid,
			body: `{"key":"oa-x","name":"N","category":"wellness","unit":"count","direction":"lower_is_better","frequency":"monthly"}`},
		{name: "no name", method: "POST", path: nv + "/kpis", who: "finance", status: 422, field: "name", req: reqInvalid,
			body: `{"key":"oa-x","category":"operations","unit":"count","direction":"lower_is_better","frequency":"monthly"}`},
		{name: "grace too long", method: "POST", path: nv + "/kpis", who: "finance", status: 422, field: "grace_days", req: reqInvalid, body: kpi("oa-x", `,"grace_days":400`)},
		{name: "unknown field", method: "POST", path: nv + "/kpis", who: "finance", status: 422, field: "colour", req: reqInvalid, body: kpi("oa-x", `,"colour":"red"`)},
		{name: "other alliance's party", method: "POST", path: nv + "/kpis", who: "finance", status: 422, field: "owner_party_id", body: kpi("oa-x", `,"owner_party_id":"{other_party}"`)},
		{name: "formula names no KPI", method: "POST", path: nv + "/kpis", who: "finance", status: 422, field: "formula", body: kpi("oa-x", `,"formula":"oa-nope / oa-visits"`)},
		{name: "member", method: "POST", path: nv + "/kpis", who: "member-write", status: 403, body: kpi("oa-x", "")},
		{name: "observer", method: "POST", path: nv + "/kpis", who: "observer", status: 403, body: kpi("oa-x", "")},
		{name: "read token", method: "POST", path: nv + "/kpis", who: "admin-read", status: 403, body: kpi("oa-x", "")},

		{name: "proposed", method: "GET", path: nv + "/kpis/oa-visits", who: "observer", status: 200, save: wantApprovals(1, "proposed")},
		{name: "any case", method: "GET", path: nv + "/kpis/OA-Visits", who: "observer", status: 200},
		{name: "unknown", method: "GET", path: nv + "/kpis/oa-nope", who: "observer", status: 404},
		{name: "proposer's party approved already", method: "POST", path: nv + "/kpis/oa-visits/approve", who: "executive", status: 409},
		{name: "clinical leader", method: "POST", path: nv + "/kpis/oa-visits/approve", who: "clinical", status: 403},
		{name: "read token", method: "POST", path: nv + "/kpis/oa-visits/approve", who: "admin-read", status: 403},
		{name: "unknown", method: "POST", path: nv + "/kpis/oa-nope/approve", who: "provider-exec", status: 404},
	}
	for _, key := range []string{"oa-visits", "oa-a1c"} {
		out = append(out,
			apiCase{name: "provider", method: "POST", path: nv + "/kpis/" + key + "/approve", who: "provider-exec", status: 200, save: wantValue("status", "proposed")},
			apiCase{name: "provider again", method: "POST", path: nv + "/kpis/" + key + "/approve", who: "provider-exec", status: 409},
			apiCase{name: "investor", method: "POST", path: nv + "/kpis/" + key + "/approve", who: "investor-exec", status: 200, save: wantValue("status", "proposed")},
			apiCase{name: "vendor, the last", method: "POST", path: nv + "/kpis/" + key + "/approve", who: "vendor-exec", status: 200, save: wantValue("status", "approved")})
	}
	return append(out,
		apiCase{name: "approved already", method: "POST", path: nv + "/kpis/oa-visits/approve", who: "admin", status: 409},
		apiCase{name: "approved", method: "GET", path: nv + "/kpis/oa-visits", who: "member", status: 200, save: wantApprovals(4, "approved")},
		apiCase{name: "all", method: "GET", path: nv + "/kpis", who: "observer", status: 200, save: wantKeys("oa-visits", "oa-a1c", "oa-draft")},
		apiCase{name: "proposed", method: "GET", path: nv + "/kpis?status=proposed", who: "observer", status: 200, save: wantKeys("oa-draft")},
		apiCase{name: "quality", method: "GET", path: nv + "/kpis?category=quality&status=approved", who: "observer", status: 200, save: wantKeys("oa-a1c")},
	)
}

// targetCases proposes a target and has it approved, and annotates a period.
func targetCases() []apiCase {
	const tg = nv + "/kpis/oa-visits/targets"
	const an = nv + "/kpis/oa-visits/annotations"
	out := []apiCase{
		{name: "propose", method: "POST", path: tg, who: "finance", status: 201, save: func(c *checker, b []byte) {
			saveID("target", "", "")(c, b)
			wantFields(map[string]any{"status": "proposed", "value": "120", "amber": "90.5", "effective_from": "2025-01-01T00:00:00Z"})(c, b)
		}, body: `{"effective_from":"2025-01","value":"120","green":110,"amber":"90.5"}`},
		{name: "amber above green", method: "POST", path: tg, who: "finance", status: 422, field: "amber", body: `{"effective_from":"2025-01","value":"100","green":"90","amber":"95"}`},
		{name: "bad period", method: "POST", path: tg, who: "finance", status: 422, field: "effective_from", body: `{"effective_from":"January","value":"1","green":"1","amber":"0"}`},
		{name: "thousands separator", method: "POST", path: tg, who: "finance", status: 422, req: reqInvalid, body: `{"effective_from":"2025-01","value":"1,200","green":"1","amber":"0"}`},
		{name: "exponent", method: "POST", path: tg, who: "finance", status: 422, body: `{"effective_from":"2025-01","value":1e3,"green":"1","amber":"0"}`},
		{name: "unknown field", method: "POST", path: tg, who: "finance", status: 422, field: "red", req: reqInvalid, body: `{"effective_from":"2025-01","value":"1","green":"1","amber":"0","red":"0"}`},
		{name: "unknown KPI", method: "POST", path: nv + "/kpis/oa-nope/targets", who: "finance", status: 404, body: `{"effective_from":"2025-01","value":"1","green":"1","amber":"0"}`},
		{name: "observer", method: "POST", path: tg, who: "observer", status: 403, body: `{"effective_from":"2025-01","value":"1","green":"1","amber":"0"}`},
		{name: "proposer's party approved already", method: "POST", path: nv + "/targets/{target}/approve", who: "admin", status: 409},
		{name: "clinical leader", method: "POST", path: nv + "/targets/{target}/approve", who: "clinical", status: 403},
		{name: "unknown", method: "POST", path: nv + "/targets/nope/approve", who: "provider-exec", status: 404},
	}
	for _, who := range []string{"provider-exec", "investor-exec", "vendor-exec"} {
		want := map[bool]string{false: "proposed", true: "approved"}[who == "vendor-exec"]
		out = append(out, apiCase{name: who, method: "POST", path: nv + "/targets/{target}/approve", who: who, status: 200, save: wantValue("status", want)})
	}
	return append(out,
		apiCase{name: "approved already", method: "POST", path: nv + "/targets/{target}/approve", who: "provider-exec", status: 409},
		apiCase{name: "list", method: "GET", path: tg, who: "observer", status: 200, save: wantItems(1, map[string]any{"status": "approved", "green": "110"})},
		apiCase{name: "unknown KPI", method: "GET", path: nv + "/kpis/oa-nope/targets", who: "observer", status: 404},

		apiCase{name: "clinical leader annotates", method: "POST", path: an, who: "clinical", status: 201, body: `{"period":"2025-02-14","label":"Telehealth pilot started"}`,
			save: wantFields(map[string]any{"period": "2025-02-01T00:00:00Z", "label": "Telehealth pilot started"})},
		apiCase{name: "bad period", method: "POST", path: an, who: "clinical", status: 422, field: "period", body: `{"period":"2025-13","label":"x"}`},
		apiCase{name: "blank label", method: "POST", path: an, who: "clinical", status: 422, field: "label", body: `{"period":"2025-02","label":"   "}`},
		apiCase{name: "label too long", method: "POST", path: an, who: "clinical", status: 422, field: "label", req: reqInvalid, body: `{"period":"2025-02","label":"` + strings.Repeat("x", 81) + `"}`},
		apiCase{name: "no label", method: "POST", path: an, who: "clinical", status: 422, field: "label", req: reqInvalid, body: `{"period":"2025-02"}`},
		apiCase{name: "observer", method: "POST", path: an, who: "observer", status: 403, body: `{"period":"2025-02","label":"x"}`},
		apiCase{name: "unknown KPI", method: "POST", path: nv + "/kpis/oa-nope/annotations", who: "clinical", status: 404, body: `{"period":"2025-02","label":"x"}`},
		apiCase{name: "list", method: "GET", path: an, who: "observer", status: 200, save: wantItems(1, map[string]any{"label": "Telehealth pilot started"})},
		apiCase{name: "unknown KPI", method: "GET", path: nv + "/kpis/oa-nope/annotations", who: "observer", status: 404},
	)
}

// batch is a JSON batch of observations.
func batch(dryRun bool, rows ...string) string {
	return fmt.Sprintf(`{"observations":[%s],"dry_run":%v}`, strings.Join(rows, ","), dryRun)
}

// row is one observation of a batch; figures is `"value":1` or numerator and denominator.
func row(kpi, period, segment, figures string) string {
	return `{"kpi":"` + kpi + `","period":"` + period + `","segment":"` + segment + `",` + figures + `}`
}

// batchCases sends JSON batches: a dry run, the real thing, the same again,
// a correction, bad rows, and rows of KPIs the sender's party does not
// report; then reads the data back now, as of a moment and with history.
func batchCases() []apiCase {
	const obs, visits = nv + "/observations", nv + "/kpis/oa-visits/observations"
	first := []string{
		row("oa-visits", "{p1}", "", `"value":225`), row("oa-visits", "{p1}", "North", `"value":"130"`), row("oa-visits", "{p1}", "South", `"value":95`),
		row("oa-visits", "{p2}", "North", `"value":140`), row("oa-a1c", "{p1}", "", `"numerator":70,"denominator":"100"`),
	}
	bad := []string{
		row("oa-visits", "{p2}", "South", `"value":91`), row("oa-nope", "{p2}", "", `"value":1`), row("oa-visits", "2025-13", "", `"value":1`),
		row("oa-visits", "{p2}", "", `"value":-5`), row("oa-a1c", "{p2}", "", `"numerator":1,"denominator":0`), row("oa-draft", "{p2}", "", `"value":1`),
	}
	return []apiCase{
		{name: "dry run", method: "POST", path: obs, who: "admin", status: 200, body: batch(true, first...),
			save: wantReport(report{dryRun: true, rows: 5, new: 5, kpis: "oa-a1c oa-visits"})},
		{name: "nothing written yet", method: "GET", path: visits, who: "observer", status: 200, save: wantItems(0, nil)},
		{name: "import", method: "POST", path: obs, who: "admin", status: 201, body: batch(false, first...), save: func(c *checker, b []byte) {
			wantReport(report{written: true, rows: 5, new: 5, kpis: "oa-a1c oa-visits"})(c, b)
			c.vars["asof"] = time.Now().UTC().Format(time.RFC3339Nano)
		}},
		{name: "same again", method: "POST", path: obs, who: "admin", status: 201, body: batch(false, first...),
			save: wantReport(report{written: true, rows: 5, unchanged: 5})},
		{name: "correction", method: "POST", path: obs, who: "admin", status: 201, body: batch(false, row("OA-Visits", "{p1}-28", "North", `"value":131`)),
			save: wantReport(report{written: true, rows: 1, revised: 1, kpis: "oa-visits"})},
		{name: "current", method: "GET", path: visits, who: "observer", status: 200, save: func(c *checker, b []byte) {
			wantItems(4, map[string]any{"period": "{p1}-01T00:00:00Z", "segment": "North", "value": "131", "revision": 2.0, "source": "api"})(c, b)
			c.vars["audit"] = fmt.Sprint(auditHead(c.t, c.a))
		}},
		{name: "bad rows", method: "POST", path: obs, who: "admin", status: 422, body: batch(false, bad...),
			save: unchanged(wantReport(report{rows: 6, errs: []rowWant{{"request", 2, "kpi"}, {"request", 3, "period"}, {"request", 4, "value"}, {"request", 5, "denominator"}, {"request", 6, "kpi"}}}))},
		{name: "bad rows, dry run", method: "POST", path: obs, who: "admin", status: 422, body: batch(true, bad[1]),
			save: wantReport(report{dryRun: true, rows: 1, errs: []rowWant{{"request", 1, "kpi"}}})},
		{name: "payer sends the provider's KPI", method: "POST", path: obs, who: "finance", status: 422, body: batch(false, row("oa-a1c", "{p2}", "", `"numerator":1,"denominator":2`)),
			save: unchanged(wantReport(report{rows: 1, errs: []rowWant{{"request", 1, "kpi"}}}))},
		{name: "payer sends its own", method: "POST", path: obs, who: "finance", status: 201, body: batch(false, row("oa-visits", "{p2}", "South", `"value":88`)),
			save: wantReport(report{written: true, rows: 1, new: 1, kpis: "oa-visits"})},
		{name: "provider sends its own", method: "POST", path: obs, who: "clinical", status: 201, body: batch(false, row("oa-a1c", "{p2}", "", `"numerator":72,"denominator":100`)),
			save: wantReport(report{written: true, rows: 1, new: 1, kpis: "oa-a1c"})},
		{name: "no figure", method: "POST", path: obs, who: "admin", status: 422, req: reqInvalid, body: batch(false, `{"kpi":"oa-visits","period":"{p2}"}`),
			save: wantReport(report{rows: 1, errs: []rowWant{{"request", 1, "value"}}})},
		{name: "unknown field", method: "POST", path: obs, who: "admin", status: 422, field: "note", req: reqInvalid, body: batch(false, row("oa-visits", "{p2}", "", `"value":1,"note":"x"`))},
		{name: "not a number", method: "POST", path: obs, who: "admin", status: 422, req: reqInvalid, body: batch(false, row("oa-visits", "{p2}", "", `"value":"1,5"`))},
		{name: "observer", method: "POST", path: obs, who: "observer", status: 403, body: batch(true, first[0])},
		{name: "read token", method: "POST", path: obs, who: "admin-read", status: 403, body: batch(true, first[0])},

		{name: "history", method: "GET", path: visits + "?history=true", who: "observer", status: 200,
			save: wantItems(6, map[string]any{"segment": "North", "value": "130", "revision": 1.0, "superseded_at": present})},
		{name: "as of before the correction", method: "GET", path: visits + "?as_of={asof}", who: "observer", status: 200,
			save: wantItems(4, map[string]any{"segment": "North", "value": "130", "revision": 1.0})},
		{name: "as of a date long ago", method: "GET", path: visits + "?as_of=2000-01-01", who: "observer", status: 200, save: wantItems(0, nil)},
		{name: "as of today", method: "GET", path: visits + "?as_of={today}", who: "observer", status: 200, save: wantItems(5, map[string]any{"segment": "North", "value": "131"})},
		{name: "bad as_of", method: "GET", path: visits + "?as_of=yesterday", who: "observer", status: 422, field: "as_of", req: reqInvalid},
		{name: "unknown KPI", method: "GET", path: nv + "/kpis/oa-nope/observations", who: "observer", status: 404},
	}
}

// measureReport writes a small summary FHIR MeasureReport of the oa-a1c
// measure for the month starting on start: the whole alliance's numerator
// and denominator, and one stratum per clinic in strata.
func measureReport(id, measure, start string, num, den int, strata map[string][2]int) string {
	pops := func(n, d int) []any {
		pop := func(code string, count int) any {
			return map[string]any{"code": map[string]any{"coding": []any{map[string]any{
				"system": "http://terminology.hl7.org/CodeSystem/measure-population", "code": code}}}, "count": count}
		}
		return []any{pop("initial-population", d), pop("denominator", d), pop("numerator", n)}
	}
	var strat []any
	for _, clinic := range slices.Sorted(maps.Keys(strata)) {
		f := strata[clinic]
		strat = append(strat, map[string]any{"value": map[string]any{"text": clinic}, "population": pops(f[0], f[1])})
	}
	group := map[string]any{"population": pops(num, den)}
	if len(strat) > 0 {
		group["stratifier"] = []any{map[string]any{"code": []any{map[string]any{"text": "clinic"}}, "stratum": strat}}
	}
	b, _ := json.Marshal(map[string]any{"resourceType": "MeasureReport", "id": id, "status": "complete", "type": "summary",
		"measure": measure, "period": map[string]any{"start": start}, "group": []any{group}})
	return string(b)
}

// fileCases imports CSV files and FHIR MeasureReports through /imports.
func fileCases() []apiCase {
	const imp = nv + "/imports"
	const csvOK = "kpi,period,segment,value\noa-visits,{p3},North,150\noa-visits,{p3},South,99\noa-visits,{p3},,249\n"
	const csvBad = "kpi,period,segment,value\noa-visits,{p4},North,151\noa-visits,{p4},South,lots\n"
	fhirOK := measureReport("a1c-p4", measureA1c+"|1.0", "{p4}-01", 80, 100, map[string][2]int{"North": {50, 60}, "South": {30, 40}})
	ndjson := measureReport("a1c-p5", measureA1c, "{p5}-01", 75, 100, nil) + "\n" + measureReport("a1c-p6", measureA1c, "{p6}-01", 78, 100, nil) + "\n"
	const csvType, fhirType = "text/csv", "application/fhir+json"
	return []apiCase{
		{name: "CSV dry run", method: "POST", path: imp + "?filename=visits.csv&dry_run=true", ctype: csvType, who: "admin", status: 200, body: csvOK,
			save: wantReport(report{dryRun: true, rows: 3, new: 3, kpis: "oa-visits"})},
		{name: "CSV", method: "POST", path: imp + "?filename=visits.csv", ctype: csvType, who: "finance", status: 201, body: csvOK,
			save: wantReport(report{written: true, rows: 3, new: 3, kpis: "oa-visits"})},
		{name: "CSV again", method: "POST", path: imp + "?filename=visits.csv", ctype: csvType, who: "finance", status: 201, body: csvOK,
			save: func(c *checker, b []byte) {
				wantReport(report{written: true, rows: 3, unchanged: 3})(c, b)
				c.vars["audit"] = fmt.Sprint(auditHead(c.t, c.a))
			}},
		{name: "CSV with a bad row", method: "POST", path: imp + "?filename=bad.csv", ctype: csvType, who: "admin", status: 422, body: csvBad,
			save: unchanged(wantReport(report{rows: 2, errs: []rowWant{{"bad.csv", 3, "value"}}}))},
		{name: "CSV with a bad row, dry run", method: "POST", path: imp + "?filename=bad.csv&dry_run=true", ctype: csvType, who: "admin", status: 422, body: csvBad,
			save: wantReport(report{dryRun: true, rows: 2, errs: []rowWant{{"bad.csv", 3, "value"}}})},
		{name: "CSV of the provider's KPI from the payer", method: "POST", path: imp + "?filename=a1c.csv", ctype: csvType, who: "finance", status: 422,
			body: "kpi,period,numerator,denominator\noa-a1c,{p4},1,2\n", save: unchanged(wantReport(report{rows: 1, errs: []rowWant{{"a1c.csv", 2, "kpi"}}}))},
		{name: "CSV with unknown columns", method: "POST", path: imp + "?filename=odd.csv", ctype: csvType, who: "admin", status: 422, body: "when,how much\n{p4},1\n",
			save: unchanged(wantReport(report{rows: 1, errs: []rowWant{{"odd.csv", 1, "when"}}}))},
		{name: "binary file", method: "POST", path: imp + "?filename=visits.csv", ctype: csvType, who: "admin", status: 422, req: reqAny, body: "PK\x03\x04\x00\x00\x08\x00",
			save: unchanged(wantReport(report{rows: 1, errs: []rowWant{{"visits.csv", 1, ""}}}))},

		{name: "FHIR dry run", method: "POST", path: imp + "?filename=a1c.json&dry_run=true", ctype: fhirType, who: "clinical", status: 200, body: fhirOK,
			save: wantReport(report{dryRun: true, rows: 3, new: 3, kpis: "oa-a1c"})},
		{name: "FHIR MeasureReport", method: "POST", path: imp + "?filename=a1c.json", ctype: fhirType, who: "clinical", status: 201, body: fhirOK,
			save: func(c *checker, b []byte) {
				wantReport(report{written: true, rows: 3, new: 3, kpis: "oa-a1c"})(c, b)
				c.vars["audit"] = fmt.Sprint(auditHead(c.t, c.a))
			}},
		{name: "FHIR NDJSON without a name", method: "POST", path: imp, ctype: "application/fhir+ndjson", who: "admin", status: 201, body: ndjson,
			save: wantReport(report{written: true, rows: 2, new: 2, kpis: "oa-a1c"})},
		{name: "FHIR of an unknown measure, all or nothing", method: "POST", path: imp + "?filename=other.json&all_or_nothing=true", ctype: fhirType, who: "admin", status: 422,
			body: measureReport("x", "https://measures.accord-test.example/Measure/unknown", "{p4}-01", 1, 2, nil),
			save: wantReport(report{rows: 1, errs: []rowWant{{"other.json", 1, "measure"}}})},
		{name: "FHIR of an unknown measure, in parts: nothing is left", method: "POST", path: imp + "?filename=other.json", ctype: fhirType, who: "admin", status: 422,
			body: measureReport("x", "https://measures.accord-test.example/Measure/unknown", "{p4}-01", 1, 2, nil),
			save: wantReport(report{rows: 1, errs: []rowWant{{"other.json", 0, ""}}})},
		{name: "FHIR cut short", method: "POST", path: imp + "?filename=cut.json", ctype: fhirType, who: "admin", status: 422, req: reqInvalid, body: fhirOK[:len(fhirOK)/2],
			save: wantReport(report{rows: 1, errs: []rowWant{{"cut.json", 1, ""}}})},
		{name: "observer", method: "POST", path: imp + "?filename=visits.csv", ctype: csvType, who: "observer", status: 403, body: csvOK},
		{name: "read token", method: "POST", path: imp + "?filename=visits.csv", ctype: csvType, who: "admin-read", status: 403, body: csvOK},
	}
}

// readCases reads back what the imports wrote and the scorecard's tiles.
func readCases() []apiCase {
	return []apiCase{
		{name: "FHIR strata", method: "GET", path: nv + "/kpis/oa-a1c/observations", who: "observer", status: 200,
			save: wantItems(7, map[string]any{"period": "{p4}-01T00:00:00Z", "segment": "North", "numerator": "50", "denominator": "60"})},
		{name: "tiles", method: "GET", path: nv + "/scorecard", who: "observer", status: 200, save: func(c *checker, b []byte) {
			wantTile("oa-visits", map[string]any{"category": "patient_access", "value": "249", "period": "{p3}", "target": "120", "status": "green"})(c, b)
			wantTile("oa-a1c", map[string]any{"category": "quality", "value": "78%", "period": "{p6}", "status": "none"})(c, b)
			wantTile("oa-draft", nil)(c, b)
		}},
		{name: "one clinic", method: "GET", path: nv + "/scorecard?segment=North", who: "member", status: 200,
			save: wantTile("oa-visits", map[string]any{"value": "150", "period": "{p3}", "status": "green"})},
	}
}

// unstorableFilters send filters PostgreSQL cannot compare: invalid UTF-8.
func unstorableFilters() []apiCase {
	return []apiCase{
		{name: "invalid UTF-8", method: "GET", path: nv + "/kpis?category=%FF", who: "observer", status: 422, req: reqInvalid},
		{name: "invalid UTF-8", method: "GET", path: nv + "/scorecard?segment=%FF", who: "observer", status: 422, req: reqAny},
	}
}

// present matches any value of a field that is there.
const present = "(present)"

// hasFields reports whether m holds every field of want, with strings in want
// expanded from the checker's variables.
func hasFields(c *checker, m, want map[string]any) bool {
	for k, w := range want {
		got, ok := m[k]
		if s, isStr := w.(string); isStr {
			if s == present {
				if !ok {
					return false
				}
				continue
			}
			w = c.expand(s)
		}
		if !ok || got != w {
			return false
		}
	}
	return true
}

// wantFields checks top-level fields of the answer.
func wantFields(want map[string]any) func(*checker, []byte) {
	return func(c *checker, b []byte) {
		var m map[string]any
		json.Unmarshal(b, &m)
		if !hasFields(c, m, want) {
			c.t.Errorf("answer %s: want fields %v", b, want)
		}
	}
}

// wantItems checks that a list has n items, one of which has the fields of
// match (if not nil).
func wantItems(n int, match map[string]any) func(*checker, []byte) {
	return func(c *checker, b []byte) {
		var l struct{ Items []map[string]any }
		json.Unmarshal(b, &l)
		if len(l.Items) != n {
			c.t.Errorf("got %d items, want %d: %s", len(l.Items), n, b)
		}
		if match != nil && !slices.ContainsFunc(l.Items, func(m map[string]any) bool { return hasFields(c, m, match) }) {
			c.t.Errorf("no item with %v in %s", match, b)
		}
	}
}

// wantKeys checks the test's own KPIs (keys starting "oa-") in a list: the
// demo may have others.
func wantKeys(keys ...string) func(*checker, []byte) {
	return func(c *checker, b []byte) {
		var l struct{ Items []struct{ Key string } }
		json.Unmarshal(b, &l)
		var got []string
		for _, it := range l.Items {
			if strings.HasPrefix(it.Key, "oa-") {
				got = append(got, it.Key)
			}
		}
		slices.Sort(got)
		if want := slices.Sorted(slices.Values(keys)); !slices.Equal(got, want) {
			c.t.Errorf("KPIs %v, want %v", got, want)
		}
	}
}

// wantApprovals checks a KPI's status and how many parties approved it.
func wantApprovals(n int, status string) func(*checker, []byte) {
	return func(c *checker, b []byte) {
		var k struct {
			Status    string
			Approvals []struct {
				PartyName string `json:"party_name"`
			}
		}
		json.Unmarshal(b, &k)
		if k.Status != status || len(k.Approvals) != n {
			c.t.Errorf("KPI %s with %d approvals, want %s with %d", k.Status, len(k.Approvals), status, n)
		}
	}
}

// wantTile checks the scorecard tile of a KPI, or with want nil that it has none.
func wantTile(key string, want map[string]any) func(*checker, []byte) {
	return func(c *checker, b []byte) {
		var l struct{ Items []map[string]any }
		json.Unmarshal(b, &l)
		i := slices.IndexFunc(l.Items, func(m map[string]any) bool { return m["key"] == key })
		switch {
		case want == nil && i >= 0:
			c.t.Errorf("tile %s: %v, want none", key, l.Items[i])
		case want != nil && i < 0:
			c.t.Errorf("no tile %s in %s", key, b)
		case want != nil && !hasFields(c, l.Items[i], want):
			c.t.Errorf("tile %s: %v, want %v", key, l.Items[i], want)
		}
	}
}

// rowWant is a bad row an import report must name.
type rowWant struct {
	file  string
	line  int
	field string
}

// report is what an import must answer: written says it has an import_id.
type report struct {
	dryRun, written               bool
	rows, new, revised, unchanged int
	kpis                          string // space-separated keys
	errs                          []rowWant
}

// wantReport checks an import report.
func wantReport(want report) func(*checker, []byte) {
	return func(c *checker, b []byte) {
		var r struct {
			ImportID                      string `json:"import_id"`
			DryRun                        bool   `json:"dry_run"`
			Rows, New, Revised, Unchanged int
			KPIs                          []string
			Errors                        []struct {
				File, Field, Message string
				Line                 int
			}
		}
		json.Unmarshal(b, &r)
		got := report{dryRun: r.DryRun, written: r.ImportID != "", rows: r.Rows, new: r.New, revised: r.Revised, unchanged: r.Unchanged, kpis: strings.Join(r.KPIs, " ")}
		for _, e := range r.Errors {
			got.errs = append(got.errs, rowWant{e.File, e.Line, e.Field})
			if e.Message == "" {
				c.t.Errorf("row error without a message: %s", b)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			c.t.Errorf("import report %+v, want %+v: %s", got, want, b)
		}
	}
}

// unchanged runs check and makes sure the refused import wrote nothing: the
// audit trail, written in the same transaction as any observation, has not
// moved since the head saved as "audit".
func unchanged(check func(*checker, []byte)) func(*checker, []byte) {
	return func(c *checker, b []byte) {
		check(c, b)
		if got := fmt.Sprint(auditHead(c.t, c.a)); got != c.vars["audit"] {
			c.t.Errorf("a refused import wrote: audit head %s, want %s", got, c.vars["audit"])
		}
	}
}

// TestOpenAPIKPIDetail checks that KPIDetail describes every field of KPI
// the same way, plus the approvals and targets (and what data sharing
// withholds): the document cannot say
// "KPI and more" while refusing unknown fields, so it repeats them.
func TestOpenAPIKPIDetail(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	doc, _ := loadDoc(t, a)
	kpi, detail := doc.Components.Schemas["KPI"].Value, doc.Components.Schemas["KPIDetail"].Value
	for name, p := range kpi.Properties {
		d, ok := detail.Properties[name]
		if !ok {
			t.Errorf("KPIDetail lacks %s", name)
			continue
		}
		pj, _ := json.Marshal(p)
		dj, _ := json.Marshal(d)
		if string(pj) != string(dj) {
			t.Errorf("KPIDetail's %s is %s, KPI's is %s", name, dj, pj)
		}
	}
	if got, want := len(detail.Properties), len(kpi.Properties)+4; got != want {
		t.Errorf("KPIDetail has %d fields, want KPI's %d and approvals, targets, shared and sharing_note", got, want-4)
	}
	if want := append(slices.Clone(kpi.Required), "approvals", "targets"); !slices.Equal(detail.Required, want) {
		t.Errorf("KPIDetail requires %v, want %v", detail.Required, want)
	}
}
