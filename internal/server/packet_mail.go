package server

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/ical"
	"github.com/accord-alliance/accord/internal/pdfprint"
)

// SendDuePackets e-mails each meeting's packet to the committee's
// seat-holders once, as many days before the meeting as the committee
// says, with the meeting attached as a calendar invitation. The packet is
// a PDF when Chromium is installed, the printable HTML page otherwise;
// each party's copy shows what the alliance's data-sharing rules let that
// party see. Without a mailer nothing is sent (and nothing is marked
// sent). It returns how many meetings' packets went out.
func (s *Server) SendDuePackets(ctx context.Context) (int, error) {
	if s.cfg.Mailer == nil {
		return 0, nil
	}
	due, err := s.svc.PacketsDue(ctx, s.now().UTC())
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range due {
		if err := s.sendPacket(ctx, d); err != nil {
			return sent, fmt.Errorf("packet of meeting %s: %w", d.Meeting.ID, err)
		}
		if err := s.svc.MarkPacketSent(ctx, d.Meeting.ID, s.now().UTC()); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// sendPacket e-mails one meeting's packet, one rendering per party.
func (s *Server) sendPacket(ctx context.Context, d accord.DuePacket) error {
	a, err := s.svc.AllianceBySlug(ctx, d.AllianceSlug)
	if err != nil {
		return err
	}
	c, err := s.svc.CommitteeByKey(ctx, a.ID, d.Meeting.CommitteeKey)
	if err != nil {
		return err
	}
	base := s.mailBase()
	kpis, err := s.svc.ListKPIs(ctx, a.ID, accord.KPIFilter{})
	if err != nil {
		return err
	}
	protocols, err := s.svc.ListProtocols(ctx, a.ID)
	if err != nil {
		return err
	}
	invite := ical.Calendar{Name: c.Name, Method: ical.MethodRequest, Events: []ical.Event{meetingEvent(base, a.Slug, c, d.Meeting)}}
	var ics strings.Builder
	if err := invite.Encode(&ics); err != nil {
		return err
	}
	byParty := map[string][]accord.Seat{}
	var order []string
	for _, st := range servingSeats(c, d.Meeting.StartsAt) {
		if st.HolderEmail == "" {
			continue
		}
		if byParty[st.PartyID] == nil {
			order = append(order, st.PartyID)
		}
		byParty[st.PartyID] = append(byParty[st.PartyID], st)
	}
	for _, party := range order {
		file, err := s.packetFile(ctx, a, c, d.Meeting, base, newSharing(a.SharingByProtocol, party, protocols, kpis))
		if err != nil {
			return err
		}
		for _, st := range byParty[party] {
			m := accord.Mail{To: st.HolderEmail, Subject: fmt.Sprintf("%s, %s: agenda and packet", c.Name, d.Meeting.StartsAt.Format("2 January 2006")),
				Text: fmt.Sprintf("Hello %s,\n\nThe %s meets on %s UTC%s.\n\nThe packet is attached: the agenda the data wrote, the scorecard, signals, concerns, decisions since the last meeting and open action items. The meeting is attached too, to add to your calendar.\n\nThe meeting page, always up to date:\n%s/a/%s/meetings/%s\n",
					st.HolderName, c.Name, d.Meeting.StartsAt.Format("Monday 2 January 2006 at 15:04"), locationText(d.Meeting.Location), base, a.Slug, d.Meeting.ID),
				Attachments: []accord.Attachment{file, {Name: "meeting.ics", ContentType: "text/calendar; method=REQUEST; charset=utf-8", Data: []byte(ics.String())}}}
			if err := s.cfg.Mailer.Send(ctx, m); err != nil {
				return err
			}
		}
	}
	return nil
}

// mailBase is where links in e-mails sent by background work point: the
// configured public address, or the address this server listens on.
func (s *Server) mailBase() string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	return "http://" + s.cfg.Addr
}

func locationText(l string) string {
	if l == "" {
		return ""
	}
	return ", " + l
}

// packetFile renders the packet for one party's readers: a PDF when
// Chromium is there, the self-contained HTML page otherwise.
func (s *Server) packetFile(ctx context.Context, a accord.Alliance, c accord.Committee, m accord.Meeting, base string, sh sharing) (accord.Attachment, error) {
	v, err := s.buildPacket(ctx, a, c, m, base, sh)
	if err != nil {
		return accord.Attachment{}, err
	}
	v.Inline = true
	html, err := s.renderPacket(v)
	if err != nil {
		return accord.Attachment{}, err
	}
	name := packetFilename(m)
	pdf, err := pdfprint.Printer{Path: s.cfg.Chromium}.PDF(ctx, html, pdfprint.Options{})
	switch {
	case err == nil:
		return accord.Attachment{Name: name + ".pdf", ContentType: "application/pdf", Data: pdf}, nil
	case errors.Is(err, pdfprint.ErrNoChromium):
		return accord.Attachment{Name: name + ".html", ContentType: "text/html; charset=utf-8", Data: html}, nil
	}
	return accord.Attachment{}, err
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
	base := s.mailBase()
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
