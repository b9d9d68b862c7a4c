package server_test

import (
	"encoding/json"
	"strings"
)

// intakeLimit is how many concerns the conformance test's intake link
// accepts in an hour before it is throttled.
const intakeLimit = 3

const (
	intakePath   = concerns + "/intake"
	intakeRaise  = "/api/v1/intake/{token}/concerns"
	intakeReport = `{"category":"data","severity":"medium","body":"Patient lists are left on the shared drive."}`
)

// intakeCases check the intake link's operations: turning it on,
// replacing and turning it off (admins only), and raising a concern
// through it without credentials until the link is throttled.
func intakeCases() []apiCase {
	return []apiCase{
		{name: "off", method: "GET", path: intakePath, who: "admin", status: 200, save: wantValue("enabled", false)},
		{name: "not an admin", method: "GET", path: intakePath, who: "executive", status: 403},
		{name: "read token", method: "GET", path: intakePath, who: "admin-read", status: 403},
		{name: "nothing to turn off", method: "DELETE", path: intakePath, who: "admin", status: 404},
		{name: "turn on", method: "POST", path: intakePath, who: "admin", status: 201, save: saveIntakeToken},
		{name: "not an admin", method: "POST", path: intakePath, who: "executive", status: 403},
		{name: "read token", method: "POST", path: intakePath, who: "admin-read", status: 403},
		{name: "on, without the link", method: "GET", path: intakePath, who: "session", status: 200, save: func(c *checker, b []byte) {
			wantValue("enabled", true)(c, b)
			wantValue("created_by", "Morgan Ellis")(c, b)
			wantNoField(c, b, "url")
		}},

		{name: "a stranger raises", method: "POST", path: intakeRaise, body: intakeReport, status: 201, save: wantIntakeReceipt},
		{name: "credentials ignored", method: "POST", path: intakeRaise, who: "bogus", body: intakeReport, status: 201},
		{name: "bad category", method: "POST", path: intakeRaise, status: 422, field: "category", req: reqInvalid,
			body: `{"category":"gossip","severity":"low","body":"x"}`},
		{name: "no KPI through the link", method: "POST", path: intakeRaise, status: 422, field: "kpi", req: reqInvalid,
			body: `{"category":"data","severity":"low","body":"x","kpi":"readmissions-30d"}`},
		{name: "blank body", method: "POST", path: intakeRaise, status: 422, field: "body", req: reqInvalid,
			body: `{"category":"data","severity":"low","body":""}`},
		{name: "the last within the hour", method: "POST", path: intakeRaise, body: intakeReport, status: 201},
		{name: "throttled", method: "POST", path: intakeRaise, body: intakeReport, status: 429},

		{name: "replace", method: "POST", path: intakePath, who: "admin", status: 201, save: saveIntakeToken},
		{name: "the replaced link", method: "POST", path: "/api/v1/intake/{old}/concerns", body: intakeReport, status: 404},
		{name: "turn off", method: "DELETE", path: intakePath, who: "session", status: 204},
		{name: "the link turned off", method: "POST", path: intakeRaise, body: intakeReport, status: 404},
		{name: "turn on again", method: "POST", path: intakePath, who: "admin", status: 201, save: saveIntakeToken},
	}
}

// saveIntakeToken keeps the token of the link just made as {token}, and
// the one before as {old}.
func saveIntakeToken(c *checker, b []byte) {
	var s struct {
		Enabled bool
		URL     string
	}
	json.Unmarshal(b, &s)
	_, tok, ok := strings.Cut(s.URL, "/intake/")
	if !s.Enabled || !ok || len(tok) < 40 {
		c.t.Fatalf("the new intake link: %s", b)
	}
	c.vars["old"], c.vars["token"] = c.vars["token"], tok
}

// wantIntakeReceipt checks a concern raised through the link: anonymous,
// with a receipt, naming nobody.
func wantIntakeReceipt(c *checker, b []byte) {
	var r struct {
		Receipt   string
		Anonymous bool
	}
	json.Unmarshal(b, &r)
	if !receiptPattern.MatchString(r.Receipt) || !r.Anonymous {
		c.t.Errorf("raised through the link: receipt %q, anonymous %v", r.Receipt, r.Anonymous)
	}
	wantNoField(c, b, "reporter_id", "reporter_name")
}
