package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

const phaseSelect = `SELECT ph.id, ph.alliance_id, ph.initiative_id, ph.ordinal, ph.name, ph.starts_on, ph.ends_on, ph.status, ph.created_at
	FROM initiative_phases ph`

func scanPhase(s scanner) (accord.Phase, error) {
	var p accord.Phase
	err := s.Scan(&p.ID, &p.AllianceID, &p.InitiativeID, &p.Ordinal, &p.Name, timeCol{&p.StartsOn}, timeCol{&p.EndsOn}, &p.Status, timeCol{&p.CreatedAt})
	return p, err
}

type phaseSiteRow struct {
	phaseID string
	s       accord.PhaseSite
}

func scanPhaseSite(s scanner) (phaseSiteRow, error) {
	var r phaseSiteRow
	return r, s.Scan(&r.phaseID, &r.s.SiteID, (*int64)(&r.s.BackOfficeHours))
}

type phaseStaffRow struct {
	phaseID, siteID string
	r               accord.RoleHours
}

func scanPhaseStaff(s scanner) (phaseStaffRow, error) {
	var r phaseStaffRow
	return r, s.Scan(&r.phaseID, &r.siteID, &r.r.Role, (*int64)(&r.r.Hours))
}

// phases reads the phases matching where (over alias ph) with each site's
// demand: three queries however many phases there are.
func (tx *Tx) phases(ctx context.Context, where string, args ...any) ([]accord.Phase, error) {
	ps, err := queryAll(ctx, tx, scanPhase, phaseSelect+" WHERE "+where+" ORDER BY ph.initiative_id, ph.ordinal", args...)
	if err != nil || len(ps) == 0 {
		return ps, err
	}
	at := map[string]*accord.Phase{}
	for i := range ps {
		ps[i].Sites = []accord.PhaseSite{}
		at[ps[i].ID] = &ps[i]
	}
	sites, err := queryAll(ctx, tx, scanPhaseSite, `SELECT x.phase_id, x.site_id, x.back_office_hours FROM phase_sites x
		JOIN initiative_phases ph ON ph.id = x.phase_id JOIN sites s ON s.id = x.site_id WHERE `+where+" ORDER BY x.phase_id, s.name, s.id", args...)
	if err != nil {
		return nil, err
	}
	for _, r := range sites {
		r.s.Staff = []accord.RoleHours{}
		at[r.phaseID].Sites = append(at[r.phaseID].Sites, r.s)
	}
	staff, err := queryAll(ctx, tx, scanPhaseStaff, `SELECT x.phase_id, x.site_id, x.role, x.hours FROM phase_staff x
		JOIN initiative_phases ph ON ph.id = x.phase_id WHERE `+where+" ORDER BY x.phase_id, x.site_id, x.role", args...)
	if err != nil {
		return nil, err
	}
	for _, r := range staff {
		p := at[r.phaseID]
		for i := range p.Sites {
			if p.Sites[i].SiteID == r.siteID {
				p.Sites[i].Staff = append(p.Sites[i].Staff, r.r)
			}
		}
	}
	return ps, nil
}

func (tx *Tx) phase(ctx context.Context, allianceID, id string) (accord.Phase, error) {
	ps, err := tx.phases(ctx, "ph.alliance_id = ? AND ph.id = ?", allianceID, id)
	if err != nil {
		return accord.Phase{}, err
	}
	if len(ps) == 0 {
		return accord.Phase{}, accord.Errorf(accord.ENOTFOUND, "phase not found")
	}
	return ps[0], nil
}

// openInitiative reads an initiative that may still be planned: not
// stopped nor completed.
func (tx *Tx) openInitiative(ctx context.Context, allianceID, id string) (accord.Initiative, error) {
	in, err := tx.initiative(ctx, allianceID, id)
	if err != nil {
		return in, err
	}
	if in.Closed() {
		return in, accord.Errorf(accord.ECONFLICT, "%s is %s: nothing more is planned in it", in.Name, in.Status)
	}
	return in, nil
}

// AddPhase appends a planned phase to an initiative; its sites must be
// among the initiative's.
func (db *DB) AddPhase(ctx context.Context, actor accord.Actor, p *accord.Phase) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		in, err := tx.openInitiative(ctx, p.AllianceID, p.InitiativeID)
		if err != nil {
			return err
		}
		if err := checkPhaseSites(in, p.Sites); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(ordinal), 0) + 1 FROM initiative_phases WHERE initiative_id = ?", in.ID).Scan(&p.Ordinal); err != nil {
			return err
		}
		p.ID, p.Status, p.CreatedAt = newID(), accord.PhasePlanned, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO initiative_phases (id, alliance_id, initiative_id, ordinal, name, starts_on, ends_on, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, p.AllianceID, p.InitiativeID, p.Ordinal, p.Name, day(p.StartsOn), day(p.EndsOn),
			p.Status, ts(tx.now)); err != nil {
			return err
		}
		if err := tx.writePhaseSites(ctx, *p); err != nil {
			return err
		}
		saved, err := tx.phase(ctx, p.AllianceID, p.ID)
		if err != nil {
			return err
		}
		*p = saved
		return tx.auditInitiative(ctx, actor, change{allianceID: p.AllianceID, action: "create", entity: "phase", entityID: p.ID, after: p})
	})
}

func checkPhaseSites(in accord.Initiative, sites []accord.PhaseSite) error {
	ok := map[string]bool{}
	for _, id := range in.SiteIDs {
		ok[id] = true
	}
	for i, s := range sites {
		if !ok[s.SiteID] {
			return accord.FieldError(fmt.Sprintf("sites[%d].site_id", i), "is not one of the sites or teams %s touches", in.Name)
		}
	}
	return nil
}

// writePhaseSites replaces the phase's sites and their demand.
func (tx *Tx) writePhaseSites(ctx context.Context, p accord.Phase) error {
	for _, table := range []string{"phase_staff", "phase_sites"} {
		if _, err := tx.exec(ctx, "DELETE FROM "+table+" WHERE phase_id = ?", p.ID); err != nil {
			return err
		}
	}
	for _, s := range p.Sites {
		if _, err := tx.exec(ctx, "INSERT INTO phase_sites (phase_id, site_id, alliance_id, back_office_hours) VALUES (?, ?, ?, ?)",
			p.ID, s.SiteID, p.AllianceID, int64(s.BackOfficeHours)); err != nil {
			return err
		}
		for _, r := range s.Staff {
			if _, err := tx.exec(ctx, "INSERT INTO phase_staff (phase_id, site_id, role, alliance_id, hours) VALUES (?, ?, ?, ?, ?)",
				p.ID, s.SiteID, r.Role, p.AllianceID, int64(r.Hours)); err != nil {
				return err
			}
		}
	}
	return nil
}

// UpdatePhase changes a phase's name, dates or sites and their demand,
// until the phase is done or stopped.
func (db *DB) UpdatePhase(ctx context.Context, actor accord.Actor, allianceID, id string, u accord.PhaseUpdate) (accord.Phase, error) {
	var after accord.Phase
	err := db.update(ctx, func(tx *Tx) error {
		before, err := tx.phase(ctx, allianceID, id)
		if err != nil {
			return err
		}
		if before.Closed() {
			return accord.Errorf(accord.ECONFLICT, "the phase %s is %s and can no longer change", before.Name, before.Status)
		}
		in, err := tx.openInitiative(ctx, allianceID, before.InitiativeID)
		if err != nil {
			return err
		}
		if after, err = u.Apply(before); err != nil {
			return err
		}
		if err := checkPhaseSites(in, after.Sites); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE initiative_phases SET name = ?, starts_on = ?, ends_on = ? WHERE id = ?",
			after.Name, day(after.StartsOn), day(after.EndsOn), id); err != nil {
			return err
		}
		if err := tx.writePhaseSites(ctx, after); err != nil {
			return err
		}
		audited := struct {
			accord.Phase
			OverrideReason string `json:"override_reason,omitempty"`
		}{after, strings.TrimSpace(u.OverrideReason)}
		return tx.auditInitiative(ctx, actor, change{allianceID: allianceID, action: "update", entity: "phase", entityID: id, before: before, after: audited})
	})
	return after, err
}

// RemovePhase removes a phase that no gate has started from its open
// initiative, with its milestones and readiness scores; the phases after
// it move up one place. A phase with commitments to it is kept: the money
// promised to it is moved or withdrawn first.
func (db *DB) RemovePhase(ctx context.Context, actor accord.Actor, allianceID, id string) error {
	return db.update(ctx, func(tx *Tx) error {
		p, err := tx.phase(ctx, allianceID, id)
		if err != nil {
			return err
		}
		if p.Started() {
			return accord.Errorf(accord.ECONFLICT, "the phase %s is %s: only a phase that has not started is removed", p.Name, p.Status)
		}
		if _, err := tx.openInitiative(ctx, allianceID, p.InitiativeID); err != nil {
			return err
		}
		var held int
		if err := tx.queryRow(ctx, "SELECT (SELECT COUNT(*) FROM commitments WHERE phase_id = ?) + (SELECT COUNT(*) FROM gate_decisions WHERE phase_id = ?)",
			id, id).Scan(&held); err != nil {
			return err
		}
		if held > 0 {
			return accord.Errorf(accord.ECONFLICT, "the phase %s has commitments or gate decisions recorded against it and is kept", p.Name)
		}
		milestones, err := queryAll(ctx, tx, scanMilestone, milestoneSelect+" WHERE ms.phase_id = ? ORDER BY ms.created_at, ms.id", id)
		if err != nil {
			return err
		}
		for _, table := range []string{"phase_staff", "phase_sites", "milestones", "readiness_assessments", "initiative_phases"} {
			col := "phase_id"
			if table == "initiative_phases" {
				col = "id"
			}
			if _, err := tx.exec(ctx, "DELETE FROM "+table+" WHERE "+col+" = ?", id); err != nil {
				return err
			}
		}
		later, err := tx.phases(ctx, "ph.initiative_id = ? AND ph.ordinal > ?", p.InitiativeID, p.Ordinal)
		if err != nil {
			return err
		}
		slices.SortFunc(later, func(a, b accord.Phase) int { return a.Ordinal - b.Ordinal })
		for _, l := range later { // one at a time, in order: each takes the place the one before left
			if _, err := tx.exec(ctx, "UPDATE initiative_phases SET ordinal = ? WHERE id = ?", l.Ordinal-1, l.ID); err != nil {
				return err
			}
		}
		return tx.auditInitiative(ctx, actor, change{allianceID: allianceID, action: "remove", entity: "phase", entityID: id,
			before: map[string]any{"phase": p, "milestones": milestones}})
	})
}

// CompletePhase marks an active phase done; when every phase of the
// initiative has ended, the initiative is completed.
func (db *DB) CompletePhase(ctx context.Context, actor accord.Actor, allianceID, id string) (accord.Phase, error) {
	var p accord.Phase
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if p, err = tx.phase(ctx, allianceID, id); err != nil {
			return err
		}
		if p.Status != accord.PhaseActive {
			return accord.Errorf(accord.ECONFLICT, "the phase %s is %s: only an active phase is completed", p.Name, p.Status)
		}
		if err := tx.setPhaseStatus(ctx, actor, p, accord.PhaseDone, "complete"); err != nil {
			return err
		}
		p.Status = accord.PhaseDone
		var open int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM initiative_phases WHERE initiative_id = ? AND status NOT IN (?, ?)",
			p.InitiativeID, accord.PhaseDone, accord.PhaseStopped).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return nil
		}
		return tx.setInitiativeStatus(ctx, actor, allianceID, p.InitiativeID, accord.InitiativeCompleted)
	})
	return p, err
}

// setPhaseStatus changes a phase's status with its audit entry.
func (tx *Tx) setPhaseStatus(ctx context.Context, actor accord.Actor, p accord.Phase, status, action string) error {
	if _, err := tx.exec(ctx, "UPDATE initiative_phases SET status = ? WHERE id = ?", status, p.ID); err != nil {
		return err
	}
	return tx.auditPortfolio(ctx, actor, change{allianceID: p.AllianceID, action: action, entity: "phase", entityID: p.ID,
		before: map[string]any{"status": p.Status}, after: map[string]any{"status": status}})
}

// setInitiativeStatus changes an initiative's status with its audit entry
// (none when it does not change).
func (tx *Tx) setInitiativeStatus(ctx context.Context, actor accord.Actor, allianceID, id, status string) error {
	var before string
	if err := tx.queryRow(ctx, "SELECT status FROM initiatives WHERE id = ?", id).Scan(&before); err != nil {
		return err
	}
	if before == status {
		return nil
	}
	if _, err := tx.exec(ctx, "UPDATE initiatives SET status = ?, updated_at = ? WHERE id = ?", status, ts(tx.now), id); err != nil {
		return err
	}
	return tx.auditPortfolio(ctx, actor, change{allianceID: allianceID, action: "status", entity: "initiative", entityID: id,
		before: map[string]any{"status": before}, after: map[string]any{"status": status}})
}
