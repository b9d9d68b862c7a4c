package views

import (
	"github.com/accord-alliance/accord/internal/accord"
)

// ApprovedBy reports whether the party is among those that approved.
func ApprovedBy(apps []accord.Approval, partyID string) bool {
	for _, a := range apps {
		if a.PartyID == partyID {
			return true
		}
	}
	return false
}
