package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/egress"
)

// Store is what delivery needs of the database; *store.DB implements it.
// The store writes notifications, with their e-mail and webhook jobs, in
// the transaction of each event; delivery sends them.
type Store interface {
	Now() time.Time
	ClaimMail(ctx context.Context, userID, claim string) (accord.Digest, error)
	FinishMail(ctx context.Context, claim, outcome string) error
	QueueDigests(ctx context.Context, at time.Time) (int, error)
	Digest(ctx context.Context, userID, allianceID string, at time.Time) (accord.Digest, bool, error)
	FinishDigest(ctx context.Context, d accord.Digest) error
	WebhookAttempt(ctx context.Context, deliveryID string, attempt int) (accord.WebhookDelivery, accord.Webhook, accord.Alliance, bool, error)
	RecordWebhookAttempt(ctx context.Context, deliveryID string, attempt, status int, errText string) error
}

// Delivery sends notifications on the durable job queue: e-mail as it
// becomes due, daily digests at accord.DigestHour, webhook deliveries with
// their retries. Every handler is safe to run more than once.
type Delivery struct {
	Store Store
	// Mailer sends e-mail; nil: notifications stay in the inbox only.
	Mailer accord.Mailer
	// BaseURL makes links absolute (e.g. https://accord.example.org);
	// empty: links are paths.
	BaseURL string
	// Client posts to webhooks (default: no redirects, no proxy, 15 s
	// timeout, and no internal address but AllowHosts'; see webhookClient).
	Client *http.Client
	// AllowHosts are the host names or addresses webhooks may reach even
	// though they are internal (loopback, private, link-local…).
	AllowHosts []string
	Log        *slog.Logger
}

// DigestSchedule is how often due digests are looked for: a digest goes
// out within this long after its hour.
const DigestSchedule = 10 * time.Minute

// Job is one kind of job delivery handles: whoever runs the job queue
// (internal/cli wires it to internal/jobs) calls Handle with each job's
// payload. Handle is safe to run more than once for the same job.
type Job struct {
	Kind   string
	Handle func(ctx context.Context, payload []byte) error
}

// Schedule is a job of kind Kind to be queued every Every, under the
// schedule's Name.
type Schedule struct {
	Name  string
	Every time.Duration
	Kind  string
}

// Jobs returns the delivery's handlers by kind, filling in the defaults
// of the fields left empty: e-mail, digests and webhook deliveries.
func (d *Delivery) Jobs() []Job {
	if d.Client == nil {
		d.Client = webhookClient(egress.New(d.AllowHosts))
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return []Job{
		{accord.JobNotifyMail, d.Mail},
		{accord.JobNotifyDigest, d.Digest},
		{accord.JobNotifyDigests, d.QueueDigests},
		{accord.JobWebhookDeliver, d.Webhook},
	}
}

// Schedules are the delivery's recurring jobs: the look for due digests.
func Schedules() []Schedule {
	return []Schedule{{Name: "notifications.digests", Every: DigestSchedule, Kind: accord.JobNotifyDigests}}
}

// Mail e-mails a person everything due to them now, in one message. A
// failed send releases the claim and fails the job, which the queue
// retries with its back-off.
func (d *Delivery) Mail(ctx context.Context, payload []byte) error {
	var p struct {
		UserID string `json:"user_id"`
	}
	if err := json.Unmarshal(payload, &p); err != nil {
		return fmt.Errorf("mail notifications: %w", err)
	}
	claim := newClaim()
	due, err := d.Store.ClaimMail(ctx, p.UserID, claim)
	if err != nil || len(due.Items) == 0 {
		return err
	}
	if d.Mailer == nil {
		d.Log.Debug("no mail relay: notifications stay in the inbox", "count", len(due.Items))
		return d.Store.FinishMail(ctx, claim, "dropped")
	}
	if err := d.Mailer.Send(ctx, d.mail(due, false)); err != nil {
		if ferr := d.Store.FinishMail(context.WithoutCancel(ctx), claim, "retry"); ferr != nil {
			d.Log.Error("release notification e-mail", "err", ferr)
		}
		return fmt.Errorf("mail notifications: %w", err)
	}
	return d.Store.FinishMail(context.WithoutCancel(ctx), claim, "sent")
}

func newClaim() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// QueueDigests queues the digests of the latest digest hour that have not
// gone yet (scheduled; a server that was down catches up).
func (d *Delivery) QueueDigests(ctx context.Context, _ []byte) error {
	n, err := d.Store.QueueDigests(ctx, accord.LatestDigest(d.Store.Now()))
	if n > 0 {
		d.Log.Info("digests queued", "count", n)
	}
	return err
}

// Digest e-mails one person's digest of one alliance: everything unread
// since the last one. With nothing to list it sends nothing, and the
// digest still counts as sent.
func (d *Delivery) Digest(ctx context.Context, payload []byte) error {
	var p struct {
		UserID     string    `json:"user_id"`
		AllianceID string    `json:"alliance_id"`
		At         time.Time `json:"at"`
	}
	if err := json.Unmarshal(payload, &p); err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	dg, ok, err := d.Store.Digest(ctx, p.UserID, p.AllianceID, p.At)
	if err != nil || !ok {
		return err
	}
	if len(dg.Items) > 0 && d.Mailer != nil {
		if err := d.Mailer.Send(ctx, d.mail(dg, true)); err != nil {
			return fmt.Errorf("digest: %w", err)
		}
	}
	return d.Store.FinishDigest(context.WithoutCancel(ctx), dg)
}

// Webhook makes one attempt of a delivery and records it; the store queues
// the next attempt after accord.WebhookRetryDelay, up to
// accord.WebhookMaxAttempts. The job itself succeeds: the delivery log,
// not the job, keeps the failure.
func (d *Delivery) Webhook(ctx context.Context, payload []byte) error {
	var p struct {
		DeliveryID string `json:"delivery_id"`
		Attempt    int    `json:"attempt"`
	}
	if err := json.Unmarshal(payload, &p); err != nil {
		return fmt.Errorf("webhook delivery: %w", err)
	}
	del, w, a, ok, err := d.Store.WebhookAttempt(ctx, p.DeliveryID, p.Attempt)
	if err != nil || !ok || !w.Active {
		return err
	}
	body, err := WebhookBody(w.Format, del, a, d.BaseURL)
	if err != nil {
		return err
	}
	status, failure := post(ctx, d.Client, w, del, body, d.Store.Now())
	if failure != "" {
		d.Log.Warn("webhook delivery failed", "webhook", w.ID, "delivery", del.ID, "attempt", p.Attempt, "status", status, "err", failure)
	}
	return d.Store.RecordWebhookAttempt(context.WithoutCancel(ctx), del.ID, p.Attempt, status, failure)
}
