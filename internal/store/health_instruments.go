package store

import (
	"context"

	"github.com/accord-alliance/accord/internal/accord"
)

// CreateInstrument stores in as the next version of its key in the
// alliance (version 1 for a new key). A version is never changed
// afterwards: a new wording or a new factor is a new version.
func (db *DB) CreateInstrument(ctx context.Context, actor accord.Actor, in *accord.Instrument) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(version), 0) + 1 FROM health_instruments WHERE alliance_id = ? AND key = ?",
			in.AllianceID, in.Key).Scan(&in.Version); err != nil {
			return err
		}
		in.ID, in.CreatedAt, in.Used = newID(), tx.now, false
		if _, err := tx.exec(ctx, "INSERT INTO health_instruments (id, alliance_id, key, version, name, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
			in.ID, in.AllianceID, in.Key, in.Version, in.Name, ts(tx.now), nullStr(actor.UserID)); err != nil {
			return err
		}
		for fi, f := range in.Factors {
			if _, err := tx.exec(ctx, "INSERT INTO health_factors (instrument_id, position, key, name) VALUES (?, ?, ?, ?)", in.ID, fi, f.Key, f.Name); err != nil {
				return err
			}
			for ii, it := range f.Items {
				if _, err := tx.exec(ctx, "INSERT INTO health_items (instrument_id, factor_position, position, key, text, reverse_keyed, kind) VALUES (?, ?, ?, ?, ?, ?, ?)",
					in.ID, fi, ii, it.Key, it.Text, bit(it.Reverse), it.Kind); err != nil {
					return err
				}
			}
		}
		return tx.audit(ctx, actor, change{allianceID: in.AllianceID, action: "create", entity: "health_instrument", entityID: in.ID,
			after: map[string]any{"key": in.Key, "version": in.Version, "name": in.Name, "factors": in.Factors}})
	})
}

const instrumentSelect = `SELECT i.id, i.alliance_id, i.key, i.version, i.name, i.created_at,
	CASE WHEN EXISTS (SELECT 1 FROM health_rounds r WHERE r.instrument_id = i.id) THEN 1 ELSE 0 END
	FROM health_instruments i`

func scanInstrument(s scanner) (accord.Instrument, error) {
	var in accord.Instrument
	var used int
	err := s.Scan(&in.ID, &in.AllianceID, &in.Key, &in.Version, &in.Name, timeCol{&in.CreatedAt}, &used)
	in.Used = used == 1
	return in, err
}

// ListInstruments lists every version of the alliance's instruments with
// their factors and items: by key, the latest version first.
func (db *DB) ListInstruments(ctx context.Context, allianceID string) ([]accord.Instrument, error) {
	var out []accord.Instrument
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanInstrument, instrumentSelect+" WHERE i.alliance_id = ? ORDER BY i.key, i.version DESC", allianceID)
		if err != nil {
			return err
		}
		return tx.instrumentFactors(ctx, out, "i.alliance_id = ?", allianceID)
	})
	return out, err
}

// Instrument returns one version of an alliance's instrument.
func (db *DB) Instrument(ctx context.Context, allianceID, id string) (accord.Instrument, error) {
	var in accord.Instrument
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		in, err = tx.instrument(ctx, allianceID, id)
		return err
	})
	return in, err
}

func (tx *Tx) instrument(ctx context.Context, allianceID, id string) (accord.Instrument, error) {
	in, err := scanInstrument(tx.queryRow(ctx, instrumentSelect+" WHERE i.alliance_id = ? AND i.id = ?", allianceID, id))
	if err != nil {
		return in, notFound(err, "survey instrument")
	}
	ins := []accord.Instrument{in}
	err = tx.instrumentFactors(ctx, ins, "i.id = ?", id)
	return ins[0], err
}

// instrumentRow is a factor or item row with its instrument.
type instrumentRow struct {
	instrumentID, factorKey, factorName string
	factorPos                           int
	item                                accord.HealthItem
}

// instrumentFactors fills in the factors and items of the instruments,
// read with one query for those the condition on i selects.
func (tx *Tx) instrumentFactors(ctx context.Context, ins []accord.Instrument, where string, arg any) error {
	rows, err := queryAll(ctx, tx, func(s scanner) (instrumentRow, error) {
		var r instrumentRow
		err := s.Scan(&r.instrumentID, &r.factorPos, &r.factorKey, &r.factorName, &r.item.Key, &r.item.Text, &r.item.Reverse, &r.item.Kind)
		return r, err
	}, `SELECT f.instrument_id, f.position, f.key, f.name, it.key, it.text, it.reverse_keyed, it.kind
		FROM health_instruments i JOIN health_factors f ON f.instrument_id = i.id
		JOIN health_items it ON it.instrument_id = f.instrument_id AND it.factor_position = f.position
		WHERE `+where+` ORDER BY f.instrument_id, f.position, it.position`, arg)
	if err != nil {
		return err
	}
	byID := map[string]*accord.Instrument{}
	for i := range ins {
		byID[ins[i].ID] = &ins[i]
	}
	for _, r := range rows {
		in := byID[r.instrumentID]
		if in == nil {
			continue
		}
		if n := len(in.Factors); n == 0 || in.Factors[n-1].Key != r.factorKey {
			in.Factors = append(in.Factors, accord.HealthFactor{Key: r.factorKey, Name: r.factorName})
		}
		f := &in.Factors[len(in.Factors)-1]
		f.Items = append(f.Items, r.item)
	}
	return nil
}
