package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/ical"
	"github.com/accord-alliance/accord/internal/notify"
	"github.com/accord-alliance/accord/internal/notify/smtptest"
	"github.com/accord-alliance/accord/internal/pdfprint/pdftest"
	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

// TestPacketEmail: a meeting inside its committee's packet window gets its
// packet and calendar invitation e-mailed to every seat-holder, once.
func TestPacketEmail(t *testing.T) {
	sink := smtptest.New(t)
	a := newAppWith(t, store.SQLite, server.Config{Mailer: &notify.SMTP{Addr: sink.Addr(), From: "accord <accord@example.org>"}, BaseURL: "https://accord.example.org"})
	ctx := context.Background()
	al := mustAlliance(t, a)
	c, err := a.db.CommitteeByKey(ctx, al.ID, "steering")
	if err != nil {
		t.Fatal(err)
	}
	// The demo's next steering meeting is a week ahead, beyond its five
	// days; this one is two days ahead.
	m := accord.Meeting{CommitteeID: c.ID, StartsAt: time.Now().UTC().AddDate(0, 0, 2).Truncate(time.Hour), Location: "Board room"}
	if err := a.db.CreateMeeting(ctx, accord.SystemActor("test"), &m); err != nil {
		t.Fatal(err)
	}
	n, err := a.sendDuePackets(ctx)
	if err != nil || n != 1 {
		t.Fatalf("SendDuePackets = %d, %v; want the one meeting in its window", n, err)
	}
	msgs := sink.Messages()
	if len(msgs) != len(c.Seats) {
		t.Fatalf("sent %d e-mails, want one per seat-holder (%d)", len(msgs), len(c.Seats))
	}
	for _, msg := range msgs {
		for _, want := range []string{"Steering committee", "multipart/mixed", "application/pdf", `filename="meeting.ics"`, "text/calendar; method=REQUEST",
			"https://accord.example.org/a/north-valley/meetings/" + m.ID} {
			if !strings.Contains(msg.Data, want) {
				t.Errorf("the e-mail to %s lacks %q", msg.To, want)
			}
		}
	}
	parts := mimeParts(t, msgs[0].Data)
	cal, err := ical.Parse(bytes.NewReader(parts["meeting.ics"]))
	if err != nil || cal.Method != ical.MethodRequest || len(cal.Events) != 1 || cal.Events[0].UID != "meeting-"+m.ID+"@accord" || len(cal.Events[0].Attendees) != len(c.Seats) {
		t.Errorf("the attached invitation parses to %+v, %v", cal, err)
	}
	pdfName := "packet-steering-" + m.StartsAt.Format("2006-01-02") + ".pdf"
	if pages, title := pdftest.Info(t, parts[pdfName]); pages < 2 || !strings.Contains(title, "Steering committee") {
		t.Errorf("the attached packet %s: %d pages titled %q", pdfName, pages, title)
	}
	if n, err := a.sendDuePackets(ctx); err != nil || n != 0 {
		t.Errorf("SendDuePackets again = %d, %v; want nothing resent", n, err)
	}

	// Cancelled after the invitations went out: each seat-holder is told.
	tok := a.token(roleAccounts["admin"], "write")
	if r := a.api("POST", "/api/v1/alliances/north-valley/meetings/"+m.ID+"/cancel", tok, "", nil); r.StatusCode != 200 {
		t.Fatalf("cancel: status %d", r.StatusCode)
	}
	msgs = sink.Messages()[len(c.Seats):]
	if len(msgs) != len(c.Seats) {
		t.Fatalf("sent %d cancellations, want %d", len(msgs), len(c.Seats))
	}
	cancel, err := ical.Parse(bytes.NewReader(mimeParts(t, msgs[0].Data)["meeting.ics"]))
	if err != nil || cancel.Method != ical.MethodCancel || cancel.Events[0].Status != ical.StatusCancelled || cancel.Events[0].Sequence != 1 {
		t.Errorf("the cancellation parses to %+v, %v; want METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE:1", cancel, err)
	}
}

// mimeParts decodes the attachments of a multipart e-mail by file name.
func mimeParts(t *testing.T, data string) map[string][]byte {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	r := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if p.FileName() == "" {
			continue
		}
		b, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
		if err != nil {
			t.Fatalf("decode %s: %v", p.FileName(), err)
		}
		out[p.FileName()] = b
	}
}
