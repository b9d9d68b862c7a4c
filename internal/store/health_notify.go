package store

import (
	"context"
	"fmt"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/audience"
)

// notifyRoundOpened tells every active member that the round is open and
// until when, in the transaction that opened it: each is asked to answer.
func (tx *Tx) notifyRoundOpened(ctx context.Context, r accord.HealthRound) error {
	users, err := tx.strings(ctx, "SELECT user_id FROM memberships WHERE alliance_id = ? AND active = ? ORDER BY user_id", r.AllianceID, true)
	if err != nil {
		return err
	}
	return tx.notify(ctx, notice{allianceID: r.AllianceID, link: "health/answer",
		subject: "Partnership health survey open until " + r.ClosesOn.Format(dayFormat),
		body:    "How is working together going? A few statements, answered from 1 to 5, anonymously: nobody can tell what you answered.",
		event:   audience.Event{Kind: accord.NotifyHealthRoundOpened, Named: users}})
}

// notifyReminder reminds the active members who have not answered the
// round, in the transaction that noted the reminder: of several servers,
// the one whose note won sends it.
func (tx *Tx) notifyReminder(ctx context.Context, r accord.HealthRound) error {
	users, err := tx.strings(ctx, `SELECT m.user_id FROM memberships m WHERE m.alliance_id = ? AND m.active = ?
		AND NOT EXISTS (SELECT 1 FROM health_respondents h WHERE h.round_id = ? AND h.membership_id = m.id) ORDER BY m.user_id`,
		r.AllianceID, true, r.ID)
	if err != nil || len(users) == 0 {
		return err
	}
	return tx.notify(ctx, notice{allianceID: r.AllianceID, link: "health/answer",
		subject: fmt.Sprintf("Reminder: the partnership health survey closes on %s", r.ClosesOn.Format(dayFormat)),
		body:    "You have not answered yet. It takes a few minutes and is anonymous: nobody can tell what you answered.",
		event:   audience.Event{Kind: accord.NotifyHealthReminder, Named: users}})
}
