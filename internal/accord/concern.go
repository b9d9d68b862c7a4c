package accord

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/password"
)

// The categories of a concern.
const (
	ConcernPatientSafety = "patient_safety"
	ConcernOperations    = "operations_workload"
	ConcernFinance       = "finance"
	ConcernData          = "data"
	ConcernRelationship  = "relationship_trust"
	ConcernCompliance    = "compliance"
)

// ConcernCategories lists the categories in the order the form shows them.
func ConcernCategories() []string {
	return []string{ConcernPatientSafety, ConcernOperations, ConcernFinance, ConcernData, ConcernRelationship, ConcernCompliance}
}

// ConcernSeverities lists the severities a reporter may choose, least
// serious first.
func ConcernSeverities() []string { return []string{"low", "medium", "high"} }

// The statuses in a concern's life: open → acknowledged → closed.
const (
	ConcernOpen         = "open"
	ConcernAcknowledged = "acknowledged"
	ConcernClosed       = "closed"
)

// ConcernStatuses lists the statuses in the order of a concern's life.
func ConcernStatuses() []string { return []string{ConcernOpen, ConcernAcknowledged, ConcernClosed} }

// ReporterAuthor is the author of a message written by whoever raised the
// concern; a handler's message carries the handler's name instead.
const ReporterAuthor = "reporter"

// The escalation steps of an unacknowledged concern.
const (
	// EscalatedToChairs is the first step: the steering committee chair and
	// every party's executives.
	EscalatedToChairs = 1
	// EscalatedToAll is the last step: every executive of the alliance.
	EscalatedToAll = 2
)

// Concern is something a person raised about the alliance: named, or
// anonymous with a receipt code as the only way back to it.
type Concern struct {
	ID         string `json:"id"`
	AllianceID string `json:"alliance_id"`
	Category   string `json:"category"`
	Severity   string `json:"severity"`
	Body       string `json:"body"`
	KPIID      string `json:"kpi_id,omitempty"`
	KPIKey     string `json:"kpi,omitempty"`
	// ReporterID and ReporterName are empty for anonymous concerns; for
	// named ones only handlers may see them.
	ReporterID     string           `json:"reporter_id,omitempty"`
	ReporterName   string           `json:"reporter_name,omitempty"`
	Anonymous      bool             `json:"anonymous"`
	Status         string           `json:"status"`
	RaisedOn       time.Time        `json:"raised_on"`
	AckDueAt       time.Time        `json:"ack_due_at"`
	AcknowledgedAt *time.Time       `json:"acknowledged_at,omitempty"`
	AcknowledgedBy string           `json:"acknowledged_by,omitempty"`
	Escalation     int              `json:"escalation_level"`
	ClosedAt       *time.Time       `json:"closed_at,omitempty"`
	ClosedBy       string           `json:"closed_by,omitempty"`
	CloseReason    string           `json:"close_reason,omitempty"`
	Messages       []ConcernMessage `json:"messages,omitempty"`

	// ReceiptCost is the argon2id cost of the receipt's hash; the zero
	// value means password.Default. Tests set password.Fast.
	ReceiptCost password.Params `json:"-"`
}

// Overdue reports whether the concern waits for acknowledgement past its deadline.
func (c Concern) Overdue(now time.Time) bool {
	return c.Status == ConcernOpen && !now.Before(c.AckDueAt)
}

// ConcernMessage is one message in a concern's thread. Messages by the
// reporter of an anonymous concern carry only the day.
type ConcernMessage struct {
	ID       string    `json:"id"`
	Author   string    `json:"author"`
	AuthorID string    `json:"-"`
	Body     string    `json:"body"`
	At       time.Time `json:"at"`
	DayOnly  bool      `json:"day_only"`
}

// Validate checks a concern before it is raised.
func (c *Concern) Validate() error {
	c.Body = strings.TrimSpace(c.Body)
	if !contains(ConcernCategories(), c.Category) {
		return FieldError("category", "must be one of %s", strings.Join(ConcernCategories(), ", "))
	}
	if !contains(ConcernSeverities(), c.Severity) {
		return FieldError("severity", "must be low, medium or high")
	}
	return checkText("body", c.Body, true, 10000)
}

// CleanMessage trims and checks a message's body.
func CleanMessage(body string) (string, error) {
	body = strings.TrimSpace(body)
	return body, checkText("body", body, true, 10000)
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// ConcernFilter selects concerns for the handlers' list.
type ConcernFilter struct {
	AllianceID string
	Status     string
	Limit      int
}

// Normalize checks the status and bounds the limit.
func (f *ConcernFilter) Normalize() error {
	if f.Status != "" && !contains(ConcernStatuses(), f.Status) {
		return FieldError("status", "must be open, acknowledged or closed")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	return nil
}

// receiptEncoding is base32 without padding: no 0/1/8/9, so codes read
// aloud or copied by hand survive.
var receiptEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// ReceiptLookupLen is how many leading characters of a receipt (dashes
// removed) are stored in clear to find the concern; the rest is checked
// against the slow hash.
const ReceiptLookupLen = 8

// NewReceipt returns a random receipt code of five groups of five base32
// characters (125 bits), e.g. "ABCDE-FGHIJ-KLMNO-PQRST-UVWXY".
func NewReceipt() string {
	b := make([]byte, 16)
	rand.Read(b)
	s := receiptEncoding.EncodeToString(b)[:25]
	return s[0:5] + "-" + s[5:10] + "-" + s[10:15] + "-" + s[15:20] + "-" + s[20:25]
}

// NormalizeReceipt removes spaces and dashes and upper-cases a receipt as
// typed, so "abcde fghij…" finds the same concern.
func NormalizeReceipt(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, code)
}

// CheckReceipt refuses, naming the field, what cannot be a receipt code
// as typed: it says nothing about whether a concern has the code, so a
// person who mistyped it learns what is wrong without it counting as a
// guess.
func CheckReceipt(code string) error {
	norm := NormalizeReceipt(code)
	if norm == "" {
		return FieldError("receipt", "is required: the code shown when the concern was raised")
	}
	if len(norm) != 25 || strings.Trim(norm, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
		return FieldError("receipt", "must be the code shown when the concern was raised: 25 letters and digits 2–7, such as ABCDE-FGHIJ-KLMNO-PQRST-UVWXY")
	}
	return nil
}

// AckBusinessDays is how many business days handlers have to acknowledge
// a concern: one for patient safety, three otherwise.
func AckBusinessDays(category string) int {
	if category == ConcernPatientSafety {
		return 1
	}
	return 3
}

// AckDeadline is the end (midnight UTC) of the n-th business day after
// the day from, skipping Saturdays and Sundays.
func AckDeadline(from time.Time, n int) time.Time {
	d := Day(from)
	for added := 0; added < n; {
		d = d.AddDate(0, 0, 1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			added++
		}
	}
	return d.AddDate(0, 0, 1)
}
