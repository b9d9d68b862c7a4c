package store

import (
	"context"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

const protocolSelect = `SELECT p.id, p.alliance_id, p.title, p.from_party_id, fo.name, COALESCE(p.to_party_id, ''), COALESCE(tor.name, ''),
	p.kpi_keys, p.categories, p.segments, p.purpose, p.starts_on, p.ends_on, p.status, COALESCE(p.motion_id, ''), p.created_at
	FROM protocols p JOIN parties fp ON fp.id = p.from_party_id JOIN organizations fo ON fo.id = fp.org_id
	LEFT JOIN parties tp ON tp.id = p.to_party_id LEFT JOIN organizations tor ON tor.id = tp.org_id`

func scanProtocol(s interface{ Scan(...any) error }) (accord.Protocol, error) {
	var p accord.Protocol
	var keys, cats, segs string
	err := s.Scan(&p.ID, &p.AllianceID, &p.Title, &p.FromPartyID, &p.FromParty, &p.ToPartyID, &p.ToParty, &keys, &cats, &segs,
		&p.Purpose, timeCol{&p.StartsOn}, nullTimeCol{&p.EndsOn}, &p.Status, &p.MotionID, timeCol{&p.CreatedAt})
	p.KPIKeys, p.Categories, p.Segments = splitList(keys), splitList(cats), splitList(segs)
	if p.ToPartyID == "" {
		p.ToParty = "every other party"
	}
	return p, err
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// ProposeProtocol registers a data-sharing protocol and puts it to the
// committee as a motion under consent of every party; it becomes active
// when the motion passes. The motion is returned.
func (db *DB) ProposeProtocol(ctx context.Context, actor accord.Actor, p *accord.Protocol, m *accord.Motion) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		for _, id := range []string{p.FromPartyID, p.ToPartyID} {
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM parties WHERE id = ? AND alliance_id = ?", id, p.AllianceID).Scan(&n); err != nil {
				return err
			}
			if id != "" && n == 0 {
				return accord.FieldError("party", "is not a party to this alliance")
			}
		}
		p.ID, p.Status, p.CreatedAt = newID(), accord.ProtocolProposed, tx.now
		_, err := tx.exec(ctx, `INSERT INTO protocols (id, alliance_id, title, from_party_id, to_party_id, kpi_keys, categories, segments, purpose,
			starts_on, ends_on, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, p.AllianceID, p.Title, p.FromPartyID, nullStr(p.ToPartyID), strings.Join(p.KPIKeys, ","), strings.Join(p.Categories, ","),
			strings.Join(p.Segments, ","), p.Purpose, day(p.StartsOn), dayPtr(p.EndsOn), p.Status, ts(tx.now))
		if err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, change{allianceID: p.AllianceID, action: "propose", entity: "protocol", entityID: p.ID, after: p}); err != nil {
			return err
		}
		m.AllianceID, m.SubjectKind, m.SubjectID = p.AllianceID, accord.SubjectProtocol, p.ID
		if m.Title == "" {
			m.Title = "Approve the data-sharing protocol: " + p.Title
		}
		if m.Rule == "" {
			m.Rule = "party-consent"
		}
		if err := m.Validate(); err != nil {
			return err
		}
		if err := tx.proposeMotion(ctx, actor, m); err != nil {
			return err
		}
		p.MotionID = m.ID
		_, err = tx.exec(ctx, "UPDATE protocols SET motion_id = ? WHERE id = ?", m.ID, p.ID)
		return err
	})
}

func (tx *Tx) setProtocolStatus(ctx context.Context, actor accord.Actor, allianceID, id, status, motionID string) error {
	if _, err := tx.exec(ctx, "UPDATE protocols SET status = ?, motion_id = ? WHERE id = ? AND alliance_id = ?", status, motionID, id, allianceID); err != nil {
		return err
	}
	if err := tx.bumpScorecard(ctx, allianceID); err != nil {
		return err
	}
	return tx.audit(ctx, actor, change{allianceID: allianceID, action: status, entity: "protocol", entityID: id})
}

// EndProtocol ends an active protocol from a day on: sharing stops.
func (db *DB) EndProtocol(ctx context.Context, actor accord.Actor, allianceID, id string, on time.Time) (accord.Protocol, error) {
	var p accord.Protocol
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if p, err = scanProtocol(tx.queryRow(ctx, protocolSelect+" WHERE p.alliance_id = ? AND p.id = ?", allianceID, id)); err != nil {
			return notFound(err, "protocol")
		}
		if p.Status != accord.ProtocolActive {
			return accord.Errorf(accord.ECONFLICT, "only an active protocol can end (this one is %s)", p.Status)
		}
		end := accord.Day(on)
		if end.Before(p.StartsOn) {
			return accord.FieldError("on", "must not be before the protocol starts (%s)", day(p.StartsOn))
		}
		p.EndsOn, p.Status = &end, accord.ProtocolEnded
		if _, err := tx.exec(ctx, "UPDATE protocols SET ends_on = ?, status = ? WHERE id = ?", day(end), p.Status, id); err != nil {
			return err
		}
		if err := tx.bumpScorecard(ctx, allianceID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "end", entity: "protocol", entityID: id, after: map[string]any{"ends_on": day(end)}})
	})
	return p, err
}

// ListProtocols returns an alliance's protocols, active first.
func (db *DB) ListProtocols(ctx context.Context, allianceID string) ([]accord.Protocol, error) {
	var out []accord.Protocol
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanProtocol, protocolSelect+" WHERE p.alliance_id = ? ORDER BY CASE p.status WHEN 'active' THEN 0 WHEN 'proposed' THEN 1 ELSE 2 END, p.starts_on DESC", allianceID)
		return err
	})
	return out, err
}
