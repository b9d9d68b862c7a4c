package server_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

// TestReceiptRefusalTimeHidesAlliances follows up a receipt under an
// alliance that does not exist and under the right one (a code whose
// lookup prefix exists, the rest wrong), and wants both refusals to take
// the time of the slow hash: a quick answer for an unknown alliance would
// tell a guesser which alliances exist.
func TestReceiptRefusalTimeHidesAlliances(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newAppWith(t, d, server.Config{ReceiptLimit: 100})
			norm := accord.NormalizeReceipt(a.demo.Concerns.Receipt)
			slow, err := password.Hash(norm, password.Params{Memory: 16 * 1024, Time: 2, Threads: 1})
			if err != nil {
				t.Fatal(err)
			}
			q := "UPDATE concerns SET receipt_hash = ? WHERE receipt_hash IS NOT NULL"
			if d == store.Postgres {
				q = strings.Replace(q, "?", "$1", 1)
			}
			if _, err := a.db.SQL().Exec(q, slow); err != nil {
				t.Fatal(err)
			}
			wrong := norm[:accord.ReceiptLookupLen] + strings.Repeat("A", 25-accord.ReceiptLookupLen)
			if wrong == norm {
				wrong = norm[:accord.ReceiptLookupLen] + strings.Repeat("B", 25-accord.ReceiptLookupLen)
			}
			known, unknown := time.Hour, time.Hour
			for range 5 {
				known = min(known, followUpRefusal(t, a, "north-valley", wrong))
				unknown = min(unknown, followUpRefusal(t, a, "no-such-alliance", wrong))
			}
			if unknown < known/2 {
				t.Errorf("an unknown alliance is refused in %v, a wrong code of a known one in %v: the time tells which alliances exist", unknown, known)
			}
		})
	}
}

// followUpRefusal posts the follow-up, wants 404, and returns the time taken.
func followUpRefusal(t *testing.T, a *app, slug, receipt string) time.Duration {
	t.Helper()
	start := time.Now()
	r := a.api("POST", "/api/v1/concerns/follow-up", "", `{"alliance":"`+slug+`","receipt":"`+receipt+`"}`, nil)
	took := time.Since(start)
	if r.StatusCode != http.StatusNotFound {
		t.Fatalf("follow-up of %s: status %d, want 404", slug, r.StatusCode)
	}
	return took
}

// TestConcurrentWrongReceiptsAreCountedBeforeTheCheck sends 30 wrong
// receipt codes at once against a limit of 10: each is counted in the
// same step as the limit is checked, so at most 10 codes are looked up
// (404) and the rest are refused as throttled (429).
func TestConcurrentWrongReceiptsAreCountedBeforeTheCheck(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newAppWith(t, d, server.Config{ReceiptLimit: 10, MaxHashes: 30})
			wrong := `{"alliance":"north-valley","receipt":"AAAAA-AAAAA-AAAAA-AAAAA-AAAAA"}`
			var mu sync.Mutex
			var wg sync.WaitGroup
			seen := map[int]int{}
			for range 30 {
				wg.Go(func() {
					req, _ := http.NewRequest("POST", a.srv.URL+"/api/v1/concerns/follow-up", strings.NewReader(wrong))
					req.Header.Set("Content-Type", "application/json")
					resp, err := http.DefaultClient.Do(req)
					mu.Lock()
					defer mu.Unlock()
					if err != nil {
						t.Errorf("follow-up: %v", err)
						return
					}
					resp.Body.Close()
					seen[resp.StatusCode]++
				})
			}
			wg.Wait()
			if seen[404] > 10 || seen[404] == 0 || seen[404]+seen[429] != 30 {
				t.Errorf("30 wrong codes at once against a limit of 10: statuses %v; want at most 10 checked (404), the rest 429", seen)
			}
		})
	}
}
