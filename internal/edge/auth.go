package edge

import (
	"net"
	"net/http"

	"github.com/accord-alliance/accord/internal/password"
)

// ClientIP is the client address sign-in attempts are counted under.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// dummyHash is a valid hash at the configured cost, made once per server.
func (s *Edge) dummyHash() string {
	s.DummyOnce.Do(func() { s.Dummy, _ = password.Hash("not a password of anyone", s.Cfg.Password) })
	return s.Dummy
}
