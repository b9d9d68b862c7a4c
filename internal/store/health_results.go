package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/health"
	"github.com/accord-alliance/accord/internal/pulse"
	"github.com/accord-alliance/accord/internal/watch"
)

// HealthRoundResults returns a closed round's results under the minimum
// and the parties' names: those kept when it closed (or when first read
// under this minimum and these names), else computed from its answers and
// kept. A closed round never changes, so they are computed once.
func (db *DB) HealthRoundResults(ctx context.Context, allianceID, roundID string, least int, names map[string]string) (accord.HealthComputed, error) {
	var out accord.HealthComputed
	var found bool
	err := db.view(ctx, func(tx *Tx) error {
		r, err := tx.closedRound(ctx, allianceID, roundID)
		if err != nil {
			return err
		}
		out, found, err = tx.keptResults(ctx, r.ID, least, names)
		return err
	})
	if err != nil || found {
		return out, err
	}
	err = db.update(ctx, func(tx *Tx) error {
		r, err := tx.closedRound(ctx, allianceID, roundID)
		if err != nil {
			return err
		}
		out, err = tx.roundResults(ctx, r, least, names)
		return err
	})
	return out, err
}

func (tx *Tx) closedRound(ctx context.Context, allianceID, roundID string) (accord.HealthRound, error) {
	r, err := tx.round(ctx, allianceID, roundID)
	if err == nil && r.Status != accord.RoundClosed {
		err = accord.Errorf(accord.ECONFLICT, "the round is %s; only a closed round has results", r.Status)
	}
	return r, err
}

// partiesKey is the SHA-256 of the parties' names, by party id: results
// are kept under it, since their groups are named and sorted by name.
func partiesKey(names map[string]string) string {
	h := sha256.New()
	for _, id := range slices.Sorted(maps.Keys(names)) {
		fmt.Fprintf(h, "%s\x00%s\n", id, names[id])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// keptResults reads the results kept for the round under the minimum and
// the names, and whether there are any.
func (tx *Tx) keptResults(ctx context.Context, roundID string, least int, names map[string]string) (accord.HealthComputed, bool, error) {
	var out accord.HealthComputed
	var blob []byte
	err := tx.queryRow(ctx, "SELECT results FROM health_round_results WHERE round_id = ? AND min_respondents = ? AND parties = ?",
		roundID, least, partiesKey(names)).Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) {
		return out, false, nil
	}
	if err != nil {
		return out, false, err
	}
	if err := gob.NewDecoder(bytes.NewReader(blob)).Decode(&out); err != nil {
		return out, false, fmt.Errorf("kept results of round %s: %w", roundID, err)
	}
	return out, true, nil
}

// roundResults returns the closed round's results as kept, or computes
// them from its answers and keeps them in the caller's transaction (of
// two at once, the first kept is kept; both are the same).
func (tx *Tx) roundResults(ctx context.Context, r accord.HealthRound, least int, names map[string]string) (accord.HealthComputed, error) {
	out, found, err := tx.keptResults(ctx, r.ID, least, names)
	if err != nil || found {
		return out, err
	}
	stored, err := tx.instrument(ctx, r.AllianceID, r.InstrumentID)
	if err != nil {
		return out, err
	}
	rs, err := tx.responses(ctx, r.ID)
	if err != nil {
		return out, err
	}
	if out.Results, err = health.Compute(pulse.Engine(stored), pulse.Responses(rs, names), least); err != nil {
		return out, fmt.Errorf("health results of round %s: %w", r.ID, err)
	}
	out.Comments = pulse.Comments(rs, names)
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(out); err != nil {
		return out, err
	}
	_, err = tx.exec(ctx, `INSERT INTO health_round_results (round_id, min_respondents, parties, results) VALUES (?, ?, ?, ?)
		ON CONFLICT (round_id, min_respondents, parties) DO NOTHING`, r.ID, least, partiesKey(names), buf.Bytes())
	return out, err
}

// maxSignalRounds is how many closed rounds a round's signals name: the
// rounds the health page reads (their names depend on one another, "2026
// Q3" or "Jul 2026").
const maxSignalRounds = 24

// raiseSurveySignals keeps the round's results, just closed, and raises
// its signals (docs/health.md#signals) as the alliance's survey signals:
// the drops since the round before of the same instrument version, the
// gaps over the alliance's threshold and the response rates too low to
// read. The survey's signals of an earlier round that this round does not
// raise again resolve themselves. It runs in the closing transaction, so a
// round closed twice (two servers' jobs, a person and the job) raises its
// signals once: only an open round closes.
func (tx *Tx) raiseSurveySignals(ctx context.Context, r accord.HealthRound, counts accord.HealthCounts) error {
	settings, err := tx.healthSettings(ctx, r.AllianceID)
	if err != nil {
		return err
	}
	least, err := health.MinRespondents(settings.MinRespondents)
	if err != nil {
		return err
	}
	names, err := tx.partyNames(ctx, r.AllianceID)
	if err != nil {
		return err
	}
	rounds, err := queryAll(ctx, tx, scanRound, roundSelect+fmt.Sprintf(" WHERE r.alliance_id = ? AND r.status = ? ORDER BY r.opens_on DESC, r.id DESC LIMIT %d", maxSignalRounds),
		r.AllianceID, accord.RoundClosed)
	if err != nil {
		return err
	}
	slices.Reverse(rounds)
	at := slices.IndexFunc(rounds, func(x accord.HealthRound) bool { return x.ID == r.ID })
	if at < 0 {
		return fmt.Errorf("round %s: not among the closed rounds", r.ID)
	}
	periods := pulse.RoundPeriods(rounds)
	stored, err := tx.instrument(ctx, r.AllianceID, r.InstrumentID)
	if err != nil {
		return err
	}
	in := pulse.Engine(stored)
	round := func(x accord.HealthRound, i int) (pulse.Round, error) {
		c, err := tx.roundResults(ctx, x, least, names)
		return pulse.Round{Name: pulse.PeriodName(periods[i]), Instrument: in, Results: c.Results}, err
	}
	last, err := round(r, at)
	if err != nil {
		return err
	}
	var prev *pulse.Round
	for i := at - 1; i >= 0; i-- {
		if rounds[i].InstrumentID == r.InstrumentID {
			p, err := round(rounds[i], i)
			if err != nil {
				return err
			}
			prev = &p
			break
		}
	}
	sigs := pulse.Signals(prev, last, settings.GapThreshold.Float(), counts, names)
	_, err = tx.syncScope(ctx, signalsActor, signalScope{allianceID: r.AllianceID, subjectType: accord.SubjectOfSurvey}, watch.SurveyConditions(r, sigs, names))
	return err
}
