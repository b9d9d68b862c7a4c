package views

import (
	"net/http"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/mfa"
)

// BaseURL is where links sent to people point: the configured public
// address, or the address this request came to.
func (s *Loader) BaseURL(r *http.Request) string {
	if s.Cfg.BaseURL != "" {
		return s.Cfg.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// RelyingParty is the WebAuthn relying party at BaseURL: its host is the
// RP ID passkeys are bound to, its scheme and host the one origin. WebAuthn
// takes no IP address as an RP ID, so passkeys need a host name.
func (s *Loader) RelyingParty(r *http.Request) (*webauthn.WebAuthn, error) {
	wa, err := mfa.RelyingParty(s.BaseURL(r))
	if err != nil {
		return nil, accord.Errorf(accord.ECONFLICT, "passkeys need accord to be reached by its host name (not an IP address) over its configured address")
	}
	return wa, nil
}
