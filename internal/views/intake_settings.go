package views

import (
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// IntakeURL is the address of an intake link.
func (s *Loader) IntakeURL(r *http.Request, token string) string {
	return s.BaseURL(r) + "/intake/" + token
}

// IntakeState is the API's view of an alliance's intake link; url is
// there only in the answer that made the link.
type IntakeState struct {
	Enabled   bool       `json:"enabled"`
	CreatedAt *time.Time `json:"created_at,omitempty"`
	CreatedBy string     `json:"created_by,omitempty"`
	URL       string     `json:"url,omitempty"`
}

// StateOf is what the intake settings show of the link in, and url when it
// is shown once (just made).
func StateOf(in accord.ConcernIntake, url string) IntakeState {
	at := in.CreatedAt.UTC()
	return IntakeState{Enabled: true, CreatedAt: &at, CreatedBy: in.CreatedByName, URL: url}
}
