package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// The conformance test drives real requests at a running server and checks
// each request and each answer against the OpenAPI document it serves, so
// that the document and the handlers cannot drift apart unnoticed.

// reqWant says whether the document should accept a request: bad input
// must be refused by the document too, not only by the server.
type reqWant int

const (
	reqValid reqWant = iota
	reqInvalid
	reqAny // e.g. refused before the body is looked at
)

// apiCase is one request and the answer it must get. In path and body,
// {name} is replaced by a value saved by an earlier case.
type apiCase struct {
	name, method, path string
	who                string // key of checker.creds: "" sends no credentials
	body, ctype        string
	crossSite          bool
	status             int
	field              string // the error's field, when it must name one
	req                reqWant
	save               func(c *checker, body []byte)
}

type checker struct {
	t      *testing.T
	a      *app
	doc    *openapi3.T
	router routers.Router
	creds  map[string]func(*http.Request)
	vars   map[string]string
	seen   map[string]map[int]bool // "METHOD /path" -> statuses answered
}

// loadDoc fetches the served document and validates it as OpenAPI 3.1.
func loadDoc(t *testing.T, a *app) (*openapi3.T, routers.Router) {
	t.Helper()
	resp, err := http.Get(a.srv.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET openapi.json: status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		t.Fatalf("load document: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("document is OpenAPI %s, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("document is not valid OpenAPI: %v", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return doc, router
}

func newChecker(t *testing.T, a *app) *checker {
	doc, router := loadDoc(t, a)
	c := &checker{t: t, a: a, doc: doc, router: router, vars: map[string]string{}, seen: map[string]map[int]bool{}}
	bearer := func(tok string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
	}
	c.creds = map[string]func(*http.Request){
		"admin":      bearer(a.token(roleAccounts["admin"], "write")),
		"admin-read": bearer(a.token(roleAccounts["admin"], "read")),
		"executive":  bearer(a.token(roleAccounts["executive"], "write")),
		"observer":   bearer(a.token(roleAccounts["observer"], "write")),
		"member":     bearer(a.token(roleAccounts["member"], "read")),
		"outsider":   bearer(a.token(outsiderEmail, "write")),
		"bogus":      bearer("acc_not-a-real-token"),
		"session":    a.sessionCookie(roleAccounts["admin"]),
	}
	return c
}

// sessionCookie signs in through the form and returns what sends the session cookie.
func (a *app) sessionCookie(email string) func(*http.Request) {
	a.t.Helper()
	u, _ := url.Parse(a.srv.URL)
	for _, ck := range a.login(email).Jar.Cookies(u) {
		if ck.Name == "accord_session" {
			return func(r *http.Request) { r.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value}) }
		}
	}
	a.t.Fatal("no session cookie after signing in")
	return nil
}

func (c *checker) expand(s string) string {
	for k, v := range c.vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

func (c *checker) request(tc apiCase) *http.Request {
	c.t.Helper()
	var body io.Reader
	if tc.body != "" {
		body = strings.NewReader(c.expand(tc.body))
	}
	req, err := http.NewRequest(tc.method, c.a.srv.URL+c.expand(tc.path), body)
	if err != nil {
		c.t.Fatal(err)
	}
	if tc.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if tc.ctype != "" {
		req.Header.Set("Content-Type", tc.ctype)
	}
	if tc.crossSite {
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://attacker.example")
	}
	if tc.who != "" {
		c.creds[tc.who](req)
	}
	return req
}

// hasCredentials stands in for authentication while validating requests:
// the document only promises which credentials must be sent.
func hasCredentials(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	r := in.RequestValidationInput.Request
	switch in.SecurityScheme.Type {
	case "http":
		if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			return nil
		}
	case "apiKey":
		if _, err := r.Cookie(in.SecurityScheme.Name); err == nil {
			return nil
		}
	}
	return errors.New("no " + in.SecuritySchemeName + " credentials")
}

// do sends one case and checks the request, the status and the answer
// against the document.
func (c *checker) do(tc apiCase) {
	c.t.Helper()
	ctx := context.Background()
	label := tc.method + " " + tc.path + " (" + tc.name + ")"
	req := c.request(tc)
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		c.t.Errorf("%s: not in the document: %v", label, err)
		return
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: hasCredentials, MultiError: true}}
	reqErr := openapi3filter.ValidateRequest(ctx, in)
	if tc.req == reqValid && reqErr != nil {
		c.t.Errorf("%s: the document refuses the request: %v", label, reqErr)
	}
	if tc.req == reqInvalid && reqErr == nil {
		c.t.Errorf("%s: the document accepts a request the server must refuse", label)
	}
	resp, err := http.DefaultClient.Do(c.request(tc))
	if err != nil {
		c.t.Fatalf("%s: %v", label, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != tc.status {
		c.t.Errorf("%s: status %d, want %d; body %s", label, resp.StatusCode, tc.status, b)
	}
	rin := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
	rin.SetBodyBytes(b)
	if err := openapi3filter.ValidateResponse(ctx, rin); err != nil {
		c.t.Errorf("%s: the answer does not match the document: %v\nbody: %s", label, err, b)
	}
	if resp.StatusCode >= 400 && !isImportReport(b) {
		checkError(c.t, label, resp.StatusCode, b, tc.field)
	}
	key := route.Method + " " + route.Path
	if c.seen[key] == nil {
		c.seen[key] = map[int]bool{}
	}
	c.seen[key][resp.StatusCode] = true
	if tc.save != nil && resp.StatusCode == tc.status {
		tc.save(c, b)
	}
}

// apiErrorBody is the shape of every error answer.
type apiErrorBody struct {
	Error struct{ Code, Message, Field string }
}

var codeOfStatus = map[int]string{401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 413: "invalid", 422: "invalid", 429: "throttled", 503: "unavailable"}

// checkError checks that an error answer carries the code of its status and,
// if want is set, names the field at fault.
func checkError(t *testing.T, label string, status int, b []byte, field string) {
	t.Helper()
	var e apiErrorBody
	if err := json.Unmarshal(b, &e); err != nil {
		t.Errorf("%s: error body is not JSON: %v: %s", label, err, b)
		return
	}
	if want := codeOfStatus[status]; e.Error.Code != want {
		t.Errorf("%s: code %q, want %q", label, e.Error.Code, want)
	}
	if field != "" && e.Error.Field != field {
		t.Errorf("%s: field %q, want %q (message %q)", label, e.Error.Field, field, e.Error.Message)
	}
	if strings.Contains(e.Error.Message, "goroutine") || strings.Contains(e.Error.Message, "accord.") || strings.Contains(e.Error.Message, "server.") {
		t.Errorf("%s: message shows internals: %q", label, e.Error.Message)
	}
}

// saveID keeps the "id" of the answer, or of the list item whose field
// matches, under name.
func saveID(name, field, value string) func(*checker, []byte) {
	return func(c *checker, b []byte) {
		var one struct{ ID string }
		var many struct{ Items []map[string]any }
		if field == "" {
			json.Unmarshal(b, &one)
			c.vars[name] = one.ID
			return
		}
		json.Unmarshal(b, &many)
		for _, it := range many.Items {
			if it[field] == value {
				c.vars[name], _ = it["id"].(string)
				return
			}
		}
		c.t.Fatalf("no item with %s %q to save as %s", field, value, name)
	}
}

// wantValue checks a top-level field of the answer.
func wantValue(field string, want any) func(*checker, []byte) {
	return func(c *checker, b []byte) {
		var m map[string]any
		json.Unmarshal(b, &m)
		if got := m[field]; got != want {
			c.t.Errorf("answer's %s: got %v, want %v", field, got, want)
		}
	}
}

// TestOpenAPIConformance checks every operation's success and error answers
// against the document, on both databases, then that every status the
// document promises was actually seen.
func TestOpenAPIConformance(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			c := newChecker(t, a)
			others, err := a.db.ListParties(context.Background(), a.other.ID)
			if err != nil || len(others) == 0 {
				t.Fatalf("parties of the other alliance: %v", err)
			}
			c.vars["other_party"] = others[0].ID
			// The scorecard's operations have their own test, on an alliance
			// whose parties can all approve KPIs.
			rest := func(path string) bool {
				return !isScorecardPath(path) && !isContractPath(path) && !isSignalsPath(path) && !isGovernancePath(path) && !isConcernsPath(path) && !isNotificationsPath(path) &&
					!isNeedsYouPath(path) && !isLedgerPath(path) && !isFHIRSourcePath(path) && !isHealthPath(path) && !isInitiativesPath(path) && !isBenefitPath(path) && !isCharterPath(path)
			}
			for _, tc := range append(scenario(), genericCases(c.doc, rest)...) {
				c.do(tc)
			}
			c.checkCoverage(rest)
		})
	}
}

const nv = "/api/v1/alliances/north-valley"

// scenario walks through every operation as a client would, with the
// refusals each one can give.
func scenario() []apiCase {
	const inv = `{"email":"new.person@valleyhealthplan.example","party_id":"{party}","roles":["member"]}`
	return []apiCase{
		{name: "public", method: "GET", path: "/api/v1/openapi.json", status: 200},
		{name: "token", method: "GET", path: "/api/v1/me", who: "admin", status: 200},
		{name: "session cookie", method: "GET", path: "/api/v1/me", who: "session", status: 200},
		{name: "mine", method: "GET", path: "/api/v1/alliances", who: "outsider", status: 200},
		{name: "create", method: "POST", path: "/api/v1/alliances", who: "admin", status: 201,
			body: `{"name":"Lakeside Care Alliance","organization":"Valley Health Plan","party_role":"payer","vision":"v","values":"x"}`},
		{name: "slug taken", method: "POST", path: "/api/v1/alliances", who: "admin", status: 422, field: "slug",
			body: `{"name":"Lakeside Care Alliance","organization":"Valley Health Plan","party_role":"payer"}`},
		{name: "bad slug", method: "POST", path: "/api/v1/alliances", who: "admin", status: 422, field: "slug",
			body: `{"name":"X","slug":"Not a slug!","organization":"O","party_role":"payer"}`},
		{name: "no organization", method: "POST", path: "/api/v1/alliances", who: "admin", status: 422, field: "organization", req: reqInvalid,
			body: `{"name":"X","organization":"","party_role":"payer"}`},
		{name: "not installation admin", method: "POST", path: "/api/v1/alliances", who: "executive", status: 403,
			body: `{"name":"X","organization":"O","party_role":"payer"}`},
		{name: "read token", method: "POST", path: "/api/v1/alliances", who: "admin-read", status: 403,
			body: `{"name":"X","organization":"O","party_role":"payer"}`},
		{name: "installation admin", method: "GET", path: "/api/v1/organizations", who: "admin", status: 200},
		{name: "read token reads", method: "GET", path: "/api/v1/organizations", who: "admin-read", status: 200},
		{name: "not installation admin", method: "GET", path: "/api/v1/organizations", who: "executive", status: 403},
		{name: "list", method: "GET", path: "/api/v1/tokens", who: "admin", status: 200},
		{name: "create", method: "POST", path: "/api/v1/tokens", who: "admin", status: 201, body: `{"name":"ci","scope":"read"}`, save: saveID("tok", "", "")},
		{name: "read token", method: "POST", path: "/api/v1/tokens", who: "admin-read", status: 403, body: `{"name":"ci","scope":"read"}`},
		{name: "bad scope", method: "POST", path: "/api/v1/tokens", who: "admin", status: 422, field: "scope", req: reqInvalid, body: `{"name":"ci","scope":"admin"}`},
		{name: "blank name", method: "POST", path: "/api/v1/tokens", who: "admin", status: 422, field: "name", body: `{"name":"  ","scope":"read"}`},
		{name: "read token", method: "DELETE", path: "/api/v1/tokens/{tok}", who: "admin-read", status: 403},
		{name: "someone else's", method: "DELETE", path: "/api/v1/tokens/{tok}", who: "executive", status: 404},
		{name: "revoke", method: "DELETE", path: "/api/v1/tokens/{tok}", who: "admin", status: 204},
		{name: "again", method: "DELETE", path: "/api/v1/tokens/{tok}", who: "admin", status: 404},
		{name: "rule", method: "GET", path: "/api/v1/alliances/north-valley/second-factor", who: "admin", status: 200},
		{name: "not an admin", method: "GET", path: "/api/v1/alliances/north-valley/second-factor", who: "executive", status: 403},
		{name: "set", method: "PUT", path: "/api/v1/alliances/north-valley/second-factor", who: "admin", status: 200, body: `{"require":"nobody"}`},
		{name: "unknown", method: "DELETE", path: "/api/v1/tokens/nope", who: "admin", status: 404},

		{name: "observer reads", method: "GET", path: nv, who: "observer", status: 200},
		{name: "executive", method: "PATCH", path: nv, who: "executive", status: 200, body: `{"vision":"A sharper vision."}`},
		{name: "session", method: "PATCH", path: nv, who: "session", status: 200, body: `{"values":"Bad news early"}`},
		{name: "observer", method: "PATCH", path: nv, who: "observer", status: 403, body: `{"vision":"x"}`},
		{name: "read token", method: "PATCH", path: nv, who: "admin-read", status: 403, body: `{"vision":"x"}`},
		{name: "blank name", method: "PATCH", path: nv, who: "admin", status: 422, field: "name", body: `{"name":"   "}`},
		{name: "name not text", method: "PATCH", path: nv, who: "admin", status: 422, field: "name", req: reqInvalid, body: `{"name":5}`},

		{name: "member reads", method: "GET", path: nv + "/parties", who: "member", status: 200, save: saveID("party", "organization_name", "Valley Health Plan")},
		{name: "add", method: "POST", path: nv + "/parties", who: "admin", status: 201, save: saveID("newparty", "", ""),
			body: `{"organization":"Lakeshore Labs","role":"vendor","brings":"Results within a day.","expects":"Volume."}`},
		{name: "already a party", method: "POST", path: nv + "/parties", who: "admin", status: 422, field: "organization", body: `{"organization":"lakeshore  labs","role":"vendor"}`},
		{name: "bad role", method: "POST", path: nv + "/parties", who: "admin", status: 422, field: "role", req: reqInvalid, body: `{"organization":"Q","role":"bank"}`},
		{name: "no organization", method: "POST", path: nv + "/parties", who: "admin", status: 422, field: "organization", req: reqInvalid, body: `{"role":"vendor"}`},
		{name: "executive", method: "POST", path: nv + "/parties", who: "executive", status: 403, body: `{"organization":"Q","role":"vendor"}`},
		{name: "change", method: "PATCH", path: nv + "/parties/{newparty}", who: "admin", status: 200, body: `{"expects":"More volume.","role":"other"}`},
		{name: "bad role", method: "PATCH", path: nv + "/parties/{newparty}", who: "admin", status: 422, field: "role", req: reqInvalid, body: `{"role":"bank"}`},
		{name: "unknown", method: "PATCH", path: nv + "/parties/nope", who: "admin", status: 404, body: `{"brings":"x"}`},
		{name: "other alliance's", method: "PATCH", path: nv + "/parties/{other_party}", who: "admin", status: 404, body: `{"brings":"x"}`},
		{name: "executive", method: "PATCH", path: nv + "/parties/{newparty}", who: "executive", status: 403, body: `{"brings":"x"}`},

		{name: "observer reads", method: "GET", path: nv + "/members", who: "observer", status: 200, save: func(c *checker, b []byte) {
			saveID("nadia", "email", roleAccounts["member"])(c, b)
			saveID("morgan", "email", roleAccounts["admin"])(c, b)
		}},
		{name: "roles", method: "PATCH", path: nv + "/members/{nadia}", who: "admin", status: 200, body: `{"roles":["observer","member","member"]}`},
		{name: "party", method: "PATCH", path: nv + "/members/{nadia}", who: "admin", status: 200, body: `{"party_id":"{newparty}"}`,
			save: wantValue("party_name", "Lakeshore Labs")},
		{name: "deactivate", method: "PATCH", path: nv + "/members/{nadia}", who: "admin", status: 200, body: `{"active":false}`},
		{name: "reactivate", method: "PATCH", path: nv + "/members/{nadia}", who: "admin", status: 200, body: `{"active":true}`},
		{name: "no roles", method: "PATCH", path: nv + "/members/{nadia}", who: "admin", status: 422, field: "roles", req: reqInvalid, body: `{"roles":[]}`},
		{name: "unknown role", method: "PATCH", path: nv + "/members/{nadia}", who: "admin", status: 422, field: "roles", req: reqInvalid, body: `{"roles":["king"]}`},
		{name: "other alliance's party", method: "PATCH", path: nv + "/members/{nadia}", who: "admin", status: 422, field: "party_id", body: `{"party_id":"{other_party}"}`},
		{name: "unknown party", method: "PATCH", path: nv + "/members/{nadia}", who: "admin", status: 422, field: "party_id", body: `{"party_id":"nope"}`},
		{name: "last admin", method: "PATCH", path: nv + "/members/{morgan}", who: "admin", status: 409, body: `{"active":false}`},
		{name: "unknown", method: "PATCH", path: nv + "/members/nope", who: "admin", status: 404, body: `{"active":true}`},
		{name: "executive", method: "PATCH", path: nv + "/members/{nadia}", who: "executive", status: 403, body: `{"active":false}`},

		{name: "admin", method: "GET", path: nv + "/invitations", who: "admin", status: 200},
		{name: "observer", method: "GET", path: nv + "/invitations", who: "observer", status: 403},
		{name: "read token reads", method: "GET", path: nv + "/invitations", who: "admin-read", status: 200},
		{name: "invite", method: "POST", path: nv + "/invitations", who: "admin", status: 201, body: inv, save: saveID("inv", "", "")},
		{name: "already a member", method: "POST", path: nv + "/invitations", who: "admin", status: 422, field: "email",
			body: `{"email":"` + roleAccounts["member"] + `","party_id":"{party}","roles":["member"]}`},
		{name: "other alliance's party", method: "POST", path: nv + "/invitations", who: "admin", status: 422, field: "party_id",
			body: `{"email":"z@x.example","party_id":"{other_party}","roles":["member"]}`},
		{name: "no roles", method: "POST", path: nv + "/invitations", who: "admin", status: 422, field: "roles", req: reqInvalid,
			body: `{"email":"z@x.example","party_id":"{party}","roles":[]}`},
		{name: "unknown field", method: "POST", path: nv + "/invitations", who: "admin", status: 422, field: "note", req: reqInvalid,
			body: `{"email":"z@x.example","party_id":"{party}","roles":["member"],"note":"hi"}`},
		{name: "executive", method: "POST", path: nv + "/invitations", who: "executive", status: 403, body: inv},
		{name: "executive", method: "DELETE", path: nv + "/invitations/{inv}", who: "executive", status: 403},
		{name: "revoke", method: "DELETE", path: nv + "/invitations/{inv}", who: "admin", status: 204},
		{name: "again", method: "DELETE", path: nv + "/invitations/{inv}", who: "admin", status: 404},
		{name: "unknown", method: "DELETE", path: nv + "/invitations/nope", who: "admin", status: 404},

		{name: "all", method: "GET", path: nv + "/audit", who: "admin-read", status: 200},
		{name: "filtered", method: "GET", path: nv + "/audit?entity=party&action=create&q=Morgan&limit=5&before=100000", who: "admin", status: 200},
		{name: "limit 0", method: "GET", path: nv + "/audit?limit=0", who: "admin", status: 422, field: "limit", req: reqInvalid},
		{name: "limit not a number", method: "GET", path: nv + "/audit?limit=ten", who: "admin", status: 422, field: "limit", req: reqInvalid},
		{name: "before negative", method: "GET", path: nv + "/audit?before=-1", who: "admin", status: 422, field: "before", req: reqInvalid},
		{name: "executive", method: "GET", path: nv + "/audit", who: "executive", status: 403},
		{name: "executive", method: "GET", path: nv + "/audit/checkpoint", who: "executive", status: 200},
		{name: "read token", method: "GET", path: nv + "/audit/checkpoint", who: "admin-read", status: 200},
		{name: "member", method: "GET", path: nv + "/audit/checkpoint", who: "member", status: 403},

		// A person's data, then their erasure: last, for the erased person is gone.
		{name: "export", method: "GET", path: "/api/v1/people/data?email=Sofia.Marin@brightline.example", who: "admin-read", status: 200},
		{name: "not installation admin", method: "GET", path: "/api/v1/people/data?email=sofia.marin@brightline.example", who: "executive", status: 403},
		{name: "nobody", method: "GET", path: "/api/v1/people/data?email=nobody@brightline.example", who: "admin", status: 404},
		{name: "not an address", method: "GET", path: "/api/v1/people/data?email=sofia", who: "admin", status: 422, field: "email"},
		{name: "not installation admin", method: "POST", path: "/api/v1/people/erase", who: "executive", status: 403, body: `{"email":"sofia.marin@brightline.example"}`},
		{name: "read token", method: "POST", path: "/api/v1/people/erase", who: "admin-read", status: 403, body: `{"email":"sofia.marin@brightline.example"}`},
		{name: "nobody", method: "POST", path: "/api/v1/people/erase", who: "admin", status: 404, body: `{"email":"nobody@brightline.example"}`},
		{name: "no address", method: "POST", path: "/api/v1/people/erase", who: "admin", status: 422, field: "email", req: reqInvalid, body: `{}`},
		{name: "last admin", method: "POST", path: "/api/v1/people/erase", who: "admin", status: 409, body: `{"email":"` + outsiderEmail + `"}`},
		{name: "erase", method: "POST", path: "/api/v1/people/erase", who: "admin", status: 200, body: `{"email":"sofia.marin@brightline.example"}`},
		{name: "again", method: "GET", path: "/api/v1/people/data?email=sofia.marin@brightline.example", who: "admin", status: 404},
	}
}

// genericCases derives from the document the refusals every operation of a
// kind must give: no or bad credentials, cross-site writes, oversized and
// malformed bodies, alliances the caller does not belong to. keep selects
// the paths.
func genericCases(doc *openapi3.T, keep func(path string) bool) []apiCase {
	var out []apiCase
	big := `{"padding":"` + strings.Repeat("x", 2<<20) + `"}`
	// Imports take files of up to 64 MiB; blanks keep checking the
	// oversized body cheap.
	bigUpload := `{` + strings.Repeat(" ", 64<<20) + `}`
	for _, path := range doc.Paths.InMatchingOrder() {
		if !keep(path) {
			continue
		}
		for method, op := range doc.Paths.Value(path).Operations() {
			p := strings.NewReplacer("{slug}", "north-valley", "{id}", "nope", "{key}", scorecardKey).Replace(path)
			add := func(tc apiCase) {
				tc.method, tc.path = method, p
				out = append(out, tc)
			}
			add(apiCase{name: "bad token", who: "bogus", status: 401, req: reqAny})
			if op.Security == nil || len(*op.Security) > 0 {
				add(apiCase{name: "no credentials", status: 401, req: reqInvalid})
			}
			if method != "GET" {
				add(apiCase{name: "cross-site", who: "admin", crossSite: true, body: `{}`, status: 403, req: reqAny})
			}
			if op.RequestBody != nil {
				if isUploadPath(path) {
					add(apiCase{name: "oversized body", who: "admin", body: bigUpload, status: 413, req: reqInvalid})
				} else {
					add(apiCase{name: "oversized body", who: "admin", body: big, status: 413, req: reqInvalid})
				}
				add(apiCase{name: "malformed JSON", who: "admin", body: `{"name":`, status: 422, req: reqInvalid})
			}
			if strings.Contains(path, "{slug}") {
				for _, slug := range []string{"elsewhere", "no-such-alliance"} {
					tc := apiCase{name: "not a member of " + slug, who: "admin", body: `{}`, status: 404, req: reqAny}
					if method == "GET" {
						tc.body = ""
					}
					tc.method, tc.path = method, strings.Replace(p, "north-valley", slug, 1)
					out = append(out, tc)
				}
			}
		}
	}
	return out
}

// checkCoverage fails when an operation of a path keep selects was never
// answered with a status the document lists for it (other than 500), or
// never succeeded.
func (c *checker) checkCoverage(keep func(path string) bool) {
	for _, path := range c.doc.Paths.InMatchingOrder() {
		if !keep(path) {
			continue
		}
		for method, op := range c.doc.Paths.Value(path).Operations() {
			key := method + " " + path
			for code := range op.Responses.Map() {
				if code == "500" || code == "default" {
					continue
				}
				var st int
				json.Unmarshal([]byte(code), &st)
				if !c.seen[key][st] {
					c.t.Errorf("%s: documented status %s was never answered", key, code)
				}
			}
		}
	}
}

// TestOpenAPIDocument checks the document's own promises: every operation is
// described, errors use the shared schema, and answers with undocumented
// fields (such as a token secret in a list) are refused by it.
func TestOpenAPIDocument(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	doc, router := loadDoc(t, a)
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			if op.OperationID == "" || op.Summary == "" {
				t.Errorf("%s %s: no operationId or summary", method, path)
			}
			for code, r := range op.Responses.Map() {
				if code[0] >= '4' && !strings.HasPrefix(r.Ref, "#/components/responses/") {
					t.Errorf("%s %s: %s does not use a shared error answer", method, path, code)
				}
			}
		}
	}
	for name, r := range doc.Components.Responses {
		if s := r.Value.Content.Get("application/json").Schema; !isErrorSchema(s) {
			t.Errorf("response %s: schema %q, want the Error schema", name, s.Ref)
		}
	}
	req, _ := http.NewRequest("GET", a.srv.URL+"/api/v1/tokens", nil)
	req.Header.Set("Authorization", "Bearer x")
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Fatal(err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route}
	tok := `{"id":"1","user_id":"2","name":"ci","scope":"read","created_at":"2026-01-02T03:04:05Z"`
	for body, wantOK := range map[string]bool{
		`{"items":[` + tok + `}]}`:                      true,
		`{"items":[` + tok + `,"token":"acc_secret"}]}`: false,
		`[` + tok + `}]`:                                false,
		`{"items":[` + tok + `,"scope":"root"}]}`:       false,
	} {
		rin := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: 200,
			Header: http.Header{"Content-Type": {"application/json"}}, Options: &openapi3filter.Options{IncludeResponseStatus: true}}
		rin.SetBodyBytes([]byte(body))
		if err := openapi3filter.ValidateResponse(context.Background(), rin); (err == nil) != wantOK {
			t.Errorf("answer %s: accepted %v, want %v (%v)", body, err == nil, wantOK, err)
		}
	}
}

// isErrorSchema reports whether a shared error answer carries the Error
// schema, alone or as one of the shapes it may take: an import refused for
// bad rows answers with the report naming them instead.
func isErrorSchema(s *openapi3.SchemaRef) bool {
	const ref = "#/components/schemas/Error"
	if s.Ref == ref {
		return true
	}
	return s.Value != nil && slices.ContainsFunc(s.Value.OneOf, func(o *openapi3.SchemaRef) bool { return o.Ref == ref })
}

// routePattern finds the API routes registered in routes.go.
var routePattern = regexp.MustCompile(`mux\.HandleFunc\("([A-Z]+) (/api/v1/[^"]*)"`)

// TestOpenAPIRoutes checks that the document and the router list the same
// API routes, and that each documented route reaches a handler rather than
// the catch-all "page not found".
func TestOpenAPIRoutes(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../api/routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var registered []string
	for _, m := range routePattern.FindAllStringSubmatch(string(src), -1) {
		registered = append(registered, m[1]+" "+m[2])
	}
	a := newApp(t, store.SQLite)
	doc, _ := loadDoc(t, a)
	var documented []string
	for _, path := range doc.Paths.InMatchingOrder() {
		for method := range doc.Paths.Value(path).Operations() {
			documented = append(documented, method+" "+path)
		}
	}
	sort.Strings(registered)
	sort.Strings(documented)
	if len(registered) < 10 {
		t.Fatalf("found only %d API routes in api/routes.go: has API.Routes changed shape?", len(registered))
	}
	for _, r := range registered {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is registered but not documented", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(registered, d) {
			t.Errorf("operation %s is documented but not registered", d)
		}
		method, path, _ := strings.Cut(d, " ")
		path = strings.NewReplacer("{slug}", "north-valley", "{id}", "x").Replace(path)
		if status, msg := catchAll(t, a, method, path); status == http.StatusNotFound && msg == "page not found" {
			t.Errorf("operation %s reaches the catch-all handler", d)
		}
	}
	if status, msg := catchAll(t, a, "GET", "/api/v1/nothing-here"); status != http.StatusNotFound || msg != "page not found" {
		t.Errorf("unknown API path: %d %q, want the catch-all 404", status, msg)
	}
}

// catchAll sends an anonymous request and returns the status and error message.
func catchAll(t *testing.T, a *app, method, path string) (int, string) {
	t.Helper()
	var e apiErrorBody
	resp := a.api(method, path, "", "", &e)
	return resp.StatusCode, e.Error.Message
}

// badBody is one route that reads a JSON body, with a field and a value of
// the wrong type for it.
type badBody struct {
	method, path, field, wrong string
}

// TestBadInput sends every body-reading route malformed, mistyped, unknown,
// oversized and mislabelled bodies, and unknown ids everywhere: each must get
// a clean 4xx JSON error, never a 500, and must change nothing.
func TestBadInput(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			ctx := context.Background()
			nva, err := a.db.AllianceBySlug(ctx, a.demo.AllianceSlug)
			if err != nil {
				t.Fatal(err)
			}
			parties, _ := a.db.ListParties(ctx, nva.ID)
			members, _ := a.db.ListMembers(ctx, nva.ID)
			if len(parties) == 0 || len(members) == 0 {
				t.Fatal("no demo parties or members")
			}
			routes := []badBody{
				{"POST", "/api/v1/alliances", "name", `["X"]`},
				{"POST", "/api/v1/tokens", "scope", `true`},
				{"PATCH", nv, "vision", `{"text":"v"}`},
				{"POST", nv + "/parties", "brings", `42`},
				{"PATCH", nv + "/parties/" + parties[0].ID, "expects", `false`},
				{"PATCH", nv + "/members/" + members[0].ID, "active", `"yes"`},
				{"PATCH", nv + "/members/" + members[0].ID, "roles", `"member"`},
				{"POST", nv + "/invitations", "roles", `[7]`},
				{"POST", nv + "/kpis", "name", `5`},
				{"POST", nv + "/kpis/" + badInputKPI + "/targets", "effective_from", `1`},
				{"POST", nv + "/kpis/" + badInputKPI + "/annotations", "label", `[]`},
				{"POST", nv + "/observations", "observations", `{}`},
				{"POST", nv + "/observations", "dry_run", `"yes"`},
			}
			proposeKPI(t, a, nva.ID, parties[0].ID, badInputKPI)
			tok := a.token(roleAccounts["admin"], "write")
			head := auditHead(t, a)
			for _, rt := range routes {
				for _, bc := range []struct {
					name, body, ctype string
					status            int
					field             string
				}{
					{"malformed", `{"name":`, "", 422, ""},
					{"not JSON", `name=x`, "", 422, ""},
					{"empty", ``, "application/json", 422, ""},
					{"array", `[]`, "", 422, ""},
					{"string", `"x"`, "", 422, ""},
					{"two objects", `{} {}`, "", 422, ""},
					{"unknown field", `{"surprise":1}`, "", 422, "surprise"},
					{"wrong type", `{"` + rt.field + `":` + rt.wrong + `}`, "", 422, rt.field},
					{"form content type", `{}`, "application/x-www-form-urlencoded", 422, ""},
					{"text content type", `{}`, "text/plain", 422, ""},
					{"oversized", `{"vision":"` + strings.Repeat("x", 2<<20) + `"}`, "", 413, ""},
				} {
					if bc.name == "oversized" && isUploadPath(rt.path) {
						continue // a data file may be 64 MiB: TestOpenAPIScorecard sends one larger
					}
					label := rt.method + " " + rt.path + " (" + bc.name + ")"
					status, b := rawAPI(t, a, rt.method, rt.path, tok, bc.body, bc.ctype)
					if status != bc.status {
						t.Errorf("%s: status %d, want %d: %s", label, status, bc.status, b)
					}
					checkError(t, label, status, b, bc.field)
				}
			}
			if got := auditHead(t, a); got != head {
				t.Errorf("refused requests wrote to the audit trail: head %d, want %d", got, head)
			}
			for _, p := range oddRequests(parties[0].ID, members[0].ID) {
				label := p.method + " " + p.path
				status, b := rawAPI(t, a, p.method, p.path, tok, p.body, "")
				if status >= 500 || status < 400 && !p.mayPass {
					t.Errorf("%s: status %d, want a 4xx: %s", label, status, b)
				}
				if status >= 400 && !isImportReport(b) {
					checkError(t, label, status, b, "")
				}
			}
			if strings.Contains(a.logs.String(), "internal error") || strings.Contains(a.logs.String(), "panic") {
				t.Errorf("bad input reached an internal error:\n%s", a.logs.String())
			}
		})
	}
}

// oddRequest names something that does not exist or carries text a
// database might choke on; mayPass allows a 2xx (a filter matching nothing).
type oddRequest struct {
	method, path, body string
	mayPass            bool
}

// oddRequests lists unknown ids of every kind, including control bytes,
// invalid UTF-8 and very long ones, in paths, bodies and query strings.
func oddRequests(party, member string) []oddRequest {
	var out []oddRequest
	for _, id := range []string{"nope", "%00", "%FF%FE", strings.Repeat("x", 2000), "01a0000000000000000000000000000000", "..%2F..%2Fetc"} {
		out = append(out,
			oddRequest{"PATCH", nv + "/parties/" + id, `{"brings":"x"}`, false},
			oddRequest{"PATCH", nv + "/members/" + id, `{"active":true}`, false},
			oddRequest{"DELETE", nv + "/invitations/" + id, "", false},
			oddRequest{"DELETE", "/api/v1/tokens/" + id, "", false},
			oddRequest{"GET", "/api/v1/alliances/" + id, "", false},
			oddRequest{"POST", "/api/v1/alliances/" + id + "/parties", `{"organization":"O","role":"vendor"}`, false},
			oddRequest{"GET", nv + "/audit?q=" + id + "&entity=" + id + "&action=" + id, "", true},
			oddRequest{"GET", nv + "/kpis/" + id, "", false},
			oddRequest{"POST", nv + "/kpis/" + id + "/approve", "", false},
			oddRequest{"GET", nv + "/kpis/" + id + "/observations", "", false},
			oddRequest{"POST", nv + "/kpis/" + id + "/annotations", `{"period":"2025-01","label":"x"}`, false},
			oddRequest{"POST", nv + "/targets/" + id + "/approve", "", false},
			oddRequest{"GET", nv + "/kpis?status=" + id + "&category=" + id, "", true},
			oddRequest{"GET", nv + "/scorecard?segment=" + id, "", true},
			oddRequest{"GET", nv + "/kpis/" + badInputKPI + "/observations?as_of=" + id, "", false},
		)
		jsonID := strings.NewReplacer("%00", `\u0000`, "%FF%FE", "\xff\xfe", "%2F", "/").Replace(id)
		out = append(out,
			oddRequest{"PATCH", nv + "/members/" + member, `{"party_id":"` + jsonID + `"}`, false},
			oddRequest{"POST", nv + "/invitations", `{"email":"z@x.example","party_id":"` + jsonID + `","roles":["member"]}`, false},
			oddRequest{"POST", nv + "/kpis", `{"key":"k","name":"N","category":"quality","unit":"count","direction":"in_range","frequency":"weekly","owner_party_id":"` + jsonID + `"}`, false},
			oddRequest{"POST", nv + "/observations", `{"observations":[{"kpi":"` + jsonID + `","period":"2025-01","segment":"` + jsonID + `","value":1}]}`, false},
		)
	}
	return append(out,
		oddRequest{"GET", nv + "/audit?before=99999999999999999999", "", false},
		oddRequest{"GET", nv + "/audit?limit=1e3", "", false},
		oddRequest{"PATCH", nv + "/parties/" + party, `{"brings":"a\u0000b"}`, false},
		oddRequest{"POST", nv + "/invitations", `{"email":"z@x.example","party_id":"` + party + `","roles":["member\u0000"]}`, false},
		oddRequest{"POST", "/api/v1/tokens", `{"name":"n\u0000","scope":"read"}`, false})
}

// rawAPI sends a request with exactly the given body and Content-Type.
func rawAPI(t *testing.T, a *app, method, path, token, body, ctype string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, a.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if ctype == "" && body != "" {
		ctype = "application/json"
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// auditHead returns the newest audit entry's sequence number.
func auditHead(t *testing.T, a *app) int64 {
	t.Helper()
	es, err := a.db.ListAudit(context.Background(), accord.AuditFilter{Limit: 1})
	if err != nil || len(es) == 0 {
		t.Fatalf("audit head: %v", err)
	}
	return es[0].Seq
}
