package server

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/pdfprint"
)

// packetView is the check-in packet: what attendees read before a meeting.
type packetView struct {
	Alliance   accord.Alliance
	Meeting    accord.Meeting
	Committee  accord.Committee
	Seats      []accord.Seat
	Agenda     []accord.AgendaItem
	Categories []category
	// Signals are the open problems; Improvements, good news, are listed
	// apart and not counted with them.
	Signals      []accord.Signal
	Improvements []accord.Signal
	Concerns     []accord.Concern
	Decisions    []accord.Motion
	Actions      []accord.ActionItem
	Since        time.Time
	Generated    time.Time
	Now          time.Time
	URL          string
	// Inline puts the style sheet into the document, for printing to PDF
	// and e-mail, where there is no server to fetch it from.
	Inline bool
	CSS    template.CSS
}

// buildPacket gathers a meeting's packet; its agenda, scorecard and
// signals show what sh (the reader's party) may see.
func (s *Server) buildPacket(ctx context.Context, a accord.Alliance, c accord.Committee, m accord.Meeting, base string, sh sharing) (packetView, error) {
	now := s.now().UTC()
	v := packetView{Alliance: a, Meeting: m, Committee: c, Seats: servingSeats(c, m.StartsAt), Generated: now, Now: now,
		URL: base + "/a/" + a.Slug + "/meetings/" + m.ID}
	in, err := s.agendaInput(ctx, a, c, m)
	if err != nil {
		return v, err
	}
	if err := s.applyAgenda(ctx, a, m, in); err != nil {
		return v, err
	}
	v.Since = in.Since
	var live []accord.Signal
	for _, g := range sh.keepSignals(in.Signals) {
		if g.Status == accord.SignalOpen || g.Status == accord.SignalAcknowledged {
			live = append(live, g)
		}
	}
	v.Signals, v.Improvements = splitImprovements(live)
	for _, cn := range in.Concerns {
		if cn.Status != accord.ConcernClosed {
			cn.ReporterID, cn.ReporterName = "", "" // the packet goes to every attendee
			v.Concerns = append(v.Concerns, cn)
		}
	}
	v.Actions = in.Actions
	if v.Agenda, err = s.svc.Agenda(ctx, m.ID); err != nil {
		return v, err
	}
	written := &in // the data a scheduled meeting's agenda was written from
	if m.Status != accord.MeetingScheduled {
		written = nil
	}
	if v.Agenda, err = s.agendaAs(ctx, a, v.Agenda, written, sh); err != nil {
		return v, err
	}
	decided, err := s.svc.ListMotions(ctx, accord.DecisionFilter{AllianceID: a.ID, Limit: 100}, "decided")
	if err != nil {
		return v, err
	}
	for _, d := range decided {
		if d.DecidedAt != nil && d.DecidedAt.After(in.Since) && d.DecidedAt.Before(m.StartsAt) {
			v.Decisions = append(v.Decisions, d)
		}
	}
	kpis, err := s.svc.ListKPIs(ctx, a.ID, accord.KPIFilter{Status: accord.KPIApproved})
	if err != nil {
		return v, err
	}
	v.Categories, err = s.buildTiles(ctx, a.ID, kpis, "", nil, sh)
	return v, err
}

// renderPacket writes the packet as a whole HTML document.
func (s *Server) renderPacket(v packetView) ([]byte, error) {
	if v.Inline {
		css, err := assets.ReadFile("static/packet.css")
		if err != nil {
			return nil, err
		}
		v.CSS = template.CSS(css)
	}
	var buf bytes.Buffer
	if err := s.pages.byName["packet"].ExecuteTemplate(&buf, "packet", v); err != nil {
		return nil, fmt.Errorf("render packet: %w", err)
	}
	return buf.Bytes(), nil
}

// packetFor loads the meeting of the request and its packet.
func (s *Server) packetFor(r *http.Request, inline bool) (packetView, []byte, error) {
	m, c, err := s.meetingAndCommittee(r)
	if err != nil {
		return packetView{}, nil, hideNotFound(err)
	}
	sh, err := s.sharingFor(r, nil)
	if err != nil {
		return packetView{}, nil, err
	}
	v, err := s.buildPacket(r.Context(), allianceOf(r).alliance, c, m, s.baseURL(r), sh)
	if err != nil {
		return v, nil, err
	}
	v.Inline = inline
	html, err := s.renderPacket(v)
	return v, html, err
}

// meetingPacket serves the packet as a page designed for print.
func (s *Server) meetingPacket(w http.ResponseWriter, r *http.Request) {
	_, html, err := s.packetFor(r, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(html)
}

// meetingPacketPDF prints the packet to PDF with headless Chromium.
func (s *Server) meetingPacketPDF(w http.ResponseWriter, r *http.Request) {
	printer := pdfprint.Printer{Path: s.cfg.Chromium}
	if _, ok := printer.Available(); !ok {
		s.fail(w, r, accord.Errorf(accord.EUNAVAILABLE, "PDF packets need Chromium on the server (Debian's chromium package, or --chromium); the printable page works without it"))
		return
	}
	v, html, err := s.packetFor(r, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pdf, err := printer.PDF(r.Context(), html, pdfprint.Options{})
	if err != nil {
		s.fail(w, r, fmt.Errorf("print packet: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+packetFilename(v.Meeting)+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(pdf)
}

func packetFilename(m accord.Meeting) string {
	return "packet-" + m.CommitteeKey + "-" + m.StartsAt.Format("2006-01-02")
}
