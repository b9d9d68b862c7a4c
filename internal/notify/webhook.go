package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/egress"
)

// The headers of a webhook delivery.
const (
	// HeaderSignature carries "sha256=" and the hex HMAC-SHA256, under the
	// webhook's secret, of the timestamp, a dot and the body.
	HeaderSignature = "X-Accord-Signature"
	// HeaderTimestamp carries the Unix time of the attempt; it is signed,
	// so a receiver that refuses old timestamps refuses replays.
	HeaderTimestamp = "X-Accord-Timestamp"
	// HeaderEvent carries the event's kind, HeaderDelivery the delivery's
	// id (the same on every attempt, for receivers to drop duplicates).
	HeaderEvent    = "X-Accord-Event"
	HeaderDelivery = "X-Accord-Delivery"
)

// Sign returns the signature header's value for a body posted at ts.
func Sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(ts, 10)))
	mac.Write([]byte("."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a delivery as a receiver should: the signature over the
// timestamp and the body, and a timestamp within tolerance of now.
func Verify(secret, timestamp, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return errors.New("webhook: no valid timestamp")
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return errors.New("webhook: timestamp too old or in the future (a replay?)")
	}
	if !hmac.Equal([]byte(Sign(secret, ts, body)), []byte(signature)) {
		return errors.New("webhook: signature does not match")
	}
	return nil
}

// genericEvent is the JSON body of a delivery in the json format.
type genericEvent struct {
	Event    accord.NotificationKind `json:"event"`
	Alliance string                  `json:"alliance"`
	Subject  string                  `json:"subject"`
	Link     string                  `json:"link"`
	Time     time.Time               `json:"time"`
	Delivery string                  `json:"delivery"`
}

// WebhookBody is what a delivery posts: {"text": …} for Slack and Teams
// incoming webhooks, the event as JSON otherwise. It carries the subject
// and a link, nothing more: a concern's subject names only its category
// and severity, and its link is the concerns' list.
func WebhookBody(format string, d accord.WebhookDelivery, a accord.Alliance, baseURL string) ([]byte, error) {
	link := absLink(baseURL, a.Slug, d.Link)
	if format == accord.WebhookSlack || format == accord.WebhookTeams {
		text := "[" + a.Name + "] " + d.Subject
		if link != "" {
			text += "\n" + link
		}
		return marshal(map[string]string{"text": text})
	}
	return marshal(genericEvent{Event: d.Event, Alliance: a.Slug, Subject: d.Subject, Link: link, Time: d.OccurredAt.UTC(), Delivery: d.ID})
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// absLink is the address of an alliance's page: under baseURL when it is
// set, else the path alone.
func absLink(baseURL, slug, link string) string {
	if link == "" {
		return ""
	}
	return strings.TrimRight(baseURL, "/") + "/a/" + slug + "/" + link
}

// post sends one attempt and returns the status code (0 when there was no
// answer) and what went wrong ("" for a 2xx answer).
func post(ctx context.Context, client *http.Client, w accord.Webhook, d accord.WebhookDelivery, body []byte, now time.Time) (int, string) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	ts := now.Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "accord-webhooks/1")
	req.Header.Set(HeaderEvent, string(d.Event))
	req.Header.Set(HeaderDelivery, d.ID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(w.Secret, ts, body))
	resp, err := client.Do(req)
	if errors.Is(err, egress.ErrRefused) {
		return 0, refusedMessage
	}
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return resp.StatusCode, ""
	}
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	return resp.StatusCode, strings.TrimSpace(fmt.Sprintf("%s %s", resp.Status, bytes.ToValidUTF8(snippet, nil)))
}

// refusedMessage is what the delivery log says of an attempt refused by
// the egress policy: the same whether or not anything listens there.
const refusedMessage = "refused: the address is inside a private network (loopback, link-local, private or reserved); an operator may allow this host with ACCORD_WEBHOOK_ALLOW_HOSTS"

// webhookClient does not follow redirects (a receiver answers, or the
// attempt fails), goes through no proxy, and connects only to addresses
// the egress policy allows, checked on the address each attempt dials.
func webhookClient(policy egress.Policy) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.DialContext = policy.DialContext(&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second})
	return &http.Client{Transport: tr, Timeout: 15 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
