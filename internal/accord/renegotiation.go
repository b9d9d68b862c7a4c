package accord

import (
	"strings"
	"time"
)

// Renegotiation is a party's request to renegotiate a contract. It is
// outstanding until the next amendment of the contract is adopted, and
// raises a contract_renegotiation signal owned by the requesting party.
type Renegotiation struct {
	ID         string `json:"id"`
	AllianceID string `json:"alliance_id"`
	ContractID string `json:"contract_id"`
	PartyID    string `json:"party_id"`
	PartyName  string `json:"party_name"`
	Reason     string `json:"reason"`
	// RequestedBy is the name of the person who asked for the party.
	RequestedBy string    `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
	// BaseVersion is the contract's latest version when it was requested;
	// the request is answered by the version after it.
	BaseVersion int `json:"base_version"`
	// Open is true until a version after BaseVersion is adopted.
	Open bool `json:"open"`
}

// CleanRenegotiationReason trims a request's reason and checks it: the
// other parties need to know what should change.
func CleanRenegotiationReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	return reason, checkText("reason", reason, true, 2000)
}
