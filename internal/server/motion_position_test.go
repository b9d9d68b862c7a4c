package server_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// TestMotionPartyThatDidNotVote: on a decided motion's page, a party none of
// whose seat-holders voted reads "did not vote", not "does not consent",
// which would say it voted against.
func TestMotionPartyThatDidNotVote(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			admin := a.token(roleAccounts["admin"], "write")
			var m accord.Motion
			body := `{"committee":"steering","title":"Hold the spring retreat at Lakeview","rule":"majority","closes_at":"2099-01-01T00:00:00Z"}`
			if r := a.api("POST", nv+"/motions", admin, body, &m); r.StatusCode != http.StatusCreated {
				t.Fatalf("propose: status %d", r.StatusCode)
			}
			for _, v := range []string{"admin@accord-demo.example", "elena.vasquez@riversidepg.example", "jonathan.reyes@cedarridge.example"} {
				if r := a.api("POST", nv+"/motions/"+itoa(m.Number)+"/votes", a.token(v, "write"), `{"choice":"yes"}`, &m); r.StatusCode != 200 {
					t.Fatalf("vote of %s: status %d", v, r.StatusCode)
				}
			}
			if r := a.api("POST", nv+"/motions/"+itoa(m.Number)+"/decide", admin, `{"rationale":"Brightline was away."}`, &m); r.StatusCode != 200 {
				t.Fatalf("decide: status %d", r.StatusCode)
			}
			code, page := a.get(a.login(roleAccounts["admin"]), "/a/north-valley/motions/"+itoa(m.Number))
			if code != 200 {
				t.Fatalf("motion page: status %d", code)
			}
			row := regexp.MustCompile(`Brightline Telehealth</th>(?:<td[^>]*>[^<]*</td>){4}<td data-label="Position">([^<]*)</td>`).FindStringSubmatch(page)
			if row == nil || row[1] != "did not vote" {
				t.Errorf("Brightline's position = %q, want \"did not vote\"", row)
			}
			if strings.Contains(page, "does not consent") {
				t.Error("a party that voted yes or not at all is listed as \"does not consent\"")
			}
		})
	}
}
