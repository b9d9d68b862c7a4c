package store

import (
	"context"
	"slices"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

const commitmentSelect = `SELECT c.id, c.alliance_id, c.initiative_id, COALESCE(c.phase_id, ''), c.party_id, c.kind, c.description, c.amount,
	c.hours, c.role, c.rate, c.due_on, c.created_at FROM commitments c`

func scanCommitment(s scanner) (accord.Commitment, error) {
	var c accord.Commitment
	err := s.Scan(&c.ID, &c.AllianceID, &c.InitiativeID, &c.PhaseID, &c.PartyID, &c.Kind, &c.Description, (*int64)(&c.Amount),
		(*int64)(&c.Hours), &c.Role, (*int64)(&c.Rate), timeCol{&c.DueOn}, timeCol{&c.CreatedAt})
	return c, err
}

// AddCommitment records a party's commitment to an initiative that has
// not ended, or to one of its phases.
func (db *DB) AddCommitment(ctx context.Context, actor accord.Actor, c *accord.Commitment) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.openInitiative(ctx, c.AllianceID, c.InitiativeID); err != nil {
			return err
		}
		if err := tx.partyIn(ctx, c.AllianceID, c.PartyID, "party_id"); err != nil {
			return err
		}
		if c.PhaseID != "" {
			p, err := tx.phase(ctx, c.AllianceID, c.PhaseID)
			if err != nil || p.InitiativeID != c.InitiativeID {
				return accord.FieldError("phase_id", "is not a phase of this initiative")
			}
		}
		c.ID, c.CreatedAt = newID(), tx.now
		if _, err := tx.exec(ctx, `INSERT INTO commitments (id, alliance_id, initiative_id, phase_id, party_id, kind, description, amount, hours, role, rate, due_on, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.AllianceID, c.InitiativeID, nullStr(c.PhaseID), c.PartyID, c.Kind, c.Description,
			int64(c.Amount), int64(c.Hours), c.Role, int64(c.Rate), day(c.DueOn), ts(tx.now)); err != nil {
			return err
		}
		return tx.auditInitiative(ctx, actor, change{allianceID: c.AllianceID, action: "commit", entity: "commitment", entityID: c.ID, after: c})
	})
}

// ListCommitments lists the alliance's commitments by initiative, due
// date and party.
func (db *DB) ListCommitments(ctx context.Context, allianceID string) ([]accord.Commitment, error) {
	var out []accord.Commitment
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanCommitment, commitmentSelect+" WHERE c.alliance_id = ? ORDER BY c.initiative_id, c.due_on, c.party_id, c.id", allianceID)
		return err
	})
	return out, err
}

const contributionSelect = `SELECT x.id, x.alliance_id, x.commitment_id, c.initiative_id, COALESCE(c.phase_id, ''), c.party_id, x.amount, x.hours,
	x.on_date, x.note, x.entered_by, eu.name, x.entered_at, COALESCE(x.acknowledged_by, ''), COALESCE(au.name, ''), x.acknowledged_at,
	x.disputed, x.dispute_reason, COALESCE(du.name, ''), x.disputed_at, x.resolution, x.resolution_note, COALESCE(ru.name, ''), x.resolved_at
	FROM contributions x JOIN commitments c ON c.id = x.commitment_id
	JOIN memberships em ON em.id = x.entered_by JOIN users eu ON eu.id = em.user_id
	LEFT JOIN memberships am ON am.id = x.acknowledged_by LEFT JOIN users au ON au.id = am.user_id
	LEFT JOIN memberships dm ON dm.id = x.disputed_by LEFT JOIN users du ON du.id = dm.user_id
	LEFT JOIN memberships rm ON rm.id = x.resolved_by LEFT JOIN users ru ON ru.id = rm.user_id`

func scanContribution(s scanner) (accord.Contribution, error) {
	var x accord.Contribution
	err := s.Scan(&x.ID, &x.AllianceID, &x.CommitmentID, &x.InitiativeID, &x.PhaseID, &x.PartyID, (*int64)(&x.Amount), (*int64)(&x.Hours),
		timeCol{&x.On}, &x.Note, &x.EnteredByID, &x.EnteredByName, timeCol{&x.EnteredAt}, &x.AcknowledgedByID, &x.AcknowledgedByName,
		nullTimeCol{&x.AcknowledgedAt}, &x.Disputed, &x.DisputeReason, &x.DisputedByName, nullTimeCol{&x.DisputedAt}, &x.Resolution,
		&x.ResolutionNote, &x.ResolvedByName, nullTimeCol{&x.ResolvedAt})
	return x, err
}

func (tx *Tx) contribution(ctx context.Context, allianceID, id string) (accord.Contribution, error) {
	x, err := scanContribution(tx.queryRow(ctx, contributionSelect+" WHERE x.alliance_id = ? AND x.id = ?", allianceID, id))
	return x, notFound(err, "contribution")
}

// EnterContribution records a contribution against a commitment, entered
// by a member of the committing party. Staff time is given in hours and
// valued at the commitment's rate.
func (db *DB) EnterContribution(ctx context.Context, actor accord.Actor, x *accord.Contribution) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		c, err := scanCommitment(tx.queryRow(ctx, commitmentSelect+" WHERE c.alliance_id = ? AND c.id = ?", x.AllianceID, x.CommitmentID))
		if err != nil {
			return notFound(err, "commitment")
		}
		if _, err := tx.openInitiative(ctx, x.AllianceID, c.InitiativeID); err != nil {
			return err
		}
		by, err := tx.actorMember(ctx, x.AllianceID, actor)
		if err != nil {
			return err
		}
		if by.PartyID != c.PartyID {
			return accord.Errorf(accord.EFORBIDDEN, "a contribution is entered by the party that made the commitment, and you act for %s", by.PartyName)
		}
		if err := valueContribution(x, c); err != nil {
			return err
		}
		x.ID, x.InitiativeID, x.PhaseID, x.PartyID = newID(), c.InitiativeID, c.PhaseID, c.PartyID
		x.EnteredByID, x.EnteredByName, x.EnteredAt = by.ID, by.UserName, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO contributions (id, alliance_id, commitment_id, amount, hours, on_date, note, entered_by, entered_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, x.ID, x.AllianceID, x.CommitmentID, int64(x.Amount), int64(x.Hours), day(x.On), x.Note,
			by.ID, ts(tx.now)); err != nil {
			return err
		}
		return tx.auditInitiative(ctx, actor, change{allianceID: x.AllianceID, action: "enter", entity: "contribution", entityID: x.ID,
			after: map[string]any{"commitment_id": x.CommitmentID, "amount": x.Amount, "hours": x.Hours, "date": day(x.On), "note": x.Note}})
	})
}

// valueContribution sets a staff-time contribution's amount from its hours
// at the commitment's rate, and refuses hours on any other.
func valueContribution(x *accord.Contribution, c accord.Commitment) error {
	if c.Kind != accord.CommitStaffTime {
		if x.Hours != 0 {
			return accord.FieldError("hours", "only staff time is given in hours; this commitment is %s", strings.ReplaceAll(c.Kind, "_", " "))
		}
		return nil
	}
	if x.Hours <= 0 {
		return accord.FieldError("hours", "staff time is given in hours, valued at the agreed %s an hour", c.Rate)
	}
	v := accord.StaffValue(x.Hours, c.Rate)
	if x.Amount != 0 && x.Amount != v {
		return accord.FieldError("amount", "of %s hours at %s an hour is %s, not %s", x.Hours, c.Rate, v, x.Amount)
	}
	if v <= 0 {
		return accord.FieldError("hours", "are worth less than a cent")
	}
	x.Amount = v
	return nil
}

// AcknowledgeContribution records that a member of another party than the
// contributing one acknowledges the contribution.
func (db *DB) AcknowledgeContribution(ctx context.Context, actor accord.Actor, allianceID, id string) (accord.Contribution, error) {
	return db.changeContribution(ctx, actor, allianceID, id, "acknowledge", func(tx *Tx, x *accord.Contribution, by accord.Membership) error {
		switch {
		case by.PartyID == x.PartyID:
			return accord.Errorf(accord.EFORBIDDEN, "a contribution is acknowledged by another party than the one that made it")
		case x.AcknowledgedAt != nil:
			return accord.Errorf(accord.ECONFLICT, "%s has already acknowledged this contribution", x.AcknowledgedByName)
		case x.Disputed && x.Resolution == "":
			return accord.Errorf(accord.ECONFLICT, "this contribution is disputed: resolve the dispute first")
		case x.Resolution == accord.ResolutionWithdrawn:
			return accord.Errorf(accord.ECONFLICT, "this contribution was withdrawn when its dispute was resolved")
		}
		_, err := tx.exec(ctx, "UPDATE contributions SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ?", by.ID, ts(tx.now), id)
		return err
	})
}

// DisputeContribution flags a contribution as disputed by a member of
// another party, with the reason; it stays out of the totals until the
// dispute is resolved.
func (db *DB) DisputeContribution(ctx context.Context, actor accord.Actor, allianceID, id, reason string) (accord.Contribution, error) {
	reason, err := accord.CheckDisputeReason(reason)
	if err != nil {
		return accord.Contribution{}, err
	}
	return db.changeContribution(ctx, actor, allianceID, id, "dispute", func(tx *Tx, x *accord.Contribution, by accord.Membership) error {
		switch {
		case by.PartyID == x.PartyID:
			return accord.Errorf(accord.EFORBIDDEN, "a contribution is disputed by another party than the one that made it")
		case x.Disputed:
			return accord.Errorf(accord.ECONFLICT, "this contribution has already been disputed")
		}
		_, err := tx.exec(ctx, "UPDATE contributions SET disputed = ?, dispute_reason = ?, disputed_by = ?, disputed_at = ? WHERE id = ?",
			1, reason, by.ID, ts(tx.now), id)
		return err
	})
}

// ResolveContribution ends a dispute: upheld, the contribution counts
// again; withdrawn, it stays out of the totals for good.
func (db *DB) ResolveContribution(ctx context.Context, actor accord.Actor, allianceID, id, resolution, note string) (accord.Contribution, error) {
	note, err := accord.CheckResolution(resolution, note)
	if err != nil {
		return accord.Contribution{}, err
	}
	return db.changeContribution(ctx, actor, allianceID, id, "resolve", func(tx *Tx, x *accord.Contribution, by accord.Membership) error {
		if !x.Disputed || x.Resolution != "" {
			return accord.Errorf(accord.ECONFLICT, "this contribution has no open dispute")
		}
		_, err := tx.exec(ctx, "UPDATE contributions SET resolution = ?, resolution_note = ?, resolved_by = ?, resolved_at = ? WHERE id = ?",
			resolution, note, by.ID, ts(tx.now), id)
		return err
	})
}

// changeContribution reads a contribution and the actor's membership,
// applies change and audits the contribution before and after.
func (db *DB) changeContribution(ctx context.Context, actor accord.Actor, allianceID, id, action string,
	apply func(*Tx, *accord.Contribution, accord.Membership) error) (accord.Contribution, error) {
	var after accord.Contribution
	err := db.update(ctx, func(tx *Tx) error {
		before, err := tx.contribution(ctx, allianceID, id)
		if err != nil {
			return err
		}
		by, err := tx.actorMember(ctx, allianceID, actor)
		if err != nil {
			return err
		}
		if err := apply(tx, &before, by); err != nil {
			return err
		}
		if after, err = tx.contribution(ctx, allianceID, id); err != nil {
			return err
		}
		return tx.auditInitiative(ctx, actor, change{allianceID: allianceID, action: action, entity: "contribution", entityID: id, before: before, after: after})
	})
	return after, err
}

// ListContributions lists the alliance's contributions by date.
func (db *DB) ListContributions(ctx context.Context, allianceID string) ([]accord.Contribution, error) {
	var out []accord.Contribution
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanContribution, contributionSelect+" WHERE x.alliance_id = ? ORDER BY x.on_date, x.id", allianceID)
		return err
	})
	return out, err
}

func scanLedgerTotal(s scanner) (accord.LedgerTotal, error) {
	var t accord.LedgerTotal
	return t, s.Scan(&t.InitiativeID, &t.PhaseID, &t.PartyID, (*int64)(&t.Budget), (*int64)(&t.Actual), (*int64)(&t.Disputed))
}

// LedgerTotals sums the alliance's ledger per initiative, phase and party:
// commitments as budget, contributions that count as actual, and those
// under an open dispute apart. Two grouped queries.
func (db *DB) LedgerTotals(ctx context.Context, allianceID string) ([]accord.LedgerTotal, error) {
	var out []accord.LedgerTotal
	err := db.view(ctx, func(tx *Tx) error {
		budget, err := queryAll(ctx, tx, scanLedgerTotal, `SELECT c.initiative_id, COALESCE(c.phase_id, ''), c.party_id, CAST(SUM(c.amount) AS BIGINT), 0, 0
			FROM commitments c WHERE c.alliance_id = ? GROUP BY c.initiative_id, c.phase_id, c.party_id`, allianceID)
		if err != nil {
			return err
		}
		actual, err := queryAll(ctx, tx, scanLedgerTotal, `SELECT c.initiative_id, COALESCE(c.phase_id, ''), c.party_id, 0,
			CAST(SUM(CASE WHEN x.disputed = 0 OR x.resolution = ? THEN x.amount ELSE 0 END) AS BIGINT),
			CAST(SUM(CASE WHEN x.disputed <> 0 AND x.resolution = '' THEN x.amount ELSE 0 END) AS BIGINT)
			FROM contributions x JOIN commitments c ON c.id = x.commitment_id WHERE x.alliance_id = ?
			GROUP BY c.initiative_id, c.phase_id, c.party_id`, accord.ResolutionUpheld, allianceID)
		if err != nil {
			return err
		}
		out = mergeTotals(budget, actual)
		return nil
	})
	return out, err
}

// mergeTotals joins budget and actual rows on initiative, phase and party,
// ordered by those.
func mergeTotals(budget, actual []accord.LedgerTotal) []accord.LedgerTotal {
	type key struct{ initiative, phase, party string }
	at := map[key]int{}
	out := budget
	for i, t := range out {
		at[key{t.InitiativeID, t.PhaseID, t.PartyID}] = i
	}
	for _, t := range actual {
		k := key{t.InitiativeID, t.PhaseID, t.PartyID}
		if i, ok := at[k]; ok {
			out[i].Actual, out[i].Disputed = t.Actual, t.Disputed
			continue
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b accord.LedgerTotal) int {
		return strings.Compare(a.InitiativeID+"\x00"+a.PhaseID+"\x00"+a.PartyID, b.InitiativeID+"\x00"+b.PhaseID+"\x00"+b.PartyID)
	})
	return out
}
