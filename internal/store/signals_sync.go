package store

import (
	"context"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/scorecard"
	"github.com/accord-alliance/accord/internal/watch"
)

// syncSignals applies one KPI's conditions in the caller's transaction.
func (tx *Tx) syncSignals(ctx context.Context, actor accord.Actor, allianceID, kpiID, owner string, conds []accord.SignalCondition) (accord.SignalSync, error) {
	var res accord.SignalSync
	live, err := tx.liveSignals(ctx, kpiID)
	if err != nil {
		return res, err
	}
	now := ts(tx.now)
	holds := map[string]bool{}
	for _, c := range conds {
		key := c.Key(kpiID)
		if holds[key] {
			continue
		}
		holds[key] = true
		g, ok := live[key]
		switch {
		case !ok:
			if err := tx.openSignal(ctx, actor, allianceID, kpiID, owner, key, c); err != nil {
				return res, err
			}
			res.Opened++
		case g.status == accord.SignalResolved || g.status == accord.SignalDismissed:
			// Closed by a person while the condition holds: stay quiet.
		case g.severity != string(c.Severity) || g.summary != c.Summary || g.first != day(c.FirstPeriod) || g.last != day(c.LastPeriod):
			_, err := tx.exec(ctx, `UPDATE signals SET severity = ?, subject = ?, summary = ?, first_period = ?, last_period = ?, updated_at = ? WHERE id = ?`,
				c.Severity, c.Subject, c.Summary, day(c.FirstPeriod), day(c.LastPeriod), now, g.id)
			if err != nil {
				return res, err
			}
			if err := tx.audit(ctx, actor, change{allianceID: allianceID, action: "update", entity: "signal", entityID: g.id,
				before: map[string]any{"summary": g.summary, "last_period": g.last}, after: map[string]any{"summary": c.Summary, "last_period": day(c.LastPeriod)}}); err != nil {
				return res, err
			}
			res.Updated++
		}
	}
	for key, g := range live {
		if holds[key] {
			continue
		}
		if err := tx.clearSignal(ctx, actor, allianceID, g, now); err != nil {
			return res, err
		}
		if g.status == accord.SignalOpen || g.status == accord.SignalAcknowledged {
			res.Resolved++
		}
	}
	return res, nil
}

func (tx *Tx) liveSignals(ctx context.Context, kpiID string) (map[string]liveSignal, error) {
	rs, err := tx.query(ctx, `SELECT id, live_key, status, severity, summary, first_period, last_period FROM signals WHERE kpi_id = ? AND live_key IS NOT NULL`, kpiID)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	out := map[string]liveSignal{}
	for rs.Next() {
		var g liveSignal
		var first, last time.Time
		if err := rs.Scan(&g.id, &g.key, &g.status, &g.severity, &g.summary, timeCol{&first}, timeCol{&last}); err != nil {
			return nil, err
		}
		g.first, g.last = day(first), day(last)
		out[g.key] = g
	}
	return out, rs.Err()
}

func (tx *Tx) openSignal(ctx context.Context, actor accord.Actor, allianceID, kpiID, owner, key string, c accord.SignalCondition) error {
	id, now := newID(), ts(tx.now)
	_, err := tx.exec(ctx, `INSERT INTO signals (id, alliance_id, kind, rule, kpi_id, segment, severity, effect, subject, summary, owner_party_id,
		first_period, last_period, status, condition_key, live_key, opened_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, allianceID, c.Kind, c.Rule, kpiID, c.Segment, c.Severity, c.Effect, c.Subject, c.Summary, owner,
		day(c.FirstPeriod), day(c.LastPeriod), accord.SignalOpen, key, key, now, now)
	if err != nil {
		return err
	}
	return tx.audit(ctx, actor, change{allianceID: allianceID, action: "open", entity: "signal", entityID: id,
		after: map[string]any{"kind": c.Kind, "rule": c.Rule, "kpi_id": kpiID, "severity": c.Severity, "effect": c.Effect, "subject": c.Subject}})
}

// clearSignal notes that a signal's condition no longer holds: an open or
// acknowledged signal resolves itself; a closed one frees its condition
// key, so the condition raises a new signal if it comes back.
func (tx *Tx) clearSignal(ctx context.Context, actor accord.Actor, allianceID string, g liveSignal, now string) error {
	if g.status == accord.SignalOpen || g.status == accord.SignalAcknowledged {
		_, err := tx.exec(ctx, `UPDATE signals SET status = ?, reason = ?, closed_at = ?, closed_name = ?, live_key = NULL, updated_at = ? WHERE id = ?`,
			accord.SignalResolved, accord.ReasonCleared, now, actor.Name, now, g.id)
		if err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "resolve", entity: "signal", entityID: g.id,
			before: map[string]any{"status": g.status}, after: map[string]any{"status": accord.SignalResolved, "reason": accord.ReasonCleared}})
	}
	if _, err := tx.exec(ctx, `UPDATE signals SET live_key = NULL, updated_at = ? WHERE id = ?`, now, g.id); err != nil {
		return err
	}
	return tx.audit(ctx, actor, change{allianceID: allianceID, action: "clear", entity: "signal", entityID: g.id,
		after: map[string]any{"reason": accord.ReasonCleared}})
}

// EvaluateSignals evaluates the alliance's approved KPIs named by keys
// (every one when keys is empty) at the store's clock and syncs their
// signals. Derived KPIs whose formula names a touched KPI are evaluated
// too. Reading happens in one read transaction, writing in one write
// transaction, so a nightly run holds the writer only for the changes.
func (db *DB) EvaluateSignals(ctx context.Context, actor accord.Actor, allianceID string, keys []string) (accord.SignalSync, error) {
	var res accord.SignalSync
	var inputs []watch.Input
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		inputs, err = tx.watchInputs(ctx, allianceID, keys)
		return err
	})
	if err != nil || len(inputs) == 0 {
		return res, err
	}
	err = db.update(ctx, func(tx *Tx) error {
		res = accord.SignalSync{}
		for _, in := range inputs {
			r, err := tx.syncSignals(ctx, actor, allianceID, in.KPI.ID, in.KPI.OwnerPartyID, watch.Evaluate(in))
			if err != nil {
				return err
			}
			res.Add(r)
		}
		return nil
	})
	return res, err
}

// watchInputs gathers what watch.Evaluate needs for the chosen KPIs.
func (tx *Tx) watchInputs(ctx context.Context, allianceID string, keys []string) ([]watch.Input, error) {
	kpis, err := tx.listKPIs(ctx, allianceID, accord.KPIFilter{Status: accord.KPIApproved})
	if err != nil {
		return nil, err
	}
	chosen := pickKPIs(kpis, keys)
	if len(chosen) == 0 {
		return nil, nil
	}
	targets, err := tx.listTargets(ctx, "t.status = 'approved' AND t.kpi_id IN (SELECT id FROM kpis WHERE alliance_id = ?)", allianceID)
	if err != nil {
		return nil, err
	}
	byKey := map[string]accord.KPI{}
	for _, k := range kpis {
		byKey[k.Key] = k
	}
	var ids []string // nil: every KPI's totals
	if len(keys) > 0 {
		for _, k := range chosen {
			ids = append(ids, k.ID)
			for _, dep := range accord.FormulaKeys(k.Formula) {
				ids = append(ids, byKey[dep].ID)
			}
		}
	}
	totals, err := tx.kpiTotals(ctx, allianceID, ids)
	if err != nil {
		return nil, err
	}
	now := tx.now
	var out []watch.Input
	for _, k := range chosen {
		in := watch.Input{KPI: k, Targets: targets, Totals: totals[k.ID], Now: now}
		if k.Formula != "" {
			f, err := accord.ParseFormula(k.Formula)
			if err != nil {
				continue
			}
			series := map[string][]scorecard.Point{}
			for _, key := range f.Keys() {
				if dep, ok := byKey[key]; ok {
					series[key] = scorecard.AllianceSeries(dep, totals[dep.ID])
				}
			}
			in.Series = scorecard.DerivedSeries(f, series)
		}
		out = append(out, in)
	}
	return out, nil
}

// pickKPIs returns the KPIs named by keys and the derived KPIs that use
// them; every KPI when keys is empty.
func pickKPIs(kpis []accord.KPI, keys []string) []accord.KPI {
	if len(keys) == 0 {
		return kpis
	}
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	var out []accord.KPI
	for _, k := range kpis {
		use := want[k.Key]
		for _, dep := range accord.FormulaKeys(k.Formula) {
			use = use || want[dep]
		}
		if use {
			out = append(out, k)
		}
	}
	return out
}

// kpiTotals reads the current period totals of the alliance's approved
// KPIs, by KPI: of the KPIs with the given ids, or of every one when ids is nil.
func (tx *Tx) kpiTotals(ctx context.Context, allianceID string, ids []string) (map[string][]accord.PeriodTotal, error) {
	only, args := "", []any{allianceID, accord.KPIApproved}
	if ids != nil {
		only = " AND o.kpi_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")"
		for _, id := range ids {
			args = append(args, id)
		}
	}
	rs, err := tx.query(ctx, `SELECT o.kpi_id, o.period, CASE WHEN o.segment = '' THEN 1 ELSE 0 END AS whole,
		SUM(o.value), SUM(o.numerator), SUM(o.denominator), COUNT(*), MAX(o.recorded_at)
		FROM observations o JOIN kpis k ON k.id = o.kpi_id
		WHERE k.alliance_id = ? AND k.status = ? AND o.superseded_at IS NULL`+only+`
		GROUP BY o.kpi_id, o.period, CASE WHEN o.segment = '' THEN 1 ELSE 0 END
		ORDER BY o.kpi_id, o.period`, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	out := map[string][]accord.PeriodTotal{}
	for rs.Next() {
		var p accord.PeriodTotal
		var whole int
		if err := rs.Scan(&p.KPIID, timeCol{&p.Period}, &whole, decCol{&p.Value}, decCol{&p.Numerator}, decCol{&p.Denominator}, &p.Count, timeCol{&p.LastRecorded}); err != nil {
			return nil, err
		}
		p.Whole = whole == 1
		out[p.KPIID] = append(out[p.KPIID], p)
	}
	return out, rs.Err()
}

// AllianceIDs lists every alliance's id, for work that visits each one
// (the nightly signal evaluation).
func (db *DB) AllianceIDs(ctx context.Context) ([]string, error) {
	var out []string
	err := db.view(ctx, func(tx *Tx) error {
		rs, err := tx.query(ctx, "SELECT id FROM alliances ORDER BY id")
		if err != nil {
			return err
		}
		defer rs.Close()
		for rs.Next() {
			var id string
			if err := rs.Scan(&id); err != nil {
				return err
			}
			out = append(out, id)
		}
		return rs.Err()
	})
	return out, err
}
