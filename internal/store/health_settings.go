package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// HealthSettings returns how the alliance runs its health surveys: its
// own settings, or the defaults.
func (db *DB) HealthSettings(ctx context.Context, allianceID string) (accord.HealthSettings, error) {
	var s accord.HealthSettings
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		s, err = tx.healthSettings(ctx, allianceID)
		return err
	})
	return s, err
}

func (tx *Tx) healthSettings(ctx context.Context, allianceID string) (accord.HealthSettings, error) {
	var s accord.HealthSettings
	var gap int64
	var days string
	err := tx.queryRow(ctx, "SELECT min_respondents, gap_threshold, every_months, open_days, reminder_days FROM health_settings WHERE alliance_id = ?",
		allianceID).Scan(&s.MinRespondents, &gap, &s.EveryMonths, &s.OpenDays, &days)
	if errors.Is(err, sql.ErrNoRows) {
		return accord.DefaultHealthSettings(), nil
	}
	if err != nil {
		return s, err
	}
	s.GapThreshold = number.Decimal(gap)
	s.ReminderDays, err = parseDays(days)
	return s, err
}

// SetHealthSettings changes how the alliance runs its surveys. Rounds
// already scheduled keep their dates and reminders.
func (db *DB) SetHealthSettings(ctx context.Context, actor accord.Actor, allianceID string, s accord.HealthSettings) (accord.HealthSettings, error) {
	if err := s.Validate(); err != nil {
		return s, err
	}
	err := db.update(ctx, func(tx *Tx) error {
		before, err := tx.healthSettings(ctx, allianceID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM health_settings WHERE alliance_id = ?", allianceID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO health_settings (alliance_id, min_respondents, gap_threshold, every_months, open_days, reminder_days, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, allianceID, s.MinRespondents, int64(s.GapThreshold), s.EveryMonths, s.OpenDays, daysText(s.ReminderDays), ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "update", entity: "health_settings", entityID: allianceID, before: before, after: s})
	})
	return s, err
}

// daysText writes reminder days as "7,12"; parseDays reads them back.
func daysText(ds []int) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ",")
}

func parseDays(s string) ([]int, error) {
	out := []int{}
	if s == "" {
		return out, nil
	}
	for _, p := range strings.Split(s, ",") {
		d, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("reminder days %q: %w", s, err)
		}
		out = append(out, d)
	}
	return out, nil
}
