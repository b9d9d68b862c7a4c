package notify

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/notify/smtptest"
)

func TestSMTPSend(t *testing.T) {
	sink := smtptest.New(t)
	m := &SMTP{Addr: sink.Addr(), From: "accord <accord@example.org>"}
	err := m.Send(context.Background(), accord.Mail{To: "dana@plan.example", Subject: "Join the North Valley Care Alliance\r\nBcc: evil@x.example", Text: "Hello Dana,\n.\nA line with a dot."})
	if err != nil {
		t.Fatal(err)
	}
	msgs := sink.Messages()
	if len(msgs) != 1 || !strings.Contains(msgs[0].To, "dana@plan.example") {
		t.Fatalf("got %+v", msgs)
	}
	msg := msgs[0].Data
	if strings.Contains(msg, "\r\nBcc:") {
		t.Error("a line break in the subject injected a header")
	}
	if !strings.Contains(msg, "Subject: Join the North Valley Care Alliance Bcc: evil@x.example") {
		t.Errorf("subject not folded into one line: %q", msg)
	}
	if !strings.Contains(msg, "\r\n..\r\n") {
		t.Errorf("a line holding a single dot was not dot-stuffed: %q", msg)
	}
}

func TestSMTPErrors(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	tests := []struct {
		name string
		m    SMTP
		to   string
	}{
		{"server down", SMTP{Addr: addr, From: "a@x.example"}, "b@x.example"},
		{"bad from", SMTP{Addr: addr, From: "not an address"}, "b@x.example"},
		{"bad to", SMTP{Addr: addr, From: "a@x.example"}, "nope"},
	}
	for _, tt := range tests {
		if err := tt.m.Send(context.Background(), accord.Mail{To: tt.to, Subject: "s", Text: "t"}); err == nil {
			t.Errorf("%s: got no error", tt.name)
		}
	}
}
