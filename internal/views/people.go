package views

import (
	"net/http"
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
