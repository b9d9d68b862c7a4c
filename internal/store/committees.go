package store

import (
	"context"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

const committeeSelect = `SELECT id, alliance_id, key, name, purpose, cadence, cadence_days, meeting_time, meeting_minutes,
	quorum_present, quorum_parties, quorum_clinical, allow_proxies, approves_scorecard, packet_days, created_at FROM committees`

func scanCommittee(s interface{ Scan(...any) error }) (accord.Committee, error) {
	var c accord.Committee
	err := s.Scan(&c.ID, &c.AllianceID, &c.Key, &c.Name, &c.Purpose, &c.Cadence, &c.CadenceDays, &c.MeetingTime, &c.MeetingMinutes,
		&c.QuorumPresent, &c.QuorumParties, &c.QuorumClinical, &c.AllowProxies, &c.ApprovesScorecard, &c.PacketDays, timeCol{&c.CreatedAt})
	return c, err
}

// bit stores a flag as 0 or 1, the same on both databases.
func bit(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CreateCommittee adds a committee to an alliance. Only one committee may
// approve the scorecard.
func (db *DB) CreateCommittee(ctx context.Context, actor accord.Actor, c *accord.Committee) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if c.ApprovesScorecard {
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM committees WHERE alliance_id = ? AND approves_scorecard = 1", c.AllianceID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return accord.FieldError("approves_scorecard", "another committee already approves the scorecard")
			}
		}
		c.ID, c.CreatedAt = newID(), tx.now
		_, err := tx.exec(ctx, `INSERT INTO committees (id, alliance_id, key, name, purpose, cadence, cadence_days, meeting_time, meeting_minutes,
			quorum_present, quorum_parties, quorum_clinical, allow_proxies, approves_scorecard, packet_days, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.AllianceID, c.Key, c.Name, c.Purpose, c.Cadence, c.CadenceDays, c.MeetingTime, c.MeetingMinutes,
			c.QuorumPresent, bit(c.QuorumParties), c.QuorumClinical, bit(c.AllowProxies), bit(c.ApprovesScorecard), c.PacketDays, ts(tx.now))
		if err != nil {
			if accord.ErrorCode(translate(tx.dialect, err)) == accord.ECONFLICT {
				return accord.FieldError("key", "another committee of this alliance has the key %q", c.Key)
			}
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: c.AllianceID, action: "create", entity: "committee", entityID: c.ID, after: c})
	})
}

// ListCommittees returns an alliance's committees with their seats.
func (db *DB) ListCommittees(ctx context.Context, allianceID string) ([]accord.Committee, error) {
	var out []accord.Committee
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if out, err = queryAll(ctx, tx, scanCommittee, committeeSelect+" WHERE alliance_id = ? ORDER BY approves_scorecard DESC, name", allianceID); err != nil {
			return err
		}
		for i := range out {
			if out[i].Seats, err = tx.seats(ctx, out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// CommitteeByKey returns one committee of an alliance with its seats.
func (db *DB) CommitteeByKey(ctx context.Context, allianceID, key string) (accord.Committee, error) {
	var c accord.Committee
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		c, err = tx.committee(ctx, "alliance_id = ? AND key = ?", allianceID, key)
		return err
	})
	return c, err
}

func (tx *Tx) committee(ctx context.Context, where string, args ...any) (accord.Committee, error) {
	c, err := scanCommittee(tx.queryRow(ctx, committeeSelect+" WHERE "+where, args...))
	if err != nil {
		return c, notFound(err, "committee")
	}
	c.Seats, err = tx.seats(ctx, c.ID)
	return c, err
}

const seatSelect = `SELECT s.id, s.committee_id, s.party_id, o.name, s.role, COALESCE(s.member_id, ''), COALESCE(m.user_id, ''),
	COALESCE(u.name, ''), COALESCE(u.email, ''), s.chair, s.term_start, s.term_end
	FROM committee_seats s JOIN parties p ON p.id = s.party_id JOIN organizations o ON o.id = p.org_id
	LEFT JOIN memberships m ON m.id = s.member_id LEFT JOIN users u ON u.id = m.user_id`

func (tx *Tx) seats(ctx context.Context, committeeID string) ([]accord.Seat, error) {
	return queryAll(ctx, tx, scanSeat, seatSelect+" WHERE s.committee_id = ? ORDER BY s.chair DESC, o.name, s.role, u.name", committeeID)
}

func scanSeat(row scanner) (accord.Seat, error) {
	var s accord.Seat
	var role string
	err := row.Scan(&s.ID, &s.CommitteeID, &s.PartyID, &s.PartyName, &role, &s.MemberID, &s.UserID, &s.HolderName, &s.HolderEmail,
		&s.Chair, timeCol{&s.TermStart}, nullTimeCol{&s.TermEnd})
	s.Role = accord.Role(role)
	return s, err
}

// AddSeat adds a seat to a committee for a party and role, held by a
// member of that party who holds that role (or vacant).
func (db *DB) AddSeat(ctx context.Context, actor accord.Actor, committeeID string, s *accord.Seat) error {
	if !s.Role.Valid() || s.Role == accord.RoleObserver {
		return accord.FieldError("role", "must be a role that can hold a seat (not observer)")
	}
	if s.TermEnd != nil && s.TermEnd.Before(s.TermStart) {
		return accord.FieldError("term_end", "must not be before term_start")
	}
	return db.update(ctx, func(tx *Tx) error {
		var allianceID string
		if err := tx.queryRow(ctx, "SELECT alliance_id FROM committees WHERE id = ?", committeeID).Scan(&allianceID); err != nil {
			return notFound(err, "committee")
		}
		if s.TermStart.IsZero() {
			s.TermStart = accord.Day(tx.now)
		}
		if err := tx.checkSeatHolder(ctx, allianceID, s); err != nil {
			return err
		}
		s.ID, s.CommitteeID = newID(), committeeID
		if s.Chair {
			if _, err := tx.exec(ctx, "UPDATE committee_seats SET chair = 0 WHERE committee_id = ?", committeeID); err != nil {
				return err
			}
		}
		_, err := tx.exec(ctx, "INSERT INTO committee_seats (id, committee_id, party_id, role, member_id, chair, term_start, term_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			s.ID, committeeID, s.PartyID, string(s.Role), nullStr(s.MemberID), bit(s.Chair), day(s.TermStart), dayPtr(s.TermEnd))
		if err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "create", entity: "seat", entityID: s.ID,
			after: map[string]any{"committee_id": committeeID, "party_id": s.PartyID, "role": s.Role, "member_id": s.MemberID, "chair": s.Chair,
				"term_start": day(s.TermStart), "term_end": dayPtr(s.TermEnd)}})
	})
}

// checkSeatHolder checks the seat's party is the alliance's and that its
// holder, if any, is an active member of that party with the seat's role.
func (tx *Tx) checkSeatHolder(ctx context.Context, allianceID string, s *accord.Seat) error {
	var n int
	if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM parties WHERE id = ? AND alliance_id = ?", s.PartyID, allianceID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return accord.FieldError("party_id", "is not a party to this alliance")
	}
	if s.MemberID == "" {
		return nil
	}
	var party, roles string
	var active bool
	err := tx.queryRow(ctx, "SELECT party_id, roles, active FROM memberships WHERE id = ? AND alliance_id = ?", s.MemberID, allianceID).Scan(&party, &roles, &active)
	if err != nil {
		return accord.FieldError("member_id", "is not a member of this alliance")
	}
	rs, _ := accord.ParseRoles(roles)
	if party != s.PartyID || !active || !rs.Has(s.Role) {
		return accord.FieldError("member_id", "must be an active member of the seat's party holding the role %s", s.Role.Label())
	}
	return nil
}

// seatHolders returns the seats of a committee held on day d.
func (tx *Tx) seatHolders(ctx context.Context, committeeID string, d time.Time) ([]accord.Seat, error) {
	all, err := tx.seats(ctx, committeeID)
	if err != nil {
		return nil, err
	}
	var out []accord.Seat
	for _, s := range all {
		if s.Serving(d) {
			out = append(out, s)
		}
	}
	return out, nil
}

// memberID returns the membership of a user in an alliance.
func (tx *Tx) memberID(ctx context.Context, allianceID, userID string) (string, error) {
	var id string
	err := tx.queryRow(ctx, "SELECT id FROM memberships WHERE alliance_id = ? AND user_id = ? AND active = ?", allianceID, userID, true).Scan(&id)
	if err != nil {
		return "", accord.Errorf(accord.EFORBIDDEN, "you are not an active member of this alliance")
	}
	return id, nil
}
