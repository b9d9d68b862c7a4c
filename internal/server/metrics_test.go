package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

// TestMetricsAreNotPublic: without a metrics token the application's
// address does not serve /metrics (a separate address does, see the cli's
// TestServeMetricsApart).
func TestMetricsAreNotPublic(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	if s, _ := a.get(a.login(roleAccounts["admin"]), "/metrics"); s != http.StatusNotFound {
		t.Errorf("GET /metrics without a metrics token configured: status %d, want 404", s)
	}
}

// TestMetricsTokenAndRoutePatterns serves /metrics to the bearer of the
// operator's token only, and finds requests counted under the route
// pattern that served them.
func TestMetricsTokenAndRoutePatterns(t *testing.T) {
	t.Parallel()
	const token = "operator-metrics-secret"
	a := newAppWith(t, store.SQLite, server.Config{MetricsToken: token})
	for _, bearer := range []string{"", "wrong", a.token(roleAccounts["admin"], "read")} {
		if s, _ := scrape(t, a.srv.URL, bearer); s != http.StatusUnauthorized {
			t.Errorf("GET /metrics with bearer %q: status %d, want 401", bearer, s)
		}
	}
	apart := httptest.NewServer(a.app.MetricsHandler(prometheus.NewRegistry()))
	defer apart.Close()
	if s, _ := scrape(t, apart.URL, ""); s != http.StatusUnauthorized {
		t.Errorf("GET /metrics on the separate handler without the token: status %d, want 401", s)
	}
	c := a.login(roleAccounts["admin"])
	a.get(c, "/a/north-valley/people")
	a.get(c, "/no/such/page")
	a.api("GET", "/api/v1/me", a.token(roleAccounts["admin"], "read"), "", nil)
	s, m := scrape(t, a.srv.URL, token)
	if s != http.StatusOK {
		t.Fatalf("GET /metrics with the token: status %d, want 200", s)
	}
	for _, want := range []string{
		`code="200",method="GET",route="GET /a/{slug}/people"`, `code="303",method="POST",route="POST /login"`,
		`code="200",method="GET",route="GET /api/v1/me"`, `code="404",method="GET",route="/"`,
		`code="401",method="GET",route="GET /metrics"`, `accord_http_request_duration_seconds_count{route="GET /a/{slug}/people"}`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(m, `route="unmatched"`) {
		t.Errorf("routed requests counted as unmatched:\n%s", m)
	}
}

// scrape fetches base/metrics with a bearer token (none when empty).
func scrape(t *testing.T, base, bearer string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/metrics", nil)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
