package egress_test

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/egress"
)

func TestInternal(t *testing.T) {
	for _, tc := range []struct {
		ip   string
		want bool
	}{
		{"127.0.0.1", true}, {"127.8.9.10", true}, {"::1", true},
		{"10.1.2.3", true}, {"172.16.0.1", true}, {"172.31.255.255", true}, {"192.168.1.1", true},
		{"169.254.169.254", true}, {"fe80::1", true}, {"fe80::1%eth0", true},
		{"fc00::1", true}, {"fd12:3456::1", true},
		{"0.0.0.0", true}, {"::", true}, {"0.1.2.3", true},
		{"224.0.0.1", true}, {"239.1.2.3", true}, {"ff02::1", true}, {"ff0e::1", true},
		{"100.64.0.1", true}, {"100.127.255.255", true},
		{"255.255.255.255", true}, {"198.18.0.1", true}, {"fec0::1", true},
		{"::ffff:127.0.0.1", true}, {"::ffff:10.0.0.1", true}, {"::ffff:169.254.169.254", true},
		{"64:ff9b::7f00:1", true}, {"64:ff9b::a00:1", true}, {"2002:7f00:1::", true}, {"::127.0.0.1", true},
		{"93.184.216.34", false}, {"8.8.8.8", false}, {"100.63.255.255", false}, {"100.128.0.0", false},
		{"172.32.0.1", false}, {"2606:4700::1111", false}, {"::ffff:8.8.8.8", false}, {"64:ff9b::808:808", false},
		{"2002:808:808::", false},
	} {
		if got := egress.Internal(netip.MustParseAddr(tc.ip)); got != tc.want {
			t.Errorf("Internal(%s) = %v, want %v", tc.ip, got, tc.want)
		}
	}
}

func TestCheckHost(t *testing.T) {
	p := egress.New(egress.ParseHosts("Relay.Internal.example, 10.0.0.7 [fd00::7]"))
	for _, tc := range []struct {
		host string
		ok   bool
	}{
		{"hooks.slack.com", true}, {"93.184.216.34", true},
		{"127.0.0.1", false}, {"::1", false}, {"[::1]", false}, {"::ffff:127.0.0.1", false}, {"169.254.169.254", false},
		{"localhost", false}, {"LOCALHOST.", false}, {"api.localhost", false}, {"10.0.0.8", false},
		{"10.0.0.7", true}, {"relay.internal.example", true}, {"RELAY.internal.example.", true}, {"fd00::7", true},
	} {
		if err := p.CheckHost(tc.host); (err == nil) != tc.ok {
			t.Errorf("CheckHost(%q) = %v, want allowed %v", tc.host, err, tc.ok)
		}
	}
}

// TestDialRefusesInternal dials a listener on loopback by address and by a
// name that resolves to it: both are refused unless the host is allowed,
// and a refused dial never reaches the listener.
func TestDialRefusesInternal(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan struct{}, 10)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- struct{}{}
			c.Close()
		}
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	d := &net.Dialer{Timeout: 5 * time.Second}
	for _, tc := range []struct {
		allow []string
		host  string
		ok    bool
	}{
		{nil, "127.0.0.1", false},
		{nil, "localhost", false},
		{[]string{"example.org"}, "127.0.0.1", false},
		{[]string{"127.0.0.1"}, "127.0.0.1", true},
		{[]string{"localhost"}, "localhost", true},
	} {
		dial := egress.New(tc.allow).DialContext(d)
		c, err := dial(context.Background(), "tcp", net.JoinHostPort(tc.host, port))
		if tc.ok {
			if err != nil {
				t.Errorf("allow %v, dial %s: %v", tc.allow, tc.host, err)
				continue
			}
			c.Close()
			<-accepted
			continue
		}
		if err == nil {
			c.Close()
			t.Errorf("allow %v, dial %s: connected, want refused", tc.allow, tc.host)
		} else if !errors.Is(err, egress.ErrRefused) {
			t.Errorf("allow %v, dial %s: %v, want ErrRefused", tc.allow, tc.host, err)
		}
	}
	select {
	case <-accepted:
		t.Error("a refused dial reached the listener")
	default:
	}
}
