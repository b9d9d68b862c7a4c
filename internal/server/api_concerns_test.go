package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

var receiptPattern = regexp.MustCompile(`^[A-Z2-7]{5}(-[A-Z2-7]{5}){4}$`)

// TestAnonymousConcernPrivacyAPI raises an anonymous concern through the
// API with a personal token, follows it up through the API with the same
// person's token and cookie sent along, and checks that nothing written
// by either, in any table (the token's last use included) or log line,
// leads back to them.
func TestAnonymousConcernPrivacyAPI(t *testing.T) {
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
			tok := a.token(email, "write")
			cookie := a.sessionCookie(email)
			secrets := []string{u.ID, email, u.Name, tok, "127.0.0.1", hashHex(tok)}
			before, logFrom := dumpRows(t, a), len(a.logs.String())

			var raised map[string]any
			body := `{"category":"patient_safety","severity":"high","body":"Falls on ward 3 are not reported.","anonymous":true}`
			if r := a.api("POST", nv+"/concerns", tok, body, &raised); r.StatusCode != http.StatusCreated {
				t.Fatalf("raise: status %d: %v", r.StatusCode, raised)
			}
			receipt, _ := raised["receipt"].(string)
			if !receiptPattern.MatchString(receipt) || raised["anonymous"] != true {
				t.Fatalf("raise answered receipt %q, anonymous %v", receipt, raised["anonymous"])
			}
			for _, f := range []string{"reporter_id", "reporter_name"} {
				if _, ok := raised[f]; ok {
					t.Errorf("the answer to an anonymous concern has %s", f)
				}
			}
			checkNothingOf(t, a, before, logFrom, secrets)

			// The reporter follows up, sending their credentials out of habit:
			// they are not looked at.
			before, logFrom = dumpRows(t, a), len(a.logs.String())
			for _, step := range []struct{ path, body string }{
				{"/api/v1/concerns/follow-up", `{"alliance":"north-valley","receipt":"` + receipt + `"}`},
				{"/api/v1/concerns/follow-up/messages", `{"alliance":"north-valley","receipt":"` + receipt + `","body":"It happened again."}`},
			} {
				req, _ := http.NewRequest("POST", a.srv.URL+step.path, strings.NewReader(step.body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tok)
				cookie(req)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || len(resp.Header.Values("Set-Cookie")) > 0 {
					t.Errorf("%s: status %d, cookies %v", step.path, resp.StatusCode, resp.Header.Values("Set-Cookie"))
				}
			}
			checkNothingOf(t, a, before, logFrom, secrets)
		})
	}
}

// checkNothingOf fails when a row added since before, or a log line
// written since logFrom, holds one of the secrets, or when a log line
// mentions concerns at all.
func checkNothingOf(t *testing.T, a *app, before map[string]bool, logFrom int, secrets []string) {
	t.Helper()
	var added []string
	for row := range dumpRows(t, a) {
		if !before[row] {
			added = append(added, row)
		}
	}
	if len(added) == 0 {
		t.Error("the requests wrote nothing")
	}
	logs := a.logs.String()[logFrom:]
	for _, s := range secrets {
		for _, row := range added {
			if strings.Contains(row, s) {
				t.Errorf("new row holds %q: %s", s, row)
			}
		}
		if strings.Contains(logs, s) {
			t.Errorf("the log holds %q", s)
		}
	}
	if strings.Contains(logs, "concern") {
		t.Errorf("the log mentions the concern requests:\n%s", logs)
	}
}

func hashHex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// TestReceiptThrottle sends wrong receipt codes through the API and the
// page until the client is refused, and checks that the count is kept
// under nothing an address can be recovered from.
func TestReceiptThrottle(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, store.SQLite, server.Config{ReceiptLimit: 3})
	receipt := a.demo.Concerns.Receipt
	if receipt == "" {
		t.Fatal("the demo printed no receipt")
	}
	before := dumpRows(t, a)
	wrong := `{"alliance":"north-valley","receipt":"AAAAA-AAAAA-AAAAA-AAAAA-AAAAA"}`
	anon := a.client()
	for i, st := range []int{404, 404} {
		if r := a.api("POST", "/api/v1/concerns/follow-up", "", wrong, nil); r.StatusCode != st {
			t.Errorf("wrong code %d: status %d, want %d", i+1, r.StatusCode, st)
		}
	}
	form := url.Values{"alliance": {"north-valley"}, "receipt": {"BBBBB-BBBBB-BBBBB-BBBBB-BBBBB"}}
	if r := a.post(anon, "/concern", form); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("wrong code on the page: status %d, want 422", r.StatusCode)
	}
	// The limit is reached: the right code is refused too, through both.
	var e apiErrorBody
	right := `{"alliance":"north-valley","receipt":"` + receipt + `"}`
	if r := a.api("POST", "/api/v1/concerns/follow-up", "", right, &e); r.StatusCode != http.StatusTooManyRequests || !strings.Contains(e.Error.Message, "Wait 15 minutes") {
		t.Errorf("right code after the limit: status %d, %q; want 429 saying how long to wait", r.StatusCode, e.Error.Message)
	}
	form.Set("receipt", receipt)
	if r := a.post(anon, "/concern", form); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("right code on the page after the limit: status %d, want 429", r.StatusCode)
	}
	// A typo in the code's shape is named, and is no guess.
	if r := a.api("POST", "/api/v1/concerns/follow-up", "", `{"alliance":"north-valley","receipt":"ABCDE-FGHIJ"}`, &e); r.StatusCode != 422 || e.Error.Field != "receipt" {
		t.Errorf("short code: status %d, field %q; want 422 naming receipt", r.StatusCode, e.Error.Field)
	}
	for row := range dumpRows(t, a) {
		if before[row] {
			continue
		}
		for _, key := range []string{"127.0.0.1", "ip:127.0.0.1", "receipt:127.0.0.1"} {
			if strings.Contains(row, key) || strings.Contains(row, hashHex(key)) {
				t.Errorf("new row holds the address, or a plain hash of it (%q): %s", key, row)
			}
		}
	}
}

// TestConcernAPIHandling raises a named concern through the API and
// handles it as the pages do: only handlers list and read concerns; the
// steps land in the thread, and who raised it shows to handlers only.
func TestConcernAPIHandling(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	member, exec := a.token(roleAccounts["member"], "write"), a.token(roleAccounts["executive"], "write")
	var c struct{ Status string }
	var raised map[string]any
	if r := a.api("POST", nv+"/concerns", member, `{"category":"operations_workload","severity":"medium","body":"Front desk is short two people."}`, &raised); r.StatusCode != 201 {
		t.Fatalf("raise: status %d", r.StatusCode)
	}
	if _, ok := raised["receipt"]; ok || raised["reporter_name"] != "Nadia Haddad" {
		t.Errorf("a named concern's answer: %v; want its reporter and no receipt", raised)
	}
	id, _ := raised["id"].(string)
	if r := a.api("GET", nv+"/concerns", member, "", nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("a plain member on the list: status %d, want 403", r.StatusCode)
	}
	for _, step := range []struct{ path, body, status string }{
		{"/acknowledge", "", "acknowledged"},
		{"/replies", `{"body":"Two temps start Monday."}`, "acknowledged"},
		{"/close", `{"reason":"Staffed."}`, "closed"},
	} {
		c.Status = ""
		if r := a.api("POST", nv+"/concerns/"+id+step.path, exec, step.body, &c); r.StatusCode != 200 || c.Status != step.status {
			t.Errorf("%s: status %d, concern %s; want 200, %s", step.path, r.StatusCode, c.Status, step.status)
		}
	}
	var thread struct {
		ReporterName string `json:"reporter_name"`
		CloseReason  string `json:"close_reason"`
		Messages     []struct{ Author, Body string }
	}
	a.api("GET", nv+"/concerns/"+id, exec, "", &thread)
	if thread.ReporterName != "Nadia Haddad" || thread.CloseReason != "Staffed." || len(thread.Messages) != 3 || thread.Messages[1].Body != "Two temps start Monday." {
		t.Errorf("thread = %+v", thread)
	}
}
