package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestWebhookAllowHostsSetting: the hosts webhooks may reach although they
// are internal come from ACCORD_WEBHOOK_ALLOW_HOSTS or --webhook-allow-hosts
// (the flag wins), comma- or space-separated; by default there are none.
func TestWebhookAllowHostsSetting(t *testing.T) {
	for _, tc := range []struct {
		env  string
		args []string
		want []string
	}{
		{"", nil, nil},
		{"relay.internal, 10.0.0.7", nil, []string{"relay.internal", "10.0.0.7"}},
		{"relay.internal", []string{"--webhook-allow-hosts", "127.0.0.1 ::1"}, []string{"127.0.0.1", "::1"}},
	} {
		env := &Env{Stdout: io.Discard, Stderr: io.Discard, Stdin: strings.NewReader(""), Now: time.Now,
			Getenv: func(k string) string {
				if k == "ACCORD_WEBHOOK_ALLOW_HOSTS" {
					return tc.env
				}
				return ""
			}}
		fs := newFlagSet(env, "serve", "serve")
		var f serveFlags
		if err := f.register(fs, env); err != nil {
			t.Fatal(err)
		}
		if err := fs.Parse(tc.args); err != nil {
			t.Fatal(err)
		}
		if got := f.config().WebhookAllowHosts; !slices.Equal(got, tc.want) {
			t.Errorf("env %q, args %q: allow hosts %q, want %q", tc.env, tc.args, got, tc.want)
		}
	}
}

// TestTrustedProxiesSetting: the trusted proxies come from
// ACCORD_TRUSTED_PROXIES or --trusted-proxies (the flag wins); a value that
// is not an address or a range is refused before the server starts.
func TestTrustedProxiesSetting(t *testing.T) {
	for _, tc := range []struct {
		env     string
		args    []string
		want    string
		wantErr bool
	}{
		{"", nil, "[]", false},
		{"10.0.0.0/8, 192.0.2.7", nil, "[10.0.0.0/8 192.0.2.7/32]", false},
		{"10.0.0.0/8", []string{"--trusted-proxies", "::1"}, "[::1/128]", false},
		{"proxy.internal", nil, "", true},
		{"", []string{"--trusted-proxies", "10.0.0.0/33"}, "", true},
	} {
		env := &Env{Stdout: io.Discard, Stderr: io.Discard, Stdin: strings.NewReader(""), Now: time.Now,
			Getenv: func(k string) string {
				if k == "ACCORD_TRUSTED_PROXIES" {
					return tc.env
				}
				return ""
			}}
		fs := newFlagSet(env, "serve", "serve")
		var f serveFlags
		err := f.register(fs, env)
		if err == nil {
			err = fs.Parse(tc.args)
		}
		if (err != nil) != tc.wantErr {
			t.Errorf("env %q, args %q: error %v, want error %v", tc.env, tc.args, err, tc.wantErr)
			continue
		}
		if err == nil {
			if got := fmt.Sprint(f.config().TrustedProxies); got != tc.want {
				t.Errorf("env %q, args %q: trusted proxies %s, want %s", tc.env, tc.args, got, tc.want)
			}
		}
	}
}
