package packet_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/ical"
	"github.com/accord-alliance/accord/internal/packet"
)

// dueStore holds one due meeting in memory. (The mailing over a real
// database is internal/server's TestPacketEmail and
// TestAgendaAndPacketShareByProtocol.)
type dueStore struct {
	due  []accord.DuePacket
	c    accord.Committee
	sent map[string]time.Time
}

func (s *dueStore) PacketsDue(context.Context, time.Time) ([]accord.DuePacket, error) {
	var out []accord.DuePacket
	for _, d := range s.due {
		if _, ok := s.sent[d.Meeting.ID]; !ok {
			out = append(out, d)
		}
	}
	return out, nil
}

func (s *dueStore) MarkPacketSent(_ context.Context, id string, at time.Time) error {
	s.sent[id] = at
	return nil
}

func (s *dueStore) AllianceBySlug(_ context.Context, slug string) (accord.Alliance, error) {
	return accord.Alliance{ID: "a1", Slug: slug, Name: "North Valley"}, nil
}

func (s *dueStore) CommitteeByKey(context.Context, string, string) (accord.Committee, error) {
	return s.c, nil
}

// byParty builds each party's packet with the party's name in it, and
// counts how often it is asked.
type byParty struct{ asked []string }

func (b *byParty) BuildPacket(_ context.Context, a accord.Alliance, c accord.Committee, m accord.Meeting, base, party string) (packet.View, error) {
	b.asked = append(b.asked, party)
	v := sampleView()
	v.Alliance, v.Committee, v.Meeting, v.URL = a, c, m, base+"/a/"+a.Slug+"/meetings/"+m.ID
	v.Agenda = []accord.AgendaItem{{Title: "Read by " + party}}
	return v, nil
}

type outbox struct{ sent []accord.Mail }

func (o *outbox) Send(_ context.Context, m accord.Mail) error {
	o.sent = append(o.sent, m)
	return nil
}

// TestSendDue: each due meeting's packet goes once to every seat-holder
// with an address, built once per party for that party's eyes, with the
// meeting as a calendar invitation; without a mailer nothing is sent or
// marked sent.
func TestSendDue(t *testing.T) {
	ctx := context.Background()
	term, ended := starts.AddDate(-1, 0, 0), starts.AddDate(0, -1, 0)
	c := accord.Committee{ID: "c1", Key: "steering", Name: "Steering committee", Seats: []accord.Seat{
		{PartyID: "plan", MemberID: "u1", HolderName: "Ada", HolderEmail: "ada@plan.example", TermStart: term, Chair: true},
		{PartyID: "plan", MemberID: "u2", HolderName: "Ben", HolderEmail: "ben@plan.example", TermStart: term},
		{PartyID: "clinic", MemberID: "u3", HolderName: "Cy", HolderEmail: "cy@clinic.example", TermStart: term},
		{PartyID: "clinic", MemberID: "u4", HolderName: "Past", HolderEmail: "past@clinic.example", TermStart: term, TermEnd: &ended},
		{PartyID: "vendor", MemberID: "", HolderName: "Empty seat"},
	}}
	m := accord.Meeting{ID: "m1", CommitteeKey: "steering", StartsAt: starts, Minutes: 60, Location: "Board room", CreatedAt: term}
	st := &dueStore{due: []accord.DuePacket{{Meeting: m, AllianceSlug: "north-valley"}}, c: c, sent: map[string]time.Time{}}
	b := &byParty{}
	now := func() time.Time { return starts.AddDate(0, 0, -2) }

	quiet := &packet.Mailing{Store: st, Build: b, Now: now}
	if n, err := quiet.SendDue(ctx); n != 0 || err != nil || len(st.sent) != 0 {
		t.Fatalf("without a mailer: sent %d, %v, marked %v; want nothing", n, err, st.sent)
	}

	box := &outbox{}
	ml := &packet.Mailing{Store: st, Build: b, Mailer: box, Base: "https://accord.example.org", Now: now}
	if n, err := ml.SendDue(ctx); n != 1 || err != nil {
		t.Fatalf("SendDue = %d, %v; want the one meeting", n, err)
	}
	if got := strings.Join(b.asked, ","); got != "plan,clinic" {
		t.Errorf("packets built for %s, want plan,clinic (once per party with a seat on the day)", got)
	}
	if len(box.sent) != 3 {
		t.Fatalf("sent %d e-mails, want 3 (one per seat-holder serving on the day)", len(box.sent))
	}
	for i, want := range []struct{ to, party string }{{"ada@plan.example", "plan"}, {"ben@plan.example", "plan"}, {"cy@clinic.example", "clinic"}} {
		mail := box.sent[i]
		if mail.To != want.to || mail.Subject != "Steering committee, 10 December 2026: agenda and packet" {
			t.Errorf("e-mail %d: to %s, subject %q", i, mail.To, mail.Subject)
		}
		if !strings.Contains(mail.Text, "Thursday 10 December 2026 at 14:00 UTC, Board room") || !strings.Contains(mail.Text, "https://accord.example.org/a/north-valley/meetings/m1") {
			t.Errorf("e-mail to %s says %q", mail.To, mail.Text)
		}
		if len(mail.Attachments) != 2 || mail.Attachments[0].Name != "packet-steering-2026-12-10.html" || !strings.Contains(string(mail.Attachments[0].Data), "Read by "+want.party) {
			t.Errorf("e-mail to %s: the packet attached is not its party's", mail.To)
			continue
		}
		cal, err := ical.Parse(bytes.NewReader(mail.Attachments[1].Data))
		if err != nil || cal.Method != ical.MethodRequest || len(cal.Events) != 1 || cal.Events[0].UID != "meeting-m1@accord" || len(cal.Events[0].Attendees) != 3 || cal.Events[0].Organizer.Name != "Ada" {
			t.Errorf("the invitation to %s parses to %+v, %v", mail.To, cal, err)
		}
	}
	if at, ok := st.sent["m1"]; !ok || !at.Equal(now()) {
		t.Errorf("marked sent %v, %v; want at %v", at, ok, now())
	}
	if n, err := ml.SendDue(ctx); n != 0 || err != nil || len(box.sent) != 3 {
		t.Errorf("SendDue again = %d, %v (%d e-mails); want nothing resent", n, err, len(box.sent))
	}
}

// TestJobs: the mailing's handler runs under its kind, hourly.
func TestJobs(t *testing.T) {
	jobs := (&packet.Mailing{}).Jobs()
	if len(jobs) != 1 || jobs[0].Kind != packet.JobKind || jobs[0].Handle(context.Background(), nil) != nil {
		t.Errorf("Jobs() = %+v; want one handler of %s", jobs, packet.JobKind)
	}
	if s := packet.Schedules(); len(s) != 1 || s[0].Kind != packet.JobKind || s[0].Every != time.Hour {
		t.Errorf("Schedules() = %+v; want %s hourly", s, packet.JobKind)
	}
}
