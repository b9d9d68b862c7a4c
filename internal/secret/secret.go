// Package secret makes random tokens (sessions, invitations, API tokens,
// reset links) and the hashes under which they are stored, so that a copy of
// the database does not hold a usable token.
package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// New returns a random URL-safe token with 256 bits of entropy and the
// given prefix (e.g. "acc_" for API tokens, so leaked ones are recognisable).
func New(prefix string) string {
	b := make([]byte, 32)
	rand.Read(b) // never fails: crypto/rand panics on a broken system source
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// Hash returns the stored form of a token. A fast hash is right here: the
// token is random and long, so there is nothing to brute-force.
func Hash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
