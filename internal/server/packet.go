package server

import (
	"context"
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/packet"
)

// buildPacket reads what a meeting's packet is made from, as sh (the
// reader's party) may see the agenda, the scorecard and the signals, and
// has internal/packet make it.
func (s *Server) buildPacket(ctx context.Context, a accord.Alliance, c accord.Committee, m accord.Meeting, base string, sh sharing) (packet.View, error) {
	in, err := s.agendaInput(ctx, a, c, m)
	if err != nil {
		return packet.View{}, err
	}
	if err := s.applyAgenda(ctx, a, m, in); err != nil {
		return packet.View{}, err
	}
	p := packet.Input{Alliance: a, Committee: c, Meeting: m, Base: base, Since: in.Since, Now: s.now().UTC(),
		Signals: sh.keepSignals(in.Signals), Concerns: in.Concerns, Actions: in.Actions}
	if p.Agenda, err = s.svc.Agenda(ctx, m.ID); err != nil {
		return packet.View{}, err
	}
	written := &in // the data a scheduled meeting's agenda was written from
	if m.Status != accord.MeetingScheduled {
		written = nil
	}
	if p.Agenda, err = s.agendaAs(ctx, a, p.Agenda, written, sh); err != nil {
		return packet.View{}, err
	}
	if p.Decided, err = s.svc.ListMotions(ctx, accord.DecisionFilter{AllianceID: a.ID, Limit: 100}, "decided"); err != nil {
		return packet.View{}, err
	}
	kpis, err := s.svc.ListKPIs(ctx, a.ID, accord.KPIFilter{Status: accord.KPIApproved})
	if err != nil {
		return packet.View{}, err
	}
	cats, err := s.buildTiles(ctx, a.ID, kpis, "", nil, sh)
	if err != nil {
		return packet.View{}, err
	}
	p.Categories = packetCategories(cats)
	return packet.Build(p), nil
}

// packetCategories keeps what the packet shows of the scorecard's tiles.
func packetCategories(cats []category) []packet.Category {
	out := make([]packet.Category, 0, len(cats))
	for _, c := range cats {
		pc := packet.Category{Label: c.Label, Tiles: make([]packet.Tile, 0, len(c.Tiles))}
		for _, t := range c.Tiles {
			pc.Tiles = append(pc.Tiles, packet.Tile{KPI: t.KPI, Value: t.Value, Period: t.Period, Target: t.Target,
				Status: t.Status, Spark: t.Spark, Late: t.Late, NoValue: t.NoValue})
		}
		out = append(out, pc)
	}
	return out
}

// BuildPacket gathers a meeting's packet for the readers of one party, as
// the alliance's data-sharing rules let that party see it: the packet job
// (internal/packet) mails each party its own.
func (s *Server) BuildPacket(ctx context.Context, a accord.Alliance, c accord.Committee, m accord.Meeting, base, partyID string) (packet.View, error) {
	kpis, err := s.svc.ListKPIs(ctx, a.ID, accord.KPIFilter{})
	if err != nil {
		return packet.View{}, err
	}
	protocols, err := s.svc.ListProtocols(ctx, a.ID)
	if err != nil {
		return packet.View{}, err
	}
	return s.buildPacket(ctx, a, c, m, base, newSharing(a.SharingByProtocol, partyID, protocols, kpis))
}

// packetFor loads the meeting of the request and its packet, as the
// viewer's party may see it.
func (s *Server) packetFor(r *http.Request) (packet.View, error) {
	m, c, err := s.meetingAndCommittee(r)
	if err != nil {
		return packet.View{}, hideNotFound(err)
	}
	sh, err := s.sharingFor(r, nil)
	if err != nil {
		return packet.View{}, err
	}
	return s.buildPacket(r.Context(), allianceOf(r).alliance, c, m, s.baseURL(r), sh)
}

// meetingPacket serves the packet as a page designed for print.
func (s *Server) meetingPacket(w http.ResponseWriter, r *http.Request) {
	v, err := s.packetFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	html, err := packet.Render(v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(html)
}

// meetingPacketPDF prints the packet to PDF with the configured printer.
func (s *Server) meetingPacketPDF(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Printer == nil {
		s.fail(w, r, packet.ErrNoPrinter)
		return
	}
	if _, ok := s.cfg.Printer.Available(); !ok {
		s.fail(w, r, packet.ErrNoPrinter)
		return
	}
	v, err := s.packetFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pdf, err := packet.PDF(r.Context(), s.cfg.Printer, v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+packet.Filename(v.Meeting)+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(pdf)
}
