package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/settle"
	"github.com/accord-alliance/accord/internal/store"
)

// The executives who sign for the demo's parties besides the payer's admin.
var partyExecs = []string{
	"elena.vasquez@riversidepg.example",
	"jonathan.reyes@cedarridge.example",
	"leo.brandt@brightline.example",
}

// termsJSON returns built-in terms as a JSON document.
func termsJSON(t *testing.T, name string) string {
	t.Helper()
	terms, ok := settle.Builtin(name)
	if !ok {
		t.Fatalf("no built-in terms %q", name)
	}
	b, err := json.Marshal(terms)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestContractFlow records a contract in the browser, has every party sign
// its original agreement, amends it through the API, checks the diff,
// the refusals and which version governed which day, on both databases.
func TestContractFlow(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			const page = "/a/north-valley/contracts/care-services"
			const api = "/api/v1/alliances/north-valley/contracts/care-services"
			admin := a.login(roleAccounts["admin"])
			resp := a.post(admin, "/a/north-valley/contracts", url.Values{"key": {"care-services"}, "title": {"Care services agreement"},
				"effective_from": {"2023-01-01"}, "review_on": {"2025-12-01"},
				"text": {"# Care services\n\n- Share savings 40%.\n- <script>alert(1)</script>\n"}, "terms": {termsJSON(t, "mssp-2022-basic-a")}})
			if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != page+"/amendments/1" {
				t.Fatalf("record contract: %d to %q, want 303 to the original agreement", resp.StatusCode, loc)
			}
			if st, body := a.get(admin, page+"/amendments/1"); st != 200 || !strings.Contains(body, "Original agreement") || strings.Contains(body, "Sign off for") {
				t.Errorf("original agreement page as the signed admin: %d, sign button shown %v", st, strings.Contains(body, "Sign off for"))
			}
			for _, email := range partyExecs {
				c := a.login(email)
				if st, body := a.get(c, page+"/amendments/1"); st != 200 || !strings.Contains(body, "Sign off for") {
					t.Errorf("%s sees no sign-off button (status %d)", email, st)
				}
				if r := a.post(c, page+"/amendments/1/sign", nil); r.StatusCode != http.StatusSeeOther {
					t.Fatalf("%s signing: status %d", email, r.StatusCode)
				}
			}
			st, body := a.get(admin, page)
			if st != 200 || !strings.Contains(body, "Version 1") || !strings.Contains(body, "&lt;script&gt;") || strings.Contains(body, "<script>alert") {
				t.Fatalf("contract page: %d; want version 1 with its text escaped:\n%s", st, body)
			}
			if !strings.Contains(body, "Sharing rate") || !strings.Contains(body, "40.00%") {
				t.Errorf("contract page does not show the terms' key figures")
			}

			tok := a.token(roleAccounts["finance"], "write")
			am := map[string]any{"summary": "Move to level C", "text": "# Care services\n\n- Share savings 50%.\n- Losses shared 30%.\n",
				"terms": json.RawMessage(termsJSON(t, "mssp-2022-basic-c")), "effective_from": "2024-07-01"}
			b, _ := json.Marshal(am)
			var got struct {
				Number   int
				Status   string
				SignOffs []accord.SignOff `json:"sign_offs"`
				Diff     struct{ Text, Terms []struct{ Op, Line string } }
			}
			if r := a.api("POST", api+"/amendments", tok, string(b), &got); r.StatusCode != http.StatusCreated || got.Number != 2 || len(got.SignOffs) != 0 {
				t.Fatalf("propose as finance: %d, %+v; want amendment 2 with no sign-off (finance cannot sign)", r.StatusCode, got)
			}
			if !hasDiffLine(got.Diff.Text, "delete", "- Share savings 40%.") || !hasDiffLine(got.Diff.Text, "insert", "- Share savings 50%.") ||
				!hasDiffLine(got.Diff.Terms, "insert", `  "name": "mssp-2022-basic-c",`) {
				t.Errorf("diff does not show the changes: %+v", got.Diff)
			}
			if st, body := a.get(admin, page+"/amendments/2"); st != 200 || !strings.Contains(body, `class="ins"`) || !strings.Contains(body, `class="del"`) {
				t.Errorf("amendment page shows no diff (status %d)", st)
			}
			sign := api + "/amendments/2/sign"
			adminTok := a.token(roleAccounts["admin"], "write")
			for _, tc := range []struct {
				who, tok string
				want     int
			}{
				{"admin", adminTok, 200},
				{"admin again", adminTok, 409},
				{"payer's executive (party signed)", a.token(roleAccounts["executive"], "write"), 409},
				{"observer", a.token(roleAccounts["observer"], "write"), 403},
				{"finance", tok, 403},
				{"non-member", a.token(outsiderEmail, "write"), 404},
				{"provider executive", a.token(partyExecs[0], "write"), 200},
				{"investor executive", a.token(partyExecs[1], "write"), 200},
			} {
				if r := a.api("POST", sign, tc.tok, "", nil); r.StatusCode != tc.want {
					t.Errorf("sign-off by %s: status %d, want %d", tc.who, r.StatusCode, tc.want)
				}
			}
			if r := a.api("GET", api+"/version-at?on=2024-07-01", adminTok, "", nil); r.StatusCode != http.StatusNotFound {
				// Version 1 still governs: the amendment is not adopted yet.
				var v struct{ Number int }
				a.api("GET", api+"/version-at?on=2024-07-01", adminTok, "", &v)
				if v.Number != 1 {
					t.Errorf("before the last sign-off, 2024-07-01 is governed by version %d, want 1", v.Number)
				}
			}
			vendor := a.login(partyExecs[2])
			if r := a.post(vendor, page+"/amendments/2/sign", nil); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("last sign-off: status %d", r.StatusCode)
			}
			for on, want := range map[string]int{"2023-01-01": 1, "2024-06-30": 1, "2024-07-01": 2, "2031-01-01": 2} {
				var v struct {
					Number      int
					EffectiveTo string `json:"effective_to"`
				}
				if r := a.api("GET", api+"/version-at?on="+on, adminTok, "", &v); r.StatusCode != 200 || v.Number != want {
					t.Errorf("version at %s: %d, version %d; want %d", on, r.StatusCode, v.Number, want)
				}
			}
			if r := a.api("GET", api+"/version-at?on=2022-12-31", adminTok, "", nil); r.StatusCode != http.StatusNotFound {
				t.Errorf("version before the contract: status %d, want 404", r.StatusCode)
			}
			st, body = a.get(admin, page+"?on=2024-06-30")
			if st != 200 || !strings.Contains(body, "version 1</strong>") || !strings.Contains(body, "Version 2") || !strings.Contains(body, "30 Jun 2024") {
				t.Errorf("contract page after adoption: %d; want both versions, v1 ending 30 Jun 2024 and the lookup answering version 1", st)
			}
			if r := a.api("PATCH", api, adminTok, `{"review_on":"2026-03-01"}`, nil); r.StatusCode != 200 {
				t.Errorf("schedule review: status %d", r.StatusCode)
			}
			al := mustAlliance(t, a)
			c, _ := a.db.ContractByKey(context.Background(), al.ID, "care-services")
			if c.ReviewOn == nil || c.ReviewOn.Format(time.DateOnly) != "2026-03-01" || c.Versions != 2 {
				t.Errorf("contract after review: %+v", c)
			}
		})
	}
}

func hasDiffLine(lines []struct{ Op, Line string }, op, line string) bool {
	for _, l := range lines {
		if l.Op == op && l.Line == line {
			return true
		}
	}
	return false
}

// matrixContract records "matrix-contract" with version 1 agreed by every
// party and amendment 2 waiting for sign-off, for the access matrix.
func (a *app) matrixContract() {
	a.t.Helper()
	ctx, sys := context.Background(), accord.SystemActor("test")
	al := mustAlliance(a.t, a)
	parties, err := a.db.ListParties(ctx, al.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	terms := termsJSON(a.t, "mssp-2022-basic-a")
	c := accord.Contract{AllianceID: al.ID, Key: "matrix-contract", Title: "Matrix"}
	orig := accord.Amendment{Summary: "Original", Text: "v1", Terms: terms, EffectiveFrom: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)}
	if err := a.db.CreateContract(ctx, sys, parties[0].ID, &c, &orig); err != nil {
		a.t.Fatal(err)
	}
	for _, p := range parties[1:] {
		if _, err := a.db.SignAmendment(ctx, sys, c.ID, 1, p.ID); err != nil {
			a.t.Fatal(err)
		}
	}
	am := accord.Amendment{ContractID: c.ID, Summary: "Second", Text: "v2", Terms: terms, EffectiveFrom: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	if err := a.db.ProposeAmendment(ctx, sys, "", &am); err != nil {
		a.t.Fatal(err)
	}
}

// yamlTermsString is a YAML terms document as a JSON string, the way the
// API takes YAML.
const yamlTermsString = `"# Level C, as YAML\nname: services-yaml\nsavings:\n  minimum: {method: fixed, rate: \"2%\"}\n  rate: 0.45  # agreed in March\n  quality: none\n"`

// isContractPath reports whether a documented path belongs to contracts,
// which TestOpenAPIContracts checks on its own alliance.
func isContractPath(path string) bool { return strings.Contains(path, "/contracts") }

// TestOpenAPIContracts walks through a contract's life through the API —
// record it, sign the original agreement as every party, amend it, ask
// which version governed a day — checking each request and answer against
// the document, then that every documented status was seen.
func TestOpenAPIContracts(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			c := newChecker(t, a)
			for who, email := range scorecardPeople {
				tok := a.token(email, "write")
				c.creds[who] = func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
			}
			const base = nv + "/contracts"
			const ct = base + "/oa-contract"
			create := `{"key":"oa-contract","title":"Services","review_on":"2026-01-01","text":"# Services\n\nShare 40%.","terms":` + termsJSON(t, "mssp-2022-basic-a") + `,"effective_from":"2023-01-01"}`
			amend := `{"summary":"Level C","text":"# Services\n\nShare 50%.","terms":` + termsJSON(t, "mssp-2022-basic-c") + `,"effective_from":"2024-07-01"}`
			cases := []apiCase{
				{name: "none yet", method: "GET", path: base, who: "admin", status: 200},
				{name: "record", method: "POST", path: base, who: "admin", body: create, status: 201},
				{name: "key taken", method: "POST", path: base, who: "admin", body: create, status: 422, field: "key"},
				{name: "observer", method: "POST", path: base, who: "observer", body: create, status: 403},
				{name: "list", method: "GET", path: base, who: "member", status: 200},
				{name: "original not agreed", method: "POST", path: ct + "/amendments", who: "admin", body: amend, status: 409},
				{name: "nothing agreed to renegotiate", method: "POST", path: ct + "/renegotiation", who: "admin", body: `{"reason":"Too early"}`, status: 409},
				{name: "provider signs", method: "POST", path: ct + "/amendments/1/sign", who: "provider-exec", status: 200},
				{name: "investor signs", method: "POST", path: ct + "/amendments/1/sign", who: "investor-exec", status: 200},
				{name: "observer", method: "POST", path: ct + "/amendments/1/sign", who: "observer", status: 403},
				{name: "vendor signs last", method: "POST", path: ct + "/amendments/1/sign", who: "vendor-exec", status: 200},
				{name: "adopted", method: "POST", path: ct + "/amendments/1/sign", who: "executive", status: 409},
				{name: "no such amendment", method: "POST", path: ct + "/amendments/9/sign", who: "admin", status: 404},
				{name: "read", method: "GET", path: ct, who: "member", status: 200},
				{name: "no such contract", method: "GET", path: base + "/nope", who: "admin", status: 404},
				{name: "schedule review", method: "PATCH", path: ct, who: "admin", body: `{"review_on":"2026-06-01"}`, status: 200},
				{name: "not a date", method: "PATCH", path: ct, who: "admin", body: `{"review_on":"soon"}`, status: 422, field: "review_on", req: reqAny},
				{name: "observer", method: "PATCH", path: ct, who: "observer", body: `{"review_on":""}`, status: 403},
				{name: "governed", method: "GET", path: ct + "/version-at?on=2024-01-01", who: "member", status: 200},
				{name: "before the contract", method: "GET", path: ct + "/version-at?on=2020-01-01", who: "member", status: 404},
				{name: "not a date", method: "GET", path: ct + "/version-at?on=soon", who: "member", status: 422, field: "on", req: reqAny},
				{name: "propose", method: "POST", path: ct + "/amendments", who: "finance", body: amend, status: 201},
				{name: "bad terms", method: "POST", path: ct + "/amendments", who: "admin", body: `{"summary":"x","text":"x","terms":{"name":"x"},"effective_from":"2025-01-01"}`, status: 422, field: "terms"},
				{name: "observer", method: "POST", path: ct + "/amendments", who: "observer", body: amend, status: 403},
				{name: "list", method: "GET", path: ct + "/amendments", who: "member", status: 200},
				{name: "with diff", method: "GET", path: ct + "/amendments/2", who: "member", status: 200},
				{name: "no such amendment", method: "GET", path: ct + "/amendments/9", who: "member", status: 404},
				{name: "payer signs", method: "POST", path: ct + "/amendments/2/sign", who: "admin", status: 200},
				{name: "party signed already", method: "POST", path: ct + "/amendments/2/sign", who: "executive", status: 409},
				{name: "propose in YAML", method: "POST", path: ct + "/amendments", who: "finance", status: 201,
					body: `{"summary":"YAML terms","text":"# Services\n\nShare 45%.","effective_from":"2025-01-01","terms":` + yamlTermsString + `}`},
				{name: "YAML with a bad rate", method: "POST", path: ct + "/amendments", who: "finance", status: 422, field: "terms",
					body: `{"summary":"YAML terms","text":"x","effective_from":"2025-01-01","terms":"name: y\nsavings:\n  minimum: {method: none}\n  rate: 2\n  quality: none\n"}`},
				{name: "another party", method: "POST", path: ct + "/amendments/3/withdraw", who: "provider-exec", body: `{"reason":"Not ours"}`, status: 403},
				{name: "no reason", method: "POST", path: ct + "/amendments/3/withdraw", who: "finance", body: `{"reason":""}`, status: 422, field: "reason", req: reqInvalid},
				{name: "withdraw", method: "POST", path: ct + "/amendments/3/withdraw", who: "finance", body: `{"reason":"Superseded"}`, status: 200,
					save: wantValue("status", "withdrawn")},
				{name: "withdrawn already", method: "POST", path: ct + "/amendments/3/withdraw", who: "admin", body: `{"reason":"Again"}`, status: 409},
				{name: "adopted", method: "POST", path: ct + "/amendments/1/withdraw", who: "admin", body: `{"reason":"Too late"}`, status: 409},
				{name: "no such amendment", method: "POST", path: ct + "/amendments/9/withdraw", who: "admin", body: `{"reason":"x"}`, status: 404},
				{name: "observer", method: "POST", path: ct + "/amendments/3/withdraw", who: "observer", body: `{"reason":"x"}`, status: 403},
				{name: "ask to renegotiate", method: "POST", path: ct + "/renegotiation", who: "provider-exec", body: `{"reason":"Rebase the PMPM on the 2026 trend"}`, status: 201},
				{name: "asked already", method: "POST", path: ct + "/renegotiation", who: "provider-exec", body: `{"reason":"Again"}`, status: 409},
				{name: "no reason", method: "POST", path: ct + "/renegotiation", who: "executive", body: `{"reason":""}`, status: 422, field: "reason", req: reqInvalid},
				{name: "finance may not ask", method: "POST", path: ct + "/renegotiation", who: "finance", body: `{"reason":"x"}`, status: 403},
				{name: "observer", method: "POST", path: ct + "/renegotiation", who: "observer", body: `{"reason":"x"}`, status: 403},
			}
			// Settlements have their own walk-through (TestOpenAPISettlements).
			contract := func(path string) bool { return isContractPath(path) && !isSettlementPath(path) }
			for _, tc := range append(cases, genericCases(c.doc, contract)...) {
				c.do(tc)
			}
			c.checkCoverage(contract)
		})
	}
}
