package accord

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/health"
)

// The answer scale of every survey item: 1 (strongly disagree) to 5
// (strongly agree); a reverse-keyed item is scored 6 minus the answer.
const (
	HealthScaleMin = 1
	HealthScaleMax = 5
)

// Limits on an instrument, so that one form cannot fill the database nor
// make a survey nobody finishes.
const (
	maxHealthFactors = 30
	maxFactorItems   = 12
	maxItemText      = 500
	// MaxHealthComment is the longest comment on a factor, in characters.
	MaxHealthComment = 2000
)

var healthKeyRE = regexp.MustCompile(`^[a-z0-9]+([-_.][a-z0-9]+)*$`)

// ValidHealthKey reports whether s can name an instrument, a factor or an
// item: lowercase letters and digits joined by single hyphens, underscores
// or dots (the default instrument's items are "trust.word"), at most 60
// characters.
func ValidHealthKey(s string) bool { return len(s) <= 60 && healthKeyRE.MatchString(s) }

// HealthItem is one statement of a survey, answered on the 1–5 scale.
type HealthItem struct {
	Key  string `json:"key"`
	Text string `json:"text"`
	// Reverse marks a statement worded negatively ("Decisions are made
	// without us"): agreeing means a worse partnership.
	Reverse bool `json:"reverse,omitempty"`
	// Kind is how the item is answered: HealthAgreement (the default when
	// empty) or HealthBipolar.
	Kind string `json:"kind,omitempty"`
}

// The kinds of item. An agreement item is answered from 1 (strongly
// disagree) to 5 (strongly agree); a bipolar one asks for a speed, from 1
// (far too slow) through 3 (about right) to 5 (far too fast).
const (
	HealthAgreement = "agreement"
	HealthBipolar   = "bipolar"
)

// HealthFactor is what a group of items measures together (trust, pace,
// ...); each answer may carry one optional comment per factor.
type HealthFactor struct {
	Key   string       `json:"key"`
	Name  string       `json:"name"`
	Items []HealthItem `json:"items"`
}

// Instrument is one version of an alliance's survey. A version never
// changes once stored: an alliance adds or rewords factors and items by
// creating the next version, so results compare like with like.
type Instrument struct {
	ID         string         `json:"id"`
	AllianceID string         `json:"alliance_id"`
	Key        string         `json:"key"`
	Version    int            `json:"version"`
	Name       string         `json:"name"`
	Factors    []HealthFactor `json:"factors"`
	CreatedAt  time.Time      `json:"created_at"`
	// Used says a round has been scheduled with this version.
	Used bool `json:"used"`
}

// Validate checks an instrument before it is stored: a key and a name,
// at least one factor, every factor with a name and at least one item,
// and each factor's and item's key used once in the whole instrument.
func (in *Instrument) Validate() error {
	in.Key, in.Name = strings.TrimSpace(in.Key), strings.TrimSpace(in.Name)
	if !ValidHealthKey(in.Key) {
		return FieldError("key", "must be lowercase letters and digits joined by single hyphens or underscores (at most 60), e.g. pulse")
	}
	if err := CheckDisplayText("name", in.Name, true, maxName); err != nil {
		return err
	}
	if len(in.Factors) == 0 || len(in.Factors) > maxHealthFactors {
		return FieldError("factors", "must be between 1 and %d factors", maxHealthFactors)
	}
	seen := map[string]string{}
	for i := range in.Factors {
		if err := in.Factors[i].validate(fmt.Sprintf("factors[%d]", i), seen); err != nil {
			return err
		}
	}
	return nil
}

func (f *HealthFactor) validate(field string, seen map[string]string) error {
	f.Key, f.Name = strings.TrimSpace(f.Key), strings.TrimSpace(f.Name)
	if err := useHealthKey(field+".key", f.Key, seen); err != nil {
		return err
	}
	if err := CheckDisplayText(field+".name", f.Name, true, maxName); err != nil {
		return err
	}
	if len(f.Items) == 0 || len(f.Items) > maxFactorItems {
		return FieldError(field+".items", "must be between 1 and %d statements", maxFactorItems)
	}
	for j := range f.Items {
		it := &f.Items[j]
		at := fmt.Sprintf("%s.items[%d]", field, j)
		it.Key, it.Text = strings.TrimSpace(it.Key), strings.TrimSpace(it.Text)
		if err := useHealthKey(at+".key", it.Key, seen); err != nil {
			return err
		}
		if err := CheckDisplayText(at+".text", it.Text, true, maxItemText); err != nil {
			return err
		}
		if err := it.checkKind(at + ".kind"); err != nil {
			return err
		}
	}
	return nil
}

// checkKind fills in an empty kind (agreement) and refuses an unknown one,
// and a bipolar item marked reverse-keyed: its best answer is the middle.
func (it *HealthItem) checkKind(field string) error {
	switch it.Kind {
	case "":
		it.Kind = HealthAgreement
	case HealthAgreement:
	case HealthBipolar:
		if it.Reverse {
			return FieldError(field, "a bipolar (too slow … too fast) statement cannot be reverse-keyed")
		}
	default:
		return FieldError(field, "must be agreement or bipolar")
	}
	return nil
}

// useHealthKey checks a factor's or item's key and that no other factor
// or item of the instrument has it: answers and comments name them by key.
func useHealthKey(field, key string, seen map[string]string) error {
	if !ValidHealthKey(key) {
		return FieldError(field, "must be lowercase letters and digits joined by single hyphens, underscores or dots (at most 60), e.g. trust")
	}
	if prev, ok := seen[key]; ok {
		return FieldError(field, "%q is already the key of %s; each factor and statement needs its own", key, prev)
	}
	seen[key] = field
	return nil
}

// Items returns every item of the instrument with its factor's key, in
// the order the survey shows them.
func (in Instrument) Items() []HealthItemRef {
	var out []HealthItemRef
	for _, f := range in.Factors {
		for _, it := range f.Items {
			out = append(out, HealthItemRef{Factor: f.Key, HealthItem: it})
		}
	}
	return out
}

// HealthItemRef is an item with the key of its factor.
type HealthItemRef struct {
	Factor string
	HealthItem
}

// The statuses of a survey round: scheduled → open → closed.
const (
	RoundScheduled = "scheduled"
	RoundOpen      = "open"
	RoundClosed    = "closed"
)

// HealthRound is one sitting of a survey: every active member may answer
// once between OpensOn and ClosesOn (both days included). Reminders go to
// those who have not answered, ReminderDays days after it opens.
type HealthRound struct {
	ID                string     `json:"id"`
	AllianceID        string     `json:"alliance_id"`
	InstrumentID      string     `json:"instrument_id"`
	InstrumentKey     string     `json:"instrument"`
	InstrumentVersion int        `json:"instrument_version"`
	OpensOn           time.Time  `json:"opens_on"`
	ClosesOn          time.Time  `json:"closes_on"`
	Status            string     `json:"status"`
	ReminderDays      []int      `json:"reminder_days"`
	RemindersSent     int        `json:"reminders_sent"`
	OpenedAt          *time.Time `json:"opened_at,omitempty"`
	ClosedAt          *time.Time `json:"closed_at,omitempty"`
	// Eligible and Responses are counted when the round closes: the
	// members who could answer, and the answers.
	Eligible  int `json:"eligible"`
	Responses int `json:"responses"`
}

// maxRoundDays is the longest a round may stay open.
const maxRoundDays = 60

// Validate checks a round before it is scheduled on today's date: it
// opens today or later, closes on or after the day it opens and within
// maxRoundDays, and its reminders fall while it is open.
func (r *HealthRound) Validate(today time.Time) error {
	r.OpensOn, r.ClosesOn = Day(r.OpensOn), Day(r.ClosesOn)
	if r.OpensOn.IsZero() || r.OpensOn.Before(Day(today)) {
		return FieldError("opens_on", "must be today or a later day")
	}
	if r.ClosesOn.Before(r.OpensOn) {
		return FieldError("closes_on", "must be on or after the day the round opens")
	}
	days := int(r.ClosesOn.Sub(r.OpensOn).Hours()/24) + 1
	if days > maxRoundDays {
		return FieldError("closes_on", "is %d days after it opens; a round stays open at most %d days", days-1, maxRoundDays)
	}
	return checkReminderDays("reminder_days", r.ReminderDays, days)
}

// checkReminderDays checks reminders sent that many days after a round
// opens, for a round open days days: each while it is still open, in
// increasing order.
func checkReminderDays(field string, ds []int, days int) error {
	for i, d := range ds {
		if d < 1 || d >= days {
			return FieldError(field, "a reminder is sent between 1 and %d days after the round opens, while it is open; %d is not", days-1, d)
		}
		if i > 0 && d <= ds[i-1] {
			return FieldError(field, "must be in increasing order, each day once")
		}
	}
	return nil
}

// NextReminder returns the day the round's next reminder is due, and
// false when every reminder has been sent.
func (r HealthRound) NextReminder() (time.Time, bool) {
	if r.RemindersSent >= len(r.ReminderDays) {
		return time.Time{}, false
	}
	return r.OpensOn.AddDate(0, 0, r.ReminderDays[r.RemindersSent]), true
}

// HealthSubmission is what one member answers in a round: item key →
// answer (1–5; an item left out is not answered) and factor key →
// comment. It carries nothing about who answered.
type HealthSubmission struct {
	RoundID  string            `json:"round_id"`
	Answers  map[string]int    `json:"answers"`
	Comments map[string]string `json:"comments,omitempty"`
}

// Validate checks the answers against the round's instrument: every
// answer to one of its items and on the scale, at least one answer, and
// comments on its factors only, trimmed (an empty comment is dropped).
func (s *HealthSubmission) Validate(in Instrument) error {
	items := map[string]bool{}
	for _, it := range in.Items() {
		items[it.Key] = true
	}
	if len(s.Answers) == 0 {
		return FieldError("answers", "answer at least one statement")
	}
	for k, v := range s.Answers {
		if !items[k] {
			return FieldError("answers", "%q is not a statement of this survey", k)
		}
		if v < HealthScaleMin || v > HealthScaleMax {
			return FieldError("answers."+k, "must be between %d and %d", HealthScaleMin, HealthScaleMax)
		}
	}
	factors := map[string]bool{}
	for _, f := range in.Factors {
		factors[f.Key] = true
	}
	for k, c := range s.Comments {
		if !factors[k] {
			return FieldError("comments", "%q is not a factor of this survey", k)
		}
		c = strings.TrimSpace(c)
		if err := checkText("comments."+k, c, false, MaxHealthComment); err != nil {
			return err
		}
		if c == "" {
			delete(s.Comments, k)
			continue
		}
		s.Comments[k] = c
	}
	return nil
}

// HealthResponse is one answer to a round as stored: the breakdown keys
// (the respondent's party and role) and the answers, and nothing else —
// no person, no time, an id that is random.
type HealthResponse struct {
	ID       string            `json:"id"`
	PartyID  string            `json:"party_id"`
	Role     Role              `json:"role"`
	Answers  map[string]int    `json:"answers"`
	Comments map[string]string `json:"comments,omitempty"`
}

// healthRoleOrder is which of a person's roles a response is counted
// under: the first one they hold. Alliance admin manages accord and says
// nothing of someone's work, so it comes last.
var healthRoleOrder = []Role{RoleExecutive, RoleClinicalLeader, RoleFinance, RoleOperations, RoleMember, RoleObserver, RoleAdmin}

// HealthRole returns the one role a person's answers are counted under in
// the party × role breakdown: one role, not the whole combination, so that
// a rare combination of roles does not single someone out.
func HealthRole(rs Roles) Role {
	for _, r := range healthRoleOrder {
		if rs.Has(r) {
			return r
		}
	}
	return RoleMember
}

// HealthPartyCount is how many of a party's members could answer a round
// and how many answers came from the party.
type HealthPartyCount struct {
	PartyID   string `json:"party_id"`
	Eligible  int    `json:"eligible"`
	Responses int    `json:"responses"`
}

// HealthCounts is a round's response count: for an open round, the
// active members now; for a closed one, as counted when it closed.
type HealthCounts struct {
	RoundID   string             `json:"round_id"`
	Eligible  int                `json:"eligible"`
	Responses int                `json:"responses"`
	Parties   []HealthPartyCount `json:"parties"`
}

// HealthRoundFilter selects an alliance's rounds, the latest first.
type HealthRoundFilter struct {
	AllianceID string
	Status     string // empty for every status
	Limit      int
}

// Normalize checks the filter and bounds its limit (default 50, at most 500).
func (f *HealthRoundFilter) Normalize() error {
	if f.Status != "" && f.Status != RoundScheduled && f.Status != RoundOpen && f.Status != RoundClosed {
		return FieldError("status", "must be scheduled, open or closed")
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 500)
	return nil
}

// HealthDue is the survey work due on a day, across alliances: rounds to
// open, rounds to close, and open rounds whose next reminder is due.
type HealthDue struct {
	Open   []HealthRound
	Close  []HealthRound
	Remind []HealthRound
}

// HealthComputed is what a closed round computes to under a minimum of
// respondents, its groups named by the parties' names: the engine's
// results (hidden groups already stripped of their figures) and the
// round's comments, with their party and role only. It is computed once
// when the round closes and kept (docs/health.md#reading-the-results).
type HealthComputed struct {
	Results  health.Results
	Comments []health.Comment
}
