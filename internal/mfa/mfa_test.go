package mfa_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/accord-alliance/accord/internal/mfa"
)

// TestMatchTOTP accepts the code of the current step and of one step on
// either side (clock drift), and nothing further off or malformed.
func TestMatchTOTP(t *testing.T) {
	seed, uri, err := mfa.NewTOTP("accord", "kim@x.example")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(uri, "otpauth://totp/accord:kim@x.example?") || !strings.Contains(uri, "secret="+seed) {
		t.Errorf("uri %q", uri)
	}
	if got := mfa.TOTPURI("accord", "kim@x.example", seed); !strings.Contains(got, "secret="+seed) || !strings.Contains(got, "period=30") {
		t.Errorf("TOTPURI %q", got)
	}
	now := time.Date(2026, 3, 1, 12, 0, 10, 0, time.UTC)
	for _, c := range []struct {
		at   time.Duration
		want bool
	}{{0, true}, {-30 * time.Second, true}, {30 * time.Second, true}, {-60 * time.Second, false}, {60 * time.Second, false}} {
		code, err := totp.GenerateCode(seed, now.Add(c.at))
		if err != nil {
			t.Fatal(err)
		}
		step, ok := mfa.MatchTOTP(seed, code, now)
		if ok != c.want {
			t.Errorf("code of %v: matched %v, want %v", c.at, ok, c.want)
		}
		if ok && step != mfa.Step(now.Add(c.at)) {
			t.Errorf("code of %v: step %d, want %d", c.at, step, mfa.Step(now.Add(c.at)))
		}
	}
	code, _ := totp.GenerateCode(seed, now)
	if _, ok := mfa.MatchTOTP(seed, code[:3]+" "+code[3:], now); !ok {
		t.Error("a code typed with a space in the middle is refused")
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := mfa.MatchTOTP(seed, bad, now); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestRecoveryCodes are ten distinct codes of 120 bits, whose hash does not
// depend on case, spaces or dashes, and which are not TOTP codes.
func TestRecoveryCodes(t *testing.T) {
	codes, hashes := mfa.NewRecoveryCodes()
	if len(codes) != mfa.RecoveryCount || len(hashes) != mfa.RecoveryCount {
		t.Fatalf("%d codes, %d hashes", len(codes), len(hashes))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if len(strings.ReplaceAll(c, "-", "")) != 24 || seen[c] {
			t.Errorf("code %q: want 24 base32 characters (120 bits), each new", c)
		}
		seen[c] = true
		if mfa.RecoveryHash(strings.ToLower(strings.ReplaceAll(c, "-", " "))) != hashes[i] {
			t.Errorf("code %q typed in lower case with spaces hashes differently", c)
		}
		if !mfa.LooksLikeRecovery(c) || mfa.LooksLikeRecovery("123 456") {
			t.Error("recovery codes and TOTP codes are told apart wrongly")
		}
	}
}
