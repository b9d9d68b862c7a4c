package views

import (
	"math"
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/initiative"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/scorecard"
)

// InitiativeDetail is everything about one initiative: its sponsors,
// sites and KPIs, and its phases in order with their milestones' computed
// states, readiness, gate decisions and capacity check.
type InitiativeDetail struct {
	Initiative accord.Initiative `json:"initiative"`
	Sponsors   []accord.Party    `json:"sponsors"`
	Sites      []accord.Site     `json:"sites"`
	KPIs       []InitiativeKPI   `json:"kpis"`
	Phases     []PhaseDetail     `json:"phases"`
	// Next is the index in Phases of the phase a gate would start next
	// (the first planned or paused one), or -1.
	Next int `json:"-"`
}

// InitiativeKPI is a KPI the initiative means to move, with its name.
type InitiativeKPI struct {
	accord.InitiativeKPI
	Key  string `json:"key"`
	Name string `json:"name"`
}

// PhaseDetail is one phase with what the gate is decided on.
type PhaseDetail struct {
	Phase      accord.Phase                 `json:"phase"`
	Sites      []PhaseSiteDemand            `json:"sites"`
	Milestones []MilestoneState             `json:"milestones"`
	Readiness  []accord.ReadinessAssessment `json:"readiness"`
	Gates      []accord.GateDecision        `json:"gate_decisions"`
	// Gate is the readiness gate for starting the phase (advance), given
	// for phases not started or paused; nil otherwise.
	Gate *GateCheck `json:"gate,omitempty"`
}

// PhaseSiteDemand is a site in a phase's scope with its name and the
// weekly hours the phase asks of it.
type PhaseSiteDemand struct {
	accord.PhaseSite
	Name       string         `json:"name"`
	StaffTotal number.Decimal `json:"staff_hours_total"`
}

// MilestoneState is a milestone with its state computed from the data
// and the date, never typed, and the reason in one sentence.
type MilestoneState struct {
	accord.Milestone
	State  initiative.State `json:"state"`
	Reason string           `json:"reason"`
}

// InitiativeDetail reads one initiative of the board, computing its
// milestones' states from the scorecard as the viewer may see it.
func (s *Loader) InitiativeDetail(r *http.Request, b *InitiativeBoard, id string) (InitiativeDetail, error) {
	in, err := b.Initiative(id)
	if err != nil {
		return InitiativeDetail{}, err
	}
	d := InitiativeDetail{Initiative: in, Sponsors: []accord.Party{}, Sites: []accord.Site{}, KPIs: []InitiativeKPI{}, Phases: []PhaseDetail{}, Next: -1}
	for _, pid := range in.SponsorIDs {
		if p, ok := b.Party(pid); ok {
			d.Sponsors = append(d.Sponsors, p)
		}
	}
	for _, sid := range in.SiteIDs {
		if st, ok := b.Site(sid); ok {
			d.Sites = append(d.Sites, st)
		}
	}
	for _, k := range in.KPIs {
		kpi, _ := b.KPI(k.KPIID)
		d.KPIs = append(d.KPIs, InitiativeKPI{InitiativeKPI: k, Key: kpi.Key, Name: kpi.Name})
	}
	sh, err := s.SharingFor(r, b.KPIs)
	if err != nil {
		return d, err
	}
	ms := &milestoneReader{s: s, r: r, b: b, sh: sh, obs: map[string][]accord.Observation{}}
	for _, p := range b.PhasesOf(in.ID) {
		pd, err := s.phaseDetail(b, ms, in, p)
		if err != nil {
			return d, err
		}
		if d.Next < 0 && !in.Closed() && (p.Status == accord.PhasePlanned || p.Status == accord.PhasePaused) {
			d.Next = len(d.Phases)
		}
		d.Phases = append(d.Phases, pd)
	}
	return d, nil
}

func (s *Loader) phaseDetail(b *InitiativeBoard, ms *milestoneReader, in accord.Initiative, p accord.Phase) (PhaseDetail, error) {
	pd := PhaseDetail{Phase: p, Sites: []PhaseSiteDemand{}, Milestones: []MilestoneState{}, Readiness: []accord.ReadinessAssessment{}, Gates: []accord.GateDecision{}}
	for _, ps := range p.Sites {
		st, _ := b.Site(ps.SiteID)
		pd.Sites = append(pd.Sites, PhaseSiteDemand{PhaseSite: ps, Name: st.Name, StaffTotal: ps.StaffHours()})
	}
	for _, m := range b.Portfolio.Milestones {
		if m.PhaseID == p.ID {
			st, err := ms.state(m, p)
			if err != nil {
				return pd, err
			}
			pd.Milestones = append(pd.Milestones, st)
		}
	}
	for _, a := range b.Portfolio.Readiness {
		if a.PhaseID == p.ID {
			pd.Readiness = append(pd.Readiness, a)
		}
	}
	for _, g := range b.Portfolio.Gates {
		if g.PhaseID == p.ID {
			pd.Gates = append(pd.Gates, g)
		}
	}
	if !in.Closed() && (p.Status == accord.PhasePlanned || p.Status == accord.PhasePaused) {
		g, err := b.CheckGate(p, string(initiative.Advance), nil, "", "")
		if err != nil {
			return pd, err
		}
		pd.Gate = &g
	}
	return pd, nil
}

// milestoneReader computes milestones' states, reading each KPI's
// observations once.
type milestoneReader struct {
	s   *Loader
	r   *http.Request
	b   *InitiativeBoard
	sh  Sharing
	obs map[string][]accord.Observation
}

func (mr *milestoneReader) state(m accord.Milestone, p accord.Phase) (MilestoneState, error) {
	out := MilestoneState{Milestone: m}
	var ev initiative.Evaluation
	var err error
	if m.Kind == accord.MilestoneDeliverable {
		d := initiative.Deliverable{Name: m.Title, Due: *m.DueOn}
		if m.DoneAt != nil {
			d.Done = &initiative.Completion{By: m.DoneByName, At: *m.DoneAt, Evidence: m.Evidence}
		}
		ev, err = d.Evaluate(mr.b.Today)
	} else {
		ev, err = mr.condition(m, p)
	}
	if err != nil {
		// A condition the engine cannot read (a KPI without a usable
		// frequency) has no state: say why rather than fail the page.
		out.State, out.Reason = initiative.NoData, err.Error()
		return out, nil
	}
	out.State, out.Reason = ev.State, ev.Reason
	return out, nil
}

// condition evaluates a condition milestone on the KPI's readings at its
// segment (or the whole alliance), from the phase's start, as far as the
// viewer may see them.
func (mr *milestoneReader) condition(m accord.Milestone, p accord.Phase) (initiative.Evaluation, error) {
	k, ok := mr.b.KPI(m.KPIID)
	if !ok {
		return initiative.Evaluation{State: initiative.NoData, Reason: "its KPI is no longer on the scorecard"}, nil
	}
	obs, seen := mr.obs[k.ID]
	if !seen {
		var err error
		if obs, err = mr.s.Svc.Observations(mr.r.Context(), k.ID, nil, false); err != nil {
			return initiative.Evaluation{}, err
		}
		mr.obs[k.ID] = obs
	}
	var keep []accord.Observation
	for _, o := range obs {
		if m.Segment != "" && o.Segment == m.Segment {
			o.Segment = "" // the segment's figures are the series itself
			keep = append(keep, o)
		} else if m.Segment == "" {
			keep = append(keep, o)
		}
	}
	pts := mr.sh.Points(k, m.Segment, scorecard.AllianceSeries(k, scorecard.Totals(keep)))
	var rs []initiative.Reading
	for _, pt := range pts {
		if pt.OK {
			rs = append(rs, initiative.Reading{Period: pt.Period, Value: number.Decimal(math.Round(pt.Value * 1e6))})
		}
	}
	c := initiative.Condition{KPI: k.Name, Segment: m.Segment, Frequency: k.Frequency, Compare: initiative.AtLeast,
		Threshold: m.Threshold, Consecutive: m.Periods, From: p.StartsOn}
	if m.Comparison == accord.CompareAtMost {
		c.Compare = initiative.AtMost
	}
	if m.ByDate != nil {
		c.By = *m.ByDate
	}
	return c.Evaluate(rs, mr.b.Today)
}
