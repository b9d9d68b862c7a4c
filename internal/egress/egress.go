// Package egress decides which network addresses accord may connect to on
// its users' behalf (webhook deliveries). An address inside the server's
// own networks — loopback, link-local, private, carrier-grade NAT,
// unspecified, multicast, reserved — is refused, unless the installation
// names its host in an allow-list: otherwise anyone who may add a webhook
// could make the server probe its neighbours, and read in the delivery log
// which ports answer.
package egress

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
)

// ErrRefused is the cause of every refused connection.
var ErrRefused = errors.New("the address is inside a private network (loopback, link-local, private or reserved)")

// Policy refuses internal addresses except for the hosts it allows. The
// zero Policy allows no host.
type Policy struct {
	allow map[string]bool
}

// New returns the policy that allows hosts: host names or IP addresses,
// compared without case (e.g. "hooks.internal.example", "10.0.0.7").
func New(hosts []string) Policy {
	p := Policy{allow: map[string]bool{}}
	for _, h := range hosts {
		if h = normalHost(h); h != "" {
			p.allow[h] = true
		}
	}
	return p
}

// ParseHosts splits an allow-list setting written with commas or spaces.
func ParseHosts(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
}

// normalHost is a host as an allow-list compares it: lowercase, without
// IPv6 brackets or a trailing dot.
func normalHost(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	return strings.TrimSuffix(h, ".")
}

// Allowed reports whether the installation allows host whatever its address.
func (p Policy) Allowed(host string) bool { return p.allow[normalHost(host)] }

// CheckHost refuses, before any lookup, a host that is itself an internal
// address (an IP literal, or a localhost name), unless it is allowed. A
// name that resolves to an internal address is refused when dialled.
func (p Policy) CheckHost(host string) error {
	if p.Allowed(host) {
		return nil
	}
	h := normalHost(host)
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return ErrRefused
	}
	if ip, err := netip.ParseAddr(h); err == nil && Internal(ip) {
		return ErrRefused
	}
	return nil
}

// DialContext returns a dial function for an http.Transport: it dials with
// d, and, unless the host dialled is allowed, refuses the connection when
// the address actually dialled — after DNS, for every address tried — is
// internal. Checking the dialled address, not a lookup made beforehand,
// leaves no window for a name to resolve differently the second time.
func (p Policy) DialContext(d *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	guarded := *d
	guarded.Control = func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("egress: %q: %w", address, ErrRefused)
		}
		if Internal(ap.Addr()) {
			return ErrRefused
		}
		return nil
	}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		if p.Allowed(host) {
			return d.DialContext(ctx, network, addr)
		}
		return guarded.DialContext(ctx, network, addr)
	}
}
