package accord

import (
	"context"
	"time"

	"github.com/accord-alliance/accord/internal/settle"
)

// AllianceService manages alliances, their charters, organisations and parties.
type AllianceService interface {
	CreateAlliance(ctx context.Context, actor Actor, a *Alliance) error
	AllianceBySlug(ctx context.Context, slug string) (Alliance, error)
	AlliancesForUser(ctx context.Context, userID string) ([]Alliance, error)
	UpdateCharter(ctx context.Context, actor Actor, allianceID string, u CharterUpdate) (Alliance, error)
	// Charter returns the charter's versions and reviews
	// (docs/governance.md#the-yearly-charter-review).
	Charter(ctx context.Context, allianceID string) (Charter, error)
	// RespondCharterReview records the actor's party's answer to the
	// current review; a proposal goes to a motion.
	RespondCharterReview(ctx context.Context, actor Actor, allianceID string, r *CharterResponse) error
	// SetCharterReviewDate sets the day of the year the charter is reviewed.
	SetCharterReviewDate(ctx context.Context, actor Actor, allianceID string, on time.Time) error
	EnsureOrganization(ctx context.Context, actor Actor, name string) (Organization, error)
	ListOrganizations(ctx context.Context) ([]Organization, error)
	AddParty(ctx context.Context, actor Actor, p *Party) error
	ListParties(ctx context.Context, allianceID string) ([]Party, error)
	Party(ctx context.Context, allianceID, partyID string) (Party, error)
	UpdateParty(ctx context.Context, actor Actor, allianceID, partyID string, u PartyUpdate) (Party, error)
}

// PeopleService manages accounts, memberships and invitations.
type PeopleService interface {
	CreateUser(ctx context.Context, actor Actor, u *User, passwordHash string) error
	User(ctx context.Context, id string) (User, error)
	UserByEmail(ctx context.Context, email string) (User, string, error)
	SetPassword(ctx context.Context, actor Actor, userID, hash string) error
	AddMember(ctx context.Context, actor Actor, m *Membership) error
	Membership(ctx context.Context, allianceID, userID string) (Membership, error)
	MemberAlliance(ctx context.Context, slug, userID string) (Alliance, Membership, error)
	ListMembers(ctx context.Context, allianceID string) ([]Membership, error)
	UpdateMember(ctx context.Context, actor Actor, allianceID, membershipID string, u MemberUpdate) (Membership, error)
	CreateInvitation(ctx context.Context, actor Actor, inv *Invitation) error
	ListInvitations(ctx context.Context, allianceID string) ([]Invitation, error)
	InvitationByToken(ctx context.Context, token string) (Invitation, Alliance, error)
	AcceptInvitation(ctx context.Context, token, userID, name, passwordHash string) (Membership, error)
	RevokeInvitation(ctx context.Context, actor Actor, allianceID, id string) error
}

// AuthService keeps sessions, API tokens, reset links and sign-in throttling.
type AuthService interface {
	CreateSession(ctx context.Context, userID string, ttl time.Duration) (string, error)
	SessionUser(ctx context.Context, token string) (User, error)
	SessionMember(ctx context.Context, token, slug string) (User, *Alliance, *Membership, error)
	DeleteSession(ctx context.Context, token string) error
	CreateAPIToken(ctx context.Context, actor Actor, t *APIToken) error
	ListAPITokens(ctx context.Context, userID string) ([]APIToken, error)
	RevokeAPIToken(ctx context.Context, actor Actor, userID, id string) error
	TokenUser(ctx context.Context, secret string) (User, APIToken, error)
	// TokenUserUnnoted is TokenUser without recording the token's use.
	TokenUserUnnoted(ctx context.Context, secret string) (User, APIToken, error)
	ResetPassword(ctx context.Context, token, hash string) (User, error)
	PasswordResetUser(ctx context.Context, token string) (User, error)
	// BeginLoginAttempt counts a sign-in attempt under its keys before the
	// password is checked, or refuses it (Wait > 0) while a key's delay runs.
	BeginLoginAttempt(ctx context.Context, keys []ThrottleKey, maxDelay time.Duration) (LoginAttempt, error)
	// ForgetLoginAttempt forgets an attempt (right, or never checked) and,
	// when forget is not empty, the failures counted under that key.
	ForgetLoginAttempt(ctx context.Context, a LoginAttempt, forget string) error
	// BeginLimitedAttempt counts an attempt under key before it is checked,
	// or refuses it (Wait > 0) once limit are counted within window.
	BeginLimitedAttempt(ctx context.Context, key string, limit int, window time.Duration) (LoginAttempt, error)
}

// AuditService reads and verifies the audit trail.
type AuditService interface {
	ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
	VerifyAudit(ctx context.Context) (AuditReport, error)
	// AuditHead reads the trail's last entry, for a signed checkpoint.
	AuditHead(ctx context.Context) (AuditHead, error)
}

// ScorecardService keeps KPIs, targets, approvals and observations.
type ScorecardService interface {
	ProposeKPI(ctx context.Context, actor Actor, partyID string, k *KPI) error
	ListKPIs(ctx context.Context, allianceID string, f KPIFilter) ([]KPI, error)
	KPIByKey(ctx context.Context, allianceID, key string) (KPI, error)
	Approve(ctx context.Context, actor Actor, allianceID, subjectType, subjectID, partyID string) (string, error)
	Approvals(ctx context.Context, subjectType, subjectID string) ([]Approval, error)
	ProposeTarget(ctx context.Context, actor Actor, allianceID, partyID string, t *Target) error
	ListTargets(ctx context.Context, kpiID string) ([]Target, error)
	AllianceTargets(ctx context.Context, allianceID string) ([]Target, error)
	ImportObservations(ctx context.Context, actor Actor, req ImportRequest) (ImportReport, error)
	Observations(ctx context.Context, kpiID string, asOf *time.Time, history bool) ([]Observation, error)
	WithdrawObservation(ctx context.Context, actor Actor, w Withdrawal) (Observation, error)
	PeriodTotals(ctx context.Context, allianceID string, since time.Time, segment string) ([]PeriodTotal, error)
	PeriodTotalsAsOf(ctx context.Context, allianceID string, since time.Time, segment string, asOf *time.Time) ([]PeriodTotal, error)
	// ProvisionalPoints lists the series points, from since on, whose
	// figure current at asOf (nil: now) is provisional.
	ProvisionalPoints(ctx context.Context, allianceID string, since time.Time, asOf *time.Time) ([]ObservationKey, error)
	Segments(ctx context.Context, allianceID string, since time.Time) ([]string, error)
	LatestPeriods(ctx context.Context, allianceID string) (map[string]Freshness, error)
	AddAnnotation(ctx context.Context, actor Actor, allianceID string, a *Annotation) error
	ProposeKPIChange(ctx context.Context, actor Actor, partyID string, c *KPIChange) error
	SPCSettings(ctx context.Context, allianceID string) (SPCSettings, error)
	SetSPCSettings(ctx context.Context, actor Actor, allianceID string, s SPCSettings) (SPCSettings, error)
	KPIChanges(ctx context.Context, kpiID string) ([]KPIChange, error)
	KPIChange(ctx context.Context, allianceID, id string) (KPIChange, error)
	Annotations(ctx context.Context, kpiID string) ([]Annotation, error)
	SaveImportDraft(ctx context.Context, d *ImportDraft) error
	ImportDraft(ctx context.Context, allianceID, userID, id string) (ImportDraft, error)
	DeleteImportDraft(ctx context.Context, id string) error
}

// ContractService keeps contracts, their versions and their amendments.
type ContractService interface {
	CreateContract(ctx context.Context, actor Actor, partyID string, c *Contract, original *Amendment) error
	ListContracts(ctx context.Context, allianceID string) ([]Contract, error)
	ContractByKey(ctx context.Context, allianceID, key string) (Contract, error)
	SetContractReview(ctx context.Context, actor Actor, contractID string, on *time.Time) (Contract, error)
	ContractVersions(ctx context.Context, contractID string) ([]ContractVersion, error)
	VersionAt(ctx context.Context, contractID string, day time.Time) (ContractVersion, error)
	ProposeAmendment(ctx context.Context, actor Actor, partyID string, a *Amendment) error
	ListAmendments(ctx context.Context, contractID string) ([]Amendment, error)
	Amendment(ctx context.Context, contractID string, number int) (Amendment, error)
	SignAmendment(ctx context.Context, actor Actor, contractID string, number int, partyID string) (Amendment, error)
	WithdrawAmendment(ctx context.Context, actor Actor, contractID string, number int, partyID, reason string) (Amendment, error)
	// RequestRenegotiation records partyID's request to renegotiate the
	// contract and raises its signal; ListRenegotiations lists the requests.
	RequestRenegotiation(ctx context.Context, actor Actor, contractID, partyID, reason string) (Renegotiation, error)
	ListRenegotiations(ctx context.Context, contractID string) ([]Renegotiation, error)
}

// SignalService keeps signals from the data: evaluation turns the
// conditions that hold into signals (one per ongoing condition), and people
// acknowledge, resolve or dismiss them.
type SignalService interface {
	EvaluateSignals(ctx context.Context, actor Actor, allianceID string, kpiKeys []string) (SignalSync, error)
	SyncSignals(ctx context.Context, actor Actor, allianceID, kpiID string, conds []SignalCondition) (SignalSync, error)
	ListSignals(ctx context.Context, f SignalFilter) ([]Signal, error)
	// OpenSignalCount counts the open problems: open signals but improvements.
	OpenSignalCount(ctx context.Context, allianceID string) (int, error)
	Signal(ctx context.Context, allianceID, id string) (Signal, error)
	AcknowledgeSignal(ctx context.Context, actor Actor, allianceID, id string) (Signal, error)
	ResolveSignal(ctx context.Context, actor Actor, allianceID, id, reason string) (Signal, error)
	DismissSignal(ctx context.Context, actor Actor, allianceID, id, reason string) (Signal, error)
}

// SettlementService settles a contract's periods under the version in
// force and keeps each settlement with its worksheet.
type SettlementService interface {
	// SettlePeriod records a draft settlement; a period that ends after
	// today is refused unless provisional.
	SettlePeriod(ctx context.Context, actor Actor, contractID string, from, to time.Time, summary settle.Summary, provisional bool) (Settlement, error)
	// SignSettlement signs a draft off for partyID (an executive of it);
	// the last party's sign-off makes it final.
	SignSettlement(ctx context.Context, actor Actor, contractID, id, partyID string) (Settlement, error)
	// SettlementsAwaitingSignOff lists the alliance's draft settlements
	// that the user's party has yet to sign off, if the user may sign for
	// it (an executive); the oldest first.
	SettlementsAwaitingSignOff(ctx context.Context, allianceID, userID string) ([]Settlement, error)
	ListSettlements(ctx context.Context, contractID string) ([]Settlement, error)
	Settlement(ctx context.Context, contractID, id string) (Settlement, error)
}

// ConcernService keeps concerns raised by people, named or anonymous, and
// their threads. An anonymous concern is stored with no account, session,
// address or time finer than the day; its reporter comes back with the
// receipt code that RaiseConcern returns once.
type ConcernService interface {
	RaiseConcern(ctx context.Context, actor Actor, c *Concern, anonymous bool) (receipt string, err error)
	ConcernByReceipt(ctx context.Context, allianceID, receipt string) (Concern, error)
	AddReporterMessage(ctx context.Context, allianceID, receipt, body string) (Concern, error)
	ListConcerns(ctx context.Context, f ConcernFilter) ([]Concern, error)
	Concern(ctx context.Context, allianceID, id string) (Concern, error)
	AcknowledgeConcern(ctx context.Context, actor Actor, allianceID, id string) (Concern, error)
	ReplyToConcern(ctx context.Context, actor Actor, allianceID, id, body string) (Concern, error)
	CloseConcern(ctx context.Context, actor Actor, allianceID, id, reason string) (Concern, error)
	EscalateOverdue(ctx context.Context, now time.Time) (int, error)
}

// GovernanceService keeps committees and their seats, meetings with
// attendance, agendas, minutes and action items, motions with their votes
// and decisions, and the data-sharing protocols motions approve.
type GovernanceService interface {
	CreateCommittee(ctx context.Context, actor Actor, c *Committee) error
	ListCommittees(ctx context.Context, allianceID string) ([]Committee, error)
	CommitteeByKey(ctx context.Context, allianceID, key string) (Committee, error)
	AddSeat(ctx context.Context, actor Actor, committeeID string, s *Seat) error
	CreateMeeting(ctx context.Context, actor Actor, m *Meeting) error
	ScheduleMeetings(ctx context.Context, actor Actor, committeeID string, through time.Time) (int, error)
	ListMeetings(ctx context.Context, f MeetingFilter) ([]Meeting, error)
	Meeting(ctx context.Context, allianceID, id string) (Meeting, error)
	RecordAttendance(ctx context.Context, actor Actor, allianceID, meetingID string, att []Attendance) (Meeting, error)
	SaveMinutes(ctx context.Context, actor Actor, allianceID, meetingID, text string) (Meeting, error)
	ApproveMinutes(ctx context.Context, actor Actor, allianceID, meetingID, inMeetingID string) (Meeting, error)
	CancelMeeting(ctx context.Context, actor Actor, allianceID, meetingID string) (Meeting, error)
	MarkPacketSent(ctx context.Context, meetingID string, at time.Time) error
	PacketsDue(ctx context.Context, now time.Time) ([]DuePacket, error)
	Agenda(ctx context.Context, meetingID string) ([]AgendaItem, error)
	SyncAgenda(ctx context.Context, allianceID, meetingID string, items []AgendaItem) (int, error)
	AddAgendaItem(ctx context.Context, actor Actor, allianceID, meetingID string, it *AgendaItem) error
	MoveAgendaItem(ctx context.Context, actor Actor, allianceID, meetingID, itemID string, delta int) error
	AnnotateAgendaItem(ctx context.Context, actor Actor, allianceID, meetingID, itemID, note string) error
	CreateActionItem(ctx context.Context, actor Actor, a *ActionItem) error
	ListActionItems(ctx context.Context, f ActionFilter) ([]ActionItem, error)
	SetActionStatus(ctx context.Context, actor Actor, allianceID, id, status string) (ActionItem, error)
	ProposeMotion(ctx context.Context, actor Actor, m *Motion) error
	ListMotions(ctx context.Context, f DecisionFilter, status string) ([]Motion, error)
	Motion(ctx context.Context, allianceID string, number int) (Motion, error)
	CastVote(ctx context.Context, actor Actor, allianceID string, number int, forMemberID, choice, reason string) (Motion, error)
	DecideMotion(ctx context.Context, actor Actor, allianceID string, number int, rationale string) (Motion, error)
	GrantProxy(ctx context.Context, actor Actor, p *Proxy) error
	RevokeProxy(ctx context.Context, actor Actor, allianceID, id string) (Proxy, error)
	CloseDueMotions(ctx context.Context, now time.Time) (int, error)
	ProposeProtocol(ctx context.Context, actor Actor, p *Protocol, m *Motion) error
	ListProtocols(ctx context.Context, allianceID string) ([]Protocol, error)
	EndProtocol(ctx context.Context, actor Actor, allianceID, id string, on time.Time) (Protocol, error)
	CalendarFeed(ctx context.Context, userID, allianceID string) (string, error)
	CalendarFeedUser(ctx context.Context, token string) (userID, allianceID string, err error)
}

// NotificationService keeps each person's inbox and e-mail preference, and
// the webhooks an alliance's admins manage with their delivery log. The
// notifications themselves are written by the store in the transaction of
// each event (see docs/notifications.md).
type NotificationService interface {
	ListNotifications(ctx context.Context, f NotificationFilter) ([]Notification, error)
	UnreadNotifications(ctx context.Context, allianceID, userID string) (int, error)
	MarkNotificationRead(ctx context.Context, allianceID, userID, id string) (Notification, error)
	MarkAllNotificationsRead(ctx context.Context, allianceID, userID string) (int, error)
	NotificationPreference(ctx context.Context, allianceID, userID string) (NotificationPreference, error)
	SetNotificationPreference(ctx context.Context, allianceID, userID, mode string) (NotificationPreference, error)
	CreateWebhook(ctx context.Context, actor Actor, w *Webhook) error
	ListWebhooks(ctx context.Context, allianceID string) ([]Webhook, error)
	Webhook(ctx context.Context, allianceID, id string) (Webhook, error)
	UpdateWebhook(ctx context.Context, actor Actor, allianceID, id string, u WebhookUpdate) (Webhook, error)
	DeleteWebhook(ctx context.Context, actor Actor, allianceID, id string) error
	TestWebhook(ctx context.Context, actor Actor, allianceID, id string) (WebhookDelivery, error)
	ListWebhookDeliveries(ctx context.Context, allianceID, webhookID string, limit int) ([]WebhookDelivery, error)
}

// HealthService keeps the partnership health surveys: an alliance's
// settings, its instruments (immutable versions), rounds, and the answers.
// Who answered a round and what was answered are kept apart and nothing
// joins them (see docs/health.md#anonymity): a response carries the
// respondent's party and role but no person, no time and a random id, and
// the responses of a round are readable only once it is closed.
type HealthService interface {
	HealthSettings(ctx context.Context, allianceID string) (HealthSettings, error)
	SetHealthSettings(ctx context.Context, actor Actor, allianceID string, s HealthSettings) (HealthSettings, error)
	// CreateInstrument stores in as the next version of its key.
	CreateInstrument(ctx context.Context, actor Actor, in *Instrument) error
	// ListInstruments lists every version of the alliance's instruments,
	// by key, the latest version first.
	ListInstruments(ctx context.Context, allianceID string) ([]Instrument, error)
	Instrument(ctx context.Context, allianceID, id string) (Instrument, error)
	ScheduleRound(ctx context.Context, actor Actor, r *HealthRound) error
	OpenRound(ctx context.Context, actor Actor, allianceID, id string) (HealthRound, error)
	// CloseRound closes an open round, counts it, and rewrites its
	// respondents and responses so that nothing in the database keeps the
	// order in which they were written.
	CloseRound(ctx context.Context, actor Actor, allianceID, id string) (HealthRound, error)
	ListRounds(ctx context.Context, f HealthRoundFilter) ([]HealthRound, error)
	HealthRound(ctx context.Context, allianceID, id string) (HealthRound, error)
	// DueHealthRounds lists the rounds of every alliance to open, to close
	// and to remind about on now's day.
	DueHealthRounds(ctx context.Context, now time.Time) (HealthDue, error)
	// RecordReminder notes that the round's reminder number sent (1, 2, ...)
	// went out; false when another server already noted it.
	RecordReminder(ctx context.Context, allianceID, roundID string, sent int) (bool, error)
	// SubmitHealthResponse records, in one transaction, that the member
	// answered the round and, apart, what was answered. A second answer by
	// the same member is refused.
	SubmitHealthResponse(ctx context.Context, allianceID, membershipID string, s HealthSubmission) error
	HasResponded(ctx context.Context, allianceID, roundID, membershipID string) (bool, error)
	// HealthNonRespondents lists the active members who have not answered
	// the open round, for reminders.
	HealthNonRespondents(ctx context.Context, allianceID, roundID string) ([]Membership, error)
	// HealthResponses returns a closed round's answers for scoring, in the
	// order of their random ids, with no identity.
	HealthResponses(ctx context.Context, allianceID, roundID string) ([]HealthResponse, error)
	HealthCounts(ctx context.Context, allianceID, roundID string) (HealthCounts, error)
	// HealthRoundResults returns a closed round's results under the
	// minimum of respondents (least), its parties named by names (party id
	// → name): as kept when it closed, or computed and kept now when the
	// minimum or the names have changed since.
	HealthRoundResults(ctx context.Context, allianceID, roundID string, least int, names map[string]string) (HealthComputed, error)
}

// Services is everything the web application and API need from storage.
type Services interface {
	AllianceService
	PeopleService
	AuthService
	SecondFactorService
	PersonDataService
	AuditService
	ScorecardService
	ContractService
	SignalService
	SettlementService
	ConcernService
	ConcernIntakeService
	GovernanceService
	NotificationService
	InitiativeService
	BenefitService
	HealthService
	FHIRSourceService
	PaperworkService
	OIDCService
	Ping(ctx context.Context) error
}

// Mail is a plain-text e-mail to one person.
type Mail struct {
	To          string
	Subject     string
	Text        string
	Attachments []Attachment
}

// Attachment is a file sent with an e-mail: a packet, a calendar
// invitation. ContentType may carry parameters ("text/calendar;
// method=REQUEST").
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Mailer delivers e-mail; the notify package implements it over SMTP.
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}
