package server

import (
	"context"
	"fmt"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/ical"
)

// MailBase is where links in e-mails sent by background work point: the
// configured public address, or the address this server listens on.
func (s *Server) MailBase() string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	return "http://" + s.cfg.Addr
}

// mailCancellation tells the seat-holders who were e-mailed a meeting's
// invitation that it is cancelled, so their calendars drop it; feeds show
// it cancelled by themselves. A failure is logged: the cancellation stands.
func (s *Server) mailCancellation(ctx context.Context, a accord.Alliance, m accord.Meeting) {
	if s.cfg.Mailer == nil || m.PacketSentAt == nil {
		return
	}
	c, err := s.svc.CommitteeByKey(ctx, a.ID, m.CommitteeKey)
	if err != nil {
		s.log.Warn("cancellation not e-mailed", "meeting", m.ID, "err", err)
		return
	}
	base := s.MailBase()
	cal := ical.Calendar{Name: c.Name, Method: ical.MethodCancel, Events: []ical.Event{meetingEvent(base, a.Slug, c, m)}}
	var ics strings.Builder
	if err := cal.Encode(&ics); err != nil {
		s.log.Warn("cancellation not e-mailed", "meeting", m.ID, "err", err)
		return
	}
	for _, st := range servingSeats(c, m.StartsAt) {
		if st.HolderEmail == "" {
			continue
		}
		mail := accord.Mail{To: st.HolderEmail, Subject: "Cancelled: " + c.Name + ", " + m.StartsAt.Format("2 January 2006"),
			Text:        fmt.Sprintf("Hello %s,\n\nThe %s meeting of %s UTC is cancelled.\n", st.HolderName, c.Name, m.StartsAt.Format("Monday 2 January 2006 at 15:04")),
			Attachments: []accord.Attachment{{Name: "meeting.ics", ContentType: "text/calendar; method=CANCEL; charset=utf-8", Data: []byte(ics.String())}}}
		if err := s.cfg.Mailer.Send(context.WithoutCancel(ctx), mail); err != nil {
			s.log.Warn("cancellation not e-mailed", "meeting", m.ID, "to_seat", st.ID, "err", err)
		}
	}
}
