package edge

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRealClient(t *testing.T) {
	trusted, err := ParseTrustedProxies("10.0.0.0/8, 192.0.2.7 ::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"direct client: the header is a lie", "198.51.100.9:5000", []string{"203.0.113.5"}, "198.51.100.9"},
		{"one trusted proxy", "192.0.2.7:443", []string{"203.0.113.5"}, "203.0.113.5"},
		{"the client's own claim left of the real one is ignored", "10.1.2.3:443", []string{"1.1.1.1, 203.0.113.5"}, "203.0.113.5"},
		{"a chain of trusted proxies", "10.1.2.3:443", []string{"203.0.113.5, 10.9.9.9", "192.0.2.7"}, "203.0.113.5"},
		{"IPv6 loopback proxy, IPv4-mapped client", "[::1]:443", []string{"::ffff:203.0.113.5"}, "203.0.113.5"},
		{"no header: the proxy", "192.0.2.7:443", nil, "192.0.2.7"},
		{"malformed entry: the proxy", "192.0.2.7:443", []string{"203.0.113.5, not-an-ip"}, "192.0.2.7"},
		{"only trusted hops: the proxy", "192.0.2.7:443", []string{"10.0.0.1"}, "192.0.2.7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &Edge{Cfg: Config{TrustedProxies: trusted}}
			var got string
			h := e.RealClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = ClientIP(r) }))
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if got != tc.want {
				t.Errorf("client %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRealClientWithoutTrustedProxies(t *testing.T) {
	e := &Edge{}
	var got string
	h := e.RealClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = ClientIP(r) }))
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.1:443"
	r.Header.Set("X-Forwarded-For", "203.0.113.5")
	h.ServeHTTP(httptest.NewRecorder(), r)
	if got != "10.0.0.1" {
		t.Errorf("client %q, want the peer 10.0.0.1: no proxy is trusted by default", got)
	}
}

func TestParseTrustedProxiesRefuses(t *testing.T) {
	if _, err := ParseTrustedProxies("10.0.0.0/8, proxy.internal"); err == nil {
		t.Error("a host name was accepted as a trusted proxy")
	}
}
