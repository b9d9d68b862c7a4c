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
	ID          string    `json:"id"`
	ContractID  string    `json:"contract_id"`
	PeriodStart time.Time `json:"period_start"`
	PeriodEnd   time.Time `json:"period_end"`
	// Version is the number of the contract version whose terms applied.
	Version   int            `json:"version"`
	Summary   settle.Summary `json:"summary"`
	Result    settle.Result  `json:"result"`
	SettledBy string         `json:"settled_by"`
	CreatedAt time.Time      `json:"created_at"`
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
