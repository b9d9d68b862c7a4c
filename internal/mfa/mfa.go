// Package mfa holds the second factor's rules, apart from storage and
// HTTP: TOTP codes (RFC 6238: SHA-1, 6 digits, 30-second steps, one step
// of clock drift either way), recovery codes, and the WebAuthn relying
// party that registers and checks passkeys.
package mfa

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"image/png"
	"net/url"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/accord-alliance/accord/internal/secret"
)

// Period is a TOTP code's time step.
const Period = 30 * time.Second

var opts = totp.ValidateOpts{Period: uint(Period / time.Second), Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewTOTP makes a new 160-bit seed for the account and the otpauth:// URI
// an authenticator app reads (from the QR code, or typed).
func NewTOTP(issuer, account string) (seed, uri string, err error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: opts.Period, Digits: opts.Digits, Algorithm: opts.Algorithm})
	if err != nil {
		return "", "", fmt.Errorf("make a TOTP seed: %w", err)
	}
	return k.Secret(), k.URL(), nil
}

// TOTPURI is the otpauth:// URI of a seed, which authenticator apps read.
func TOTPURI(issuer, account, seed string) string {
	v := url.Values{}
	v.Set("secret", seed)
	v.Set("issuer", issuer)
	v.Set("algorithm", "SHA1")
	v.Set("digits", "6")
	v.Set("period", "30")
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + account, RawQuery: v.Encode()}
	return u.String()
}

// QRCode is the URI as a QR code, a PNG in a data: URI.
func QRCode(uri string) (string, error) {
	k, err := otp.NewKeyFromURL(uri)
	if err != nil {
		return "", err
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes()), nil
}

// Grouped writes a seed in groups of four for typing.
func Grouped(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Step is the TOTP time step of t.
func Step(t time.Time) int64 { return t.Unix() / int64(Period/time.Second) }

// MatchTOTP returns the time step at which code is the seed's code, within
// one step of now either way, and false when it is none of them.
func MatchTOTP(seed, code string, now time.Time) (int64, bool) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 {
		return 0, false
	}
	for d := int64(-1); d <= 1; d++ {
		step := Step(now) + d
		want, err := totp.GenerateCodeCustom(seed, time.Unix(step*int64(Period/time.Second), 0), opts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// RecoveryCount is how many recovery codes a person gets at once.
const RecoveryCount = 10

var recoveryEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewRecoveryCodes makes RecoveryCount codes of 120 random bits each,
// written as six groups of four letters and digits, and their hashes.
func NewRecoveryCodes() (codes, hashes []string) {
	for range RecoveryCount {
		b := make([]byte, 15)
		rand.Read(b)
		c := Grouped(recoveryEncoding.EncodeToString(b))
		codes = append(codes, strings.ReplaceAll(c, " ", "-"))
		hashes = append(hashes, RecoveryHash(c))
	}
	return codes, hashes
}

// RecoveryHash is the stored form of a recovery code, however it was
// typed: case, spaces and dashes do not matter.
func RecoveryHash(code string) string {
	code = strings.ToUpper(code)
	code = strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, code)
	return secret.Hash("recovery:" + code)
}

// LooksLikeRecovery reports whether a typed code is a recovery code
// rather than a six-digit TOTP code.
func LooksLikeRecovery(code string) bool { return len(strings.Join(strings.Fields(code), "")) > 6 }

// RelyingParty is the WebAuthn relying party for accord at base (its
// public address, e.g. https://accord.example.org): the host is the RP ID,
// the scheme and host the only origin passkeys are used from.
func RelyingParty(base string) (*webauthn.WebAuthn, error) {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("passkeys need the server's address, not %q", base)
	}
	return webauthn.New(&webauthn.Config{RPID: u.Hostname(), RPDisplayName: "accord", RPOrigins: []string{u.Scheme + "://" + u.Host}})
}

// User is a person as the WebAuthn library sees them.
type User struct {
	ID, Email, Name string
	Credentials     []webauthn.Credential
}

// WebAuthnID is the user handle: accord's id, which names nothing.
func (u User) WebAuthnID() []byte { return []byte(u.ID) }

// WebAuthnName is the account name the authenticator shows.
func (u User) WebAuthnName() string { return u.Email }

// WebAuthnDisplayName is the name the authenticator shows.
func (u User) WebAuthnDisplayName() string { return u.Name }

// WebAuthnCredentials are the person's passkeys.
func (u User) WebAuthnCredentials() []webauthn.Credential { return u.Credentials }
