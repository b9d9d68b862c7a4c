package cli

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// run executes the command line as main would and returns exit code and output.
func run(t *testing.T, stdin string, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(stdin), Getenv: func(k string) string { return vars[k] }, Now: time.Now}
	code := Run(context.Background(), env, args)
	return code, out.String(), errb.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// lockedBuffer is an io.Writer safe to read while a server writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe runs `accord serve` until the test ends and waits until it answers.
func startServe(t *testing.T, database string, extra ...string) string {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	logs := &lockedBuffer{}
	// Servers on one database share one data key ring, as in production.
	keys := func(k string) string { return map[string]string{"ACCORD_DATA_KEYS": storetest.KeyLine}[k] }
	env := &Env{Stdout: io.Discard, Stderr: logs, Stdin: strings.NewReader(""), Getenv: keys, Now: time.Now}
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, env, append([]string{"serve", "--addr", addr, "--database", database, "--audit-key", filepath.Join(t.TempDir(), "audit.key")}, extra...))
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited %d on shutdown: %s", code, logs.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not shut down within 30s")
		}
	})
	base := "http://" + addr
	for i := 0; i < 200; i++ {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("serve did not become ready: %s", logs.String())
	return ""
}

func signIn(t *testing.T, base, email, pw string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"/login", url.Values{"email": {email}, "password": {pw}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in at %s: status %d", base, resp.StatusCode)
	}
	return c
}

const adminPW = "operator password 1"

// TestServeEndToEnd boots the real command on both databases: migrate,
// create an operator, serve, sign in, create an alliance, shut down.
func TestServeEndToEnd(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			dsn := storetest.URL(t, d)
			if code, out, errs := run(t, "", nil, "migrate", "--database", dsn); code != 0 || !strings.Contains(out, "applied 0001") {
				t.Fatalf("migrate: %d %q %q", code, out, errs)
			}
			if code, out, errs := run(t, adminPW+"\n", nil, "user", "create", "--database", dsn, "--email", "op@x.example", "--name", "Op", "--organization", "Valley Health Plan", "--admin", "--password-stdin"); code != 0 {
				t.Fatalf("user create: %d %q %q", code, out, errs)
			}
			base := startServe(t, dsn)
			c := signIn(t, base, "op@x.example", adminPW)
			req, _ := http.NewRequest("POST", base+"/alliances", strings.NewReader(url.Values{"name": {"Harbor Alliance"}, "organization": {"Valley Health Plan"}, "party_role": {"payer"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("create alliance: status %d", resp.StatusCode)
			}
			resp, err = c.Get(base + "/api/v1/alliances/harbor-alliance/parties")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(body), "Valley Health Plan") {
				t.Errorf("parties API: %d %s", resp.StatusCode, body)
			}
			if code, out, _ := run(t, "", nil, "audit", "verify", "--database", dsn); code != 0 || !strings.Contains(out, "intact") {
				t.Errorf("audit verify: %d %q", code, out)
			}
		})
	}
}

// TestTwoServersShareOnePostgres shows servers are stateless: a session
// started on one is valid on the other.
func TestTwoServersShareOnePostgres(t *testing.T) {
	dsn := storetest.URL(t, store.Postgres)
	run(t, adminPW+"\n", nil, "user", "create", "--database", dsn, "--email", "op@x.example", "--name", "Op", "--admin", "--password-stdin")
	a, b := startServe(t, dsn), startServe(t, dsn)
	c := signIn(t, a, "op@x.example", adminPW)
	u, _ := url.Parse(a)
	ub, _ := url.Parse(b)
	c.Jar.SetCookies(ub, c.Jar.Cookies(u))
	resp, err := c.Get(b + "/api/v1/me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("session from server A on server B: status %d, want 200", resp.StatusCode)
	}
}

// TestTwoServersRunEachScheduledTickOnce runs two real servers on one
// PostgreSQL database with a fast clean-up schedule: every tick must produce
// exactly one job, run by one of them.
func TestTwoServersRunEachScheduledTickOnce(t *testing.T) {
	dsn := storetest.URL(t, store.Postgres)
	fast := []string{"--cleanup-interval", "1s", "--job-poll-interval", "100ms"}
	startServe(t, dsn, fast...)
	startServe(t, dsn, fast...)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ticks, distinct, done, workers int
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		err := db.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT payload::json->>'tick'), COUNT(done_at), COUNT(DISTINCT locked_by) FROM jobs WHERE kind = 'cleanup'`).Scan(&ticks, &distinct, &done, &workers)
		if err != nil {
			t.Fatal(err)
		}
		if done >= 6 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if ticks < 6 || ticks != distinct {
		t.Errorf("%d clean-up jobs for %d distinct ticks; want one job per tick (and at least 6)", ticks, distinct)
	}
	t.Logf("%d ticks run by %d server(s)", done, workers)
}

func TestUserCommands(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "a.db")
	steps := []struct {
		stdin string
		args  []string
		code  int
		out   string
	}{
		{"", []string{"user", "create", "--email", "Kim@X.example", "--name", "Kim"}, 0, "reset-link"},
		{"", []string{"user", "create", "--email", "kim@x.example", "--name", "Kim"}, 1, ""},
		{"short\n", []string{"user", "set-password", "--email", "kim@x.example"}, 1, ""},
		{"a long enough secret\n", []string{"user", "set-password", "--email", "kim@x.example"}, 0, "password set"},
		{"", []string{"user", "reset-link", "--email", "kim@x.example", "--base-url", "https://accord.example.org/"}, 0, "https://accord.example.org/reset/rst_"},
		{"", []string{"user", "reset-second-factor", "--email", "kim@x.example"}, 0, "no second factor now"},
		{"", []string{"user", "reset-second-factor", "--email", "nobody@x.example"}, 1, ""},
		{"", []string{"user", "disable", "--email", "kim@x.example"}, 0, "disabled"},
		{"", []string{"user", "list"}, 0, "disabled"},
		{"", []string{"user", "enable", "--email", "kim@x.example"}, 0, "enabled"},
		{"", []string{"user", "disable", "--email", "nobody@x.example"}, 1, ""},
		{"", []string{"user", "frobnicate", "--email", "kim@x.example"}, 2, ""},
	}
	for _, s := range steps {
		args := append(append([]string{}, s.args...), "--database", dsn)
		code, out, errs := run(t, s.stdin, nil, args...)
		if code != s.code || !strings.Contains(out, s.out) {
			t.Errorf("accord %s: exit %d out %q err %q; want exit %d with %q", strings.Join(s.args, " "), code, out, errs, s.code, s.out)
		}
	}
}

func TestBackupAndAuditVerify(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			if d == store.Postgres {
				if _, err := exec.LookPath("pg_dump"); err != nil {
					t.Skip("pg_dump is not installed")
				}
			}
			dsn := storetest.URL(t, d)
			run(t, "", nil, "user", "create", "--database", dsn, "--email", "a@x.example", "--name", "A")
			out := filepath.Join(t.TempDir(), "backup.bin")
			if code, o, e := run(t, "", nil, "backup", "--database", dsn, out); code != 0 {
				t.Fatalf("backup: %d %q %q", code, o, e)
			}
			if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
				t.Fatalf("backup file: %v", err)
			}
			if d == store.SQLite {
				if code, o, _ := run(t, "", nil, "user", "list", "--database", out); code != 0 || !strings.Contains(o, "a@x.example") {
					t.Errorf("the backup does not hold the user: %q", o)
				}
			}
			if code, _, _ := run(t, "", nil, "backup", "--database", dsn, out); code == 0 {
				t.Error("backup over an existing file succeeded; it must refuse")
			}
			tamper(t, d, dsn, "UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 1")
			code, o, _ := run(t, "", nil, "audit", "verify", "--database", dsn)
			if code != 1 || !strings.Contains(o, "entry 1") {
				t.Errorf("audit verify after tampering: exit %d %q; want 1 naming entry 1", code, o)
			}
		})
	}
}

func tamper(t *testing.T, d store.Dialect, dsn, q string) {
	t.Helper()
	driver, src := "pgx", dsn
	if d == store.SQLite {
		driver, src = "sqlite", "file:"+dsn
	}
	db, err := sql.Open(driver, src)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("tamper: %v", err)
	}
}

func TestEveryCommandHelp(t *testing.T) {
	for name := range commands() {
		for _, flag := range []string{"--help", "-h"} {
			code, out, errs := run(t, "", nil, name, flag)
			if code != 0 {
				t.Errorf("accord %s %s: got exit %d, want 0 (%s)", name, flag, code, errs)
			}
			if !strings.Contains(out+errs, "Usage: accord "+name) {
				t.Errorf("accord %s %s: got %q, want its usage", name, flag, out+errs)
			}
		}
	}
}

func TestHelpAndUsage(t *testing.T) {
	if code, out, _ := run(t, "", nil, "help"); code != 0 || !strings.Contains(out, "serve") {
		t.Errorf("help: %d %q", code, out)
	}
	if code, _, errs := run(t, "", nil, "nonsense"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: %d %q", code, errs)
	}
	code, _, errs := run(t, "", map[string]string{"ACCORD_ADDR": "127.0.0.1:9999"}, "serve", "--help")
	if code != 0 || !strings.Contains(errs, "ACCORD_DATABASE") || !strings.Contains(errs, "127.0.0.1:9999") {
		t.Errorf("serve --help: %d %q", code, errs)
	}
	if code, out, _ := run(t, "", nil, "version"); code != 0 || !strings.HasPrefix(out, "accord ") {
		t.Errorf("version: %d %q", code, out)
	}
}
