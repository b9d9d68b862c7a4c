package egress

import "net/netip"

// reserved are the ranges netip's predicates do not name but that reach
// no public host, or reach one only through a gateway of the local network.
var reserved = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT (RFC 6598)
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and the broadcast address
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use IPv4/IPv6 translation
	netip.MustParsePrefix("::/96"),           // IPv4-compatible (deprecated)
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
}

// Embedded IPv4 addresses: NAT64 (64:ff9b::/96) and 6to4 (2002::/16)
// reach the IPv4 address they carry.
var (
	nat64  = netip.MustParsePrefix("64:ff9b::/96")
	sixTo4 = netip.MustParsePrefix("2002::/16")
)

// Internal reports whether ip is an address webhooks may not reach without
// an allow-list entry: loopback, link-local, private (RFC 1918, IPv6 ULA),
// unspecified, multicast, carrier-grade NAT or otherwise reserved, in any
// of its forms (an IPv4-mapped IPv6 address is its IPv4 address; NAT64 and
// 6to4 addresses are judged by the IPv4 address they carry).
func Internal(ip netip.Addr) bool {
	ip = ip.Unmap().WithZone("")
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() || ip.IsMulticast() ||
		ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() {
		return true
	}
	for _, p := range reserved {
		if p.Contains(ip) {
			return true
		}
	}
	if ip.Is6() {
		b := ip.As16()
		switch {
		case nat64.Contains(ip):
			return Internal(netip.AddrFrom4([4]byte(b[12:16])))
		case sixTo4.Contains(ip):
			return Internal(netip.AddrFrom4([4]byte(b[2:6])))
		}
	}
	return false
}
