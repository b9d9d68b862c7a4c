package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

// isConcernsPath reports whether a documented path belongs to concerns,
// which TestOpenAPIConcerns checks on its own.
func isConcernsPath(path string) bool { return strings.Contains(path, "/concerns") }

// concernsReceiptLimit is the wrong receipts a client may send in the
// conformance test before it is throttled.
const concernsReceiptLimit = 4

// TestOpenAPIConcerns checks every concerns operation against the
// document: raising named and anonymous concerns, the handlers' list,
// thread and steps, the reporter's follow-up with the receipt until
// wrong receipts are throttled, the refusals every operation of its kind
// must give, then that every status the document promises was seen.
func TestOpenAPIConcerns(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newAppWith(t, d, server.Config{ReceiptLimit: concernsReceiptLimit, IntakeLimit: intakeLimit})
			c := newChecker(t, a)
			tok := a.token(roleAccounts["member"], "write")
			c.creds["reporter"] = func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
			for _, tc := range concernCases() {
				c.do(tc)
			}
			for _, tc := range intakeCases() {
				c.do(tc)
			}
			for _, tc := range genericCases(c.doc, isConcernsPath) {
				// The reporter's follow-up does not look at credentials at
				// all, so a bad token is not refused there (concernCases
				// sends one).
				if tc.name == "bad token" && (strings.HasPrefix(tc.path, "/api/v1/concerns/") || strings.HasPrefix(tc.path, "/api/v1/intake/")) {
					continue
				}
				c.do(tc)
			}
			c.checkCoverage(isConcernsPath)
		})
	}
}

const (
	concerns    = nv + "/concerns"
	oneConcern  = concerns + "/{concern}"
	followUp    = "/api/v1/concerns/follow-up"
	followUpMsg = followUp + "/messages"
	wrongCode   = "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA"
)

func concernCases() []apiCase {
	named := `{"category":"operations_workload","severity":"medium","body":"The Eastgate front desk is two people short."}`
	anon := `{"category":"patient_safety","severity":"high","body":"Falls on ward 3 go unreported.","kpi":"READMISSIONS-30D","anonymous":true}`
	receipt := `{"alliance":"north-valley","receipt":"{receipt}"}`
	message := `{"alliance":"north-valley","receipt":"{receipt}","body":"It happened again on Tuesday."}`
	wrong := `{"alliance":"north-valley","receipt":"` + wrongCode + `"}`
	wrongMsg := `{"alliance":"north-valley","receipt":"` + wrongCode + `","body":"x"}`
	return []apiCase{
		{name: "named", method: "POST", path: concerns, who: "reporter", body: named, status: 201, save: func(c *checker, b []byte) {
			saveID("named", "", "")(c, b)
			wantValue("reporter_name", "Nadia Haddad")(c, b)
			wantNoField(c, b, "receipt")
		}},
		{name: "anonymous", method: "POST", path: concerns, who: "reporter", body: anon, status: 201, save: func(c *checker, b []byte) {
			saveID("concern", "", "")(c, b)
			wantValue("kpi", "readmissions-30d")(c, b)
			wantNoField(c, b, "reporter_id", "reporter_name")
			var r struct{ Receipt string }
			json.Unmarshal(b, &r)
			c.vars["receipt"] = r.Receipt
		}},
		{name: "read token", method: "POST", path: concerns, who: "member", body: named, status: 403},
		{name: "observer may", method: "POST", path: concerns, who: "observer", body: named, status: 201},
		{name: "bad category", method: "POST", path: concerns, who: "reporter", status: 422, field: "category", req: reqInvalid,
			body: `{"category":"gossip","severity":"low","body":"x"}`},
		{name: "blank body", method: "POST", path: concerns, who: "reporter", status: 422, field: "body",
			body: `{"category":"data","severity":"low","body":"   "}`},
		{name: "unknown KPI", method: "POST", path: concerns, who: "reporter", status: 422, field: "kpi",
			body: `{"category":"data","severity":"low","body":"x","kpi":"nope"}`},
		{name: "unknown field", method: "POST", path: concerns, who: "reporter", status: 422, field: "name", req: reqInvalid,
			body: `{"category":"data","severity":"low","body":"x","name":"me"}`},
		{name: "anonymous not a boolean", method: "POST", path: concerns, who: "reporter", status: 422, field: "anonymous", req: reqInvalid,
			body: `{"category":"data","severity":"low","body":"x","anonymous":"yes"}`},

		{name: "handler", method: "GET", path: concerns, who: "executive", status: 200, save: wantAnonymousUnnamed},
		{name: "open ones", method: "GET", path: concerns + "?status=open", who: "admin", status: 200, save: wantStatuses("open")},
		{name: "bad status", method: "GET", path: concerns + "?status=lost", who: "admin", status: 422, field: "status", req: reqInvalid},
		{name: "observer", method: "GET", path: concerns, who: "observer", status: 403},
		{name: "read token", method: "GET", path: concerns, who: "admin-read", status: 403},
		{name: "thread", method: "GET", path: oneConcern, who: "executive", status: 200, save: func(c *checker, b []byte) { wantNoField(c, b, "reporter_id", "reporter_name") }},
		{name: "named thread", method: "GET", path: concerns + "/{named}", who: "executive", status: 200, save: wantValue("reporter_name", "Nadia Haddad")},
		{name: "unknown", method: "GET", path: concerns + "/nope", who: "executive", status: 404},
		{name: "observer", method: "GET", path: oneConcern, who: "observer", status: 403},

		{name: "the reporter comes back", method: "POST", path: followUp, body: receipt, status: 200, save: wantValue("status", "open")},
		{name: "credentials ignored", method: "POST", path: followUp, who: "bogus", body: receipt, status: 200},
		{name: "code as typed", method: "POST", path: followUp, status: 200,
			body: `{"alliance":"north-valley","receipt":" {receipt} "}`},
		{name: "wrong code", method: "POST", path: followUp, body: wrong, status: 404},
		{name: "code too short", method: "POST", path: followUp, status: 422, field: "receipt", body: `{"alliance":"north-valley","receipt":"ABCDE"}`},
		{name: "no alliance", method: "POST", path: followUp, status: 422, field: "alliance", req: reqInvalid, body: `{"receipt":"{receipt}"}`},
		{name: "no receipt", method: "POST", path: followUp, status: 422, field: "receipt", req: reqInvalid, body: `{"alliance":"north-valley"}`},
		{name: "another alliance", method: "POST", path: followUp, status: 404, body: `{"alliance":"elsewhere","receipt":"{receipt}"}`},

		{name: "acknowledge", method: "POST", path: oneConcern + "/acknowledge", who: "executive", status: 200, save: wantValue("status", "acknowledged")},
		{name: "again", method: "POST", path: oneConcern + "/acknowledge", who: "executive", status: 409},
		{name: "plain member", method: "POST", path: oneConcern + "/acknowledge", who: "reporter", status: 403},
		{name: "unknown", method: "POST", path: concerns + "/nope/acknowledge", who: "executive", status: 404},
		{name: "reply", method: "POST", path: oneConcern + "/replies", who: "executive", body: `{"body":"We are looking at falls reporting on ward 3."}`, status: 200},
		{name: "blank", method: "POST", path: oneConcern + "/replies", who: "executive", body: `{"body":" "}`, status: 422, field: "body"},
		{name: "reason instead", method: "POST", path: oneConcern + "/replies", who: "executive", body: `{"reason":"x"}`, status: 422, field: "reason", req: reqInvalid},
		{name: "unknown", method: "POST", path: concerns + "/nope/replies", who: "executive", body: `{"body":"x"}`, status: 404},
		{name: "observer", method: "POST", path: oneConcern + "/replies", who: "observer", body: `{"body":"x"}`, status: 403},

		{name: "information", method: "POST", path: followUpMsg, body: message, status: 200, save: wantLastByReporter},
		{name: "blank", method: "POST", path: followUpMsg, status: 422, field: "body", body: `{"alliance":"north-valley","receipt":"{receipt}","body":"  "}`},
		{name: "wrong code", method: "POST", path: followUpMsg, body: wrongMsg, status: 404},

		{name: "no reason", method: "POST", path: oneConcern + "/close", who: "executive", body: `{"reason":""}`, status: 422, field: "reason", req: reqInvalid},
		{name: "close", method: "POST", path: oneConcern + "/close", who: "executive", body: `{"reason":"Falls are reported again; see the council's minutes."}`, status: 200,
			save: wantValue("status", "closed")},
		{name: "again", method: "POST", path: oneConcern + "/close", who: "executive", body: `{"reason":"x"}`, status: 409},
		{name: "closed", method: "POST", path: oneConcern + "/replies", who: "executive", body: `{"body":"x"}`, status: 409},
		{name: "unknown", method: "POST", path: concerns + "/nope/close", who: "executive", body: `{"reason":"x"}`, status: 404},
		{name: "observer", method: "POST", path: oneConcern + "/close", who: "observer", body: `{"reason":"x"}`, status: 403},

		// Three wrong codes so far (one in another alliance); the fourth
		// reaches the limit, after which even the right code is refused,
		// on both operations.
		{name: "fourth wrong code", method: "POST", path: followUp, body: wrong, status: 404},
		{name: "throttled", method: "POST", path: followUp, body: receipt, status: 429},
		{name: "throttled", method: "POST", path: followUpMsg, body: message, status: 429},
		{name: "shape still checked", method: "POST", path: followUp, status: 422, field: "receipt", body: `{"alliance":"north-valley","receipt":"ABCDE"}`},
	}
}

// wantNoField fails when the answer has any of the top-level fields.
func wantNoField(c *checker, b []byte, fields ...string) {
	c.t.Helper()
	var m map[string]any
	json.Unmarshal(b, &m)
	for _, f := range fields {
		if _, ok := m[f]; ok {
			c.t.Errorf("the answer has %q: %s", f, b)
		}
	}
}

// wantAnonymousUnnamed checks a list: anonymous concerns name nobody,
// named ones name their reporter.
func wantAnonymousUnnamed(c *checker, b []byte) {
	var l struct{ Items []map[string]any }
	json.Unmarshal(b, &l)
	named := 0
	for _, it := range l.Items {
		_, id := it["reporter_id"]
		_, name := it["reporter_name"]
		if it["anonymous"] == true && (id || name) {
			c.t.Errorf("an anonymous concern in the list names its reporter: %v", it)
		}
		if it["anonymous"] == false {
			named++
			if !id || !name {
				c.t.Errorf("a named concern in the list lacks its reporter: %v", it)
			}
		}
	}
	if named == 0 || len(l.Items) == named {
		c.t.Errorf("the list has %d concerns, %d named; want named and anonymous ones", len(l.Items), named)
	}
}

// wantStatuses checks that every listed concern has the status.
func wantStatuses(status string) func(*checker, []byte) {
	return func(c *checker, b []byte) {
		var l struct{ Items []struct{ Status string } }
		json.Unmarshal(b, &l)
		for _, it := range l.Items {
			if it.Status != status {
				c.t.Errorf("listed a concern %s, want only %s", it.Status, status)
			}
		}
	}
}

// wantLastByReporter checks that the thread ends with the reporter's
// message, dated to the day only.
func wantLastByReporter(c *checker, b []byte) {
	var cn struct {
		Messages []struct {
			Author  string
			At      string
			DayOnly bool `json:"day_only"`
		}
	}
	json.Unmarshal(b, &cn)
	if len(cn.Messages) == 0 {
		c.t.Fatalf("no thread in %s", b)
	}
	last := cn.Messages[len(cn.Messages)-1]
	if last.Author != "reporter" || !last.DayOnly || !strings.HasSuffix(last.At, "T00:00:00Z") {
		c.t.Errorf("last message = %+v; want the reporter's, with its day only", last)
	}
}
