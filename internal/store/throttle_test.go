package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestConcurrentLoginAttemptsAreCountedBeforeTheCheck starts 30 attempts
// at once against 5 free ones: counting and deciding are one step, so at
// most 5 go through, however the transactions interleave.
func TestConcurrentLoginAttemptsAreCountedBeforeTheCheck(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := &clock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			keys := []accord.ThrottleKey{
				{Key: "signin:192.0.2.7 ada@plan.example", Free: 5, Memory: 24 * time.Hour},
				{Key: "ip:192.0.2.7", Free: 20, Memory: 15 * time.Minute},
			}
			var mu sync.Mutex
			var wg sync.WaitGroup
			through, refused := 0, 0
			for range 30 {
				wg.Go(func() {
					a, err := db.BeginLoginAttempt(context.Background(), keys, 15*time.Minute)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err != nil:
						t.Errorf("BeginLoginAttempt: %v", err)
					case a.Wait > 0:
						refused++
					default:
						through++
					}
				})
			}
			wg.Wait()
			if through != 5 || refused != 25 {
				t.Errorf("30 attempts at once: %d through, %d refused; want 5 and 25", through, refused)
			}
		})
	}
}

// TestLoginDelayGrowsAndEnds checks the delay rule: free attempts, then a
// wait that doubles from a second, capped, and a right password that
// forgets the pair's failures but not the client address's.
func TestLoginDelayGrowsAndEnds(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			pair := accord.ThrottleKey{Key: "signin:192.0.2.7 ada@plan.example", Free: 2, Memory: 24 * time.Hour}
			ip := accord.ThrottleKey{Key: "ip:192.0.2.7", Free: 100, Memory: time.Hour}
			begin := func() accord.LoginAttempt {
				t.Helper()
				a, err := db.BeginLoginAttempt(ctx, []accord.ThrottleKey{pair, ip}, 3*time.Second)
				if err != nil {
					t.Fatal(err)
				}
				return a
			}
			for i := range 2 {
				if a := begin(); a.Wait != 0 {
					t.Fatalf("free attempt %d: wait %v", i+1, a.Wait)
				}
			}
			// The third waits 1s, the fourth 2s, then never more than the cap.
			for _, want := range []time.Duration{time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second} {
				if a := begin(); a.Wait != want {
					t.Fatalf("wait = %v, want %v", a.Wait, want)
				}
				clk.Set(clk.Now().Add(want - time.Millisecond))
				if a := begin(); a.Wait != time.Millisecond {
					t.Fatalf("a millisecond early: wait = %v, want 1ms", a.Wait)
				}
				clk.Set(clk.Now().Add(time.Millisecond))
				a := begin()
				if a.Wait != 0 || len(a.IDs) != 2 {
					t.Fatalf("after the delay: %+v, want let through and counted twice", a)
				}
			}
			a := begin()
			clk.Set(clk.Now().Add(a.Wait))
			a = begin()
			if err := db.ForgetLoginAttempt(ctx, a, pair.Key); err != nil {
				t.Fatal(err)
			}
			if a := begin(); a.Wait != 0 {
				t.Errorf("after a right password the pair waits %v, want 0", a.Wait)
			}
			n, err := db.LoginFailures(ctx, ip.Key, time.Hour)
			if err != nil || n != 7 {
				t.Errorf("client address failures after a right password = %d, %v; want 7 (the right one forgotten)", n, err)
			}
		})
	}
}

// TestConcurrentLimitedAttemptsAreCountedBeforeTheCheck starts 30 attempts
// at once against a limit of 10 (wrong receipt codes): counting and
// deciding are one step, so exactly 10 go through, and the rest are
// refused for the window.
func TestConcurrentLimitedAttemptsAreCountedBeforeTheCheck(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			clk := &clock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			var mu sync.Mutex
			var wg sync.WaitGroup
			through, refused := 0, 0
			for range 30 {
				wg.Go(func() {
					a, err := db.BeginLimitedAttempt(context.Background(), "receipt:abc", 10, 15*time.Minute)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err != nil:
						t.Errorf("BeginLimitedAttempt: %v", err)
					case a.Wait == 15*time.Minute:
						refused++
					case a.Wait == 0 && len(a.IDs) == 1:
						through++
					default:
						t.Errorf("attempt %+v: want let through with one id, or refused for the window", a)
					}
				})
			}
			wg.Wait()
			if through != 10 || refused != 20 {
				t.Errorf("30 attempts at once: %d through, %d refused; want 10 and 20", through, refused)
			}
		})
	}
}
