package cli

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestServeMetricsApart serves metrics on their own address: they are
// there, with the requests counted by route pattern, and not on the
// application's address.
func TestServeMetricsApart(t *testing.T) {
	maddr := freeAddr(t)
	base := startServe(t, storetest.URL(t, store.SQLite), "--metrics-addr", maddr)
	for _, c := range []struct {
		url    string
		status int
		want   string
	}{
		{base + "/metrics", http.StatusNotFound, ""},
		{"http://" + maddr + "/metrics", http.StatusOK, `route="GET /readyz"`},
	} {
		resp, err := http.Get(c.url)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status || !strings.Contains(string(b), c.want) {
			t.Errorf("GET %s: status %d, want %d with %s", c.url, resp.StatusCode, c.status, c.want)
		}
	}
}

// TestMetricsSettings reads the metrics address from its flag or variable
// and the token from its variable only, so that it never shows in a
// process list.
func TestMetricsSettings(t *testing.T) {
	vars := map[string]string{"ACCORD_METRICS_ADDR": "127.0.0.1:9090", "ACCORD_METRICS_TOKEN": "tok"}
	env := &Env{Stderr: io.Discard, Getenv: func(k string) string { return vars[k] }}
	for args, wantAddr := range map[string]string{"": "127.0.0.1:9090", "--metrics-addr=:9100": ":9100"} {
		var f serveFlags
		fs := newFlagSet(env, "serve", "serve")
		if err := f.register(fs, env); err != nil {
			t.Fatal(err)
		}
		if fs.Lookup("metrics-token") != nil {
			t.Error("there is a --metrics-token flag; the token must come from the environment only")
		}
		if err := fs.Parse(strings.Fields(args)); err != nil {
			t.Fatal(err)
		}
		if cfg := f.config(); cfg.MetricsAddr != wantAddr || cfg.MetricsToken != "tok" {
			t.Errorf("args %q: metrics address %q and token %q, want %q and %q", args, cfg.MetricsAddr, cfg.MetricsToken, wantAddr, "tok")
		}
	}
}
