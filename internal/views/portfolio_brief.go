package views

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/packet"
)

// BriefLine is one line of the portfolio's brief, with the page it
// links to.
type BriefLine struct {
	Text string `json:"text"`
	Link string `json:"link"`
}

// PortfolioBrief is the portfolio in three short lists, for the overview
// and the check-in packet: the gates decided since a moment (what moved),
// the initiatives' open signals other than gates (what is at risk), and
// the gates waiting and proposals not yet adopted (what needs a gate).
type PortfolioBrief struct {
	Initiatives             int
	Moved, AtRisk, NeedGate []BriefLine
	// Link is the portfolio page.
	Link string
}

// Empty reports whether the alliance has no initiative.
func (b PortfolioBrief) Empty() bool { return b.Initiatives == 0 }

// gateVerbs say what a gate decision did to its phase.
var gateVerbs = map[string]string{accord.GateAdvance: "started", accord.GateScale: "scaled", accord.GateExtend: "extended",
	accord.GatePause: "paused", accord.GateStop: "stopped"}

// BuildPortfolioBrief reads the alliance's portfolio and its initiatives'
// open signals, as the reader of sh may see them, into a brief: gates
// decided after since and up to now. A condition milestone's signal
// follows its KPI's data-sharing rules: that it is missed or at risk is
// what the KPI's figures say.
func (s *Loader) BuildPortfolioBrief(ctx context.Context, a accord.Alliance, since, now time.Time, sh Sharing) (PortfolioBrief, error) {
	base := "/a/" + a.Slug + "/"
	pf, err := s.Svc.Portfolio(ctx, a.ID)
	if err != nil || len(pf.Initiatives) == 0 {
		return PortfolioBrief{}, err
	}
	b := PortfolioBrief{Initiatives: len(pf.Initiatives), Link: base + "portfolio"}
	names, phases := map[string]string{}, map[string]accord.Phase{}
	for _, in := range pf.Initiatives {
		names[in.ID] = in.Name
	}
	for _, p := range pf.Phases {
		phases[p.ID] = p
	}
	for _, g := range pf.Gates {
		if !g.DecidedAt.After(since) || g.DecidedAt.After(now) {
			continue
		}
		p := phases[g.PhaseID]
		text := fmt.Sprintf("%s, %s: %s by motion %d on %s", names[p.InitiativeID], p.Name, gateVerbs[g.Kind], g.MotionNumber, g.DecidedAt.Format("2 Jan 2006"))
		if g.NewEndsOn != nil {
			text += ", now to " + g.NewEndsOn.Format("2 Jan 2006")
		}
		if g.OverrideReason != "" {
			text += " (with an override)"
		}
		b.Moved = append(b.Moved, BriefLine{Text: text, Link: base + "initiatives/" + p.InitiativeID})
	}
	if err := s.briefSignals(ctx, a, sh, &b); err != nil {
		return b, err
	}
	for _, in := range pf.Initiatives {
		if in.Status == accord.InitiativeProposed {
			b.NeedGate = append(b.NeedGate, BriefLine{Text: in.Name + ": proposed on " + in.CreatedAt.Format("2 Jan 2006") + ", waiting for the motion that adopts it",
				Link: base + "initiatives/" + in.ID})
		}
	}
	return b, nil
}

// briefSignals sorts the initiatives' live signals the reader of sh may
// see into what is at risk and what needs a gate, most severe first.
func (s *Loader) briefSignals(ctx context.Context, a accord.Alliance, sh Sharing, b *PortfolioBrief) error {
	gs, err := s.Svc.ListSignals(ctx, accord.SignalFilter{AllianceID: a.ID, Limit: 1000})
	if err != nil {
		return err
	}
	gs = slices.DeleteFunc(sh.keepSignals(gs), func(g accord.Signal) bool {
		return g.Closed() || !g.Live || !slices.Contains(accord.InitiativeSignalKinds(), g.Kind)
	})
	rank := map[accord.Severity]int{accord.SeverityCritical: 0, accord.SeverityWarning: 1, accord.SeverityInfo: 2}
	slices.SortStableFunc(gs, func(x, y accord.Signal) int { return rank[x.Severity] - rank[y.Severity] })
	for _, g := range WithLinks(a.Slug, gs...) {
		line := BriefLine{Text: g.Subject, Link: g.Link}
		if g.Kind == accord.SignalGateWaiting {
			b.NeedGate = append(b.NeedGate, line)
		} else {
			b.AtRisk = append(b.AtRisk, line)
		}
	}
	return nil
}

// packetPortfolio keeps the brief's words for the packet.
func packetPortfolio(b PortfolioBrief) packet.Portfolio {
	texts := func(ls []BriefLine) []string {
		out := make([]string, len(ls))
		for i, l := range ls {
			out[i] = strings.TrimSpace(l.Text)
		}
		return out
	}
	return packet.Portfolio{Initiatives: b.Initiatives, Moved: texts(b.Moved), AtRisk: texts(b.AtRisk), NeedGate: texts(b.NeedGate)}
}
