package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// SPCSettings returns how the alliance reads its charts: its own settings,
// or the defaults.
func (db *DB) SPCSettings(ctx context.Context, allianceID string) (accord.SPCSettings, error) {
	var s accord.SPCSettings
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		s, err = tx.spcSettings(ctx, allianceID)
		return err
	})
	return s, err
}

func (tx *Tx) spcSettings(ctx context.Context, allianceID string) (accord.SPCSettings, error) {
	s := accord.DefaultSPCSettings()
	err := tx.queryRow(ctx, "SELECT run_rules, control_rules, baseline FROM spc_settings WHERE alliance_id = ?", allianceID).Scan(&s.RunRules, &s.ControlRules, &s.Baseline)
	if errors.Is(err, sql.ErrNoRows) {
		return accord.DefaultSPCSettings(), nil
	}
	return s, err
}

// SetSPCSettings changes how the alliance reads its charts. The charts
// change with it (the scorecard version is bumped); the caller re-evaluates
// the signals.
func (db *DB) SetSPCSettings(ctx context.Context, actor accord.Actor, allianceID string, s accord.SPCSettings) (accord.SPCSettings, error) {
	if err := s.Validate(); err != nil {
		return s, err
	}
	err := db.update(ctx, func(tx *Tx) error {
		before, err := tx.spcSettings(ctx, allianceID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM spc_settings WHERE alliance_id = ?", allianceID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "INSERT INTO spc_settings (alliance_id, run_rules, control_rules, baseline, updated_at) VALUES (?, ?, ?, ?, ?)",
			allianceID, s.RunRules, s.ControlRules, s.Baseline, ts(tx.now)); err != nil {
			return err
		}
		if err := tx.bumpScorecard(ctx, allianceID); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "update", entity: "spc_settings", entityID: allianceID, before: before, after: s})
	})
	return s, err
}

// phaseStarts returns, per KPI of the alliance, the periods that annotations
// mark as the start of a new phase, in order.
func (tx *Tx) phaseStarts(ctx context.Context, allianceID string) (map[string][]time.Time, error) {
	rows, err := tx.query(ctx, `SELECT a.kpi_id, a.period FROM annotations a JOIN kpis k ON k.id = a.kpi_id
		WHERE k.alliance_id = ? AND a.new_phase = 1 ORDER BY a.kpi_id, a.period`, allianceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]time.Time{}
	for rows.Next() {
		var id string
		var p time.Time
		if err := rows.Scan(&id, timeCol{&p}); err != nil {
			return nil, err
		}
		out[id] = append(out[id], p)
	}
	return out, rows.Err()
}
