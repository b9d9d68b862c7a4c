package accord

import (
	"slices"
	"strings"
	"time"
)

// The cadences a committee can meet on.
const (
	CadenceMonthly   = "monthly"
	CadenceQuarterly = "quarterly"
	CadenceCustom    = "custom" // every CadenceDays days
)

// Committee is a body of an alliance that meets and decides: a steering
// committee, a clinical quality council, a finance committee.
type Committee struct {
	ID          string `json:"id"`
	AllianceID  string `json:"alliance_id"`
	Key         string `json:"key"`
	Name        string `json:"name"`
	Purpose     string `json:"purpose"`
	Cadence     string `json:"cadence"`
	CadenceDays int    `json:"cadence_days,omitempty"`
	// MeetingTime is the usual start, "15:00" in UTC, and MeetingMinutes
	// the usual length; the cadence schedules meetings with them.
	MeetingTime    string `json:"meeting_time"`
	MeetingMinutes int    `json:"meeting_minutes"`
	QuorumPresent  int    `json:"quorum_min_present"`
	QuorumParties  bool   `json:"quorum_every_party"`
	QuorumClinical int    `json:"quorum_min_clinical"`
	AllowProxies   bool   `json:"allow_proxies"`
	// ApprovesScorecard marks the committee whose motions approve KPIs and
	// targets (the steering committee).
	ApprovesScorecard bool `json:"approves_scorecard"`
	// PacketDays is how many days before a meeting its packet is e-mailed.
	PacketDays int       `json:"packet_days"`
	Seats      []Seat    `json:"seats,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// Validate checks a committee before it is stored and fills defaults.
func (c *Committee) Validate() error {
	c.Key = strings.ToLower(strings.TrimSpace(c.Key))
	c.Name = strings.TrimSpace(c.Name)
	if c.Key == "" {
		c.Key = Slugify(c.Name)
	}
	if !slugRE.MatchString(c.Key) || len(c.Key) > 60 {
		return FieldError("key", "must be lowercase letters, digits and single hyphens (at most 60), e.g. steering")
	}
	if err := CheckDisplayText("name", c.Name, true, maxName); err != nil {
		return err
	}
	if err := checkText("purpose", c.Purpose, false, 2000); err != nil {
		return err
	}
	switch c.Cadence {
	case CadenceMonthly, CadenceQuarterly:
		c.CadenceDays = 0
	case CadenceCustom:
		if c.CadenceDays < 7 || c.CadenceDays > 366 {
			return FieldError("cadence_days", "must be between 7 and 366 for a custom cadence")
		}
	default:
		return FieldError("cadence", "must be monthly, quarterly or custom")
	}
	if c.MeetingTime == "" {
		c.MeetingTime = "15:00"
	}
	if _, err := time.Parse("15:04", c.MeetingTime); err != nil {
		return FieldError("meeting_time", "must be HH:MM (UTC)")
	}
	if c.MeetingMinutes == 0 {
		c.MeetingMinutes = 60
	}
	if c.MeetingMinutes < 15 || c.MeetingMinutes > 600 {
		return FieldError("meeting_minutes", "must be between 15 and 600")
	}
	if c.QuorumPresent < 0 || c.QuorumClinical < 0 {
		return FieldError("quorum", "counts cannot be negative")
	}
	if c.PacketDays < 0 || c.PacketDays > 30 {
		return FieldError("packet_days", "must be between 0 and 30")
	}
	return nil
}

// NextMeeting returns the first start of the cadence after t: the same
// day of month as anchor, monthly or every three months, or every
// CadenceDays days from anchor.
func (c Committee) NextMeeting(anchor, after time.Time) time.Time {
	next := anchor
	for i := 1; !next.After(after); i++ {
		switch c.Cadence {
		case CadenceMonthly:
			next = anchor.AddDate(0, i, 0)
		case CadenceQuarterly:
			next = anchor.AddDate(0, 3*i, 0)
		default:
			next = anchor.AddDate(0, 0, c.CadenceDays*i)
		}
	}
	return next
}

// Seat is a place on a committee for a person of a given party and role.
// A vacant seat has no holder.
type Seat struct {
	ID          string     `json:"id"`
	CommitteeID string     `json:"committee_id"`
	PartyID     string     `json:"party_id"`
	PartyName   string     `json:"party_name"`
	Role        Role       `json:"role"`
	MemberID    string     `json:"member_id,omitempty"`
	UserID      string     `json:"user_id,omitempty"`
	HolderName  string     `json:"holder_name,omitempty"`
	HolderEmail string     `json:"-"`
	Chair       bool       `json:"chair"`
	TermStart   time.Time  `json:"term_start"`
	TermEnd     *time.Time `json:"term_end,omitempty"`
}

// Clinical reports whether the seat is a clinical leader's.
func (s Seat) Clinical() bool { return s.Role == RoleClinicalLeader }

// Serving reports whether the seat is held on day d.
func (s Seat) Serving(d time.Time) bool {
	return s.MemberID != "" && !d.Before(Day(s.TermStart)) && (s.TermEnd == nil || d.Before(s.TermEnd.AddDate(0, 0, 1)))
}

// The statuses of a meeting.
const (
	MeetingScheduled = "scheduled"
	MeetingHeld      = "held"
	MeetingCancelled = "cancelled"
)

// The statuses of a meeting's minutes.
const (
	MinutesNone     = "none"
	MinutesDraft    = "draft"
	MinutesApproved = "approved"
)

// Meeting is one check-in of a committee.
type Meeting struct {
	ID            string       `json:"id"`
	AllianceID    string       `json:"alliance_id"`
	CommitteeID   string       `json:"committee_id"`
	CommitteeKey  string       `json:"committee"`
	CommitteeName string       `json:"committee_name"`
	Title         string       `json:"title"`
	StartsAt      time.Time    `json:"starts_at"`
	Minutes       int          `json:"duration_minutes"`
	Location      string       `json:"location"`
	Status        string       `json:"status"`
	Sequence      int          `json:"sequence"`
	MinutesText   string       `json:"minutes"`
	MinutesStatus string       `json:"minutes_status"`
	MinutesBy     string       `json:"minutes_approved_in,omitempty"`
	PacketSentAt  *time.Time   `json:"packet_sent_at,omitempty"`
	Attendance    []Attendance `json:"attendance,omitempty"`
	CreatedAt     time.Time    `json:"created_at"`
}

// Validate checks a meeting before it is scheduled.
func (m *Meeting) Validate() error {
	m.Title, m.Location = strings.TrimSpace(m.Title), strings.TrimSpace(m.Location)
	if m.CommitteeID == "" {
		return FieldError("committee", "is required")
	}
	if m.StartsAt.IsZero() {
		return FieldError("starts_at", "is required")
	}
	if m.Minutes != 0 && (m.Minutes < 15 || m.Minutes > 600) {
		return FieldError("duration_minutes", "must be between 15 and 600")
	}
	if err := CheckDisplayText("title", m.Title, false, 300); err != nil {
		return err
	}
	return checkText("location", m.Location, false, 300)
}

// MeetingFilter selects meetings; zero fields select all.
type MeetingFilter struct {
	AllianceID  string
	CommitteeID string
	From, To    time.Time
	// UserID keeps the meetings of committees where the user holds a seat.
	UserID     string
	Descending bool
	Limit      int
}

// DuePacket is a meeting whose packet is due to be e-mailed to its
// committee.
type DuePacket struct {
	Meeting      Meeting
	AllianceSlug string
}

// Ends is when the meeting is planned to end.
func (m Meeting) Ends() time.Time { return m.StartsAt.Add(time.Duration(m.Minutes) * time.Minute) }

// Attendance is whether a seat-holder was at a meeting, and who held
// their proxy when they were not.
type Attendance struct {
	MemberID string `json:"member_id"`
	Name     string `json:"name"`
	Present  bool   `json:"present"`
	ProxyID  string `json:"proxy_member_id,omitempty"`
}

// The kinds of agenda items: those the data writes and those people add.
const (
	AgendaKPI     = "kpi"
	AgendaSignal  = "signal"
	AgendaConcern = "concern"
	AgendaMotion  = "motion"
	AgendaAction  = "action"
	AgendaMinutes = "minutes"
	AgendaCustom  = "custom"
)

// AgendaItem is one item of a meeting's agenda.
type AgendaItem struct {
	ID        string `json:"id"`
	MeetingID string `json:"meeting_id"`
	Position  int    `json:"position"`
	Kind      string `json:"kind"`
	RefID     string `json:"ref_id,omitempty"`
	Title     string `json:"title"`
	Detail    string `json:"detail"`
	Note      string `json:"note"`
	AddedBy   string `json:"added_by"`
}

// The statuses of an action item.
const (
	ActionOpen      = "open"
	ActionDone      = "done"
	ActionCancelled = "cancelled"
)

// ActionItem is a task a meeting gave someone, with a due date.
type ActionItem struct {
	ID          string     `json:"id"`
	AllianceID  string     `json:"alliance_id"`
	CommitteeID string     `json:"committee_id"`
	MeetingID   string     `json:"meeting_id,omitempty"`
	Title       string     `json:"title"`
	OwnerID     string     `json:"owner_member_id"`
	OwnerName   string     `json:"owner_name"`
	OwnerParty  string     `json:"owner_party_id"`
	DueOn       time.Time  `json:"due_on"`
	Status      string     `json:"status"`
	DoneAt      *time.Time `json:"done_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
}

// ActionFilter selects action items; zero fields select all.
type ActionFilter struct {
	AllianceID  string
	CommitteeID string
	Status      string
	// DueBefore keeps items due before this day.
	DueBefore time.Time
}

// Overdue reports whether the item is still open after its due day.
func (a ActionItem) Overdue(now time.Time) bool {
	return a.Status == ActionOpen && Day(now).After(a.DueOn)
}

// The kinds of subject a motion can be about.
const (
	SubjectText      = "text"
	SubjectKPI       = "kpi"
	SubjectTarget    = "target"
	SubjectProtocol  = "protocol"
	SubjectAmendment = "amendment"
	SubjectPilotGate = "pilot_gate"
	// SubjectKPIChange is a change to an approved KPI's definition.
	SubjectKPIChange = "kpi_change"
)

// The statuses of a motion: open while votes are cast, then decided.
const (
	MotionOpen      = "open"
	MotionPassed    = "passed"
	MotionFailed    = "failed"
	MotionNoQuorum  = "no-quorum"
	MotionWithdrawn = "withdrawn"
)

// Motion is a proposal a committee votes on.
type Motion struct {
	ID              string     `json:"id"`
	AllianceID      string     `json:"alliance_id"`
	CommitteeID     string     `json:"committee_id"`
	CommitteeKey    string     `json:"committee"`
	CommitteeName   string     `json:"committee_name"`
	MeetingID       string     `json:"meeting_id,omitempty"`
	Number          int        `json:"number"`
	Title           string     `json:"title"`
	Body            string     `json:"body"`
	SubjectKind     string     `json:"subject_kind"`
	SubjectID       string     `json:"subject_id,omitempty"`
	Rule            string     `json:"rule"`
	ClinicalConsent bool       `json:"clinical_consent"`
	Status          string     `json:"status"`
	ClosesAt        *time.Time `json:"closes_at,omitempty"`
	DecidedAt       *time.Time `json:"decided_at,omitempty"`
	Rationale       string     `json:"rationale"`
	// Tally is the engine's result as JSON, kept as decided.
	Tally     []byte    `json:"-"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	Votes     []Vote    `json:"votes,omitempty"`
	// Proxies are those given for the motion or for its meeting, revoked
	// ones included.
	Proxies []Proxy `json:"proxies,omitempty"`
}

// Validate checks a motion before it is proposed.
func (m *Motion) Validate() error {
	m.Title, m.Body = strings.TrimSpace(m.Title), strings.TrimSpace(m.Body)
	if err := CheckDisplayText("title", m.Title, true, 300); err != nil {
		return err
	}
	if err := checkText("body", m.Body, false, 20000); err != nil {
		return err
	}
	if m.SubjectKind == "" {
		m.SubjectKind = SubjectText
	}
	if !contains([]string{SubjectText, SubjectKPI, SubjectTarget, SubjectKPIChange, SubjectProtocol, SubjectAmendment, SubjectPilotGate, SubjectCharter}, m.SubjectKind) {
		return FieldError("subject_kind", "must be text, kpi, target, kpi_change, protocol, amendment, pilot_gate or charter")
	}
	if m.SubjectKind != SubjectText && m.SubjectID == "" {
		return FieldError("subject_id", "is required for a %s motion", m.SubjectKind)
	}
	if !contains([]string{"majority", "two-thirds", "unanimity", "party-consent"}, m.Rule) {
		return FieldError("rule", "must be majority, two-thirds, unanimity or party-consent")
	}
	return nil
}

// Vote is one seat-holder's ballot on a motion; CastBy differs from
// MemberID for a proxy vote.
type Vote struct {
	MemberID   string    `json:"member_id"`
	Name       string    `json:"name"`
	PartyID    string    `json:"party_id"`
	Clinical   bool      `json:"clinical"`
	CastBy     string    `json:"cast_by_member_id"`
	CastByName string    `json:"cast_by_name"`
	Choice     string    `json:"choice"`
	Reason     string    `json:"reason,omitempty"`
	CastAt     time.Time `json:"cast_at"`
	// ProxyID is the proxy a ballot cast by proxy was cast with.
	ProxyID string `json:"proxy_id,omitempty"`
}

// DecisionFilter selects decided motions for the decision log.
type DecisionFilter struct {
	AllianceID string
	Committee  string // key
	Query      string // words in the title, body or rationale
	Subject    string // subject_kind:subject_id, to link from where a decision applies
	Limit      int
}

// The statuses of a data-sharing protocol.
const (
	ProtocolProposed = "proposed"
	ProtocolActive   = "active"
	ProtocolEnded    = "ended"
	ProtocolRejected = "rejected"
)

// Protocol is a data-sharing agreement: what one party's observations
// another party may see, for what purpose and when, approved by a motion.
type Protocol struct {
	ID          string     `json:"id"`
	AllianceID  string     `json:"alliance_id"`
	Title       string     `json:"title"`
	FromPartyID string     `json:"from_party_id"`
	FromParty   string     `json:"from_party"`
	ToPartyID   string     `json:"to_party_id,omitempty"` // empty: every other party
	ToParty     string     `json:"to_party"`
	KPIKeys     []string   `json:"kpis"`       // empty with empty Categories: every KPI
	Categories  []string   `json:"categories"` // KPI categories
	Segments    []string   `json:"segments"`   // empty: every segment
	Purpose     string     `json:"purpose"`
	StartsOn    time.Time  `json:"starts_on"`
	EndsOn      *time.Time `json:"ends_on,omitempty"`
	Status      string     `json:"status"`
	MotionID    string     `json:"motion_id,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
}

// Validate checks a protocol before it is proposed.
func (p *Protocol) Validate() error {
	p.Title, p.Purpose = strings.TrimSpace(p.Title), strings.TrimSpace(p.Purpose)
	if err := CheckDisplayText("title", p.Title, true, 300); err != nil {
		return err
	}
	if err := checkText("purpose", p.Purpose, true, 2000); err != nil {
		return err
	}
	if p.FromPartyID == "" {
		return FieldError("from_party_id", "is required")
	}
	if p.ToPartyID == p.FromPartyID {
		return FieldError("to_party_id", "must differ from the sharing party")
	}
	for _, c := range p.Categories {
		if !slices.Contains(AllCategories(), Category(c)) {
			return FieldError("categories", "%q is not a KPI category", c)
		}
	}
	for i, s := range p.Segments {
		p.Segments[i] = strings.TrimSpace(s)
		if err := CheckDisplayText("segments", p.Segments[i], true, MaxSegmentLength); err != nil {
			return err
		}
	}
	if p.StartsOn.IsZero() {
		return FieldError("starts_on", "is required")
	}
	if p.EndsOn != nil && p.EndsOn.Before(p.StartsOn) {
		return FieldError("ends_on", "must not be before starts_on")
	}
	return nil
}

// Covers reports whether the protocol, active on day d, lets party viewer
// see observations of the KPI (key, category) in segment seg.
func (p Protocol) Covers(viewer, key string, category Category, seg string, d time.Time) bool {
	if p.Status != ProtocolActive || (p.ToPartyID != "" && p.ToPartyID != viewer) || viewer == p.FromPartyID {
		return false
	}
	if d.Before(p.StartsOn) || (p.EndsOn != nil && d.After(*p.EndsOn)) {
		return false
	}
	if len(p.KPIKeys)+len(p.Categories) > 0 && !contains(p.KPIKeys, key) && !contains(p.Categories, string(category)) {
		return false
	}
	return len(p.Segments) == 0 || contains(p.Segments, seg)
}
