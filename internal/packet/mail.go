package packet

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/ical"
)

// JobKind is the kind of the scheduled job that e-mails the packets due.
const JobKind = "packets.send"

// Store is what mailing packets reads and writes.
type Store interface {
	PacketsDue(ctx context.Context, now time.Time) ([]accord.DuePacket, error)
	MarkPacketSent(ctx context.Context, meetingID string, at time.Time) error
	AllianceBySlug(ctx context.Context, slug string) (accord.Alliance, error)
	CommitteeByKey(ctx context.Context, allianceID, key string) (accord.Committee, error)
}

// Builder gathers a meeting's packet for the readers of one party: what
// the alliance's data-sharing rules let that party see. base is where the
// packet's links point.
type Builder interface {
	BuildPacket(ctx context.Context, a accord.Alliance, c accord.Committee, m accord.Meeting, base, partyID string) (View, error)
}

// Mailing e-mails packets as they fall due.
type Mailing struct {
	Store   Store
	Build   Builder
	Printer Printer       // nil: packets are e-mailed as HTML pages
	Mailer  accord.Mailer // nil: nothing is sent, nor marked sent
	Base    string        // where links in the e-mails point
	Now     func() time.Time
	Log     *slog.Logger
}

// Job is a handler of one job kind; Schedule a job queued every Every.
type Job struct {
	Kind   string
	Handle func(ctx context.Context, payload []byte) error
}

// Schedule is a job of kind Kind queued every Every under Name.
type Schedule struct {
	Name  string
	Every time.Duration
	Kind  string
}

// Jobs returns the mailing's handler by kind, for the job runner.
func (ml *Mailing) Jobs() []Job {
	return []Job{{Kind: JobKind, Handle: func(ctx context.Context, _ []byte) error {
		n, err := ml.SendDue(ctx)
		if n > 0 && ml.Log != nil {
			ml.Log.Info("check-in packets e-mailed", "meetings", n)
		}
		return err
	}}}
}

// Schedules returns when the packet job runs: every hour.
func Schedules() []Schedule {
	return []Schedule{{Name: "packets", Every: time.Hour, Kind: JobKind}}
}

// SendDue e-mails each meeting's packet to the committee's seat-holders
// once, as many days before the meeting as the committee says, with the
// meeting attached as a calendar invitation. The packet is a PDF when the
// printer can print, the printable HTML page otherwise; each party's copy
// shows what the alliance's data-sharing rules let that party see.
// Without a mailer nothing is sent (and nothing is marked sent). It
// returns how many meetings' packets went out.
func (ml *Mailing) SendDue(ctx context.Context) (int, error) {
	if ml.Mailer == nil {
		return 0, nil
	}
	due, err := ml.Store.PacketsDue(ctx, ml.Now().UTC())
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range due {
		if err := ml.send(ctx, d); err != nil {
			return sent, fmt.Errorf("packet of meeting %s: %w", d.Meeting.ID, err)
		}
		if err := ml.Store.MarkPacketSent(ctx, d.Meeting.ID, ml.Now().UTC()); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// send e-mails one meeting's packet, one rendering per party.
func (ml *Mailing) send(ctx context.Context, d accord.DuePacket) error {
	a, err := ml.Store.AllianceBySlug(ctx, d.AllianceSlug)
	if err != nil {
		return err
	}
	c, err := ml.Store.CommitteeByKey(ctx, a.ID, d.Meeting.CommitteeKey)
	if err != nil {
		return err
	}
	invite := ical.Calendar{Name: c.Name, Method: ical.MethodRequest, Events: []ical.Event{Event(ml.Base, a.Slug, c, d.Meeting)}}
	var ics strings.Builder
	if err := invite.Encode(&ics); err != nil {
		return err
	}
	byParty := map[string][]accord.Seat{}
	var order []string
	for _, st := range ServingSeats(c, d.Meeting.StartsAt) {
		if st.HolderEmail == "" {
			continue
		}
		if byParty[st.PartyID] == nil {
			order = append(order, st.PartyID)
		}
		byParty[st.PartyID] = append(byParty[st.PartyID], st)
	}
	for _, party := range order {
		v, err := ml.Build.BuildPacket(ctx, a, c, d.Meeting, ml.Base, party)
		if err != nil {
			return err
		}
		file, err := Attachment(ctx, ml.Printer, v)
		if err != nil {
			return err
		}
		for _, st := range byParty[party] {
			if err := ml.Mailer.Send(ctx, ml.mail(a, c, d.Meeting, st, file, ics.String())); err != nil {
				return err
			}
		}
	}
	return nil
}

// mail is the e-mail carrying the packet to one seat-holder.
func (ml *Mailing) mail(a accord.Alliance, c accord.Committee, m accord.Meeting, st accord.Seat, file accord.Attachment, ics string) accord.Mail {
	return accord.Mail{To: st.HolderEmail, Subject: fmt.Sprintf("%s, %s: agenda and packet", c.Name, m.StartsAt.Format("2 January 2006")),
		Text: fmt.Sprintf("Hello %s,\n\nThe %s meets on %s UTC%s.\n\nThe packet is attached: the agenda the data wrote, the scorecard, signals, concerns, decisions since the last meeting and open action items. The meeting is attached too, to add to your calendar.\n\nThe meeting page, always up to date:\n%s/a/%s/meetings/%s\n",
			st.HolderName, c.Name, m.StartsAt.Format("Monday 2 January 2006 at 15:04"), locationText(m.Location), ml.Base, a.Slug, m.ID),
		Attachments: []accord.Attachment{file, {Name: "meeting.ics", ContentType: "text/calendar; method=REQUEST; charset=utf-8", Data: []byte(ics)}}}
}

func locationText(l string) string {
	if l == "" {
		return ""
	}
	return ", " + l
}

// Event is a meeting as a calendar event, with the seat-holders of its
// committee as attendees; its links point to base.
func Event(base, slug string, c accord.Committee, m accord.Meeting) ical.Event {
	e := ical.Event{
		UID: "meeting-" + m.ID + "@accord", Sequence: m.Sequence, Start: m.StartsAt, End: m.Ends(),
		Summary: m.Title, Location: m.Location, URL: base + "/a/" + slug + "/meetings/" + m.ID,
		Description: c.Name + "\n\nAgenda, packet and minutes: " + base + "/a/" + slug + "/meetings/" + m.ID,
		Status:      ical.StatusConfirmed, Updated: m.CreatedAt,
	}
	if m.Status == accord.MeetingCancelled {
		e.Status = ical.StatusCancelled
	}
	for _, st := range ServingSeats(c, m.StartsAt) {
		p := ical.Person{Name: st.HolderName, Email: st.HolderEmail}
		if st.Chair {
			e.Organizer = p
		}
		e.Attendees = append(e.Attendees, p)
	}
	return e
}
