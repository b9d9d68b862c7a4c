package store

import (
	"context"
	"encoding/json"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/audience"
)

// notice is an event to tell people about, as the store writes it: who
// hears of it is audience.Recipients' decision, what they read is here.
type notice struct {
	allianceID string
	event      audience.Event
	subject    string
	// link is the page to act on, relative to the alliance's address;
	// hookLink, when set, replaces it in webhook deliveries (a concern's
	// webhook links to the list, never to the concern).
	link, hookLink string
	body           string
	// dayOnly marks an event that must not be dated finer than the day (an
	// anonymous concern raised): its rows get random ids and the day, and
	// it leaves accord (e-mail, webhooks) only at the next day's digest
	// hour, so that no delivery dates the report.
	dayOnly bool
	// sealBody seals the body: it quotes a concern's thread.
	sealBody bool
	// signalID is the signal a notice of a signal tells of.
	signalID string
}

// member is an active member as the audience rules and delivery need them.
type member struct {
	audience.Person
	mode string
}

// notify writes the notice in the caller's transaction: one notification
// per recipient, one e-mail job per recipient whose e-mail is due now
// (several notices of one transaction share it), and one delivery per
// webhook of the alliance that carries the event. Nothing is lost: it all
// commits, or rolls back, with the event.
func (tx *Tx) notify(ctx context.Context, n notice) error {
	members, err := tx.seenMembers(ctx, n.allianceID)
	if err != nil {
		return err
	}
	people := make([]audience.Person, len(members))
	modes := map[string]string{}
	for i, m := range members {
		people[i], modes[m.UserID] = m.Person, m.mode
	}
	created, deliverAfter := tx.now, tx.now
	if n.dayOnly {
		created = accord.Day(tx.now)
		deliverAfter = created.AddDate(0, 0, 1).Add(accord.DigestHour * time.Hour)
	}
	body := n.body
	if n.sealBody {
		if body, err = tx.seal(sealNotice, body); err != nil {
			return err
		}
	}
	for _, r := range audience.Recipients(n.event, people) {
		emailNow := r.MustAct || modes[r.UserID] == "" || modes[r.UserID] == accord.MailImmediately
		_, err := tx.exec(ctx, `INSERT INTO notifications (id, alliance_id, user_id, kind, subject, link, body, must_act, created_at, deliver_after, email_now, signal_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.id(), n.allianceID, r.UserID, n.event.Kind, clip(n.subject, 300), n.link, body,
			r.MustAct, ts(created), ts(deliverAfter), emailNow, nullStr(n.signalID))
		if err != nil {
			return err
		}
		if emailNow {
			if err := tx.enqueueMail(ctx, r.UserID, deliverAfter, n.dayOnly); err != nil {
				return err
			}
		}
	}
	return tx.notifyWebhooks(ctx, n, created, deliverAfter)
}

// id is a new row's id: time-ordered, or random for a day-only notice.
func (n notice) id() string {
	if n.dayOnly {
		return uuid.NewString()
	}
	return newID()
}

// notifyMembers reads the alliance's active members with their e-mail
// preference ("" when they never chose: immediately).
func (tx *Tx) notifyMembers(ctx context.Context, allianceID string) ([]member, error) {
	return queryAll(ctx, tx, scanNotifyMember, `SELECT m.user_id, m.party_id, m.roles, COALESCE(np.mode, '')
		FROM memberships m JOIN users u ON u.id = m.user_id
		LEFT JOIN notification_preferences np ON np.user_id = m.user_id AND np.alliance_id = m.alliance_id
		WHERE m.alliance_id = ? AND m.active = ? AND u.disabled_at IS NULL ORDER BY m.created_at, m.id`, allianceID, true)
}

func scanNotifyMember(s scanner) (member, error) {
	var m member
	var roles string
	if err := s.Scan(&m.UserID, &m.PartyID, &roles, &m.mode); err != nil {
		return m, err
	}
	var err error
	m.Roles, err = accord.ParseRoles(roles)
	return m, err
}

// mailPayload is the payload of a JobNotifyMail job.
type mailPayload struct {
	UserID string `json:"user_id"`
	Due    string `json:"due"`
}

// enqueueMail queues the e-mail job of a person for due, unless one for
// the same person and moment is already waiting (as when one evaluation
// opens many signals): the job sends everything due to them at once.
func (tx *Tx) enqueueMail(ctx context.Context, userID string, due time.Time, random bool) error {
	payload, err := json.Marshal(mailPayload{UserID: userID, Due: ts(due)})
	if err != nil {
		return err
	}
	if tx.seen != nil && tx.seen.mail[string(payload)] {
		return nil // queued earlier in this transaction
	}
	if tx.seen != nil {
		tx.seen.mail[string(payload)] = true
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = ? AND payload = ? AND done_at IS NULL AND failed_at IS NULL AND locked_until IS NULL`,
		accord.JobNotifyMail, string(payload)).Scan(&n); err != nil || n > 0 {
		return err
	}
	id := newID()
	if random {
		id = uuid.NewString()
	}
	return tx.enqueue(ctx, id, accord.JobNotifyMail, payload, due)
}

// deliveryPayload is the payload of a JobWebhookDeliver job.
type deliveryPayload struct {
	DeliveryID string `json:"delivery_id"`
	Attempt    int    `json:"attempt"`
}

// notifyWebhooks queues a delivery to every active webhook of the alliance
// that carries the event, when the event may leave the alliance at all.
func (tx *Tx) notifyWebhooks(ctx context.Context, n notice, occurred, due time.Time) error {
	hooks, err := tx.seenHooks(ctx, n.allianceID)
	if err != nil || len(hooks) == 0 {
		return err
	}
	var parties []string
	if n.event.SeenBy != nil {
		if _, parties, err = tx.seenProtocols(ctx, n.allianceID); err != nil {
			return err
		}
	}
	if !audience.Public(n.event, parties) {
		return nil
	}
	link := n.link
	if n.hookLink != "" {
		link = n.hookLink
	}
	for _, w := range hooks {
		if w.Carries(n.event.Kind) {
			if err := tx.queueDelivery(ctx, w, n.event.Kind, clip(n.subject, 300), link, occurred, due, n.dayOnly); err != nil {
				return err
			}
		}
	}
	return nil
}

// queueDelivery inserts a delivery to the webhook and the job of its first attempt.
func (tx *Tx) queueDelivery(ctx context.Context, w accord.Webhook, kind accord.NotificationKind, subject, link string, occurred, due time.Time, random bool) error {
	id, jobID := newID(), newID()
	if random {
		id, jobID = uuid.NewString(), uuid.NewString()
	}
	_, err := tx.exec(ctx, `INSERT INTO webhook_deliveries (id, webhook_id, alliance_id, event, subject, link, occurred_at, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, w.ID, w.AllianceID, kind, subject, link, ts(occurred), ts(due), ts(occurred))
	if err != nil {
		return err
	}
	payload, err := json.Marshal(deliveryPayload{DeliveryID: id, Attempt: 1})
	if err != nil {
		return err
	}
	return tx.enqueue(ctx, jobID, accord.JobWebhookDeliver, payload, due)
}

// partyIDs lists the alliance's parties.
func (tx *Tx) partyIDs(ctx context.Context, allianceID string) ([]string, error) {
	return tx.strings(ctx, "SELECT id FROM parties WHERE alliance_id = ? ORDER BY id", allianceID)
}

// clip shortens s to at most n bytes, on a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n-len("…")]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}

// severityRank orders severities, least urgent first.
func severityRank(s accord.Severity) int {
	return slices.Index([]accord.Severity{accord.SeverityInfo, accord.SeverityWarning, accord.SeverityCritical}, s)
}
