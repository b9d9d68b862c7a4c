package store

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/initiative"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/scorecard"
	"github.com/accord-alliance/accord/internal/watch"
)

// initiativeSubjects are the subject types of the initiatives' signals,
// each synced as its own scope.
func initiativeSubjects() []string {
	return []string{accord.SubjectOfMilestone, accord.SubjectOfSite, accord.SubjectOfPhase, accord.SubjectOfCommitment, accord.SubjectOfContribution}
}

// syncInitiativeSignals syncs every signal of the alliance's initiatives
// (docs/signals.md): milestones at risk or missed, sites over capacity,
// gates waiting, commitments past due and contributions disputed. It runs
// nightly with the other signals beyond the data, and right after the
// writes that change them, in their transaction.
func (tx *Tx) syncInitiativeSignals(ctx context.Context, actor accord.Actor, allianceID, _ string) (accord.SignalSync, error) {
	var res accord.SignalSync
	pf, err := tx.watchPortfolio(ctx, allianceID)
	if err != nil {
		return res, err
	}
	conds, err := watch.InitiativeConditions(pf, tx.now)
	if err != nil {
		return res, err
	}
	for _, st := range initiativeSubjects() {
		r, err := tx.syncScope(ctx, actor, signalScope{allianceID: allianceID, subjectType: st}, conds[st])
		if err != nil {
			return res, err
		}
		res.Add(r)
	}
	return res, nil
}

// afterInitiativeWrite re-evaluates the initiatives' signals at the end of
// a write that may change them, as the system actor.
func (tx *Tx) afterInitiativeWrite(ctx context.Context, allianceID string) error {
	_, err := tx.syncInitiativeSignals(ctx, signalsActor, allianceID, "")
	return err
}

// watchPortfolio reads what watch.InitiativeConditions needs.
func (tx *Tx) watchPortfolio(ctx context.Context, allianceID string) (watch.Portfolio, error) {
	var pf watch.Portfolio
	var err error
	if pf.Sites, err = tx.sites(ctx, allianceID); err != nil {
		return pf, err
	}
	if pf.Initiatives, err = tx.initiatives(ctx, "i.alliance_id = ?", allianceID); err != nil {
		return pf, err
	}
	if len(pf.Initiatives) == 0 {
		return pf, nil
	}
	if pf.Phases, err = tx.phases(ctx, "ph.alliance_id = ?", allianceID); err != nil {
		return pf, err
	}
	if pf.Milestones, err = queryAll(ctx, tx, scanMilestone, milestoneSelect+" WHERE ms.alliance_id = ? ORDER BY ms.phase_id, ms.created_at, ms.id", allianceID); err != nil {
		return pf, err
	}
	if pf.Readiness, err = queryAll(ctx, tx, scanReadiness, readinessSelect+" WHERE r.alliance_id = ? ORDER BY r.phase_id, r.dimension, r.party_id", allianceID); err != nil {
		return pf, err
	}
	if pf.Gates, err = queryAll(ctx, tx, scanGate, gateSelect+" WHERE g.alliance_id = ? ORDER BY g.decided_at, g.id", allianceID); err != nil {
		return pf, err
	}
	if pf.Commitments, err = queryAll(ctx, tx, scanCommitment, commitmentSelect+" WHERE c.alliance_id = ? ORDER BY c.initiative_id, c.due_on, c.party_id, c.id", allianceID); err != nil {
		return pf, err
	}
	if pf.Contributions, err = queryAll(ctx, tx, scanContribution, contributionSelect+" WHERE x.alliance_id = ? ORDER BY x.id", allianceID); err != nil {
		return pf, err
	}
	if pf.Parties, err = tx.partyNames(ctx, allianceID); err != nil {
		return pf, err
	}
	return pf, tx.milestoneReadings(ctx, allianceID, &pf)
}

// partyNames names the alliance's parties by id.
func (tx *Tx) partyNames(ctx context.Context, allianceID string) (map[string]string, error) {
	type named struct{ id, name string }
	rows, err := queryAll(ctx, tx, func(s scanner) (named, error) {
		var n named
		return n, s.Scan(&n.id, &n.name)
	}, "SELECT p.id, o.name FROM parties p JOIN organizations o ON o.id = p.org_id WHERE p.alliance_id = ?", allianceID)
	out := map[string]string{}
	for _, r := range rows {
		out[r.id] = r.name
	}
	return out, err
}

// milestoneReadings reads the series of every condition milestone of a
// running phase: the alliance's figure from the period totals imports
// keep, a segment's summed from its current observations.
func (tx *Tx) milestoneReadings(ctx context.Context, allianceID string, pf *watch.Portfolio) error {
	running := map[string]bool{}
	for _, p := range pf.Phases {
		running[p.ID] = p.Status == accord.PhaseActive
	}
	var conds []accord.Milestone
	for _, m := range pf.Milestones {
		if m.Kind == accord.MilestoneCondition && running[m.PhaseID] {
			conds = append(conds, m)
		}
	}
	pf.KPIs, pf.Readings = map[string]accord.KPI{}, map[string][]initiative.Reading{}
	if len(conds) == 0 {
		return nil
	}
	kpis, err := tx.listKPIs(ctx, allianceID, accord.KPIFilter{})
	if err != nil {
		return err
	}
	for _, k := range kpis {
		pf.KPIs[k.ID] = k
	}
	var whole []accord.PeriodTotal
	for _, m := range conds {
		k, ok := pf.KPIs[m.KPIID]
		if !ok {
			continue
		}
		var totals []accord.PeriodTotal
		if m.Segment == "" {
			if whole == nil {
				if whole, err = tx.currentPeriodTotals(ctx, allianceID, time.Time{}); err != nil {
					return err
				}
			}
			for _, t := range whole {
				if t.KPIID == k.ID {
					totals = append(totals, t)
				}
			}
		} else if totals, err = tx.segmentTotals(ctx, k.ID, m.Segment); err != nil {
			return err
		}
		pf.Readings[m.ID] = readings(scorecard.AllianceSeries(k, totals))
	}
	return nil
}

// segmentTotals sums one KPI's current observations of one segment by period.
func (tx *Tx) segmentTotals(ctx context.Context, kpiID, segment string) ([]accord.PeriodTotal, error) {
	return queryAll(ctx, tx, scanPeriodTotal, `SELECT k.id, o.period, 0 AS whole,
		SUM(o.value), SUM(o.numerator), SUM(o.denominator), COUNT(*), MAX(i.created_at)
		FROM observations o JOIN kpis k ON k.seq = o.kpi_seq JOIN imports i ON i.seq = o.import_seq
		WHERE k.id = ? AND o.segment = ? AND o.superseded_at IS NULL AND `+hasFigures+`
		GROUP BY k.id, o.period ORDER BY o.period`, kpiID, segment)
}

// readings turns a series into the engine's readings, exact to the
// millionth as the scorecard shows them.
func readings(pts []scorecard.Point) []initiative.Reading {
	var out []initiative.Reading
	for _, p := range pts {
		if p.OK {
			out = append(out, initiative.Reading{Period: p.Period, Value: number.Decimal(math.Round(p.Value * number.DecimalScale))})
		}
	}
	return out
}

// auditInitiative writes a change's audit entry and bumps the portfolio's
// version (auditPortfolio), then re-evaluates the initiatives' signals in
// the same transaction, so that what the change starts or ends (a dispute,
// a gate, a deliverable done) shows at once. A change to the ledger (a
// commitment or a contribution) can change only the ledger's signals, so
// only they are read and synced (afterLedgerWrite), not the whole
// portfolio.
func (tx *Tx) auditInitiative(ctx context.Context, actor accord.Actor, c change) error {
	if err := tx.auditPortfolio(ctx, actor, c); err != nil {
		return err
	}
	switch c.entity {
	case "commitment", "contribution":
		return tx.afterLedgerWrite(ctx, c.allianceID)
	case "benefit", "roi_assessment":
		// No signal reads benefits or assessments: the portfolio's
		// version is all they change.
		return nil
	}
	return tx.afterInitiativeWrite(ctx, c.allianceID)
}

// afterLedgerWrite re-evaluates the signals of commitments past due and
// contributions disputed, as the system actor, from what they read: the
// initiatives by name and status, the ledger and the parties' names.
func (tx *Tx) afterLedgerWrite(ctx context.Context, allianceID string) error {
	var pf watch.Portfolio
	var err error
	if pf.Initiatives, err = tx.initiativeNames(ctx, allianceID); err != nil {
		return err
	}
	if pf.Commitments, err = queryAll(ctx, tx, scanCommitment, commitmentSelect+" WHERE c.alliance_id = ? ORDER BY c.initiative_id, c.due_on, c.party_id, c.id", allianceID); err != nil {
		return err
	}
	if pf.Contributions, err = queryAll(ctx, tx, scanContribution, contributionSelect+" WHERE x.alliance_id = ? ORDER BY x.id", allianceID); err != nil {
		return err
	}
	if pf.Parties, err = tx.partyNames(ctx, allianceID); err != nil {
		return err
	}
	if _, err := tx.syncScope(ctx, signalsActor, signalScope{allianceID: allianceID, subjectType: accord.SubjectOfCommitment},
		watch.CommitmentsPastDue(pf, tx.now)); err != nil {
		return err
	}
	_, err = tx.syncScope(ctx, signalsActor, signalScope{allianceID: allianceID, subjectType: accord.SubjectOfContribution}, watch.DisputedContributions(pf))
	return err
}

// initiativeNames reads the alliance's initiatives by name with their
// status, without their sponsors, sites and KPIs.
func (tx *Tx) initiativeNames(ctx context.Context, allianceID string) ([]accord.Initiative, error) {
	return queryAll(ctx, tx, func(s scanner) (accord.Initiative, error) {
		var in accord.Initiative
		return in, s.Scan(&in.ID, &in.AllianceID, &in.Name, &in.Status)
	}, "SELECT i.id, i.alliance_id, i.name, i.status FROM initiatives i WHERE i.alliance_id = ? ORDER BY i.name, i.id", allianceID)
}

// initiativeAudience names whom a milestone's or a gate's signal is for:
// the initiative's clinical lead (as a user) and its sponsor parties.
func (tx *Tx) initiativeAudience(ctx context.Context, c accord.SignalCondition) (named, parties []string, err error) {
	q := `SELECT i.id, m.user_id FROM initiatives i JOIN memberships m ON m.id = i.clinical_lead_id WHERE i.id = (
		SELECT ph.initiative_id FROM initiative_phases ph WHERE ph.id = ?)`
	id := c.SubjectID
	if c.SubjectType == accord.SubjectOfMilestone {
		q = strings.Replace(q, "WHERE ph.id = ?", "JOIN milestones ms ON ms.phase_id = ph.id WHERE ms.id = ?", 1)
	}
	var initiativeID, lead string
	if err := tx.queryRow(ctx, q, id).Scan(&initiativeID, &lead); err != nil {
		return nil, nil, err
	}
	parties, err = queryAll(ctx, tx, func(s scanner) (string, error) {
		var p string
		return p, s.Scan(&p)
	}, "SELECT party_id FROM initiative_sponsors WHERE initiative_id = ?", initiativeID)
	return []string{lead}, parties, err
}
