package views

import (
	"context"
	"net/http"
	"slices"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/packet"
)

// buildPacket reads what a meeting's packet is made from, as sh (the
// reader's party) may see the agenda, the scorecard and the signals, and
// has internal/packet make it.
func (s *Loader) buildPacket(ctx context.Context, a accord.Alliance, c accord.Committee, m accord.Meeting, base string, sh Sharing) (packet.View, error) {
	in, err := s.AgendaInput(ctx, a, c, m)
	if err != nil {
		return packet.View{}, err
	}
	if err := s.applyAgenda(ctx, a, m, in); err != nil {
		return packet.View{}, err
	}
	p := packet.Input{Alliance: a, Committee: c, Meeting: m, Base: base, Since: in.Since, Now: s.Now().UTC(),
		Signals: apartFromSections(sh.keepSignals(in.Signals)), Concerns: in.Concerns, Actions: in.Actions}
	if p.Agenda, err = s.Svc.Agenda(ctx, m.ID); err != nil {
		return packet.View{}, err
	}
	written := &in // the data a scheduled meeting's agenda was written from
	if m.Status != accord.MeetingScheduled {
		written = nil
	}
	if p.Agenda, err = s.AgendaAs(ctx, a, p.Agenda, written, sh); err != nil {
		return packet.View{}, err
	}
	if p.Decided, err = s.Svc.ListMotions(ctx, accord.DecisionFilter{AllianceID: a.ID, Limit: 100}, "decided"); err != nil {
		return packet.View{}, err
	}
	kpis, err := s.Svc.ListKPIs(ctx, a.ID, accord.KPIFilter{Status: accord.KPIApproved})
	if err != nil {
		return packet.View{}, err
	}
	cats, err := s.BuildTiles(ctx, a.ID, kpis, "", nil, sh)
	if err != nil {
		return packet.View{}, err
	}
	p.Categories = packetCategories(cats)
	brief, err := s.BuildPortfolioBrief(ctx, a, in.Since, m.StartsAt, sh)
	if err != nil {
		return packet.View{}, err
	}
	p.Portfolio = packetPortfolio(brief)
	if p.Health, err = s.packetHealth(ctx, a); err != nil {
		return packet.View{}, err
	}
	return packet.Build(p), nil
}

// packetCategories keeps what the packet shows of the scorecard's tiles.
func packetCategories(cats []Category) []packet.Category {
	out := make([]packet.Category, 0, len(cats))
	for _, c := range cats {
		pc := packet.Category{Label: c.Label, Tiles: make([]packet.Tile, 0, len(c.Tiles))}
		for _, t := range c.Tiles {
			pc.Tiles = append(pc.Tiles, packet.Tile{KPI: t.KPI, Value: t.Value, Period: t.Period, Target: t.Target,
				Status: t.Status, Spark: t.Spark, Late: t.Late, NoValue: t.NoValue, Provisional: t.Provisional})
		}
		out = append(out, pc)
	}
	return out
}

// BuildPacket gathers a meeting's packet for the readers of one party, as
// the alliance's data-sharing rules let that party see it: the packet job
// (internal/packet) mails each party its own.
func (s *Loader) BuildPacket(ctx context.Context, a accord.Alliance, c accord.Committee, m accord.Meeting, base, partyID string) (packet.View, error) {
	kpis, err := s.Svc.ListKPIs(ctx, a.ID, accord.KPIFilter{})
	if err != nil {
		return packet.View{}, err
	}
	protocols, err := s.Svc.ListProtocols(ctx, a.ID)
	if err != nil {
		return packet.View{}, err
	}
	return s.buildPacket(ctx, a, c, m, base, newSharing(a.SharingByProtocol, partyID, protocols, kpis))
}

// packetFor loads the meeting of the request and its packet, as the
// viewer's party may see it.
func (s *Loader) packetFor(r *http.Request) (packet.View, error) {
	m, c, err := s.MeetingAndCommittee(r)
	if err != nil {
		return packet.View{}, edge.HideNotFound(err)
	}
	sh, err := s.SharingFor(r, nil)
	if err != nil {
		return packet.View{}, err
	}
	return s.buildPacket(r.Context(), edge.AllianceOf(r).Alliance, c, m, s.BaseURL(r), sh)
}

// MeetingPacket serves the packet as a page designed for print.
func (s *Loader) MeetingPacket(w http.ResponseWriter, r *http.Request) error {
	v, err := s.packetFor(r)
	if err != nil {
		return err
	}
	html, err := packet.Render(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(html)
	return nil
}

// MeetingPacketPDF prints the packet to PDF with the configured printer.
func (s *Loader) MeetingPacketPDF(w http.ResponseWriter, r *http.Request) error {
	if s.Cfg.Printer == nil {
		return packet.ErrNoPrinter
	}
	if _, ok := s.Cfg.Printer.Available(); !ok {
		return packet.ErrNoPrinter
	}
	v, err := s.packetFor(r)
	if err != nil {
		return err
	}
	pdf, err := packet.PDF(r.Context(), s.Cfg.Printer, v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+packet.Filename(v.Meeting)+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(pdf)
	return nil
}

// apartFromSections leaves out of the packet's list of signals those its
// own sections read, so that none is printed twice: the initiatives'
// signals (its Portfolio section: "what is at risk", "what needs a gate")
// and the survey's (its Partnership health page lists the round's).
func apartFromSections(ss []accord.Signal) []accord.Signal {
	kinds := append(accord.InitiativeSignalKinds(), accord.SignalSurvey)
	return slices.DeleteFunc(slices.Clone(ss), func(sg accord.Signal) bool { return slices.Contains(kinds, sg.Kind) })
}
