package accord

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// NotificationKind says what happened that a person is told about. The
// list of events and who hears of each is internal/audience.
type NotificationKind string

// The events that notify people.
const (
	// NotifySignalOpened is a signal opened from the data or the partnership.
	NotifySignalOpened NotificationKind = "signal_opened"
	// NotifySignalRaised is a live signal whose severity rose.
	NotifySignalRaised NotificationKind = "signal_raised"
	// NotifyConcernRaised is a concern raised, named or anonymous.
	NotifyConcernRaised NotificationKind = "concern_raised"
	// NotifyConcernOverdue is a concern not acknowledged by its deadline:
	// its first escalation step.
	NotifyConcernOverdue NotificationKind = "concern_overdue"
	// NotifyConcernEscalated is the last escalation step of a concern still
	// not acknowledged.
	NotifyConcernEscalated NotificationKind = "concern_escalated"
	// NotifyConcernReply is a handler's answer in a named concern's thread,
	// for its reporter.
	NotifyConcernReply NotificationKind = "concern_reply"
	// NotifyMotionOpened is a motion put to a committee's vote.
	NotifyMotionOpened NotificationKind = "motion_opened"
	// NotifyActionAssigned is an action item given to a person.
	NotifyActionAssigned NotificationKind = "action_assigned"
	// NotifyActionOverdue is an action item still open after its due day.
	NotifyActionOverdue NotificationKind = "action_overdue"
	// NotifyAmendmentSignoff is a contract amendment waiting for the
	// recipient's party to sign it off.
	NotifyAmendmentSignoff NotificationKind = "amendment_signoff"
	// NotifySettlementSignoff is a draft settlement waiting for the
	// recipient's party's executives to sign it off.
	NotifySettlementSignoff NotificationKind = "settlement_signoff"
	// NotifyHealthRoundOpened is a partnership health survey round opened:
	// every active member is asked to answer.
	NotifyHealthRoundOpened NotificationKind = "health_round_opened"
	// NotifyHealthReminder reminds a member who has not answered an open
	// survey round.
	NotifyHealthReminder NotificationKind = "health_reminder"
	// NotifyWebhookTest is the test delivery an admin sends to a webhook;
	// nobody's inbox receives it.
	NotifyWebhookTest NotificationKind = "webhook_test"
)

// NotificationKinds lists the kinds people can be told about.
func NotificationKinds() []NotificationKind {
	return []NotificationKind{NotifySignalOpened, NotifySignalRaised, NotifyConcernRaised, NotifyConcernOverdue, NotifyConcernEscalated,
		NotifyConcernReply, NotifyMotionOpened, NotifyActionAssigned, NotifyActionOverdue, NotifyAmendmentSignoff, NotifySettlementSignoff,
		NotifyHealthRoundOpened, NotifyHealthReminder}
}

// WebhookEvents lists the kinds a webhook may carry: every kind but the
// personal answer to a concern's reporter, which goes to that person only,
// and the survey's invitations and reminders, which ask each person to
// answer (a reminder says who has not).
func WebhookEvents() []NotificationKind {
	return slices.DeleteFunc(NotificationKinds(), func(k NotificationKind) bool {
		return k == NotifyConcernReply || k == NotifyHealthRoundOpened || k == NotifyHealthReminder
	})
}

// Notification is one thing one person is told about, in their inbox.
type Notification struct {
	ID         string           `json:"id"`
	AllianceID string           `json:"alliance_id"`
	UserID     string           `json:"-"`
	Kind       NotificationKind `json:"kind"`
	Subject    string           `json:"subject"`
	// Link is the page to act on. The store gives it relative to the
	// alliance's address ("motions/3"); the server answers with the path.
	Link    string `json:"link"`
	Body    string `json:"body"`
	MustAct bool   `json:"must_act"`
	// ActionNeeded says its subject still needs the reader now (a vote
	// still open and not cast, an item still theirs and open...): the
	// server decides it when listing, by the rules of
	// docs/notifications.md; the store leaves it false.
	ActionNeeded bool `json:"action_needed"`
	// CreatedAt is when it was written; a notification about an anonymous
	// concern keeps only the day.
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`

	// AllianceSlug and AllianceName are filled for delivery by e-mail.
	AllianceSlug string `json:"-"`
	AllianceName string `json:"-"`
}

// Unread reports whether the person has not read it yet.
func (n Notification) Unread() bool { return n.ReadAt == nil }

// DayOnly reports whether it keeps only its day (an anonymous concern's
// raising): its time of day is not known, so none is shown.
func (n Notification) DayOnly() bool { return n.CreatedAt.Equal(Day(n.CreatedAt)) }

// NotificationFilter selects a person's notifications in one alliance.
type NotificationFilter struct {
	AllianceID string
	UserID     string
	UnreadOnly bool
	Limit      int // default 100, at most 500
}

// Normalize bounds the limit.
func (f *NotificationFilter) Normalize() {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	f.Limit = min(f.Limit, 500)
}

// The e-mail preferences: what a person receives by e-mail beyond the
// inbox, which always holds everything.
const (
	// MailImmediately e-mails each notification as it comes (batched: one
	// e-mail carries everything that came together).
	MailImmediately = "immediately"
	// MailDigest e-mails one digest a day of everything unread, and what
	// the person must act on at once.
	MailDigest = "digest"
	// MailOff e-mails only what the person must act on.
	MailOff = "off"
)

// MailModes lists the preferences in the order the form shows them.
func MailModes() []string { return []string{MailImmediately, MailDigest, MailOff} }

// DigestHour is the hour (UTC) at which daily digests go out.
const DigestHour = 7

// NotificationPreference is one person's choice for one alliance.
type NotificationPreference struct {
	Mode string `json:"mode"`
	// DigestHour is when the digest goes out, in UTC hours.
	DigestHour int `json:"digest_hour"`
	// LastDigestAt is when the last digest was sent (or the preference
	// changed to digest).
	LastDigestAt *time.Time `json:"last_digest_at,omitempty"`
}

// CheckMailMode checks a preference as given.
func CheckMailMode(mode string) error {
	if !slices.Contains(MailModes(), mode) {
		return FieldError("mode", "must be immediately, digest or off")
	}
	return nil
}

// LatestDigest returns the latest digest moment at or before now: today's
// DigestHour, or yesterday's when now is earlier in the day.
func LatestDigest(now time.Time) time.Time {
	d := Day(now).Add(DigestHour * time.Hour)
	if now.Before(d) {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// NextDigest returns the first digest moment strictly after t.
func NextDigest(t time.Time) time.Time { return LatestDigest(t).AddDate(0, 0, 1) }

// The formats a webhook posts in.
const (
	// WebhookSlack posts {"text": …}, which Slack incoming webhooks accept.
	WebhookSlack = "slack"
	// WebhookTeams posts {"text": …}, which Microsoft Teams incoming
	// webhooks accept.
	WebhookTeams = "teams"
	// WebhookJSON posts the event as JSON, signed with HMAC-SHA256.
	WebhookJSON = "json"
)

// WebhookFormats lists the formats.
func WebhookFormats() []string { return []string{WebhookSlack, WebhookTeams, WebhookJSON} }

// Webhook is an address an alliance's events are posted to.
type Webhook struct {
	ID         string `json:"id"`
	AllianceID string `json:"alliance_id"`
	URL        string `json:"url"`
	Format     string `json:"format"`
	// Secret signs the deliveries; it is shown once, when the webhook is
	// made, and is never answered again.
	Secret string `json:"-"`
	// Events are the kinds it carries; empty: every kind a webhook may carry.
	Events        []NotificationKind `json:"events"`
	Active        bool               `json:"active"`
	CreatedAt     time.Time          `json:"created_at"`
	CreatedBy     string             `json:"created_by"`
	DeactivatedAt *time.Time         `json:"deactivated_at,omitempty"`
}

// Carries reports whether the webhook posts events of kind k.
func (w Webhook) Carries(k NotificationKind) bool {
	if k == NotifyWebhookTest {
		return true
	}
	if !slices.Contains(WebhookEvents(), k) {
		return false
	}
	return len(w.Events) == 0 || slices.Contains(w.Events, k)
}

// Validate checks and cleans a webhook before it is stored.
func (w *Webhook) Validate() error {
	w.URL = strings.TrimSpace(w.URL)
	u, err := url.Parse(w.URL)
	if w.URL == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || len(w.URL) > 2000 {
		return FieldError("url", "must be an http or https address without a user name, such as https://hooks.slack.com/services/…")
	}
	if w.Format == "" {
		w.Format = WebhookJSON
	}
	if !slices.Contains(WebhookFormats(), w.Format) {
		return FieldError("format", "must be slack, teams or json")
	}
	events := []NotificationKind{}
	for _, e := range w.Events {
		if !slices.Contains(WebhookEvents(), e) {
			return FieldError("events", "%q is not an event a webhook may carry", string(e))
		}
		if !slices.Contains(events, e) {
			events = append(events, e)
		}
	}
	w.Events = events
	return nil
}

// WebhookUpdate changes a webhook; nil fields stay as they are.
type WebhookUpdate struct {
	URL    *string
	Format *string
	Events *[]NotificationKind
	Active *bool
}

// WebhookDelivery is one event posted (or to be posted) to one webhook:
// the delivery log.
type WebhookDelivery struct {
	ID         string           `json:"id"`
	WebhookID  string           `json:"webhook_id"`
	AllianceID string           `json:"-"`
	Event      NotificationKind `json:"event"`
	Subject    string           `json:"subject"`
	// Link is relative to the alliance's address, as a notification's.
	Link string `json:"-"`
	// OccurredAt is when the event happened (for an anonymous concern,
	// the day only).
	OccurredAt    time.Time  `json:"occurred_at"`
	Attempts      int        `json:"attempts"`
	StatusCode    int        `json:"status_code,omitempty"`
	Error         string     `json:"error,omitempty"`
	NextAttemptAt *time.Time `json:"next_attempt_at,omitempty"`
	DeliveredAt   *time.Time `json:"delivered_at,omitempty"`
	FailedAt      *time.Time `json:"failed_at,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
}

// WebhookMaxAttempts is how many times a delivery is tried before it is
// given up.
const WebhookMaxAttempts = 6

// WebhookRetryDelay is the back-off after the attempt-th failed attempt:
// 1 min, 4 min, 16 min, 64 min, 4 h 16 min (each four times the last).
func WebhookRetryDelay(attempt int) time.Duration {
	d := time.Minute
	for i := 1; i < attempt; i++ {
		d *= 4
	}
	return d
}

// The job kinds of notification delivery, enqueued by the store and run
// by internal/notify.
const (
	// JobNotifyMail e-mails a person what is due to them now; payload
	// {"user_id": …}.
	JobNotifyMail = "notifications.mail"
	// JobNotifyDigests queues the digests that are due (scheduled).
	JobNotifyDigests = "notifications.digests"
	// JobNotifyDigest e-mails one person's digest of one alliance; payload
	// {"user_id", "alliance_id", "at"}.
	JobNotifyDigest = "notifications.digest"
	// JobWebhookDeliver posts one delivery; payload {"delivery_id", "attempt"}.
	JobWebhookDeliver = "webhooks.deliver"
)

// Digest is what one person's daily digest of one alliance lists.
type Digest struct {
	UserID, Email, Name string
	AllianceID          string
	At                  time.Time
	Items               []Notification
}
