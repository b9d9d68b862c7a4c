package store

import (
	"context"
	"slices"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

const initiativeSelect = `SELECT i.id, i.alliance_id, i.name, i.kind, i.purpose, i.clinical_lead_id, u.name, i.status,
	COALESCE(i.adopting_motion_id, ''), i.proposed_by, i.created_at, i.updated_at
	FROM initiatives i JOIN memberships m ON m.id = i.clinical_lead_id JOIN users u ON u.id = m.user_id`

func scanInitiative(s scanner) (accord.Initiative, error) {
	var in accord.Initiative
	err := s.Scan(&in.ID, &in.AllianceID, &in.Name, &in.Kind, &in.Purpose, &in.ClinicalLeadID, &in.ClinicalLeadName, &in.Status,
		&in.AdoptingMotionID, &in.ProposedBy, timeCol{&in.CreatedAt}, timeCol{&in.UpdatedAt})
	return in, err
}

// initiativeLink is one row of a table that hangs off an initiative.
type initiativeLink struct{ initiativeID, id string }

func scanLink(s scanner) (initiativeLink, error) {
	var l initiativeLink
	return l, s.Scan(&l.initiativeID, &l.id)
}

type initiativeKPIRow struct {
	initiativeID string
	k            accord.InitiativeKPI
}

func scanInitiativeKPI(s scanner) (initiativeKPIRow, error) {
	var r initiativeKPIRow
	return r, s.Scan(&r.initiativeID, &r.k.KPIID, &r.k.Direction, (*int64)(&r.k.Size), timeCol{&r.k.ByDate})
}

// initiatives reads the initiatives matching where (over alias i) with
// their sponsors, sites and KPIs: four queries however many there are.
func (tx *Tx) initiatives(ctx context.Context, where string, args ...any) ([]accord.Initiative, error) {
	ins, err := queryAll(ctx, tx, scanInitiative, initiativeSelect+" WHERE "+where+" ORDER BY i.name, i.id", args...)
	if err != nil || len(ins) == 0 {
		return ins, err
	}
	at := map[string]*accord.Initiative{}
	for i := range ins {
		ins[i].SponsorIDs, ins[i].SiteIDs, ins[i].KPIs = []string{}, []string{}, []accord.InitiativeKPI{}
		at[ins[i].ID] = &ins[i]
	}
	sponsors, err := queryAll(ctx, tx, scanLink, `SELECT x.initiative_id, x.party_id FROM initiative_sponsors x
		JOIN initiatives i ON i.id = x.initiative_id WHERE `+where+" ORDER BY x.initiative_id, x.party_id", args...)
	if err != nil {
		return nil, err
	}
	for _, l := range sponsors {
		at[l.initiativeID].SponsorIDs = append(at[l.initiativeID].SponsorIDs, l.id)
	}
	sites, err := queryAll(ctx, tx, scanLink, `SELECT x.initiative_id, x.site_id FROM initiative_sites x
		JOIN initiatives i ON i.id = x.initiative_id JOIN sites s ON s.id = x.site_id WHERE `+where+" ORDER BY x.initiative_id, s.name, s.id", args...)
	if err != nil {
		return nil, err
	}
	for _, l := range sites {
		at[l.initiativeID].SiteIDs = append(at[l.initiativeID].SiteIDs, l.id)
	}
	kpis, err := queryAll(ctx, tx, scanInitiativeKPI, `SELECT x.initiative_id, x.kpi_id, x.direction, x.size, x.by_date FROM initiative_kpis x
		JOIN initiatives i ON i.id = x.initiative_id WHERE `+where+" ORDER BY x.initiative_id, x.by_date, x.kpi_id", args...)
	if err != nil {
		return nil, err
	}
	for _, r := range kpis {
		at[r.initiativeID].KPIs = append(at[r.initiativeID].KPIs, r.k)
	}
	return ins, nil
}

func (tx *Tx) initiative(ctx context.Context, allianceID, id string) (accord.Initiative, error) {
	ins, err := tx.initiatives(ctx, "i.alliance_id = ? AND i.id = ?", allianceID, id)
	if err != nil {
		return accord.Initiative{}, err
	}
	if len(ins) == 0 {
		return accord.Initiative{}, accord.Errorf(accord.ENOTFOUND, "initiative not found")
	}
	return ins[0], nil
}

// Initiative returns one initiative of the alliance.
func (db *DB) Initiative(ctx context.Context, allianceID, id string) (accord.Initiative, error) {
	var in accord.Initiative
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		in, err = tx.initiative(ctx, allianceID, id)
		return err
	})
	return in, err
}

// ListInitiatives lists the alliance's initiatives by name.
func (db *DB) ListInitiatives(ctx context.Context, allianceID string) ([]accord.Initiative, error) {
	var out []accord.Initiative
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.initiatives(ctx, "i.alliance_id = ?", allianceID)
		return err
	})
	return out, err
}

// ProposeInitiative records a proposed initiative. Its sponsors, sites and
// KPIs must be the alliance's, and its clinical lead an active clinical
// leader of a provider party.
func (db *DB) ProposeInitiative(ctx context.Context, actor accord.Actor, in *accord.Initiative) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.checkInitiativeRefs(ctx, *in); err != nil {
			return err
		}
		in.ID, in.Status, in.ProposedBy, in.CreatedAt, in.UpdatedAt = newID(), accord.InitiativeProposed, actorName(actor), tx.now, tx.now
		in.AdoptingMotionID = ""
		if _, err := tx.exec(ctx, `INSERT INTO initiatives (id, alliance_id, name, kind, purpose, clinical_lead_id, status, proposed_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.ID, in.AllianceID, in.Name, in.Kind, in.Purpose, in.ClinicalLeadID, in.Status,
			in.ProposedBy, ts(tx.now), ts(tx.now)); err != nil {
			return initiativeNameTaken(tx, err, in.Name)
		}
		if err := tx.writeInitiativeLinks(ctx, *in); err != nil {
			return err
		}
		saved, err := tx.initiative(ctx, in.AllianceID, in.ID)
		if err != nil {
			return err
		}
		*in = saved
		return tx.auditPortfolio(ctx, actor, change{allianceID: in.AllianceID, action: "propose", entity: "initiative", entityID: in.ID, after: in})
	})
}

func initiativeNameTaken(tx *Tx, err error, name string) error {
	if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
		return accord.FieldError("name", "this alliance already has an initiative named %s", name)
	}
	return err
}

// checkInitiativeRefs checks what an initiative names against the
// alliance: sponsor parties, sites, KPIs and the clinical lead.
func (tx *Tx) checkInitiativeRefs(ctx context.Context, in accord.Initiative) error {
	if err := tx.checkAllIn(ctx, "parties", in.AllianceID, "sponsor_party_ids", "is not a party to this alliance", in.SponsorIDs); err != nil {
		return err
	}
	if err := tx.checkSites(ctx, in.AllianceID, "site_ids", in.SiteIDs); err != nil {
		return err
	}
	kpis := make([]string, len(in.KPIs))
	for i, k := range in.KPIs {
		kpis[i] = k.KPIID
	}
	if err := tx.checkAllIn(ctx, "kpis", in.AllianceID, "kpis", "is not a KPI of this alliance", kpis); err != nil {
		return err
	}
	return tx.checkClinicalLead(ctx, in.AllianceID, in.ClinicalLeadID)
}

// checkClinicalLead checks that the member is an active clinical leader
// of a provider party of the alliance.
func (tx *Tx) checkClinicalLead(ctx context.Context, allianceID, memberID string) error {
	m, err := scanMember(tx.queryRow(ctx, memberSelect+" WHERE m.alliance_id = ? AND m.id = ?", allianceID, memberID))
	if err != nil {
		return accord.FieldError("clinical_lead_member_id", "is not a member of this alliance")
	}
	var role accord.PartyRole
	if err := tx.queryRow(ctx, "SELECT role FROM parties WHERE id = ?", m.PartyID).Scan(&role); err != nil {
		return err
	}
	switch {
	case !m.Active:
		return accord.FieldError("clinical_lead_member_id", "%s is no longer an active member", m.UserName)
	case !m.Roles.Has(accord.RoleClinicalLeader):
		return accord.FieldError("clinical_lead_member_id", "%s is not a clinical leader: the clinical lead must be one", m.UserName)
	case role != accord.PartyProvider:
		return accord.FieldError("clinical_lead_member_id", "%s acts for %s, which is not a provider: the clinical lead is a clinical leader of a provider party", m.UserName, m.PartyName)
	}
	return nil
}

// writeInitiativeLinks replaces the initiative's sponsors, sites and KPIs.
func (tx *Tx) writeInitiativeLinks(ctx context.Context, in accord.Initiative) error {
	for _, table := range []string{"initiative_sponsors", "initiative_sites", "initiative_kpis"} {
		if _, err := tx.exec(ctx, "DELETE FROM "+table+" WHERE initiative_id = ?", in.ID); err != nil {
			return err
		}
	}
	for _, p := range in.SponsorIDs {
		if _, err := tx.exec(ctx, "INSERT INTO initiative_sponsors (initiative_id, party_id) VALUES (?, ?)", in.ID, p); err != nil {
			return err
		}
	}
	for _, s := range in.SiteIDs {
		if _, err := tx.exec(ctx, "INSERT INTO initiative_sites (initiative_id, site_id) VALUES (?, ?)", in.ID, s); err != nil {
			return err
		}
	}
	for _, k := range in.KPIs {
		if _, err := tx.exec(ctx, "INSERT INTO initiative_kpis (initiative_id, kpi_id, direction, size, by_date) VALUES (?, ?, ?, ?, ?)",
			in.ID, k.KPIID, k.Direction, int64(k.Size), day(k.ByDate)); err != nil {
			return err
		}
	}
	return nil
}

// UpdateInitiative changes an initiative's description, sponsors, lead,
// sites or KPIs; a stopped or completed initiative is kept as it ended.
func (db *DB) UpdateInitiative(ctx context.Context, actor accord.Actor, allianceID, id string, u accord.InitiativeUpdate) (accord.Initiative, error) {
	var after accord.Initiative
	err := db.update(ctx, func(tx *Tx) error {
		before, err := tx.initiative(ctx, allianceID, id)
		if err != nil {
			return err
		}
		if before.Closed() {
			return accord.Errorf(accord.ECONFLICT, "%s is %s and can no longer change", before.Name, before.Status)
		}
		if after, err = u.Apply(before); err != nil {
			return err
		}
		if err := tx.checkInitiativeRefs(ctx, after); err != nil {
			return err
		}
		if err := tx.checkSitesInPhases(ctx, after); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE initiatives SET name = ?, kind = ?, purpose = ?, clinical_lead_id = ?, updated_at = ? WHERE id = ?",
			after.Name, after.Kind, after.Purpose, after.ClinicalLeadID, ts(tx.now), id); err != nil {
			return initiativeNameTaken(tx, err, after.Name)
		}
		if err := tx.writeInitiativeLinks(ctx, after); err != nil {
			return err
		}
		if after, err = tx.initiative(ctx, allianceID, id); err != nil {
			return err
		}
		return tx.auditInitiative(ctx, actor, change{allianceID: allianceID, action: "update", entity: "initiative", entityID: id, before: before, after: after})
	})
	return after, err
}

// checkSitesInPhases refuses to take a site off an initiative while one of
// its phases still has it in scope.
func (tx *Tx) checkSitesInPhases(ctx context.Context, in accord.Initiative) error {
	phases, err := tx.phases(ctx, "ph.initiative_id = ?", in.ID)
	if err != nil {
		return err
	}
	for _, p := range phases {
		for _, s := range p.Sites {
			if !slices.Contains(in.SiteIDs, s.SiteID) {
				site, err := tx.site(ctx, in.AllianceID, s.SiteID)
				if err != nil {
					return err
				}
				return accord.FieldError("site_ids", "%s is in the scope of phase %d, %s: take it out of the phase first", site.Name, p.Ordinal, p.Name)
			}
		}
	}
	return nil
}

// AdoptInitiative adopts a proposed initiative by a motion of the
// alliance that has passed.
func (db *DB) AdoptInitiative(ctx context.Context, actor accord.Actor, allianceID, id, motionID string) (accord.Initiative, error) {
	var in accord.Initiative
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if in, err = tx.initiative(ctx, allianceID, id); err != nil {
			return err
		}
		if in.Status != accord.InitiativeProposed {
			return accord.Errorf(accord.ECONFLICT, "%s is already %s", in.Name, in.Status)
		}
		m, err := tx.passedMotion(ctx, allianceID, motionID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE initiatives SET status = ?, adopting_motion_id = ?, updated_at = ? WHERE id = ?",
			accord.InitiativeAdopted, m.ID, ts(tx.now), id); err != nil {
			return err
		}
		in.Status, in.AdoptingMotionID, in.UpdatedAt = accord.InitiativeAdopted, m.ID, tx.now
		return tx.auditInitiative(ctx, actor, change{allianceID: allianceID, action: "adopt", entity: "initiative", entityID: id,
			before: map[string]any{"status": accord.InitiativeProposed},
			after:  map[string]any{"status": in.Status, "motion_id": m.ID, "motion_number": m.Number}})
	})
	return in, err
}

// passedMotion reads a motion of the alliance by id and checks it passed.
func (tx *Tx) passedMotion(ctx context.Context, allianceID, motionID string) (accord.Motion, error) {
	m, err := scanMotion(tx.queryRow(ctx, motionSelect+" WHERE n.alliance_id = ? AND n.id = ?", allianceID, motionID))
	if err != nil {
		return m, accord.FieldError("motion_id", "is not a motion of this alliance")
	}
	if m.Status != accord.MotionPassed {
		return m, accord.FieldError("motion_id", "motion %d is %s: only a motion that passed decides", m.Number, m.Status)
	}
	return m, nil
}

// placeholders returns n comma-separated placeholders.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
