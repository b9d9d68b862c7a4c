package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// TestInputRulesAtTheEdge: through the pages and the API, a header-only
// CSV is refused rather than imported as nothing, a segment or a name with
// a bidirectional override or a zero-width character is refused with its
// field named, and a name in any script is taken.
func TestInputRulesAtTheEdge(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			a.testKPI("edge-test")
			c := a.login("elena.vasquez@riversidepg.example")
			if status, page := a.upload(c, "empty.csv", "kpi,period,segment,numerator,denominator\n"); status != http.StatusUnprocessableEntity || !strings.Contains(page, "no data rows") {
				t.Errorf("header-only CSV: status %d; want 422 saying it has no data rows", status)
			}
			for _, seg := range []string{"East\u200bgate", "East\u202egate", "East\u2066gate\u2069"} {
				status, page := a.upload(c, "seg.csv", "kpi,period,segment,numerator,denominator\nedge-test,2024-01,"+seg+",1,2\n")
				if status != http.StatusUnprocessableEntity || !strings.Contains(page, "invisible or direction-changing") {
					t.Errorf("segment %q: status %d; want 422 naming the characters", seg, status)
				}
			}
			tok := a.token(roleAccounts["admin"], "write")
			for _, name := range []string{"Steering\u202eeettimmoc", "Steer\u200ding", "Steering\\u0007"} {
				var e struct {
					Error struct{ Field string }
				}
				resp := a.api("POST", "/api/v1/alliances/north-valley/committees", tok, `{"name":"`+name+`","cadence":"monthly"}`, &e)
				if resp.StatusCode != http.StatusUnprocessableEntity || e.Error.Field != "name" {
					t.Errorf("committee %q: status %d, field %q; want 422 on name", name, resp.StatusCode, e.Error.Field)
				}
			}
			if resp := a.api("POST", "/api/v1/alliances/north-valley/committees", tok, `{"name":"Comité de dirección 北谷","cadence":"monthly"}`, nil); resp.StatusCode != http.StatusCreated {
				t.Errorf("a committee named in other scripts: status %d, want 201", resp.StatusCode)
			}
		})
	}
}
