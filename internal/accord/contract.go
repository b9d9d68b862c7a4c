package accord

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/accord-alliance/accord/internal/settle"
)

// Contract is an agreement between the parties of an alliance. Its content
// lives in versions; each version comes from an amendment that every party
// signed off. The first amendment (against no version) is the original
// agreement.
type Contract struct {
	ID         string     `json:"id"`
	AllianceID string     `json:"alliance_id"`
	Key        string     `json:"key"`
	Title      string     `json:"title"`
	ReviewOn   *time.Time `json:"review_on,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	// Versions is the number of versions agreed so far.
	Versions int `json:"versions"`
	// Open is the number of amendments waiting for sign-off.
	Open int `json:"open_amendments"`
}

// ContractVersion is one agreed state of a contract: its text, its terms and
// the period it governs. Versions never change once written; a version's
// period ends the day before the next version takes effect.
type ContractVersion struct {
	ID            string     `json:"id"`
	ContractID    string     `json:"contract_id"`
	Number        int        `json:"number"`
	Text          string     `json:"text"`
	Terms         string     `json:"terms"`
	EffectiveFrom time.Time  `json:"effective_from"`
	EffectiveTo   *time.Time `json:"effective_to,omitempty"`
	AmendmentID   string     `json:"amendment_id"`
	CreatedAt     time.Time  `json:"created_at"`
	// TermsSource is the terms document as written when it was YAML (with
	// its comments); empty when the terms were given as JSON. Terms is
	// always the canonical JSON the engine reads and diffs compare.
	TermsSource string `json:"terms_source,omitempty"`
}

// Governs reports whether the version is the one in force on day d.
func (v ContractVersion) Governs(d time.Time) bool {
	d = Day(d)
	return !d.Before(v.EffectiveFrom) && (v.EffectiveTo == nil || !d.After(*v.EffectiveTo))
}

// Amendment statuses.
const (
	AmendmentProposed = "proposed"
	AmendmentAdopted  = "adopted"
	// AmendmentWithdrawn: its proposer's party (or an alliance admin) took
	// it back before every party had signed; it can no longer be signed.
	AmendmentWithdrawn = "withdrawn"
)

// Amendment proposes the next version of a contract: the whole new text and
// terms, and the date they take effect. It is adopted when an executive (or
// alliance admin) of every party has signed it off.
type Amendment struct {
	ID          string `json:"id"`
	ContractID  string `json:"contract_id"`
	Number      int    `json:"number"`
	BaseVersion int    `json:"base_version"`
	Summary     string `json:"summary"`
	Text        string `json:"text"`
	Terms       string `json:"terms"`
	// EffectiveFrom is the first day the amended version governs.
	EffectiveFrom time.Time  `json:"effective_from"`
	Status        string     `json:"status"`
	Version       int        `json:"version,omitempty"`
	ProposedBy    string     `json:"proposed_by"`
	CreatedAt     time.Time  `json:"created_at"`
	AdoptedAt     *time.Time `json:"adopted_at,omitempty"`
	SignOffs      []SignOff  `json:"sign_offs"`
	// TermsSource is the YAML terms document as submitted, or "" for JSON.
	TermsSource string `json:"terms_source,omitempty"`
	// ProposedParty is the party the proposer acted for ("" when none).
	ProposedParty string `json:"proposed_party_id,omitempty"`
	// WithdrawnAt, WithdrawnBy and WithdrawReason record a withdrawal.
	WithdrawnAt    *time.Time `json:"withdrawn_at,omitempty"`
	WithdrawnBy    string     `json:"withdrawn_by,omitempty"`
	WithdrawReason string     `json:"withdraw_reason,omitempty"`
}

// MaxWithdrawReason bounds the reason given for withdrawing an amendment.
const MaxWithdrawReason = 2000

// ValidWithdrawReason trims a withdrawal's reason and checks it.
func ValidWithdrawReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxWithdrawReason {
		return "", FieldError("reason", "is required: say why the amendment is withdrawn (at most %d characters)", MaxWithdrawReason)
	}
	return reason, nil
}

// SignOff is one party's agreement to an amendment.
type SignOff struct {
	PartyID   string    `json:"party_id"`
	PartyName string    `json:"party_name"`
	UserName  string    `json:"signed_by"`
	SignedAt  time.Time `json:"signed_at"`
}

// Signed reports whether the party has signed the amendment off.
func (a Amendment) Signed(partyID string) bool {
	for _, s := range a.SignOffs {
		if s.PartyID == partyID {
			return true
		}
	}
	return false
}

// Day truncates t to its UTC date, the resolution of effective dates.
func Day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

var contractKeyRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// ValidContractKey reports whether s can name a contract in addresses
// ("services-agreement").
func ValidContractKey(s string) bool { return len(s) <= 60 && contractKeyRE.MatchString(s) }

// Validate checks a new contract's key and title.
func (c *Contract) Validate() error {
	c.Key, c.Title = strings.TrimSpace(c.Key), strings.TrimSpace(c.Title)
	if !ValidContractKey(c.Key) {
		return FieldError("key", "must be lowercase letters, digits and dashes (at most 60)")
	}
	if c.Title == "" || utf8.RuneCountInString(c.Title) > 200 {
		return FieldError("title", "is required (at most 200 characters)")
	}
	if err := CheckDisplayText("title", c.Title, true, 200); err != nil {
		return err
	}
	if c.ReviewOn != nil {
		d := Day(*c.ReviewOn)
		c.ReviewOn = &d
	}
	return nil
}

// MaxContractText bounds a version's text (Markdown), 1 MiB.
const MaxContractText = 1 << 20

// Validate checks an amendment's summary, text and date, and reads its terms
// with the settlement engine's strict loader, storing them in the canonical
// indented form so that versions diff line by line.
func (a *Amendment) Validate() error {
	a.Summary = strings.TrimSpace(a.Summary)
	a.Text = strings.ReplaceAll(a.Text, "\r\n", "\n")
	if a.Summary == "" || utf8.RuneCountInString(a.Summary) > 300 {
		return FieldError("summary", "is required (at most 300 characters)")
	}
	if strings.TrimSpace(a.Text) == "" || len(a.Text) > MaxContractText || !utf8.ValidString(a.Text) {
		return FieldError("text", "is required (Markdown, at most 1 MiB)")
	}
	if a.EffectiveFrom.IsZero() {
		return FieldError("effective_from", "is required (YYYY-MM-DD)")
	}
	a.EffectiveFrom = Day(a.EffectiveFrom)
	src := strings.ReplaceAll(a.Terms, "\r\n", "\n")
	if len(src) > MaxContractText {
		return FieldError("terms", "must be at most 1 MiB")
	}
	terms, err := CanonicalTerms(src)
	if err != nil {
		return err
	}
	a.Terms, a.TermsSource = terms, ""
	if settle.TermsFormat([]byte(src)) == settle.FormatYAML {
		a.TermsSource = strings.TrimRight(src, " \t\n") + "\n"
	}
	return nil
}

// CanonicalTerms validates a terms document, JSON or YAML (the format of
// docs/terms.schema.json), and returns it as JSON with two-space
// indentation: the form stored, settled and diffed.
func CanonicalTerms(doc string) (string, error) {
	if strings.TrimSpace(doc) == "" {
		return "", FieldError("terms", "are required: a JSON or YAML terms document (docs/terms.schema.json)")
	}
	t, err := settle.DecodeTerms(strings.NewReader(doc))
	if err != nil {
		return "", &Error{Code: EINVALID, Field: "terms", Message: err.Error(), Err: err}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(t); err != nil {
		return "", &Error{Code: EINTERNAL, Message: "encode terms", Err: err}
	}
	return strings.TrimRight(buf.String(), "\n"), nil
}
