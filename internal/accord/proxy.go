package accord

import "time"

// Proxy is a seat-holder's authority, given to another seat-holder of the
// same committee, to cast their ballot on one motion (MotionID) or on
// every motion of one meeting (MeetingID). Only the member who gives a
// proxy can revoke it, and only before a ballot is cast with it.
type Proxy struct {
	ID           string     `json:"id"`
	AllianceID   string     `json:"-"`
	CommitteeID  string     `json:"committee_id"`
	MemberID     string     `json:"member_id"`
	MemberName   string     `json:"member_name"`
	HolderID     string     `json:"holder_member_id"`
	HolderName   string     `json:"holder_name"`
	MeetingID    string     `json:"meeting_id,omitempty"`
	MotionID     string     `json:"motion_id,omitempty"`
	MotionNumber int        `json:"motion_number,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	RevokedAt    *time.Time `json:"revoked_at,omitempty"`
	// Used reports whether a ballot now stands that was cast with it.
	Used bool `json:"used"`
}

// Live reports whether the proxy can still be voted with.
func (p Proxy) Live() bool { return p.RevokedAt == nil }
