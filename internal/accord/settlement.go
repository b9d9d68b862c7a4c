package accord

import (
	"errors"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/settle"
)

// Settlement is one period of a contract settled under the version that
// was in force on the period's first day: the performance summary as
// given, and the engine's result with its worksheet. A settlement never
// changes once recorded.
type Settlement struct {
	ID         string `json:"id"`
	ContractID string `json:"contract_id"`
	// ContractKey and ContractTitle name the contract, for lists that
	// span contracts (what awaits a person's sign-off).
	ContractKey   string    `json:"-"`
	ContractTitle string    `json:"-"`
	PeriodStart   time.Time `json:"period_start"`
	PeriodEnd     time.Time `json:"period_end"`
	// Version is the number of the contract version whose terms applied.
	Version   int            `json:"version"`
	Summary   settle.Summary `json:"summary"`
	Result    settle.Result  `json:"result"`
	SettledBy string         `json:"settled_by"`
	CreatedAt time.Time      `json:"created_at"`
	// Provisional marks a settlement recorded before its period ended: an
	// estimate, never signed off nor final (docs/settlement.md).
	Provisional bool `json:"provisional"`
	// Status is SettlementDraft until an executive of every party has
	// signed the settlement off, then SettlementFinal, from FinalAt.
	Status   string     `json:"status"`
	FinalAt  *time.Time `json:"final_at,omitempty"`
	SignOffs []SignOff  `json:"sign_offs"`
	// Awaiting lists the parties yet to sign a draft off, by name.
	Awaiting []PartyRef `json:"awaiting"`
}

// Settlement statuses.
const (
	SettlementDraft = "draft"
	SettlementFinal = "final"
)

// PartyRef names a party.
type PartyRef struct {
	PartyID   string `json:"party_id"`
	PartyName string `json:"party_name"`
}

// Final reports whether every party has signed the settlement off.
func (s Settlement) Final() bool { return s.Status == SettlementFinal }

// Signed reports whether the party has signed the settlement off.
func (s Settlement) Signed(partyID string) bool {
	for _, so := range s.SignOffs {
		if so.PartyID == partyID {
			return true
		}
	}
	return false
}

// SignOffRefusal says why partyID cannot sign the settlement off, or nil:
// a provisional settlement is an estimate and is never signed off, a final
// one is done, and a party signs once.
func (s Settlement) SignOffRefusal(partyID string) error {
	switch {
	case s.Provisional:
		return Errorf(ECONFLICT, "A provisional settlement is an estimate and is not signed off; settle the period once it has ended, and sign that settlement off")
	case s.Final():
		return Errorf(ECONFLICT, "This settlement is already final: every party has signed it off")
	case partyID != "" && s.Signed(partyID):
		return Errorf(ECONFLICT, "Your party has already signed this settlement off")
	}
	return nil
}

// StatusLabel says in words where the settlement stands: "Final",
// "Provisional", or "Draft — awaiting sign-off by X, Y".
func (s Settlement) StatusLabel() string {
	switch {
	case s.Final():
		return "Final"
	case s.Provisional:
		return "Provisional"
	case len(s.Awaiting) == 0:
		return "Draft"
	}
	names := make([]string, len(s.Awaiting))
	for i, p := range s.Awaiting {
		names[i] = p.PartyName
	}
	return "Draft — awaiting sign-off by " + strings.Join(names, ", ")
}

// PeriodNotEnded is the refusal to settle, for good, a period that ends
// after today.
func PeriodNotEnded(end time.Time) error {
	return FieldError("period_end", "The period ends on %s; settle it after that, or mark the settlement provisional", end.Format("2 Jan 2006"))
}

// SettlementPeriod is the period a settlement request covers.
type SettlementPeriod struct {
	Start, End time.Time
}

// Validate truncates the period to days and checks that it is one.
func (p *SettlementPeriod) Validate() error {
	if p.Start.IsZero() {
		return FieldError("period_start", "is required (YYYY-MM-DD)")
	}
	if p.End.IsZero() {
		return FieldError("period_end", "is required (YYYY-MM-DD)")
	}
	p.Start, p.End = Day(p.Start), Day(p.End)
	if p.End.Before(p.Start) {
		return FieldError("period_end", "must not be before the period's start")
	}
	if p.End.After(p.Start.AddDate(5, 0, 0)) {
		return FieldError("period_end", "must be within five years of the start")
	}
	return nil
}

// SettleTerms applies a version's (or an amendment's) terms document to a
// summary. Engine errors become invalid-input errors naming the field.
func SettleTerms(terms string, s settle.Summary) (settle.Result, error) {
	t, err := settle.DecodeTerms(strings.NewReader(terms))
	if err != nil {
		return settle.Result{}, &Error{Code: EINVALID, Field: "terms", Message: "the terms cannot be read: " + err.Error(), Err: err}
	}
	res, err := settle.Settle(&t, &s)
	if err != nil {
		field, msg := "summary", err.Error()
		var fe *settle.FieldError
		if errors.As(err, &fe) {
			// The page or the API names the field; the message is what is wrong with it.
			field, msg = fe.Field, fe.Msg
		}
		return settle.Result{}, &Error{Code: EINVALID, Field: field, Message: msg, Err: err}
	}
	return *res, nil
}
