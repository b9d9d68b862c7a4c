package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/watch"
)

// signalSelect reads signals with their KPI and owning party, both of
// which a signal not about a KPI's data may lack.
const signalSelect = `SELECT s.id, s.alliance_id, s.kind, s.rule, COALESCE(s.kpi_id, ''), COALESCE(k.key, ''), COALESCE(k.name, ''), s.segment,
	s.severity, s.effect, s.subject, s.summary, COALESCE(s.owner_party_id, ''), COALESCE(o.name, ''), s.first_period, s.last_period, s.status, s.reason,
	CASE WHEN s.live_key IS NULL THEN 0 ELSE 1 END, s.opened_at, s.updated_at, s.acknowledged_at, s.acknowledged_name, s.closed_at, s.closed_name,
	s.subject_type, s.subject_id, s.link, COALESCE(k.direction, ''), COALESCE(k.frequency, '')
	FROM signals s LEFT JOIN kpis k ON k.id = s.kpi_id LEFT JOIN parties p ON p.id = s.owner_party_id LEFT JOIN organizations o ON o.id = p.org_id`

func scanSignal(s interface{ Scan(...any) error }) (accord.Signal, error) {
	var g accord.Signal
	var live int
	var dir accord.Direction
	var freq accord.Frequency
	err := s.Scan(&g.ID, &g.AllianceID, &g.Kind, &g.Rule, &g.KPIID, &g.KPIKey, &g.KPIName, &g.Segment, &g.Severity, &g.Effect, &g.Subject, &g.Summary,
		&g.OwnerPartyID, &g.OwnerName, timeCol{&g.FirstPeriod}, timeCol{&g.LastPeriod}, &g.Status, &g.Reason, &live,
		timeCol{&g.OpenedAt}, timeCol{&g.UpdatedAt}, nullTimeCol{&g.AcknowledgedAt}, &g.AcknowledgedBy, nullTimeCol{&g.ClosedAt}, &g.ClosedBy,
		&g.SubjectType, &g.SubjectID, &g.Link, &dir, &freq)
	g.Live = live == 1
	g.Sentence = watch.Sentence(watch.SignalSentence(g, dir, freq))
	if g.AboutKPI() && g.Link == "" && g.KPIKey != "" {
		g.Link = "kpis/" + g.KPIKey
	}
	return g, err
}

// ListSignals lists an alliance's signals, open ones first, then by
// severity and most recent change.
func (db *DB) ListSignals(ctx context.Context, f accord.SignalFilter) ([]accord.Signal, error) {
	if err := f.Normalize(); err != nil {
		return nil, err
	}
	q, args := signalSelect+" WHERE s.alliance_id = ?", []any{f.AllianceID}
	if f.Status != "" {
		q, args = q+" AND s.status = ?", append(args, f.Status)
	}
	if f.KPIKey != "" {
		q, args = q+" AND k.key = ?", append(args, f.KPIKey)
	}
	if f.Kind != "" {
		q, args = q+" AND s.kind = ?", append(args, f.Kind)
	}
	q += fmt.Sprintf(` ORDER BY CASE s.status WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END,
		CASE s.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, s.updated_at DESC, s.id LIMIT %d`, f.Limit)
	var out []accord.Signal
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanSignal, q, args...)
		return err
	})
	return out, err
}

// OpenSignalCount counts an alliance's open problems: its open signals
// but the improvements, which are good news and not counted as problems.
func (db *DB) OpenSignalCount(ctx context.Context, allianceID string) (int, error) {
	var n int
	err := db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT COUNT(*) FROM signals WHERE alliance_id = ? AND status = ? AND effect <> ?",
			allianceID, accord.SignalOpen, accord.EffectImprovement).Scan(&n)
	})
	return n, err
}

// Signal returns one signal of the alliance.
func (db *DB) Signal(ctx context.Context, allianceID, id string) (accord.Signal, error) {
	var g accord.Signal
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		g, err = tx.signal(ctx, allianceID, id)
		return err
	})
	return g, err
}

func (tx *Tx) signal(ctx context.Context, allianceID, id string) (accord.Signal, error) {
	g, err := scanSignal(tx.queryRow(ctx, signalSelect+" WHERE s.alliance_id = ? AND s.id = ?", allianceID, id))
	return g, notFound(err, "signal")
}

// AcknowledgeSignal records that a person has seen an open signal and is
// looking into it.
func (db *DB) AcknowledgeSignal(ctx context.Context, actor accord.Actor, allianceID, id string) (accord.Signal, error) {
	return db.moveSignal(ctx, actor, allianceID, id, "acknowledge", "", func(g accord.Signal) error {
		if g.Status != accord.SignalOpen {
			return accord.Errorf(accord.ECONFLICT, "this signal is already %s", g.Status)
		}
		return nil
	})
}

// ResolveSignal closes a signal as dealt with; the reason may be empty.
func (db *DB) ResolveSignal(ctx context.Context, actor accord.Actor, allianceID, id, reason string) (accord.Signal, error) {
	reason, err := accord.CleanReason(reason, false)
	if err != nil {
		return accord.Signal{}, err
	}
	return db.moveSignal(ctx, actor, allianceID, id, "resolve", reason, checkOpen)
}

// DismissSignal closes a signal as not needing action; the reason is
// required so the other parties can see why.
func (db *DB) DismissSignal(ctx context.Context, actor accord.Actor, allianceID, id, reason string) (accord.Signal, error) {
	reason, err := accord.CleanReason(reason, true)
	if err != nil {
		return accord.Signal{}, err
	}
	return db.moveSignal(ctx, actor, allianceID, id, "dismiss", reason, checkOpen)
}

func checkOpen(g accord.Signal) error {
	if g.Closed() {
		return accord.Errorf(accord.ECONFLICT, "this signal is already %s", g.Status)
	}
	return nil
}

// moveSignal takes a person's step in a signal's life. A signal closed by
// a person keeps its condition key while the condition holds, so the next
// evaluation does not raise the same condition again.
func (db *DB) moveSignal(ctx context.Context, actor accord.Actor, allianceID, id, action, reason string, check func(accord.Signal) error) (accord.Signal, error) {
	var out accord.Signal
	err := db.update(ctx, func(tx *Tx) error {
		g, err := tx.signal(ctx, allianceID, id)
		if err != nil {
			return err
		}
		if err := check(g); err != nil {
			return err
		}
		now := ts(tx.now)
		switch action {
		case "acknowledge":
			_, err = tx.exec(ctx, `UPDATE signals SET status = ?, acknowledged_at = ?, acknowledged_by = ?, acknowledged_name = ?, updated_at = ? WHERE id = ?`,
				accord.SignalAcknowledged, now, nullStr(actor.UserID), actor.Name, now, id)
		default:
			status := map[string]string{"resolve": accord.SignalResolved, "dismiss": accord.SignalDismissed}[action]
			_, err = tx.exec(ctx, `UPDATE signals SET status = ?, reason = ?, closed_at = ?, closed_by = ?, closed_name = ?, updated_at = ? WHERE id = ?`,
				status, reason, now, nullStr(actor.UserID), actor.Name, now, id)
		}
		if err != nil {
			return err
		}
		if out, err = tx.signal(ctx, allianceID, id); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: action, entity: "signal", entityID: id,
			before: map[string]any{"status": g.Status}, after: map[string]any{"status": out.Status, "reason": reason, "subject": out.Subject}})
	})
	return out, err
}

// liveSignal is a signal whose condition held at the last evaluation.
type liveSignal struct {
	id, key, status, severity, subject, summary, link string
	first, last                                       string
	kind, segment, effect                             string
}

// SyncSignals makes a KPI's signals match the conditions that hold now:
// a new condition opens a signal, an ongoing one updates its signal (never
// a second one), and an open signal whose condition no longer holds
// resolves itself with the reason "condition cleared". Each change is
// audited.
func (db *DB) SyncSignals(ctx context.Context, actor accord.Actor, allianceID, kpiID string, conds []accord.SignalCondition) (accord.SignalSync, error) {
	var res accord.SignalSync
	err := db.update(ctx, func(tx *Tx) error {
		var owner string
		err := tx.queryRow(ctx, "SELECT owner_party_id FROM kpis WHERE id = ? AND alliance_id = ?", kpiID, allianceID).Scan(&owner)
		if errors.Is(err, sql.ErrNoRows) {
			return accord.Errorf(accord.ENOTFOUND, "KPI not found")
		}
		if err != nil {
			return err
		}
		if err := tx.lockKPIs(ctx, []string{kpiID}); err != nil {
			return err
		}
		res, err = tx.syncSignals(ctx, actor, allianceID, kpiID, owner, conds)
		return err
	})
	return res, err
}
