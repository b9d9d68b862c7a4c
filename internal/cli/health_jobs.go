package cli

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/jobs"
	"github.com/accord-alliance/accord/internal/store"
)

// jobHealthRounds opens and closes the survey rounds due, reminds those
// who have not answered, and schedules each alliance's next round.
const jobHealthRounds = "health.rounds"

// healthSystem is the actor of the survey's schedule.
var healthSystem = accord.SystemActor("health survey schedule")

// registerHealthRounds puts the surveys' schedule on the job queue: one
// tick an hour runs on one server. Opening and reminding also tell the
// members (store), in the transaction that records them, so that a tick
// run twice tells nobody twice: a round opens once (only a scheduled round
// opens) and each reminder is recorded once (RecordReminder).
func registerHealthRounds(r *jobs.Runner, db *store.DB, log *slog.Logger) {
	r.Register(jobHealthRounds, func(ctx context.Context, _ []byte) error { return runHealthRounds(ctx, db, log) })
	r.Schedule("health", time.Hour, jobHealthRounds)
}

// runHealthRounds does the survey work due now: it closes the rounds
// whose last day has passed, opens those whose first day has come, sends
// the reminders due, and schedules the next round of every alliance that
// has none ahead.
func runHealthRounds(ctx context.Context, db *store.DB, log *slog.Logger) error {
	now := db.Now()
	due, err := db.DueHealthRounds(ctx, now)
	if err != nil {
		return err
	}
	for _, rd := range due.Close {
		if _, err := db.CloseRound(ctx, healthSystem, rd.AllianceID, rd.ID); err != nil && accord.ErrorCode(err) != accord.ECONFLICT {
			return fmt.Errorf("close survey round %s: %w", rd.ID, err)
		}
		log.Info("survey round closed", "alliance", rd.AllianceID, "round", rd.ID)
	}
	for _, rd := range due.Open {
		_, err := db.OpenRound(ctx, healthSystem, rd.AllianceID, rd.ID)
		switch {
		case accord.ErrorCode(err) == accord.ECONFLICT:
			continue // opened by another server, or another round is still open
		case err != nil:
			return fmt.Errorf("open survey round %s: %w", rd.ID, err)
		}
		log.Info("survey round opened", "alliance", rd.AllianceID, "round", rd.ID)
	}
	for _, rd := range due.Remind {
		sent, err := db.RecordReminder(ctx, rd.AllianceID, rd.ID, rd.RemindersSent+1)
		if err != nil {
			return fmt.Errorf("remind survey round %s: %w", rd.ID, err)
		}
		if sent {
			log.Info("survey reminder sent", "alliance", rd.AllianceID, "round", rd.ID, "reminder", rd.RemindersSent+1)
		}
	}
	return scheduleNextRounds(ctx, db, now)
}

// scheduleNextRounds schedules, for each alliance whose surveys have run
// (it has a round) and that has no round ahead, the next one by its
// settings, with its latest instrument version. An alliance that never
// scheduled a round is left alone: its admins start the surveys.
func scheduleNextRounds(ctx context.Context, db *store.DB, now time.Time) error {
	ids, err := db.AllianceIDs(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		rounds, err := db.ListRounds(ctx, accord.HealthRoundFilter{AllianceID: id, Limit: 1})
		if err != nil {
			return err
		}
		if len(rounds) == 0 || rounds[0].Status != accord.RoundClosed {
			continue
		}
		if err := scheduleNext(ctx, db, id, rounds[0], now); err != nil {
			return fmt.Errorf("schedule the next survey round of alliance %s: %w", id, err)
		}
	}
	return nil
}

func scheduleNext(ctx context.Context, db *store.DB, allianceID string, last accord.HealthRound, now time.Time) error {
	st, err := db.HealthSettings(ctx, allianceID)
	if err != nil {
		return err
	}
	ins, err := db.ListInstruments(ctx, allianceID)
	if err != nil {
		return err
	}
	next := st.NextRound(last.OpensOn, now)
	next.AllianceID, next.InstrumentID = allianceID, last.InstrumentID
	for _, in := range ins {
		if in.Key == last.InstrumentKey {
			next.InstrumentID = in.ID // the latest version, listed first
			break
		}
	}
	err = db.ScheduleRound(ctx, healthSystem, &next)
	if accord.ErrorCode(err) == accord.ECONFLICT {
		return nil // another server scheduled it
	}
	return err
}
