package views

import (
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// AsOfEnd reads an as_of date: the data as it stood at the end of that day.
func AsOfEnd(v string) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return nil, accord.FieldError("as_of", "must be a date (YYYY-MM-DD)")
	}
	end := t.AddDate(0, 0, 1)
	return &end, nil
}
