package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/store"
)

// isLedgerPath reports whether a documented path is the portfolio's or the
// ledger's, which TestOpenAPILedger checks on its own.
func isLedgerPath(path string) bool {
	return strings.HasSuffix(path, "/portfolio") || strings.HasSuffix(path, "/ledger") || strings.HasSuffix(path, "/commitments") ||
		strings.Contains(path, "/contributions")
}

// TestOpenAPILedger checks the portfolio and ledger operations against the
// document on the ledger scene: each success, each refusal the document
// promises, then that every documented status was seen.
func TestOpenAPILedger(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			sc := a.ledgerScene()
			c := newChecker(t, a)
			tok := a.token(groupExec, "write")
			c.creds["group"] = func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
			today := time.Now().UTC().Format(time.DateOnly)
			in := nv + "/initiatives/" + sc.care.ID
			save := func(name string) func(*checker, []byte) { return saveID(name, "", "") }
			for _, tc := range []apiCase{
				{name: "portfolio", method: "GET", path: nv + "/portfolio?months=24", who: "observer", status: 200},
				{name: "portfolio with its ledger", method: "GET", path: nv + "/portfolio?from=2026-01", who: "admin-read", status: 200},
				{name: "portfolio too long", method: "GET", path: nv + "/portfolio?months=61", who: "admin", status: 422, field: "months"},
				{name: "ledger", method: "GET", path: in + "/ledger", who: "member", status: 200},
				{name: "ledger, observer", method: "GET", path: in + "/ledger", who: "observer", status: 403},
				{name: "ledger, bad rate", method: "GET", path: in + "/ledger?rate=lots", who: "admin", status: 422, field: "rate"},
				{name: "ledger, no such initiative", method: "GET", path: nv + "/initiatives/nope/ledger", who: "admin", status: 404},
				{name: "commit staff time", method: "POST", path: in + "/commitments", who: "executive", status: 201, req: reqValid,
					body: fmt.Sprintf(`{"party_id":%q,"phase_id":%q,"kind":"staff_time","hours":"20","role":"Nurse","rate_per_hour":62.5,"due_on":%q}`, sc.plan, sc.careFirst.ID, today)},
				{name: "commit, observer", method: "POST", path: in + "/commitments", who: "observer", status: 403, req: reqAny, body: `{"party_id":"x","kind":"cash","due_on":"2027-01-01"}`},
				{name: "commit, no kind", method: "POST", path: in + "/commitments", who: "admin", status: 422, req: reqAny, field: "kind",
					body: fmt.Sprintf(`{"party_id":%q,"kind":"gold","amount":1,"due_on":%q}`, sc.plan, today)},
				{name: "commit to no initiative", method: "POST", path: nv + "/initiatives/nope/commitments", who: "admin", status: 404,
					body: fmt.Sprintf(`{"party_id":%q,"kind":"cash","amount":1,"due_on":%q}`, sc.plan, today)},
				{name: "enter cash", method: "POST", path: in + "/contributions", who: "admin", status: 201, save: save("cx"),
					body: fmt.Sprintf(`{"commitment_id":%q,"amount":"1000.50","date":%q,"note":"First quarter"}`, sc.planCash.ID, today)},
				{name: "enter again", method: "POST", path: in + "/contributions", who: "admin", status: 201, save: save("cy"),
					body: fmt.Sprintf(`{"commitment_id":%q,"amount":500,"date":%q}`, sc.planCash.ID, today)},
				{name: "enter for another party", method: "POST", path: in + "/contributions", who: "admin", status: 403,
					body: fmt.Sprintf(`{"commitment_id":%q,"hours":"2","date":%q}`, sc.groupStaff.ID, today)},
				{name: "enter, no date", method: "POST", path: in + "/contributions", who: "admin", status: 422, req: reqInvalid, field: "date",
					body: fmt.Sprintf(`{"commitment_id":%q,"amount":1}`, sc.planCash.ID)},
				{name: "enter, no such commitment", method: "POST", path: in + "/contributions", who: "admin", status: 422, field: "commitment_id",
					body: fmt.Sprintf(`{"commitment_id":"nope","amount":1,"date":%q}`, today)},
				{name: "acknowledge own", method: "POST", path: nv + "/contributions/{cx}/acknowledge", who: "executive", status: 403},
				{name: "acknowledge", method: "POST", path: nv + "/contributions/{cx}/acknowledge", who: "group", status: 200},
				{name: "acknowledge again", method: "POST", path: nv + "/contributions/{cx}/acknowledge", who: "group", status: 409},
				{name: "acknowledge none", method: "POST", path: nv + "/contributions/nope/acknowledge", who: "group", status: 404},
				{name: "dispute without reason", method: "POST", path: nv + "/contributions/{cy}/dispute", who: "group", status: 422, field: "reason", body: `{}`},
				{name: "dispute", method: "POST", path: nv + "/contributions/{cy}/dispute", who: "group", status: 200, body: `{"reason":"No invoice yet."}`},
				{name: "dispute again", method: "POST", path: nv + "/contributions/{cy}/dispute", who: "group", status: 409, body: `{"reason":"Still none."}`},
				{name: "dispute, observer", method: "POST", path: nv + "/contributions/{cy}/dispute", who: "observer", status: 403, body: `{"reason":"x"}`},
				{name: "dispute none", method: "POST", path: nv + "/contributions/nope/dispute", who: "group", status: 404, body: `{"reason":"x"}`},
				{name: "acknowledge while disputed", method: "POST", path: nv + "/contributions/{cy}/acknowledge", who: "group", status: 409},
				{name: "resolve, bad outcome", method: "POST", path: nv + "/contributions/{cy}/resolve", who: "admin", status: 422, field: "resolution", body: `{"resolution":"maybe","note":"x"}`},
				{name: "resolve", method: "POST", path: nv + "/contributions/{cy}/resolve", who: "admin", status: 200, body: `{"resolution":"withdrawn","note":"Entered twice."}`},
				{name: "resolve again", method: "POST", path: nv + "/contributions/{cy}/resolve", who: "admin", status: 409, body: `{"resolution":"upheld","note":"x"}`},
				{name: "resolve, observer", method: "POST", path: nv + "/contributions/{cy}/resolve", who: "observer", status: 403, body: `{"resolution":"upheld","note":"x"}`},
				{name: "resolve none", method: "POST", path: nv + "/contributions/nope/resolve", who: "admin", status: 404, body: `{"resolution":"upheld","note":"x"}`},
				{name: "ledger at rates", method: "GET", path: in + "/ledger?rate=7%25&rates=" + sc.plan + "=0.06", who: "admin", status: 200},
				{name: "ledger, session", method: "GET", path: in + "/ledger", who: "session", status: 200},
			} {
				c.do(tc)
			}
			for _, tc := range genericCases(c.doc, isLedgerPath) {
				c.do(tc)
			}
			c.checkCoverage(isLedgerPath)
		})
	}
}
