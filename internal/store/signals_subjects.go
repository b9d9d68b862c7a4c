package store

import (
	"context"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/watch"
)

// signalsActor is who the trail names for evaluations, including those
// made right after a person's change (an action item marked done, a
// concern acknowledged, an amendment adopted): the system, as at night.
var signalsActor = accord.SystemActor("signals")

// syncSubjectSignals evaluates the signals not about a KPI's data: every
// kind when all is set (the nightly run), else only those that follow KPI
// data: the contracts' review triggers and the initiatives' (a condition
// milestone reads the scorecard).
func (tx *Tx) syncSubjectSignals(ctx context.Context, actor accord.Actor, allianceID string, all bool) (accord.SignalSync, error) {
	var res accord.SignalSync
	syncs := []func(context.Context, accord.Actor, string, string) (accord.SignalSync, error){tx.syncContractSignals, tx.syncInitiativeSignals}
	if all {
		syncs = append(syncs, tx.syncActionSignals, tx.syncConcernSignals, tx.syncCharterSignals)
	}
	for _, sync := range syncs {
		r, err := sync(ctx, actor, allianceID, "")
		if err != nil {
			return res, err
		}
		res.Add(r)
	}
	return res, nil
}

// syncActionSignals syncs the signals of the alliance's overdue action
// items: of the one with itemID, or of every one when itemID is "".
func (tx *Tx) syncActionSignals(ctx context.Context, actor accord.Actor, allianceID, itemID string) (accord.SignalSync, error) {
	q := `SELECT a.id, a.alliance_id, a.committee_id, COALESCE(a.meeting_id, ''), a.title, a.owner_id, u.name, m.party_id,
		a.due_on, a.status, c.key FROM action_items a JOIN memberships m ON m.id = a.owner_id JOIN users u ON u.id = m.user_id
		JOIN committees c ON c.id = a.committee_id WHERE a.alliance_id = ? AND a.status = ?`
	args := []any{allianceID, accord.ActionOpen}
	if itemID != "" {
		q, args = q+" AND a.id = ?", append(args, itemID)
	}
	items, err := queryAll(ctx, tx, scanWatchAction, q, args...)
	if err != nil {
		return accord.SignalSync{}, err
	}
	sc := signalScope{allianceID: allianceID, subjectType: accord.SubjectOfActionItem, subjectID: itemID}
	return tx.syncScope(ctx, actor, sc, watch.OverdueActions(items, tx.now))
}

// syncConcernSignals syncs the signals of the alliance's concerns not
// acknowledged in time: of the one with concernID, or of every one when
// concernID is "". It reads no reporter, body or thread: the signal
// carries nothing that could identify who raised the concern.
func (tx *Tx) syncConcernSignals(ctx context.Context, actor accord.Actor, allianceID, concernID string) (accord.SignalSync, error) {
	q := `SELECT id, category, severity, status, raised_on, ack_due_at, escalation_level FROM concerns WHERE alliance_id = ? AND status = ?`
	args := []any{allianceID, accord.ConcernOpen}
	if concernID != "" {
		q, args = q+" AND id = ?", append(args, concernID)
	}
	cs, err := queryAll(ctx, tx, scanOpenConcern, q, args...)
	if err != nil {
		return accord.SignalSync{}, err
	}
	sc := signalScope{allianceID: allianceID, subjectType: accord.SubjectOfConcern, subjectID: concernID}
	return tx.syncScope(ctx, actor, sc, watch.UnacknowledgedConcerns(cs, tx.now))
}

// scanWatchAction reads an open action item with its committee's key.
func scanWatchAction(s scanner) (watch.Action, error) {
	var w watch.Action
	a := &w.Item
	err := s.Scan(&a.ID, &a.AllianceID, &a.CommitteeID, &a.MeetingID, &a.Title, &a.OwnerID, &a.OwnerName, &a.OwnerParty,
		timeCol{&a.DueOn}, &a.Status, &w.CommitteeKey)
	return w, err
}

// scanOpenConcern reads the little of a concern its deadline signal needs.
func scanOpenConcern(s scanner) (accord.Concern, error) {
	var c accord.Concern
	err := s.Scan(&c.ID, &c.Category, &c.Severity, &c.Status, timeCol{&c.RaisedOn}, timeCol{&c.AckDueAt}, &c.Escalation)
	return c, err
}

// syncContractSignals syncs the review and renegotiation signals of the
// alliance's contracts: of the one with contractID, or of every one when
// contractID is "".
func (tx *Tx) syncContractSignals(ctx context.Context, actor accord.Actor, allianceID, contractID string) (accord.SignalSync, error) {
	ins, err := tx.contractWatch(ctx, allianceID, contractID)
	if err != nil {
		return accord.SignalSync{}, err
	}
	var conds []accord.SignalCondition
	for _, in := range ins {
		conds = append(conds, watch.ContractConditions(in, tx.now)...)
	}
	sc := signalScope{allianceID: allianceID, subjectType: accord.SubjectOfContract, subjectID: contractID}
	return tx.syncScope(ctx, actor, sc, conds)
}

// contractWatch gathers what watch.ContractConditions reads: each contract
// with its latest version, the KPIs the terms in force name (the latest
// version's before the first takes effect) and its renegotiation requests.
func (tx *Tx) contractWatch(ctx context.Context, allianceID, contractID string) ([]watch.Contract, error) {
	q, args := contractSelect+" WHERE c.alliance_id = ?", []any{allianceID}
	if contractID != "" {
		q, args = q+" AND c.id = ?", append(args, contractID)
	}
	cs, err := tx.contracts(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	out := make([]watch.Contract, len(cs))
	named := map[int][]string{}
	var keys []string
	for i, c := range cs {
		out[i].Contract = c
		vs, err := tx.versions(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		if len(vs) == 0 {
			continue
		}
		out[i].Latest = vs[len(vs)-1].Number
		terms := vs[len(vs)-1].Terms
		for _, v := range vs {
			if v.Governs(tx.now) {
				terms = v.Terms
			}
		}
		named[i] = watch.TermsKPIs(terms)
		keys = append(keys, named[i]...)
		if out[i].Requests, err = tx.renegotiations(ctx, "r.contract_id = ? AND r.base_version >= ?", c.ID, out[i].Latest); err != nil {
			return nil, err
		}
	}
	if len(keys) == 0 {
		return out, nil
	}
	inputs, err := tx.watchInputs(ctx, allianceID, keys)
	if err != nil {
		return nil, err
	}
	byKey := map[string]watch.Input{}
	for _, in := range inputs {
		byKey[in.KPI.Key] = in
	}
	for i, ks := range named {
		for _, k := range ks {
			if in, ok := byKey[k]; ok {
				out[i].KPIs = append(out[i].KPIs, in)
			}
		}
	}
	return out, nil
}

// contracts runs a contractSelect query.
func (tx *Tx) contracts(ctx context.Context, q string, args ...any) ([]accord.Contract, error) {
	return queryAll(ctx, tx, scanContract, q, args...)
}
