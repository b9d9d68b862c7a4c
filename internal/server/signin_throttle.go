package server

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

// signInPair is the key failures are counted under for one account from
// one client address. There is no key for the account alone: a stranger
// failing on purpose slows only their own address, never the person.
func signInPair(r *http.Request, email string) string {
	return "signin:" + clientIP(r) + " " + email
}

// signInKeys are the keys a sign-in attempt is counted under: the client
// address and account together (LoginLimit free within a day), and the
// client address alone, so that one client cannot try many accounts (four
// times LoginLimit free within LoginWindow, for colleagues behind one
// gateway). Beyond the free attempts each waits accord.ThrottleDelay.
func (s *Server) signInKeys(r *http.Request, email string) []accord.ThrottleKey {
	return []accord.ThrottleKey{
		{Key: signInPair(r, email), Free: s.cfg.LoginLimit, Memory: pairMemory},
		{Key: "ip:" + clientIP(r), Free: 4 * s.cfg.LoginLimit, Memory: s.cfg.LoginWindow},
	}
}

// errHashBusy is what a person sees when every password check is taken.
var errHashBusy = accord.Errorf(accord.ETHROTTLED, "The server is busy checking other passwords. Try again in a moment.")

// hashBusy turns the limiter's refusal into errHashBusy, and sets the
// Retry-After header for it; other errors pass unchanged.
func hashBusy(w http.ResponseWriter, err error) error {
	if errors.Is(err, password.ErrBusy) {
		retryAfter(w, time.Second)
	}
	return busyError(err)
}

// busyError turns the limiter's refusal into errHashBusy, for a caller that
// has no answer to set Retry-After on; other errors pass unchanged.
func busyError(err error) error {
	if errors.Is(err, password.ErrBusy) {
		return errHashBusy
	}
	return err
}

// retryAfter tells the client how long to wait, in whole seconds.
func retryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(d.Seconds()))))
}

// waitText says how long a throttled client waits: seconds under a minute,
// whole minutes after.
func waitText(d time.Duration) string {
	if secs := int(math.Ceil(d.Seconds())); secs < 60 {
		if secs <= 1 {
			return "a second"
		}
		return fmt.Sprintf("%d seconds", secs)
	}
	return waitFor(d)
}

// checkSignIn checks the password within the hash limit. An unknown
// address costs the same hash as a real one, so timing reveals no accounts.
func (s *Server) checkSignIn(ctx context.Context, email, pw string) (accord.User, bool, error) {
	u, hash, err := s.svc.UserByEmail(ctx, email)
	if err != nil || hash == "" {
		hash = s.dummyHash()
	}
	ok, verr := s.hashes.Verify(ctx, pw, hash)
	if verr != nil && !errors.Is(verr, password.ErrMalformed) {
		return u, false, verr
	}
	return u, ok && err == nil && u.Active(), nil
}

// failPage shows a throttled err on the page through show (with its 429);
// any other error goes to fail.
func (s *Server) failPage(w http.ResponseWriter, r *http.Request, err error, show func(msg string, status int)) {
	if accord.ErrorCode(err) == accord.ETHROTTLED {
		show(accord.ErrorMessage(err), http.StatusTooManyRequests)
		return
	}
	s.fail(w, r, err)
}
