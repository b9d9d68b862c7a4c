package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// dumpRows returns every row of every table, stringified.
func dumpRows(t *testing.T, a *app) map[string]bool {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'table'"
	if a.db.Dialect() == store.Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
	}
	sqldb := a.db.SQL()
	rs, err := sqldb.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rs.Next() {
		var n string
		rs.Scan(&n)
		tables = append(tables, n)
	}
	rs.Close()
	out := map[string]bool{}
	for _, tb := range tables {
		rows, err := sqldb.Query(`SELECT * FROM "` + tb + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			out[tb+fmt.Sprintf(" %s", vals)] = true
		}
		rows.Close()
	}
	return out
}

// TestAnonymousConcernPrivacy raises an anonymous concern as a signed-in
// person and checks that nothing written by it, in any table or log line,
// leads back to them; then the reporter comes back with the receipt.
func TestAnonymousConcernPrivacy(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			ctx := context.Background()
			email := roleAccounts["member"]
			u, _, err := a.db.UserByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			c := a.login(email)
			slug := mustAlliance(t, a).Slug
			srvURL, _ := url.Parse(a.srv.URL)
			var token string
			for _, ck := range c.Jar.Cookies(srvURL) {
				token = ck.Value
			}
			before, logFrom := dumpRows(t, a), len(a.logs.String())
			form := url.Values{"category": {"patient_safety"}, "severity": {"high"}, "body": {"Falls on ward 3 are not reported."}, "anonymous": {"1"}}
			req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/a/"+slug+"/concerns/new", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", a.srv.URL)
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			receipt := regexp.MustCompile(`[A-Z2-7]{5}(-[A-Z2-7]{5}){4}`).FindString(string(page))
			if resp.StatusCode != http.StatusOK || receipt == "" || len(resp.Header.Values("Set-Cookie")) > 0 {
				t.Fatalf("raise: status %d, receipt %q, cookies %v: %s", resp.StatusCode, receipt, resp.Header.Values("Set-Cookie"), page)
			}
			secrets := []string{u.ID, email, strings.ToLower(email), u.Name, token, "127.0.0.1"}
			var added []string
			for row := range dumpRows(t, a) {
				if !before[row] {
					added = append(added, row)
				}
			}
			if len(added) == 0 {
				t.Fatal("the submission wrote nothing")
			}
			logs := a.logs.String()[logFrom:]
			for _, s := range secrets {
				for _, row := range added {
					if strings.Contains(row, s) {
						t.Errorf("new row holds %q: %s", s, row)
					}
				}
				if strings.Contains(logs, s) {
					t.Errorf("log after the submission holds %q", s)
				}
			}
			raised := concernWithBody(t, a, "Falls on ward 3 are not reported.")
			var raisedAt any
			var raisedOn string
			q := "SELECT raised_at, CAST(raised_on AS TEXT) FROM concerns WHERE id = ?"
			if d == store.Postgres {
				q = strings.Replace(q, "?", "$1", 1)
			}
			a.db.SQL().QueryRow(q, raised.ID).Scan(&raisedAt, &raisedOn)
			if raisedAt != nil || len(raisedOn) != len("2006-01-02") {
				t.Errorf("concern time: raised_at %v, raised_on %q; want no time of day", raisedAt, raisedOn)
			}

			// The reporter comes back, with no cookies, and reads a reply.
			if _, err := a.db.ReplyToConcern(ctx, accord.SystemActor("test"), raised.AllianceID, raised.ID, "Thank you; we are reviewing falls reporting."); err != nil {
				t.Fatal(err)
			}
			fresh := a.client()
			if st, _ := a.get(fresh, "/concern"); st != http.StatusOK {
				t.Errorf("GET /concern: status %d", st)
			}
			for _, step := range []url.Values{{"alliance": {slug}, "receipt": {receipt}}, {"alliance": {slug}, "receipt": {receipt}, "body": {"It happened again."}}} {
				req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/concern", strings.NewReader(step.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Origin", a.srv.URL)
				resp, err := fresh.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), "we are reviewing falls reporting") || len(resp.Header.Values("Set-Cookie")) > 0 {
					t.Errorf("follow-up: status %d, cookies %v", resp.StatusCode, resp.Header.Values("Set-Cookie"))
				}
			}
			got, _ := a.db.Concern(ctx, raised.AllianceID, raised.ID)
			if n := len(got.Messages); n != 2 || got.Messages[1].Body != "It happened again." {
				t.Errorf("thread after adding information: %+v", got.Messages)
			}
		})
	}
}

// TestConcernHandling raises a named concern and handles it through the
// pages: only handlers see the list and who raised it; acknowledging,
// replying and closing land in the thread.
func TestConcernHandling(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	member := a.login(roleAccounts["member"])
	resp := a.post(member, "/a/north-valley/concerns/new", url.Values{"category": {"operations_workload"}, "severity": {"medium"}, "body": {"Front desk is short two people."}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("raise a named concern: status %d", resp.StatusCode)
	}
	if s, _ := a.get(member, "/a/north-valley/concerns"); s != http.StatusForbidden {
		t.Errorf("a plain member on the list: status %d, want 403", s)
	}
	exec := a.login(roleAccounts["executive"])
	s, list := a.get(exec, "/a/north-valley/concerns")
	if s != http.StatusOK || !strings.Contains(list, "Nadia Haddad") || !strings.Contains(list, "Operations workload") {
		t.Fatalf("handler's list: status %d; want the named reporter and the category", s)
	}
	// The demo has concerns of its own: take the link to this one.
	raised := concernWithBody(t, a, "Front desk is short two people.")
	m := regexp.MustCompile(`/a/north-valley/concerns/(` + raised.ID + `)`).FindStringSubmatch(list)
	if m == nil {
		t.Fatal("no link to the concern")
	}
	for _, step := range []struct {
		action string
		form   url.Values
	}{{"acknowledge", nil}, {"reply", url.Values{"body": {"Two temps start Monday."}}}, {"close", url.Values{"reason": {"Staffed."}}}} {
		if s := a.post(exec, "/a/north-valley/concerns/"+m[1]+"/"+step.action, step.form).StatusCode; s != http.StatusSeeOther {
			t.Errorf("%s: status %d, want 303", step.action, s)
		}
	}
	_, thread := a.get(exec, "/a/north-valley/concerns/"+m[1])
	if !strings.Contains(thread, "Two temps start Monday.") || !strings.Contains(thread, "Staffed.") {
		t.Error("the thread lacks the reply or the closing reason")
	}
	if s := a.post(exec, "/a/north-valley/concerns/"+m[1]+"/frobnicate", nil).StatusCode; s != http.StatusNotFound {
		t.Errorf("unknown action: status %d, want 404", s)
	}
}

// concernWithBody finds the demo alliance's concern with the body.
func concernWithBody(t *testing.T, a *app, body string) accord.Concern {
	t.Helper()
	list, err := a.db.ListConcerns(context.Background(), accord.ConcernFilter{AllianceID: mustAlliance(t, a).ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if c.Body == body {
			return c
		}
	}
	t.Fatalf("no concern says %q among %d", body, len(list))
	return accord.Concern{}
}
