package edge

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/password"
)

// pairMemory is how long failed sign-ins of one account from one client
// address are remembered (the cleanup job removes them after a day).
const pairMemory = 24 * time.Hour

// SignInPair is the key failures are counted under for one account from
// one client address. There is no key for the account alone: a stranger
// failing on purpose slows only their own address, never the person.
func SignInPair(r *http.Request, email string) string {
	return "signin:" + ClientIP(r) + " " + email
}

// SignInKeys are the keys a sign-in attempt is counted under: the client
// address and account together (LoginLimit free within a day), and the
// client address alone, so that one client cannot try many accounts (four
// times LoginLimit free within LoginWindow, for colleagues behind one
// gateway). Beyond the free attempts each waits accord.ThrottleDelay.
func (s *Edge) SignInKeys(r *http.Request, email string) []accord.ThrottleKey {
	return []accord.ThrottleKey{
		{Key: SignInPair(r, email), Free: s.Cfg.LoginLimit, Memory: pairMemory},
		{Key: "ip:" + ClientIP(r), Free: 4 * s.Cfg.LoginLimit, Memory: s.Cfg.LoginWindow},
	}
}

// ErrHashBusy is what a person sees when every password check is taken.
var ErrHashBusy = accord.Errorf(accord.ETHROTTLED, "The server is busy checking other passwords. Try again in a moment.")

// HashBusy turns the limiter's refusal into errHashBusy, and sets the
// Retry-After header for it; other errors pass unchanged.
func HashBusy(w http.ResponseWriter, err error) error {
	if errors.Is(err, password.ErrBusy) {
		RetryAfter(w, time.Second)
	}
	return BusyError(err)
}

// BusyError turns the limiter's refusal into errHashBusy, for a caller that
// has no answer to set Retry-After on; other errors pass unchanged.
func BusyError(err error) error {
	if errors.Is(err, password.ErrBusy) {
		return ErrHashBusy
	}
	return err
}

// RetryAfter tells the client how long to wait, in whole seconds.
func RetryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(d.Seconds()))))
}

// WaitText says how long a throttled client waits: seconds under a minute,
// whole minutes after.
func WaitText(d time.Duration) string {
	if secs := int(math.Ceil(d.Seconds())); secs < 60 {
		if secs <= 1 {
			return "a second"
		}
		return fmt.Sprintf("%d seconds", secs)
	}
	return WaitFor(d)
}

// CheckSignIn checks the password within the hash limit. An unknown
// address costs the same hash as a real one, so timing reveals no accounts.
func (s *Edge) CheckSignIn(ctx context.Context, email, pw string) (accord.User, bool, error) {
	u, hash, err := s.Svc.UserByEmail(ctx, email)
	if err != nil || hash == "" {
		hash = s.dummyHash()
	}
	ok, verr := s.Hashes.Verify(ctx, pw, hash)
	if verr != nil && !errors.Is(verr, password.ErrMalformed) {
		return u, false, verr
	}
	return u, ok && err == nil && u.Active(), nil
}

// FailPage shows a throttled err on the page through show (with its 429);
// any other error goes to fail.
func (s *Edge) FailPage(w http.ResponseWriter, r *http.Request, err error, show func(msg string, status int)) {
	if accord.ErrorCode(err) == accord.ETHROTTLED {
		show(accord.ErrorMessage(err), http.StatusTooManyRequests)
		return
	}
	s.Fail(w, r, err)
}
