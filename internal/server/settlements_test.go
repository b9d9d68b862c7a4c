package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/store"
)

// demoSettlements returns the demo's three settled years, the latest first.
func (a *app) demoSettlements() []string {
	a.t.Helper()
	ctx := context.Background()
	al, err := a.db.AllianceBySlug(ctx, a.demo.AllianceSlug)
	if err != nil {
		a.t.Fatal(err)
	}
	c, err := a.db.ContractByKey(ctx, al.ID, "shared-savings")
	if err != nil {
		a.t.Fatal(err)
	}
	sts, err := a.db.ListSettlements(ctx, c.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	var ids []string
	for _, st := range sts {
		if ago := time.Now().Year() - st.PeriodStart.Year(); ago >= 1 && ago <= 3 {
			ids = append(ids, st.ID)
		}
	}
	if len(ids) != 3 {
		a.t.Fatalf("demo settlements of the last three years: %d, want 3", len(ids))
	}
	return ids
}

// matrixSettlement is a demo settlement for the access matrix.
func (a *app) matrixSettlement() string { return a.demoSettlements()[0] }

// isSettlementPath reports whether a documented path belongs to
// settlements, which TestOpenAPISettlements checks.
func isSettlementPath(path string) bool {
	return strings.Contains(path, "/settlements") || strings.HasSuffix(path, "/what-if")
}

// TestSettlementFlow settles periods from the form and the API, reads the
// worksheet and waterfall, asks what the pending amendment would have
// paid, and checks the refusals, on both databases.
func TestSettlementFlow(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			const page = "/a/north-valley/contracts/shared-savings"
			const api = "/api/v1/alliances/north-valley/contracts/shared-savings"
			year := strconv.Itoa(time.Now().Year())
			fin := a.login(roleAccounts["finance"])
			st, body := a.get(fin, page)
			if st != 200 || !strings.Contains(body, "Settlements") || strings.Count(body, page+"/settlements/") != 3 || !strings.Contains(body, "Settle the period") {
				t.Fatalf("contract page: %d; want three settled periods and the settle form", st)
			}
			form := url.Values{"period_start": {year + "-01-01"}, "period_end": {year + "-12-31"}, "member_months": {"468,000"},
				"actual_expenditure": {"$214,000,000.00"}, "quality_measures": {"hba1c-control = 0.66\nreadmissions-30d = 0.12\nbreast-cancer-screening = 0.75"}}
			// The year has not ended: refused in plain words unless provisional.
			if code, body := a.postPage(fin, page+"/settlements", form); code != http.StatusUnprocessableEntity || !strings.Contains(body, "The period ends on 31 Dec "+year+"; settle it after that, or mark the settlement provisional") ||
				!strings.Contains(body, `id="field-error"`) {
				t.Errorf("settling the current year for good: %d; want the form again saying, by the period's end, that the period has not ended", code)
			}
			// Provisional: a confirmation first, which stores nothing.
			form.Set("provisional", "yes")
			if code, body := a.postPage(fin, page+"/settlements", form); code != 200 || !strings.Contains(body, "Settle 1 Jan "+year+" – 31 Dec "+year+" provisionally?") ||
				!strings.Contains(body, `name="confirm" value="yes"`) || !strings.Contains(body, "never becomes final") || !strings.Contains(body, "$2,980,000.00") {
				t.Fatalf("settle form without confirmation: %d; want the confirmation page with the figures", code)
			}
			if _, body := a.get(fin, page); strings.Count(body, page+"/settlements/") != 3 {
				t.Error("the confirmation page recorded a settlement")
			}
			form.Set("confirm", "yes")
			resp := a.post(fin, page+"/settlements", form)
			loc := resp.Header.Get("Location")
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, page+"/settlements/") {
				t.Fatalf("settle from the form: %d to %q", resp.StatusCode, loc)
			}
			st, body = a.get(fin, loc)
			// 468,000 × $470 = $219,960,000; savings $5,960,000 (2.71%), half shared.
			for _, want := range []string{"Worksheet", "<svg", "role=\"img\"", "Agreement §4.2", "$219,960,000.00", "$2,980,000.00", "Riverside Physician Group", "$2,086,000.00", "The chart as a table"} {
				if !strings.Contains(body, want) {
					t.Errorf("settlement page (%d) lacks %q", st, want)
				}
			}
			if strings.Contains(body, "style=") {
				t.Error("settlement page has an inline style")
			}
			if !strings.Contains(body, "Provisional") || strings.Contains(body, "Sign off for") {
				t.Error("the provisional settlement's page does not say Provisional, or offers a sign-off")
			}
			last := strconv.Itoa(time.Now().Year() - 1)
			form.Set("period_start", last+"-01-01")
			form.Set("period_end", last+"-12-31")
			form.Del("provisional")
			if status, again := a.postPage(fin, page+"/settlements", form); status != http.StatusUnprocessableEntity || !strings.Contains(again, `value="`+last+`-12-31"`) || !strings.Contains(again, `id="field-error"`) {
				t.Errorf("settling the same period again: %d, want the form again with the error", status)
			}

			tok := a.token(roleAccounts["finance"], "write")
			next := strconv.Itoa(time.Now().Year() + 1)
			summary := `{"member_months":470000,"actual_expenditure":"226000000","quality_measures":{"hba1c-control":"0.5","readmissions-30d":"0.2","breast-cancer-screening":"0.7"}}`
			var made struct {
				ID          string
				Version     int
				Provisional bool
				Status      string
				StatusText  string `json:"status_text"`
				Result      struct {
					Qualified     bool
					SharedSavings json.Number `json:"shared_savings"`
				}
			}
			if r := a.api("POST", api+"/settlements", tok, `{"period_start":"`+next+`-01-01","period_end":"`+next+`-12-31","summary":`+summary+`}`, nil); r.StatusCode != 422 {
				t.Errorf("settle a future year through the API, not provisional: %d, want 422", r.StatusCode)
			}
			if r := a.api("POST", api+"/settlements", tok, `{"period_start":"`+next+`-01-01","period_end":"`+next+`-12-31","provisional":true,"summary":`+summary+`}`, &made); r.StatusCode != 201 {
				t.Fatalf("settle through the API: %d", r.StatusCode)
			}
			if !made.Provisional || made.Status != "draft" || made.StatusText != "Provisional" {
				t.Errorf("API settlement: provisional %v, status %q (%q); want provisional", made.Provisional, made.Status, made.StatusText)
			}
			if made.Version != 3 || made.Result.Qualified || made.Result.SharedSavings.String() != "0.00" {
				t.Errorf("API settlement: version %d, qualified %v, shared %s; want version 3, quality gate failed, 0.00", made.Version, made.Result.Qualified, made.Result.SharedSavings)
			}
			if r := a.api("POST", api+"/settlements", tok, `{"period_start":"`+next+`-01-01","period_end":"`+next+`-12-31","summary":{"member_monthz":1}}`, nil); r.StatusCode != 422 {
				t.Errorf("unknown summary field: %d, want 422", r.StatusCode)
			}

			ids := a.demoSettlements()
			twoYearsAgo := ids[len(ids)-2] // settled under version 2: target $500
			st, body = a.get(fin, page+"/what-if?settlement="+twoYearsAgo+"&amendment=4")
			if st != 200 || !strings.Contains(body, "What if under amendment 4") || !strings.Contains(body, "<mark>") || strings.Count(body, "<svg") != 4 {
				t.Errorf("what-if page under the pending amendment: %d, differences marked %v", st, strings.Contains(body, "<mark>"))
			}
			var wi struct {
				Differences []struct{ Figure, Settled, WhatIf string }
			}
			if r := a.api("GET", api+"/what-if?settlement="+twoYearsAgo+"&amendment=4", tok, "", &wi); r.StatusCode != 200 {
				t.Fatalf("what-if API: %d", r.StatusCode)
			}
			differs := map[string]bool{}
			for _, d := range wi.Differences {
				differs[d.Figure] = true
			}
			if !differs["Benchmark"] || !differs["Shared savings"] || differs["Expenditure"] {
				t.Errorf("what-if differences %v; want the benchmark and shared savings (target $500 → $470), not the expenditure", wi.Differences)
			}
			if r := a.api("GET", api+"/what-if?settlement="+twoYearsAgo+"&version=2", tok, "", &wi); r.StatusCode != 200 || len(wi.Differences) != 0 {
				t.Errorf("what-if under its own version: %d with differences %v, want none", r.StatusCode, wi.Differences)
			}

			obs := a.login(roleAccounts["observer"])
			if r := a.post(obs, page+"/settlements", form); r.StatusCode != http.StatusForbidden {
				t.Errorf("observer settling: %d, want 403", r.StatusCode)
			}
			if st, _ := a.get(obs, page+"/settlements/"+ids[0]); st != 200 {
				t.Errorf("observer reading a settlement: %d, want 200", st)
			}
			if st, body := a.get(obs, page); st != 200 || strings.Contains(body, "Settle the period") {
				t.Errorf("observer's contract page: %d, settle form shown %v", st, strings.Contains(body, "Settle the period"))
			}
			out := a.login(outsiderEmail)
			if st, _ := a.get(out, page+"/settlements/"+ids[0]); st != http.StatusNotFound {
				t.Errorf("non-member reading a settlement: %d, want 404", st)
			}
		})
	}
}

// TestOpenAPISettlements checks the settlement operations' requests and
// answers against the document, and that every documented status is seen.
func TestOpenAPISettlements(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			c := newChecker(t, a)
			c.creds["finance"] = func(r *http.Request) {
				r.Header.Set("Authorization", "Bearer "+a.token(roleAccounts["finance"], "write"))
			}
			c.creds["bright"] = func(r *http.Request) {
				r.Header.Set("Authorization", "Bearer "+a.token(execBright, "write"))
			}
			c.vars["st"] = a.demoSettlements()[1]
			c.vars["draft"] = a.demoSettlements()[0]
			const ct = nv + "/contracts/shared-savings"
			sum := `{"member_months":468000,"actual_expenditure":"214000000","quality_measures":{"hba1c-control":"0.7","readmissions-30d":"0.1","breast-cancer-screening":"0.8"}}`
			year := strconv.Itoa(time.Now().Year())
			cases := []apiCase{
				{name: "list", method: "GET", path: ct + "/settlements", who: "member", status: 200},
				{name: "settle provisionally", method: "POST", path: ct + "/settlements", who: "finance", status: 201,
					body: `{"period_start":"` + year + `-01-01","period_end":"` + year + `-12-31","provisional":true,"summary":` + sum + `}`},
				{name: "not ended", method: "POST", path: ct + "/settlements", who: "finance", status: 422, field: "period_end",
					body: `{"period_start":"` + year + `-01-01","period_end":"` + year + `-12-31","summary":` + sum + `}`},
				{name: "settled already", method: "POST", path: ct + "/settlements", who: "admin", status: 422, field: "period_start",
					body: `{"period_start":"` + lastYear() + `-01-01","period_end":"` + lastYear() + `-12-31","summary":{"member_months":468000,"actual_expenditure":"214000000"}}`},
				{name: "missing input", method: "POST", path: ct + "/settlements", who: "admin", status: 422, field: "quality_measures.hba1c-control",
					body: `{"period_start":"2099-01-01","period_end":"2099-12-31","provisional":true,"summary":{"member_months":1,"actual_expenditure":"1"}}`},
				{name: "sign off", method: "POST", path: ct + "/settlements/{draft}/sign-off", who: "bright", status: 200},
				{name: "signed already", method: "POST", path: ct + "/settlements/{draft}/sign-off", who: "bright", status: 409},
				{name: "finance may not sign", method: "POST", path: ct + "/settlements/{draft}/sign-off", who: "finance", status: 403},
				{name: "no settlement to sign", method: "POST", path: ct + "/settlements/nope/sign-off", who: "bright", status: 404},
				{name: "observer", method: "POST", path: ct + "/settlements", who: "observer", status: 403,
					body: `{"period_start":"2099-01-01","period_end":"2099-12-31","summary":` + sum + `}`},
				{name: "no such contract", method: "GET", path: nv + "/contracts/nope/settlements", who: "member", status: 404},
				{name: "read", method: "GET", path: ct + "/settlements/{st}", who: "member", status: 200},
				{name: "no such settlement", method: "GET", path: ct + "/settlements/nope", who: "member", status: 404},
				{name: "under the amendment", method: "GET", path: ct + "/what-if?settlement={st}&amendment=4", who: "member", status: 200},
				{name: "under version 1", method: "GET", path: ct + "/what-if?settlement={st}&version=1", who: "member", status: 200},
				{name: "no terms named", method: "GET", path: ct + "/what-if?settlement={st}", who: "member", status: 422, field: "version", req: reqAny},
				{name: "no such version", method: "GET", path: ct + "/what-if?settlement={st}&version=9", who: "member", status: 404},
			}
			for _, tc := range append(cases, genericCases(c.doc, isSettlementPath)...) {
				c.do(tc)
			}
			c.checkCoverage(isSettlementPath)
		})
	}
}
