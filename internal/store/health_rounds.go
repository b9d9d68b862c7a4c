package store

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

const roundSelect = `SELECT r.id, r.alliance_id, r.instrument_id, i.key, i.version, r.opens_on, r.closes_on, r.status,
	r.reminder_days, r.reminders_sent, r.opened_at, r.closed_at, r.eligible, r.responses
	FROM health_rounds r JOIN health_instruments i ON i.id = r.instrument_id`

func scanRound(s scanner) (accord.HealthRound, error) {
	var r accord.HealthRound
	var days string
	err := s.Scan(&r.ID, &r.AllianceID, &r.InstrumentID, &r.InstrumentKey, &r.InstrumentVersion, timeCol{&r.OpensOn}, timeCol{&r.ClosesOn},
		&r.Status, &days, &r.RemindersSent, nullTimeCol{&r.OpenedAt}, nullTimeCol{&r.ClosedAt}, &r.Eligible, &r.Responses)
	if err != nil {
		return r, err
	}
	r.ReminderDays, err = parseDays(days)
	return r, err
}

// ScheduleRound schedules a round of the alliance with one of its
// instrument versions. Nil ReminderDays take the alliance's settings (those
// that fall while the round is open); an empty list sends no reminder. A
// round may not overlap another round not yet closed.
func (db *DB) ScheduleRound(ctx context.Context, actor accord.Actor, r *accord.HealthRound) error {
	return db.update(ctx, func(tx *Tx) error {
		in, err := tx.instrument(ctx, r.AllianceID, r.InstrumentID)
		if accord.ErrorCode(err) == accord.ENOTFOUND {
			return accord.FieldError("instrument_id", "is not a survey instrument of this alliance")
		} else if err != nil {
			return err
		}
		if r.ReminderDays == nil {
			s, err := tx.healthSettings(ctx, r.AllianceID)
			if err != nil {
				return err
			}
			r.ReminderDays = remindersWithin(s.ReminderDays, r.OpensOn, r.ClosesOn)
		}
		if err := r.Validate(tx.now); err != nil {
			return err
		}
		var overlapping int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM health_rounds WHERE alliance_id = ? AND status <> ? AND opens_on <= ? AND closes_on >= ?",
			r.AllianceID, accord.RoundClosed, day(r.ClosesOn), day(r.OpensOn)).Scan(&overlapping); err != nil {
			return err
		}
		if overlapping > 0 {
			return &accord.Error{Code: accord.ECONFLICT, Field: "opens_on", Message: "another round is scheduled or open in these days; rounds may not overlap"}
		}
		r.ID, r.Status, r.RemindersSent, r.OpenedAt, r.ClosedAt, r.Eligible, r.Responses = newID(), accord.RoundScheduled, 0, nil, nil, 0, 0
		r.InstrumentKey, r.InstrumentVersion = in.Key, in.Version
		if _, err := tx.exec(ctx, `INSERT INTO health_rounds (id, alliance_id, instrument_id, opens_on, closes_on, status, reminder_days, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.AllianceID, r.InstrumentID, day(r.OpensOn), day(r.ClosesOn), r.Status, daysText(r.ReminderDays), ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: r.AllianceID, action: "schedule", entity: "health_round", entityID: r.ID, after: r})
	})
}

// earlier returns the earlier of two times.
func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// remindersWithin keeps the reminder days that fall while a round from
// opens to closes is open.
func remindersWithin(ds []int, opens, closes time.Time) []int {
	days := int(accord.Day(closes).Sub(accord.Day(opens)).Hours()/24) + 1
	out := []int{}
	for _, d := range ds {
		if d >= 1 && d < days {
			out = append(out, d)
		}
	}
	return out
}

// OpenRound opens a scheduled round and tells every active member (inbox
// and e-mail). Opened before the day it was to open, it opens today; a round whose last day has passed cannot open, and
// an alliance has one round open at a time.
func (db *DB) OpenRound(ctx context.Context, actor accord.Actor, allianceID, id string) (accord.HealthRound, error) {
	var r accord.HealthRound
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if r, err = tx.round(ctx, allianceID, id); err != nil {
			return err
		}
		today := accord.Day(tx.now)
		switch {
		case r.Status != accord.RoundScheduled:
			return accord.Errorf(accord.ECONFLICT, "the round is %s; only a scheduled round can open", r.Status)
		case r.ClosesOn.Before(today):
			return accord.Errorf(accord.ECONFLICT, "the round was to close on %s, which has passed; schedule a new round", r.ClosesOn.Format("2 January 2006"))
		}
		var open int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM health_rounds WHERE alliance_id = ? AND status = ?", allianceID, accord.RoundOpen).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return accord.Errorf(accord.ECONFLICT, "another round of this alliance is open; close it first")
		}
		before := r
		now := tx.now
		r.OpensOn, r.Status, r.OpenedAt = earlier(r.OpensOn, today), accord.RoundOpen, &now
		if _, err := tx.exec(ctx, "UPDATE health_rounds SET status = ?, opens_on = ?, opened_at = ? WHERE id = ?", r.Status, day(r.OpensOn), ts(tx.now), r.ID); err != nil {
			return err
		}
		if err := tx.audit(ctx, actor, change{allianceID: allianceID, action: "open", entity: "health_round", entityID: r.ID,
			before: map[string]any{"status": before.Status, "opens_on": day(before.OpensOn)}, after: map[string]any{"status": r.Status, "opens_on": day(r.OpensOn)}}); err != nil {
			return err
		}
		return tx.notifyRoundOpened(ctx, r)
	})
	return r, err
}

// CloseRound closes an open round: closed before its last day, it closes
// today. It counts who could answer and the answers, then seals the round.
func (db *DB) CloseRound(ctx context.Context, actor accord.Actor, allianceID, id string) (accord.HealthRound, error) {
	var r accord.HealthRound
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if r, err = tx.round(ctx, allianceID, id); err != nil {
			return err
		}
		// Only an open round closes, checked and set at once: of two
		// closings at the same time (two servers' jobs, a person and the
		// job) the second waits for the first and finds it closed, so the
		// round is counted, sealed and its signals raised once.
		res, err := tx.exec(ctx, "UPDATE health_rounds SET status = ? WHERE id = ? AND status = ?", accord.RoundClosed, r.ID, accord.RoundOpen)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			if r, err = tx.round(ctx, allianceID, id); err != nil {
				return err
			}
			return accord.Errorf(accord.ECONFLICT, "the round is %s; only an open round can close", r.Status)
		}
		counts, err := tx.liveCounts(ctx, r)
		if err != nil {
			return err
		}
		if err := tx.sealRound(ctx, r.ID); err != nil {
			return err
		}
		for _, p := range counts.Parties {
			if _, err := tx.exec(ctx, "INSERT INTO health_round_parties (round_id, party_id, eligible, responses) VALUES (?, ?, ?, ?)",
				r.ID, p.PartyID, p.Eligible, p.Responses); err != nil {
				return err
			}
		}
		now := tx.now
		r.ClosesOn, r.Status, r.ClosedAt = earlier(r.ClosesOn, accord.Day(now)), accord.RoundClosed, &now
		r.Eligible, r.Responses = counts.Eligible, counts.Responses
		if _, err := tx.exec(ctx, "UPDATE health_rounds SET status = ?, closes_on = ?, closed_at = ?, eligible = ?, responses = ? WHERE id = ?",
			r.Status, day(r.ClosesOn), ts(tx.now), r.Eligible, r.Responses, r.ID); err != nil {
			return err
		}
		// Its invitations and reminders ask for nothing any more: only one
		// round is open at a time, so every unread one is this round's.
		if _, err := tx.exec(ctx, "UPDATE notifications SET read_at = ? WHERE alliance_id = ? AND kind IN (?, ?) AND read_at IS NULL",
			ts(tx.now), allianceID, string(accord.NotifyHealthRoundOpened), string(accord.NotifyHealthReminder)); err != nil {
			return err
		}
		if err := tx.raiseSurveySignals(ctx, r, counts); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "close", entity: "health_round", entityID: r.ID,
			after: map[string]any{"status": r.Status, "closes_on": day(r.ClosesOn), "eligible": r.Eligible, "responses": r.Responses}})
	})
	return r, err
}

// sealRound rewrites a round's respondents and responses, each in the
// order of its key, within the closing transaction. On PostgreSQL every row
// then carries the closing transaction's id (xmin) and a position (ctid)
// given by its key, not those of the transaction that submitted it, which
// were the same for a respondent and their response; on SQLite the tables
// have no row numbers to rewrite, but the same code runs on both.
func (tx *Tx) sealRound(ctx context.Context, roundID string) error {
	resps, err := tx.responses(ctx, roundID)
	if err != nil {
		return err
	}
	members, err := tx.strings(ctx, "SELECT membership_id FROM health_respondents WHERE round_id = ? ORDER BY membership_id", roundID)
	if err != nil {
		return err
	}
	for _, table := range []string{"health_responses", "health_respondents"} {
		if _, err := tx.exec(ctx, "DELETE FROM "+table+" WHERE round_id = ?", roundID); err != nil {
			return fmt.Errorf("seal round: %w", err)
		}
	}
	if err := tx.insertResponses(ctx, roundID, resps); err != nil {
		return fmt.Errorf("seal round: %w", err)
	}
	b := tx.newBatchInsert("INSERT INTO health_respondents (round_id, membership_id) VALUES ", "(?1, ?)", 64, roundID)
	defer b.close()
	for _, m := range members {
		if err := b.add(ctx, m); err != nil {
			return fmt.Errorf("seal round: %w", err)
		}
	}
	return b.flush(ctx)
}

// ListRounds lists an alliance's rounds, the latest first.
func (db *DB) ListRounds(ctx context.Context, f accord.HealthRoundFilter) ([]accord.HealthRound, error) {
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	q, args := roundSelect+" WHERE r.alliance_id = ?", []any{f.AllianceID}
	if f.Status != "" {
		q, args = q+" AND r.status = ?", append(args, f.Status)
	}
	q += fmt.Sprintf(" ORDER BY r.opens_on DESC, r.id DESC LIMIT %d", f.Limit)
	var out []accord.HealthRound
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanRound, q, args...)
		return err
	})
	return out, err
}

// HealthRound returns one round of the alliance.
func (db *DB) HealthRound(ctx context.Context, allianceID, id string) (accord.HealthRound, error) {
	var r accord.HealthRound
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		r, err = tx.round(ctx, allianceID, id)
		return err
	})
	return r, err
}

func (tx *Tx) round(ctx context.Context, allianceID, id string) (accord.HealthRound, error) {
	r, err := scanRound(tx.queryRow(ctx, roundSelect+" WHERE r.alliance_id = ? AND r.id = ?", allianceID, id))
	return r, notFound(err, "survey round")
}

// DueHealthRounds lists, across alliances, the scheduled rounds whose
// first day has come, the open rounds whose last day has passed, and the
// open rounds (not closing) whose next reminder is due.
func (db *DB) DueHealthRounds(ctx context.Context, now time.Time) (accord.HealthDue, error) {
	var due accord.HealthDue
	today := accord.Day(now)
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if due.Open, err = queryAll(ctx, tx, scanRound, roundSelect+" WHERE r.status = ? AND r.opens_on <= ? ORDER BY r.opens_on, r.id",
			accord.RoundScheduled, day(today)); err != nil {
			return err
		}
		open, err := queryAll(ctx, tx, scanRound, roundSelect+" WHERE r.status = ? ORDER BY r.opens_on, r.id", accord.RoundOpen)
		for _, r := range open {
			if r.ClosesOn.Before(today) {
				due.Close = append(due.Close, r)
			} else if on, ok := r.NextReminder(); ok && !on.After(today) {
				due.Remind = append(due.Remind, r)
			}
		}
		return err
	})
	return due, err
}

// RecordReminder notes that the round's reminder number sent went out,
// if the previous one was the last noted, and in the same transaction
// reminds the members who have not answered (inbox and e-mail): of
// several servers running the reminder job, one sends each reminder.
func (db *DB) RecordReminder(ctx context.Context, allianceID, roundID string, sent int) (bool, error) {
	var ok bool
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE health_rounds SET reminders_sent = ? WHERE alliance_id = ? AND id = ? AND status = ? AND reminders_sent = ?",
			sent, allianceID, roundID, accord.RoundOpen, sent-1)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if ok = n == 1; !ok || err != nil {
			return err
		}
		if err := tx.audit(ctx, healthSystem, change{allianceID: allianceID, action: "remind", entity: "health_round", entityID: roundID,
			after: map[string]any{"reminders_sent": sent}}); err != nil {
			return err
		}
		r, err := tx.round(ctx, allianceID, roundID)
		if err != nil {
			return err
		}
		return tx.notifyReminder(ctx, r)
	})
	return ok, err
}
