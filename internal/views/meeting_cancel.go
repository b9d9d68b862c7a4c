package views

import (
	"context"
	"fmt"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/ical"
)

// MailBase is where links in e-mails sent by background work point: the
// configured public address, or the address this server listens on.
func (s *Loader) MailBase() string {
	if s.Cfg.BaseURL != "" {
		return s.Cfg.BaseURL
	}
	return "http://" + s.Cfg.Addr
}

// MailCancellation tells the seat-holders who were e-mailed a meeting's
// invitation that it is cancelled, so their calendars drop it; feeds show
// it cancelled by themselves. A failure is logged: the cancellation stands.
func (s *Loader) MailCancellation(ctx context.Context, a accord.Alliance, m accord.Meeting) {
	if s.Cfg.Mailer == nil || m.PacketSentAt == nil {
		return
	}
	c, err := s.Svc.CommitteeByKey(ctx, a.ID, m.CommitteeKey)
	if err != nil {
		s.Log.Warn("cancellation not e-mailed", "meeting", m.ID, "err", err)
		return
	}
	base := s.MailBase()
	cal := ical.Calendar{Name: c.Name, Method: ical.MethodCancel, Events: []ical.Event{MeetingEvent(base, a.Slug, c, m)}}
	var ics strings.Builder
	if err := cal.Encode(&ics); err != nil {
		s.Log.Warn("cancellation not e-mailed", "meeting", m.ID, "err", err)
		return
	}
	for _, st := range ServingSeats(c, m.StartsAt) {
		if st.HolderEmail == "" {
			continue
		}
		mail := accord.Mail{To: st.HolderEmail, Subject: "Cancelled: " + c.Name + ", " + m.StartsAt.Format("2 January 2006"),
			Text:        fmt.Sprintf("Hello %s,\n\nThe %s meeting of %s UTC is cancelled.\n", st.HolderName, c.Name, m.StartsAt.Format("Monday 2 January 2006 at 15:04")),
			Attachments: []accord.Attachment{{Name: "meeting.ics", ContentType: "text/calendar; method=CANCEL; charset=utf-8", Data: []byte(ics.String())}}}
		if err := s.Cfg.Mailer.Send(context.WithoutCancel(ctx), mail); err != nil {
			s.Log.Warn("cancellation not e-mailed", "meeting", m.ID, "to_seat", st.ID, "err", err)
		}
	}
}
