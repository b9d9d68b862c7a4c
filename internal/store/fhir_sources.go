package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

const fhirSourceColumns = `alliance_id, base_url, token_file, every_hours, enabled, pending, updated_at,
	last_run_at, last_since, last_ok, last_fetched, last_new, last_revised, last_unchanged, last_left_out, last_message, COALESCE(last_import_id, '')`

func scanFHIRSource(s scanner) (accord.FHIRSource, error) {
	var f accord.FHIRSource
	var run accord.FHIRSourceRun
	var at, since *time.Time
	err := s.Scan(&f.AllianceID, &f.BaseURL, &f.TokenFile, &f.EveryHours, &f.Enabled, &f.Pending, timeCol{&f.UpdatedAt},
		nullTimeCol{&at}, nullTimeCol{&since}, &run.OK, &run.Fetched, &run.New, &run.Revised, &run.Unchanged, &run.LeftOut, &run.Message, &run.ImportID)
	if err == nil && at != nil {
		run.At = *at
		if since != nil {
			run.Since = *since
		}
		f.LastRun = &run
	}
	return f, err
}

// FHIRSource returns the alliance's FHIR source, not found when it has none.
func (db *DB) FHIRSource(ctx context.Context, allianceID string) (accord.FHIRSource, error) {
	var f accord.FHIRSource
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		f, err = scanFHIRSource(tx.queryRow(ctx, "SELECT "+fhirSourceColumns+" FROM fhir_sources WHERE alliance_id = ?", allianceID))
		return notFound(err, "FHIR source")
	})
	return f, err
}

// FHIRSources lists every alliance's FHIR source, for the scheduled fetch.
func (db *DB) FHIRSources(ctx context.Context) ([]accord.FHIRSource, error) {
	var out []accord.FHIRSource
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanFHIRSource, "SELECT "+fhirSourceColumns+" FROM fhir_sources ORDER BY alliance_id")
		return err
	})
	return out, err
}

// SetFHIRSource saves the alliance's FHIR source settings; the last run's
// outcome stays.
func (db *DB) SetFHIRSource(ctx context.Context, actor accord.Actor, s accord.FHIRSource) (accord.FHIRSource, error) {
	if err := s.Validate(); err != nil {
		return s, err
	}
	var saved accord.FHIRSource
	err := db.update(ctx, func(tx *Tx) error {
		before, err := scanFHIRSource(tx.queryRow(ctx, "SELECT "+fhirSourceColumns+" FROM fhir_sources WHERE alliance_id = ?", s.AllianceID))
		var was any
		if err == nil {
			before.LastRun = nil
			was = before
			_, err = tx.exec(ctx, `UPDATE fhir_sources SET base_url = ?, token_file = ?, every_hours = ?, enabled = ?, pending = ?, updated_at = ? WHERE alliance_id = ?`,
				s.BaseURL, s.TokenFile, s.EveryHours, s.Enabled, s.Pending, ts(tx.now), s.AllianceID)
		} else if errors.Is(err, sql.ErrNoRows) {
			_, err = tx.exec(ctx, `INSERT INTO fhir_sources (alliance_id, base_url, token_file, every_hours, enabled, pending, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				s.AllianceID, s.BaseURL, s.TokenFile, s.EveryHours, s.Enabled, s.Pending, ts(tx.now))
		}
		if err != nil {
			return err
		}
		if saved, err = scanFHIRSource(tx.queryRow(ctx, "SELECT "+fhirSourceColumns+" FROM fhir_sources WHERE alliance_id = ?", s.AllianceID)); err != nil {
			return err
		}
		saved.LastRun = nil
		return tx.audit(ctx, actor, change{allianceID: s.AllianceID, action: "update", entity: "fhir_source", entityID: s.AllianceID, before: was, after: saved})
	})
	if err != nil {
		return saved, err
	}
	return db.FHIRSource(ctx, s.AllianceID)
}

// RecordFHIRSourceRun keeps a scheduled fetch's outcome on its source.
func (db *DB) RecordFHIRSourceRun(ctx context.Context, allianceID string, run accord.FHIRSourceRun) error {
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE fhir_sources SET last_run_at = ?, last_since = ?, last_ok = ?, last_fetched = ?, last_new = ?, last_revised = ?,
			last_unchanged = ?, last_left_out = ?, last_message = ?, last_import_id = ? WHERE alliance_id = ?`,
			ts(run.At), ts(run.Since), run.OK, run.Fetched, run.New, run.Revised, run.Unchanged, run.LeftOut, run.Message, nullStr(run.ImportID), allianceID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return accord.Errorf(accord.ENOTFOUND, "FHIR source not found")
		}
		return nil
	})
}
