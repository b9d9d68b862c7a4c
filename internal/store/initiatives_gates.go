package store

import (
	"context"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

const milestoneSelect = `SELECT ms.id, ms.alliance_id, ms.phase_id, ms.kind, ms.title, COALESCE(ms.kpi_id, ''), ms.segment, ms.comparison,
	ms.threshold, ms.periods, ms.by_date, ms.due_on, ms.responsible_role, ms.done_at, COALESCE(ms.done_by, ''), COALESCE(du.name, ''),
	ms.evidence, ms.evidence_link, ms.created_at
	FROM milestones ms LEFT JOIN memberships dm ON dm.id = ms.done_by LEFT JOIN users du ON du.id = dm.user_id`

func scanMilestone(s scanner) (accord.Milestone, error) {
	var m accord.Milestone
	err := s.Scan(&m.ID, &m.AllianceID, &m.PhaseID, &m.Kind, &m.Title, &m.KPIID, &m.Segment, &m.Comparison,
		(*int64)(&m.Threshold), &m.Periods, nullTimeCol{&m.ByDate}, nullTimeCol{&m.DueOn}, &m.ResponsibleRole, nullTimeCol{&m.DoneAt},
		&m.DoneByID, &m.DoneByName, &m.Evidence, &m.EvidenceLink, timeCol{&m.CreatedAt})
	return m, err
}

// AddMilestone adds a condition or a deliverable to a phase that has not
// ended; a condition's KPI must be the alliance's.
func (db *DB) AddMilestone(ctx context.Context, actor accord.Actor, m *accord.Milestone) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		p, err := tx.phase(ctx, m.AllianceID, m.PhaseID)
		if err != nil {
			return err
		}
		if p.Closed() {
			return accord.Errorf(accord.ECONFLICT, "the phase %s is %s", p.Name, p.Status)
		}
		if m.KPIID != "" {
			if err := tx.checkAllIn(ctx, "kpis", m.AllianceID, "kpi_id", "is not a KPI of this alliance", []string{m.KPIID}); err != nil {
				if accord.ErrorCode(err) == accord.EINVALID {
					return accord.FieldError("kpi_id", "is not a KPI of this alliance")
				}
				return err
			}
		}
		m.ID, m.CreatedAt = newID(), tx.now
		if _, err := tx.exec(ctx, `INSERT INTO milestones (id, alliance_id, phase_id, kind, title, kpi_id, segment, comparison, threshold, periods,
			by_date, due_on, responsible_role, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.ID, m.AllianceID, m.PhaseID, m.Kind, m.Title, nullStr(m.KPIID), m.Segment, m.Comparison, int64(m.Threshold), m.Periods,
			dateOrNil(m.ByDate), dateOrNil(m.DueOn), string(m.ResponsibleRole), ts(tx.now)); err != nil {
			return err
		}
		return tx.auditInitiative(ctx, actor, change{allianceID: m.AllianceID, action: "create", entity: "milestone", entityID: m.ID, after: m})
	})
}

// CompleteDeliverable marks a deliverable done by the actor, who must be
// an active member holding its responsible role, with evidence.
func (db *DB) CompleteDeliverable(ctx context.Context, actor accord.Actor, allianceID, id, evidence, link string) (accord.Milestone, error) {
	var m accord.Milestone
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if m, err = scanMilestone(tx.queryRow(ctx, milestoneSelect+" WHERE ms.alliance_id = ? AND ms.id = ?", allianceID, id)); err != nil {
			return notFound(err, "milestone")
		}
		switch {
		case m.Kind != accord.MilestoneDeliverable:
			return accord.Errorf(accord.ECONFLICT, "a condition is met by the data, never marked done")
		case m.DoneAt != nil:
			return accord.Errorf(accord.ECONFLICT, "%s was already marked done by %s", m.Title, m.DoneByName)
		}
		ev, ln, err := accord.CheckEvidence(evidence, link)
		if err != nil {
			return err
		}
		by, err := tx.actorMember(ctx, allianceID, actor)
		if err != nil {
			return err
		}
		if !by.Roles.Has(m.ResponsibleRole) {
			return accord.Errorf(accord.EFORBIDDEN, "%s is marked done by a member with the role %s", m.Title, m.ResponsibleRole.Label())
		}
		now := tx.now
		if _, err := tx.exec(ctx, "UPDATE milestones SET done_at = ?, done_by = ?, evidence = ?, evidence_link = ? WHERE id = ?",
			ts(now), by.ID, ev, ln, id); err != nil {
			return err
		}
		m.DoneAt, m.DoneByID, m.DoneByName, m.Evidence, m.EvidenceLink = &now, by.ID, by.UserName, ev, ln
		return tx.auditInitiative(ctx, actor, change{allianceID: allianceID, action: "complete", entity: "milestone", entityID: id,
			after: map[string]any{"done_by": by.ID, "evidence": ev, "evidence_link": ln}})
	})
	return m, err
}

// actorMember reads the actor's active membership in the alliance.
func (tx *Tx) actorMember(ctx context.Context, allianceID string, actor accord.Actor) (accord.Membership, error) {
	m, err := scanMember(tx.queryRow(ctx, memberSelect+" WHERE m.alliance_id = ? AND m.user_id = ? AND m.active = ?", allianceID, actor.UserID, true))
	if err != nil {
		return m, accord.Errorf(accord.EFORBIDDEN, "you are not an active member of this alliance")
	}
	return m, nil
}

const readinessSelect = `SELECT r.id, r.alliance_id, r.phase_id, r.dimension, r.score, r.note, r.assessed_by, u.name, r.party_id, r.assessed_at
	FROM readiness_assessments r JOIN memberships m ON m.id = r.assessed_by JOIN users u ON u.id = m.user_id`

func scanReadiness(s scanner) (accord.ReadinessAssessment, error) {
	var a accord.ReadinessAssessment
	err := s.Scan(&a.ID, &a.AllianceID, &a.PhaseID, &a.Dimension, &a.Score, &a.Note, &a.AssessedByID, &a.AssessedByName, &a.PartyID, timeCol{&a.AssessedAt})
	return a, err
}

// AssessReadiness records the actor's party's score of one dimension of a
// phase's readiness, replacing that party's earlier score of it. Clinical
// sign-off is given only by a clinical leader of a provider party with a
// site in the phase's scope.
func (db *DB) AssessReadiness(ctx context.Context, actor accord.Actor, a *accord.ReadinessAssessment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		p, err := tx.phase(ctx, a.AllianceID, a.PhaseID)
		if err != nil {
			return err
		}
		if p.Closed() {
			return accord.Errorf(accord.ECONFLICT, "the phase %s is %s", p.Name, p.Status)
		}
		by, err := tx.actorMember(ctx, a.AllianceID, actor)
		if err != nil {
			return err
		}
		if a.Dimension == accord.ReadyClinicalSign {
			if err := tx.checkClinicalSignOff(ctx, p, by); err != nil {
				return err
			}
		}
		olds, err := queryAll(ctx, tx, scanReadiness, readinessSelect+" WHERE r.phase_id = ? AND r.dimension = ? AND r.party_id = ?", p.ID, a.Dimension, by.PartyID)
		if err != nil {
			return err
		}
		a.ID, a.AssessedByID, a.AssessedByName, a.PartyID, a.AssessedAt = newID(), by.ID, by.UserName, by.PartyID, tx.now
		var before any
		if len(olds) > 0 {
			a.ID, before = olds[0].ID, olds[0]
		}
		if _, err := tx.exec(ctx, `INSERT INTO readiness_assessments (id, alliance_id, phase_id, dimension, party_id, score, note, assessed_by, assessed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (phase_id, dimension, party_id)
			DO UPDATE SET score = excluded.score, note = excluded.note, assessed_by = excluded.assessed_by, assessed_at = excluded.assessed_at`,
			a.ID, a.AllianceID, a.PhaseID, a.Dimension, a.PartyID, a.Score, a.Note, a.AssessedByID, ts(tx.now)); err != nil {
			return err
		}
		return tx.auditInitiative(ctx, actor, change{allianceID: a.AllianceID, action: "assess", entity: "readiness", entityID: a.ID, before: before, after: a})
	})
}

func (tx *Tx) checkClinicalSignOff(ctx context.Context, p accord.Phase, by accord.Membership) error {
	if !by.Roles.Has(accord.RoleClinicalLeader) {
		return accord.Errorf(accord.EFORBIDDEN, "clinical sign-off is given by a clinical leader")
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM phase_sites x JOIN sites s ON s.id = x.site_id JOIN parties p ON p.id = s.party_id
		WHERE x.phase_id = ? AND s.party_id = ? AND p.role = ?`, p.ID, by.PartyID, accord.PartyProvider).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return accord.Errorf(accord.EFORBIDDEN, "clinical sign-off is given by a clinical leader of the provider whose sites are in the phase, and %s has none in it", by.PartyName)
	}
	return nil
}

const gateSelect = `SELECT g.id, g.alliance_id, g.phase_id, g.kind, g.motion_id, n.number, g.override_reason, g.new_ends_on, g.decided_at, g.recorded_by
	FROM gate_decisions g JOIN motions n ON n.id = g.motion_id`

func scanGate(s scanner) (accord.GateDecision, error) {
	var g accord.GateDecision
	err := s.Scan(&g.ID, &g.AllianceID, &g.PhaseID, &g.Kind, &g.MotionID, &g.MotionNumber, &g.OverrideReason, nullTimeCol{&g.NewEndsOn},
		timeCol{&g.DecidedAt}, &g.RecordedBy)
	return g, err
}

// RecordGateDecision records what a passed motion decided about a phase of
// an adopted initiative and applies it: advance and scale start (or
// resume) the phase and end the phases before it that were still active;
// extend moves its end; pause pauses it, and the initiative when no other
// phase of it is active; stop stops the initiative and every phase of it
// not yet ended. Whether the phase needed an override is the initiative
// engine's to say; the reason is kept.
func (db *DB) RecordGateDecision(ctx context.Context, actor accord.Actor, g *accord.GateDecision) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		p, err := tx.phase(ctx, g.AllianceID, g.PhaseID)
		if err != nil {
			return err
		}
		in, err := tx.openInitiative(ctx, g.AllianceID, p.InitiativeID)
		if err != nil {
			return err
		}
		if in.Status == accord.InitiativeProposed {
			return accord.Errorf(accord.ECONFLICT, "%s is only proposed: adopt it before deciding its gates", in.Name)
		}
		m, err := tx.passedMotion(ctx, g.AllianceID, g.MotionID)
		if err != nil {
			return err
		}
		if err := gateMotionFits(m, p); err != nil {
			return err
		}
		g.ID, g.MotionNumber, g.DecidedAt, g.RecordedBy = newID(), m.Number, *m.DecidedAt, actorName(actor)
		if err := tx.applyGate(ctx, actor, *g, p); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO gate_decisions (id, alliance_id, phase_id, kind, motion_id, override_reason, new_ends_on, decided_at, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, g.ID, g.AllianceID, g.PhaseID, g.Kind, g.MotionID, g.OverrideReason, dateOrNil(g.NewEndsOn),
			ts(g.DecidedAt), g.RecordedBy, ts(tx.now)); err != nil {
			if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
				return accord.FieldError("motion_id", "motion %d has already decided a gate", m.Number)
			}
			return err
		}
		return tx.auditInitiative(ctx, actor, change{allianceID: g.AllianceID, action: "decide", entity: "gate", entityID: g.ID, after: g})
	})
}

// gateMotionFits checks that the motion is about the phase: a pilot-gate
// motion names the phase it gates (its subject id), a text motion may
// decide any gate, and a motion about something else decides none.
func gateMotionFits(m accord.Motion, p accord.Phase) error {
	switch m.SubjectKind {
	case accord.SubjectText:
		return nil
	case accord.SubjectPilotGate:
		if m.SubjectID == p.ID {
			return nil
		}
		return accord.FieldError("motion_id", "motion %d is the gate of another phase, not of %s", m.Number, p.Name)
	}
	return accord.FieldError("motion_id", "motion %d decides a %s, not a gate", m.Number, strings.ReplaceAll(m.SubjectKind, "_", " "))
}

// applyGate changes the phase's and the initiative's status (and, for an
// extension, the phase's end) as the gate decides.
func (tx *Tx) applyGate(ctx context.Context, actor accord.Actor, g accord.GateDecision, p accord.Phase) error {
	if p.Closed() {
		return accord.Errorf(accord.ECONFLICT, "the phase %s is %s", p.Name, p.Status)
	}
	switch g.Kind {
	case accord.GateAdvance, accord.GateScale:
		if p.Status == accord.PhaseActive {
			return accord.Errorf(accord.ECONFLICT, "the phase %s is already active", p.Name)
		}
		earlier, err := tx.phases(ctx, "ph.initiative_id = ? AND ph.ordinal < ? AND ph.status = ?", p.InitiativeID, p.Ordinal, accord.PhaseActive)
		if err != nil {
			return err
		}
		for _, e := range earlier {
			if err := tx.setPhaseStatus(ctx, actor, e, accord.PhaseDone, "complete"); err != nil {
				return err
			}
		}
		if err := tx.setPhaseStatus(ctx, actor, p, accord.PhaseActive, g.Kind); err != nil {
			return err
		}
		return tx.setInitiativeStatus(ctx, actor, g.AllianceID, p.InitiativeID, accord.InitiativeActive)
	case accord.GateExtend:
		if !g.NewEndsOn.After(p.EndsOn) {
			return accord.FieldError("new_ends_on", "must be after the phase's end, %s", day(p.EndsOn))
		}
		_, err := tx.exec(ctx, "UPDATE initiative_phases SET ends_on = ? WHERE id = ?", day(*g.NewEndsOn), p.ID)
		return err
	case accord.GatePause:
		if p.Status != accord.PhaseActive {
			return accord.Errorf(accord.ECONFLICT, "the phase %s is %s: only an active phase is paused", p.Name, p.Status)
		}
		if err := tx.setPhaseStatus(ctx, actor, p, accord.PhasePaused, "pause"); err != nil {
			return err
		}
		var active int // the initiative pauses when none of its phases runs on
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM initiative_phases WHERE initiative_id = ? AND status = ?",
			p.InitiativeID, accord.PhaseActive).Scan(&active); err != nil || active > 0 {
			return err
		}
		return tx.setInitiativeStatus(ctx, actor, g.AllianceID, p.InitiativeID, accord.InitiativePaused)
	}
	open, err := tx.phases(ctx, "ph.initiative_id = ? AND ph.status IN (?, ?, ?)", p.InitiativeID, accord.PhasePlanned, accord.PhaseActive, accord.PhasePaused)
	if err != nil {
		return err
	}
	for _, o := range open {
		if err := tx.setPhaseStatus(ctx, actor, o, accord.PhaseStopped, "stop"); err != nil {
			return err
		}
	}
	return tx.setInitiativeStatus(ctx, actor, g.AllianceID, p.InitiativeID, accord.InitiativeStopped)
}

// Portfolio reads everything the alliance's initiatives plan, one query
// per table, in one read transaction so that the lists agree.
func (db *DB) Portfolio(ctx context.Context, allianceID string) (accord.Portfolio, error) {
	var pf accord.Portfolio
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if pf.Sites, err = tx.sites(ctx, allianceID); err != nil {
			return err
		}
		if pf.Initiatives, err = tx.initiatives(ctx, "i.alliance_id = ?", allianceID); err != nil {
			return err
		}
		if pf.Phases, err = tx.phases(ctx, "ph.alliance_id = ?", allianceID); err != nil {
			return err
		}
		if pf.Milestones, err = queryAll(ctx, tx, scanMilestone, milestoneSelect+" WHERE ms.alliance_id = ? ORDER BY ms.phase_id, ms.created_at, ms.id", allianceID); err != nil {
			return err
		}
		if pf.Readiness, err = queryAll(ctx, tx, scanReadiness, readinessSelect+" WHERE r.alliance_id = ? ORDER BY r.phase_id, r.dimension, r.party_id", allianceID); err != nil {
			return err
		}
		pf.Gates, err = queryAll(ctx, tx, scanGate, gateSelect+" WHERE g.alliance_id = ? ORDER BY g.decided_at, g.id", allianceID)
		return err
	})
	return pf, err
}

// PortfolioPlan reads what the portfolio page draws of the months from
// first to last: every site, every initiative by name (without its
// sponsors, sites and KPIs), and the phases that hold capacity (planned or
// active) and overlap those months, with each site's demand. Milestones,
// readiness and gates are not read: the page shows none of them.
func (db *DB) PortfolioPlan(ctx context.Context, allianceID string, first, last time.Time) (accord.Portfolio, error) {
	var pf accord.Portfolio
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if pf.Sites, err = tx.sites(ctx, allianceID); err != nil {
			return err
		}
		if pf.Initiatives, err = tx.initiativeNames(ctx, allianceID); err != nil {
			return err
		}
		pf.Phases, err = tx.phases(ctx, "ph.alliance_id = ? AND ph.status IN (?, ?) AND ph.starts_on <= ? AND ph.ends_on >= ?",
			allianceID, accord.PhasePlanned, accord.PhaseActive, day(last), day(first))
		return err
	})
	return pf, err
}

// dateOrNil writes an optional date.
func dateOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return day(*t)
}
