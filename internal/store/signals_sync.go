package store

import (
	"context"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/scorecard"
	"github.com/accord-alliance/accord/internal/watch"
)

// signalScope is the set of live signals one sync replaces: a KPI's, or
// those about one kind of subject (action items, concerns, contracts),
// optionally one subject's.
type signalScope struct {
	allianceID string
	// kpiID and owner are a KPI's id and reporting party, for its scope.
	kpiID, owner string
	// subjectType and subjectID choose the signals about a subject; an
	// empty subjectID takes every subject of the type.
	subjectType, subjectID string
}

// kpiScope is the scope of one KPI's signals.
func kpiScope(allianceID, kpiID, owner string) signalScope {
	return signalScope{allianceID: allianceID, kpiID: kpiID, owner: owner}
}

// where selects the scope's signals.
func (sc signalScope) where() (string, []any) {
	if sc.kpiID != "" {
		// A contract's review names the KPI it quotes, but is the
		// contract's to sync, not the KPI's.
		return "kpi_id = ? AND subject_type = ?", []any{sc.kpiID, accord.SubjectOfKPI}
	}
	if sc.subjectID != "" {
		return "alliance_id = ? AND subject_type = ? AND subject_id = ?", []any{sc.allianceID, sc.subjectType, sc.subjectID}
	}
	return "alliance_id = ? AND subject_type = ?", []any{sc.allianceID, sc.subjectType}
}

// syncSignals applies one KPI's conditions in the caller's transaction.
func (tx *Tx) syncSignals(ctx context.Context, actor accord.Actor, allianceID, kpiID, owner string, conds []accord.SignalCondition) (accord.SignalSync, error) {
	return tx.syncScope(ctx, actor, kpiScope(allianceID, kpiID, owner), conds)
}

// syncScope makes the scope's signals match the conditions that hold now:
// a new condition opens a signal, an ongoing one updates its signal (never
// a second one), and a signal whose condition no longer holds clears.
func (tx *Tx) syncScope(ctx context.Context, actor accord.Actor, sc signalScope, conds []accord.SignalCondition) (accord.SignalSync, error) {
	var res accord.SignalSync
	if err := tx.lockSignalScope(ctx, sc); err != nil {
		return res, err
	}
	live, err := tx.liveSignals(ctx, sc)
	if err != nil {
		return res, err
	}
	now := ts(tx.now)
	holds := map[string]bool{}
	for _, c := range conds {
		key := c.Key(sc.kpiID)
		if holds[key] || c.Stale {
			continue
		}
		holds[key] = true
		g, ok := live[key]
		switch {
		case !ok:
			opened, err := tx.openSignal(ctx, actor, sc, key, c)
			if err != nil {
				return res, err
			}
			if opened {
				res.Opened++
			}
		case g.status == accord.SignalResolved || g.status == accord.SignalDismissed:
			// Closed by a person while the condition holds: stay quiet.
		case g.changed(c):
			_, err := tx.exec(ctx, `UPDATE signals SET severity = ?, subject = ?, summary = ?, first_period = ?, last_period = ?, link = ?, updated_at = ? WHERE id = ?`,
				c.Severity, c.Subject, c.Summary, day(c.FirstPeriod), day(c.LastPeriod), c.Link, now, g.id)
			if err != nil {
				return res, err
			}
			if err := tx.audit(ctx, actor, change{allianceID: sc.allianceID, action: "update", entity: "signal", entityID: g.id,
				before: map[string]any{"summary": g.summary, "last_period": g.last}, after: map[string]any{"summary": c.Summary, "last_period": day(c.LastPeriod)}}); err != nil {
				return res, err
			}
			// A severity that rises is news again (notifications.md).
			if err := tx.notifySignal(ctx, sc, g.id, c, accord.Severity(g.severity)); err != nil {
				return res, err
			}
			res.Updated++
		}
	}
	for key, g := range live {
		if holds[key] {
			continue
		}
		if err := tx.clearSignal(ctx, actor, sc.allianceID, g, now, clearReason(g, conds, sc)); err != nil {
			return res, err
		}
		if g.status == accord.SignalOpen || g.status == accord.SignalAcknowledged {
			res.Resolved++
		}
	}
	return res, nil
}

// changed reports whether the condition says something the signal does not.
func (g liveSignal) changed(c accord.SignalCondition) bool {
	return g.severity != string(c.Severity) || g.summary != c.Summary || g.first != day(c.FirstPeriod) || g.last != day(c.LastPeriod) ||
		!c.AboutKPI() && (g.subject != c.Subject || g.link != c.Link)
}

func (tx *Tx) liveSignals(ctx context.Context, sc signalScope) (map[string]liveSignal, error) {
	where, args := sc.where()
	rs, err := tx.query(ctx, `SELECT id, live_key, status, severity, subject, summary, link, first_period, last_period, kind, segment, effect FROM signals
		WHERE `+where+` AND live_key IS NOT NULL`, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	out := map[string]liveSignal{}
	for rs.Next() {
		var g liveSignal
		var first, last time.Time
		if err := rs.Scan(&g.id, &g.key, &g.status, &g.severity, &g.subject, &g.summary, &g.link, timeCol{&first}, timeCol{&last}, &g.kind, &g.segment, &g.effect); err != nil {
			return nil, err
		}
		g.first, g.last = day(first), day(last)
		out[g.key] = g
	}
	return out, rs.Err()
}

// openSignal inserts a new signal for the condition: on the scope's KPI,
// owned by its reporting party, or about the condition's subject, owned by
// the condition's party (if any). It reports false, and does nothing, when
// a live signal has the condition's key already.
func (tx *Tx) openSignal(ctx context.Context, actor accord.Actor, sc signalScope, key string, c accord.SignalCondition) (bool, error) {
	id, now := newID(), ts(tx.now)
	kpiID, owner, subjectType, subjectID := sc.kpiID, sc.owner, accord.SubjectOfKPI, sc.kpiID
	if !c.AboutKPI() {
		kpiID, owner, subjectType, subjectID = c.KPIID, c.OwnerPartyID, c.SubjectType, c.SubjectID
	}
	res, err := tx.exec(ctx, `INSERT INTO signals (id, alliance_id, kind, rule, kpi_id, segment, severity, effect, subject, summary, owner_party_id,
		first_period, last_period, status, condition_key, live_key, opened_at, updated_at, subject_type, subject_id, link)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alliance_id, live_key) DO NOTHING`,
		id, sc.allianceID, c.Kind, c.Rule, nullStr(kpiID), c.Segment, c.Severity, c.Effect, c.Subject, c.Summary, nullStr(owner),
		day(c.FirstPeriod), day(c.LastPeriod), accord.SignalOpen, key, key, now, now, subjectType, subjectID, c.Link)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err // another sync opened it meanwhile: it is not news twice
	}
	if err := tx.notifySignal(ctx, sc, id, c, ""); err != nil {
		return false, err
	}
	after := map[string]any{"kind": c.Kind, "rule": c.Rule, "severity": c.Severity, "effect": c.Effect, "subject": c.Subject}
	if kpiID != "" {
		after["kpi_id"] = kpiID
	}
	if !c.AboutKPI() {
		after["subject_type"], after["subject_id"] = subjectType, subjectID
	}
	return true, tx.audit(ctx, actor, change{allianceID: sc.allianceID, action: "open", entity: "signal", entityID: id, after: after})
}

// clearSignal notes that a signal's condition no longer holds, for the
// reason given: an open or acknowledged signal resolves itself; a closed
// one frees its condition key, so the condition raises a new signal if it
// comes back.
func (tx *Tx) clearSignal(ctx context.Context, actor accord.Actor, allianceID string, g liveSignal, now, reason string) error {
	if g.status == accord.SignalOpen || g.status == accord.SignalAcknowledged {
		_, err := tx.exec(ctx, `UPDATE signals SET status = ?, reason = ?, closed_at = ?, closed_name = ?, live_key = NULL, updated_at = ? WHERE id = ?`,
			accord.SignalResolved, reason, now, actor.Name, now, g.id)
		if err != nil {
			return err
		}
		return tx.audit(ctx, actor, change{allianceID: allianceID, action: "resolve", entity: "signal", entityID: g.id,
			before: map[string]any{"status": g.status}, after: map[string]any{"status": accord.SignalResolved, "reason": reason}})
	}
	if _, err := tx.exec(ctx, `UPDATE signals SET live_key = NULL, updated_at = ? WHERE id = ?`, now, g.id); err != nil {
		return err
	}
	return tx.audit(ctx, actor, change{allianceID: allianceID, action: "clear", entity: "signal", entityID: g.id,
		after: map[string]any{"reason": reason}})
}

// EvaluateSignals evaluates the alliance's approved KPIs named by keys
// (every one when keys is empty) at the store's clock and syncs their
// signals. Derived KPIs whose formula names a touched KPI are evaluated
// too. The KPIs' data is read in one read transaction and the signals
// written in one write transaction, so a nightly run holds the writer
// only for the changes. The signals not about a KPI's data are evaluated
// in the write transaction: every kind when keys is empty, the contracts'
// review triggers (which read KPIs) otherwise.
func (db *DB) EvaluateSignals(ctx context.Context, actor accord.Actor, allianceID string, keys []string) (accord.SignalSync, error) {
	var res accord.SignalSync
	var inputs []watch.Input
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		inputs, err = tx.watchInputs(ctx, allianceID, keys)
		return err
	})
	if err != nil {
		return res, err
	}
	err = db.update(ctx, func(tx *Tx) error {
		res = accord.SignalSync{}
		ids := make([]string, len(inputs))
		for i, in := range inputs {
			ids[i] = in.KPI.ID
		}
		if err := tx.lockKPIs(ctx, ids); err != nil {
			return err
		}
		for _, in := range inputs {
			r, err := tx.syncSignals(ctx, actor, allianceID, in.KPI.ID, in.KPI.OwnerPartyID, watch.Evaluate(in))
			if err != nil {
				return err
			}
			res.Add(r)
		}
		r, err := tx.syncSubjectSignals(ctx, actor, allianceID, len(keys) == 0)
		res.Add(r)
		return err
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
	settings, err := tx.spcSettings(ctx, allianceID)
	if err != nil {
		return nil, err
	}
	phases, err := tx.phaseStarts(ctx, allianceID)
	if err != nil {
		return nil, err
	}
	now := tx.now
	var out []watch.Input
	for _, k := range chosen {
		in := watch.Input{KPI: k, Targets: targets, Totals: totals[k.ID], Now: now,
			Reading: watch.Reading{Settings: settings, Phases: phases[k.ID]}}
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
// KPIs, by KPI: of the KPIs with the given ids, or of every one when ids is
// nil. They come from period_totals, which imports keep.
func (tx *Tx) kpiTotals(ctx context.Context, allianceID string, ids []string) (map[string][]accord.PeriodTotal, error) {
	only, args := "", []any{allianceID, accord.KPIApproved}
	if ids != nil {
		only = " AND t.kpi_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")"
		for _, id := range ids {
			args = append(args, id)
		}
	}
	all, err := queryAll(ctx, tx, scanPeriodTotal, selectPeriodTotals+" AND k.status = ?"+only+" ORDER BY t.kpi_id, t.period, t.whole", args...)
	if err != nil {
		return nil, err
	}
	out := map[string][]accord.PeriodTotal{}
	for _, p := range all {
		out[p.KPIID] = append(out[p.KPIID], p)
	}
	return out, nil
}

// AllianceIDs lists every alliance's id, for work that visits each one
// (the nightly signal evaluation).
func (db *DB) AllianceIDs(ctx context.Context) ([]string, error) {
	var out []string
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.strings(ctx, "SELECT id FROM alliances ORDER BY id")
		return err
	})
	return out, err
}
