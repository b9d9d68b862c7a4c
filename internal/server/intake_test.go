package server_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

var intakeLinkRE = regexp.MustCompile(`<code id="intake-link">[^<]*(/intake/[A-Za-z0-9_-]+)</code>`)

// send posts a form (or, with ctype JSON, a body) with the headers a
// browser would send, and returns the answer with its body read.
func (a *app) send(c *http.Client, method, path, body string, header map[string]string) (*http.Response, string) {
	a.t.Helper()
	req, _ := http.NewRequest(method, a.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", a.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// intakeLink turns the demo alliance's intake link on (or replaces it)
// as its admin through the page, and returns the link's path.
func (a *app) intakeLink(admin *http.Client, confirm bool) string {
	a.t.Helper()
	form := url.Values{"action": {"enable"}}
	if confirm {
		form.Set("confirm", "yes")
	}
	resp, page := a.send(admin, "POST", "/a/north-valley/concerns/intake", form.Encode(), nil)
	m := intakeLinkRE.FindStringSubmatch(page)
	if resp.StatusCode != http.StatusOK || m == nil {
		a.t.Fatalf("turning the intake link on: status %d, no link shown:\n%s", resp.StatusCode, page)
	}
	return m[1]
}

// TestIntakeLinkAnonymity turns the intake link on as the admin, then a
// stranger without an account opens it and raises a concern, through the
// page and through the API, from a browser with a recognisable user
// agent: nothing written (rows, log lines) holds their address, their
// browser or the link, no cookie is set, the audit trail names only the
// anonymous reporter, and the receipt brings them back to the thread.
func TestIntakeLinkAnonymity(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			link := a.intakeLink(a.login(roleAccounts["admin"]), false)
			token := strings.TrimPrefix(link, "/intake/")
			const ua = "Mozilla/5.0 (X11; Linux) StrangerBrowser/7.3-9f2d"
			// A proxy in front would name the client's address in
			// X-Forwarded-For: it must not be kept either.
			const forwarded = "203.0.113.77"
			secrets := []string{"127.0.0.1", forwarded, ua, "StrangerBrowser", token}
			stranger := a.client()
			headers := map[string]string{"User-Agent": ua, "X-Forwarded-For": forwarded, "X-Real-IP": forwarded}

			req, _ := http.NewRequest("GET", a.srv.URL+link, nil)
			req.Header.Set("User-Agent", ua)
			resp, err := stranger.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), "North Valley") || !strings.Contains(string(b), `name="body"`) ||
				len(resp.Header.Values("Set-Cookie")) > 0 || strings.Contains(string(b), "sidenav") || resp.Header.Get("Referrer-Policy") != "no-referrer" {
				t.Fatalf("GET the link: status %d, cookies %v:\n%s", resp.StatusCode, resp.Header.Values("Set-Cookie"), b)
			}

			before, logFrom := dumpRows(t, a), len(a.logs.String())
			form := url.Values{"category": {"patient_safety"}, "severity": {"high"}, "body": {"Nobody checks the crash cart on nights."}}
			resp, page := a.send(stranger, "POST", link, form.Encode(), headers)
			receipt := regexp.MustCompile(`<code id="receipt">([A-Z2-7]{5}(-[A-Z2-7]{5}){4})</code>`).FindStringSubmatch(page)
			if resp.StatusCode != http.StatusOK || receipt == nil || len(resp.Header.Values("Set-Cookie")) > 0 || resp.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("raise through the link: status %d, cookies %v, cache %q:\n%s", resp.StatusCode, resp.Header.Values("Set-Cookie"), resp.Header.Get("Cache-Control"), page)
			}
			for _, want := range []string{`id="receipt-copy"`, `id="receipt-download"`, `id="receipt-saved"`, "/static/receipt.js",
				"/concern?alliance=north-valley", "Before you leave this page"} {
				if !strings.Contains(page, want) {
					t.Errorf("the receipt page lacks %s", want)
				}
			}
			checkNothingOf(t, a, before, logFrom, secrets)
			raised := concernWithBody(t, a, "Nobody checks the crash cart on nights.")
			if raised.ReporterID != "" || !raised.Anonymous {
				t.Errorf("the concern raised through the link: %+v", raised)
			}
			es, err := a.db.ListAudit(context.Background(), accord.AuditFilter{AllianceID: raised.AllianceID, Entity: "concern"})
			if err != nil || len(es) == 0 || es[0].EntityID != raised.ID || es[0].ActorName != "anonymous reporter" || es[0].ActorID != "" {
				t.Errorf("the raise's audit entry: %+v, %v", es, err)
			}

			// Through the API, the same; credentials sent along are not read.
			before, logFrom = dumpRows(t, a), len(a.logs.String())
			body := `{"category":"data","severity":"low","body":"Discharge letters go to the wrong practice."}`
			resp, out := a.send(stranger, "POST", "/api/v1"+link+"/concerns", body,
				map[string]string{"User-Agent": ua, "X-Forwarded-For": forwarded, "Content-Type": "application/json", "Authorization": "Bearer acc_stale"})
			if resp.StatusCode != http.StatusCreated || !strings.Contains(out, `"receipt"`) || strings.Contains(out, "reporter") {
				t.Fatalf("raise through the API: status %d: %s", resp.StatusCode, out)
			}
			checkNothingOf(t, a, before, logFrom, secrets)

			// The reporter comes back with the receipt.
			follow := url.Values{"alliance": {"north-valley"}, "receipt": {receipt[1]}}
			if resp, page := a.send(a.client(), "POST", "/concern", follow.Encode(), nil); resp.StatusCode != http.StatusOK ||
				!strings.Contains(page, "Nobody checks the crash cart on nights.") {
				t.Errorf("follow-up with the receipt: status %d", resp.StatusCode)
			}
		})
	}
}

// TestIntakeLinkReplaceAndTurnOff replaces and turns off the link through
// the page: each asks first and changes nothing until confirmed; then the
// old link answers a plain page saying it is no longer in use, through the
// page and the API, and the audit trail has each step without the link.
func TestIntakeLinkReplaceAndTurnOff(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			admin := a.login(roleAccounts["admin"])
			first := a.intakeLink(admin, false)

			_, page := a.send(admin, "POST", "/a/north-valley/concerns/intake", "action=rotate", nil)
			if !strings.Contains(page, "Replace the intake link?") || !strings.Contains(page, "stops working at once") || intakeLinkRE.MatchString(page) {
				t.Fatalf("replacing without confirming: no question asked:\n%s", page)
			}
			if st, _ := a.get(a.client(), first); st != http.StatusOK {
				t.Fatalf("the link after an unconfirmed replace: status %d, want 200", st)
			}
			second := a.intakeLink(admin, true)
			if second == first {
				t.Fatal("replacing kept the same link")
			}
			st, gone := a.get(a.client(), first)
			if st != http.StatusNotFound || !strings.Contains(gone, "This link is no longer in use") || strings.Contains(gone, `name="body"`) {
				t.Errorf("the replaced link: status %d:\n%s", st, gone)
			}
			if r := a.api("POST", "/api/v1"+first+"/concerns", "", `{"category":"data","severity":"low","body":"x"}`, nil); r.StatusCode != http.StatusNotFound {
				t.Errorf("the replaced link through the API: status %d, want 404", r.StatusCode)
			}
			if st, _ := a.get(a.client(), second); st != http.StatusOK {
				t.Errorf("the new link: status %d, want 200", st)
			}

			_, page = a.send(admin, "POST", "/a/north-valley/concerns/intake", "action=disable", nil)
			if !strings.Contains(page, "Turn the intake link off?") {
				t.Fatalf("turning off without confirming: no question asked:\n%s", page)
			}
			resp, _ := a.send(admin, "POST", "/a/north-valley/concerns/intake", "action=disable&confirm=yes", nil)
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("turning off: status %d, want 303", resp.StatusCode)
			}
			if st, _ := a.get(a.client(), second); st != http.StatusNotFound {
				t.Errorf("the link turned off: status %d, want 404", st)
			}
			_, page = a.get(admin, "/a/north-valley/concerns/intake")
			if !strings.Contains(page, "The intake link is turned off.") || !strings.Contains(page, "The intake link is off") {
				t.Errorf("the settings page after turning off:\n%s", page)
			}
			// Turning off again is an error shown as one, not a success.
			resp, page = a.send(admin, "POST", "/a/north-valley/concerns/intake", "action=disable&confirm=yes", nil)
			if resp.StatusCode < 400 || !strings.Contains(page, `role="alert"`) || !strings.Contains(page, "no intake link is in use") {
				t.Errorf("turning off twice: status %d, no error shown:\n%s", resp.StatusCode, page)
			}

			es, err := a.db.ListAudit(context.Background(), accord.AuditFilter{AllianceID: mustAlliance(t, a).ID, Entity: "concern_intake"})
			if err != nil {
				t.Fatal(err)
			}
			var steps []string
			for _, e := range es {
				steps = append(steps, e.Action+" by "+e.ActorName)
				for _, l := range []string{first, second} {
					if strings.Contains(string(e.Before)+string(e.After), strings.TrimPrefix(l, "/intake/")) {
						t.Errorf("the audit entry %s holds the link", e.Action)
					}
				}
			}
			if got, want := strings.Join(steps, ", "), "disable by Morgan Ellis, rotate by Morgan Ellis, enable by Morgan Ellis"; got != want {
				t.Errorf("audit: %s, want %s", got, want)
			}
		})
	}
}

// TestIntakeLinkThrottle raises concerns through one link until it is
// paused: a concern that cannot be raised is not counted, the page and
// the API count together, and another alliance's link is not affected.
func TestIntakeLinkThrottle(t *testing.T) {
	a := newAppWith(t, store.SQLite, server.Config{IntakeLimit: 2})
	link := a.intakeLink(a.login(roleAccounts["admin"]), false)
	stranger := a.client()
	if resp, _ := a.send(stranger, "POST", link, "category=data&severity=low&body=", nil); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a blank concern: status %d, want 422", resp.StatusCode)
	}
	ok := "category=data&severity=low&body=Printer+in+ward+2+prints+other+patients%27+labels."
	if resp, _ := a.send(stranger, "POST", link, ok, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("first concern: status %d", resp.StatusCode)
	}
	if r := a.api("POST", "/api/v1"+link+"/concerns", "", `{"category":"data","severity":"low","body":"Second."}`, nil); r.StatusCode != http.StatusCreated {
		t.Fatalf("second concern, through the API: status %d", r.StatusCode)
	}
	resp, page := a.send(stranger, "POST", link, ok, nil)
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(page, `role="alert"`) || !strings.Contains(page, "Wait 60 minutes") {
		t.Errorf("third concern: status %d, want 429 with a red alert saying how long to wait:\n%s", resp.StatusCode, page)
	}
	var e apiErrorBody
	if r := a.api("POST", "/api/v1"+link+"/concerns", "", `{"category":"data","severity":"low","body":"Third."}`, &e); r.StatusCode != http.StatusTooManyRequests || e.Error.Code != "throttled" {
		t.Errorf("third concern through the API: status %d, %+v", r.StatusCode, e)
	}

	// The other alliance's link has its own count.
	other, _, err := a.db.EnableConcernIntake(context.Background(), accord.SystemActor("test"), a.other.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r := a.api("POST", "/api/v1/intake/"+other+"/concerns", "", `{"category":"data","severity":"low","body":"Elsewhere."}`, nil); r.StatusCode != http.StatusCreated {
		t.Errorf("another alliance's link: status %d, want 201", r.StatusCode)
	}
}
