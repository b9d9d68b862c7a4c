package server_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// signInServer is a server over a's database configured by cfg, reading
// clk, answering requests directly so that each can come from its own
// client address.
func signInServer(t *testing.T, a *app, clk *fakeClock, cfg server.Config) http.Handler {
	t.Helper()
	if cfg.Password == (password.Params{}) {
		cfg.Password = password.Fast
	}
	reg := prometheus.NewRegistry()
	srv, err := server.New(cfg, a.db, slog.New(slog.DiscardHandler), reg, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler(reg)
}

// signIn posts the sign-in form from the client address from.
func signIn(h http.Handler, from, email, pw string) *httptest.ResponseRecorder {
	form := url.Values{"email": {email}, "password": {pw}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = from + ":40000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestStrangerCannotLockAPersonOut fails on purpose, many times, to sign in
// as a known person from one address: that address is slowed, the person
// signing in from their own is not, and the stranger's delay ends.
func TestStrangerCannotLockAPersonOut(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := &fakeClock{t: time.Now().UTC()}
			a := newClockedApp(t, d, clk)
			h := signInServer(t, a, clk, server.Config{LoginLimit: 5})
			email := roleAccounts["finance"]
			var last *httptest.ResponseRecorder
			for range 30 {
				last = signIn(h, "192.0.2.66", email, "not the password at all")
			}
			if last.Code != http.StatusTooManyRequests || last.Header().Get("Retry-After") != "1" {
				t.Errorf("stranger's 30th attempt: status %d, Retry-After %q; want 429 after 1s", last.Code, last.Header().Get("Retry-After"))
			}
			if r := signIn(h, "198.51.100.7", email, demo.Password); r.Code != http.StatusSeeOther {
				t.Errorf("the person from their own address: status %d, want 303", r.Code)
			}
			if r := signIn(h, "192.0.2.66", email, demo.Password); r.Code != http.StatusTooManyRequests {
				t.Errorf("right password from the throttled address at once: status %d, want 429", r.Code)
			}
			clk.Set(clk.Now().Add(time.Second))
			if r := signIn(h, "192.0.2.66", email, demo.Password); r.Code != http.StatusSeeOther {
				t.Errorf("right password from that address after the delay: status %d, want 303 (a delay, not a lock)", r.Code)
			}
		})
	}
}

// TestConcurrentSignInsAreCountedBeforeTheHash sends 30 wrong passwords at
// once against a limit of 5: only 5 may reach the password check.
func TestConcurrentSignInsAreCountedBeforeTheHash(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := &fakeClock{t: time.Now().UTC()}
			a := newClockedApp(t, d, clk)
			h := signInServer(t, a, clk, server.Config{LoginLimit: 5, MaxHashes: 30})
			codes := concurrentSignIns(h, 30, "192.0.2.66", roleAccounts["finance"])
			if codes[http.StatusUnauthorized] != 5 || codes[http.StatusTooManyRequests] != 25 {
				t.Errorf("30 wrong passwords at once: %v; want 5 checked (401) and 25 refused (429)", codes)
			}
		})
	}
}

// concurrentSignIns posts n wrong passwords at once and counts the statuses.
func concurrentSignIns(h http.Handler, n int, from, email string) map[int]int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	codes := map[int]int{}
	for range n {
		wg.Go(func() {
			r := signIn(h, from, email, "not the password at all")
			mu.Lock()
			codes[r.Code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return codes
}

// unknownEmail has no account: its check costs a hash at the server's
// cost, where the demo accounts' hashes are cheap.
const unknownEmail = "nobody@nowhere.example"

// TestPasswordHashesAreBounded runs slow hashes with room for one at a
// time: of 20 sign-ins at once, those beyond the one running and the few
// waiting are answered 429 at once, with Retry-After, and are not counted
// as failures.
func TestPasswordHashesAreBounded(t *testing.T) {
	clk := &fakeClock{t: time.Now().UTC()}
	a := newClockedApp(t, "sqlite", clk)
	slow := password.Params{Memory: 8 * 1024, Time: 40, Threads: 1}
	h := signInServer(t, a, clk, server.Config{LoginLimit: 50, MaxHashes: 1, Password: slow})
	codes := concurrentSignIns(h, 20, "192.0.2.66", unknownEmail)
	if codes[http.StatusUnauthorized] > 5 || codes[http.StatusTooManyRequests] < 15 {
		t.Errorf("20 sign-ins at once with one hash at a time: %v; want at most 5 checked and the rest 429", codes)
	}
	busy := signInsWhileBusy(h)
	if busy.Code != http.StatusTooManyRequests || busy.Header().Get("Retry-After") != "1" || !strings.Contains(busy.Body.String(), "busy checking other passwords") {
		t.Errorf("a sign-in while every hash is taken: status %d, Retry-After %q; want 429 saying the server is busy", busy.Code, busy.Header().Get("Retry-After"))
	}
}

// signInsWhileBusy starts several slow sign-ins, then returns the answer to
// one more that arrives while they run.
func signInsWhileBusy(h http.Handler) *httptest.ResponseRecorder {
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() { signIn(h, "203.0.113.9", unknownEmail, "not the password at all") })
	}
	time.Sleep(50 * time.Millisecond)
	r := signIn(h, "203.0.113.10", unknownEmail, "not the password at all")
	wg.Wait()
	return r
}

// TestRaisingConcernsIsBounded: an anonymous concern's receipt is hashed
// with argon2id, so raising concerns shares the bound on hashes; a flood
// of them is answered 429 beyond it, as a flood of sign-ins is.
func TestRaisingConcernsIsBounded(t *testing.T) {
	clk := &fakeClock{t: time.Now().UTC()}
	a := newClockedApp(t, "sqlite", clk)
	slow := password.Params{Memory: 8 * 1024, Time: 40, Threads: 1}
	h := signInServer(t, a, clk, server.Config{LoginLimit: 50, MaxHashes: 1, Password: slow})
	tok := a.token("elena.vasquez@riversidepg.example", "write")
	body := `{"category":"patient_safety","severity":"high","body":"Falls on ward 3 are not reported.","anonymous":true}`
	var mu sync.Mutex
	var wg sync.WaitGroup
	codes := map[int]int{}
	for range 20 {
		wg.Go(func() {
			req := httptest.NewRequest("POST", nv+"/concerns", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			mu.Lock()
			codes[rec.Code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if codes[http.StatusCreated] > 5 || codes[http.StatusTooManyRequests] < 15 {
		t.Errorf("20 anonymous concerns at once with one hash at a time: %v; want at most 5 raised and the rest 429", codes)
	}
}
