package views

import (
	"errors"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/settle"
)

// SettlementPeriod reads and checks a period's dates.
func SettlementPeriod(start, end string) (accord.SettlementPeriod, error) {
	var p accord.SettlementPeriod
	for _, f := range []struct {
		name, v string
		to      *time.Time
	}{{"period_start", start, &p.Start}, {"period_end", end, &p.End}} {
		d, err := ParseDate(f.name, f.v)
		if err != nil {
			return p, err
		}
		if d != nil {
			*f.to = *d
		}
	}
	return p, p.Validate()
}

// DecodeSummary reads a summary strictly; errors name the field.
func DecodeSummary(doc string) (settle.Summary, error) {
	sum, err := settle.DecodeSummary(strings.NewReader(doc))
	if err != nil {
		field, msg := "summary", err.Error()
		var fe *settle.FieldError
		if errors.As(err, &fe) {
			field, msg = fe.Field, fe.Msg
		}
		return sum, &accord.Error{Code: accord.EINVALID, Field: field, Message: msg, Err: err}
	}
	return sum, nil
}
