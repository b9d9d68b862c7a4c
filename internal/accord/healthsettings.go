package accord

import (
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

// The bounds on how few answers a result may be shown from.
const (
	// DefaultMinRespondents is how many people must have answered before a
	// party's results, or any breakdown, are shown.
	DefaultMinRespondents = 5
	// MinRespondentsFloor is the lowest an alliance may set it: below three,
	// a person who knows their own answer can read another's.
	MinRespondentsFloor = 3
)

// HealthSettings is how an alliance runs its partnership health surveys.
type HealthSettings struct {
	// MinRespondents is the fewest answers from which a party's results or
	// a breakdown are shown (default 5, never below 3).
	MinRespondents int `json:"min_respondents"`
	// GapThreshold is the perception gap between parties on a factor (the
	// highest party mean minus the lowest, in points of the 1–5 scale)
	// from which a signal is raised.
	GapThreshold number.Decimal `json:"gap_threshold"`
	// EveryMonths is how often a round is scheduled (default 3: quarterly).
	EveryMonths int `json:"every_months"`
	// OpenDays is how many days a round stays open (default 14).
	OpenDays int `json:"open_days"`
	// ReminderDays are the days after a round opens on which those who have
	// not answered are reminded.
	ReminderDays []int `json:"reminder_days"`
}

// DefaultHealthSettings are a quarterly round open a fortnight, reminders
// after one week and two days before it closes, results from five
// answers, and a signal for a gap of one point.
func DefaultHealthSettings() HealthSettings {
	return HealthSettings{
		MinRespondents: DefaultMinRespondents,
		GapThreshold:   number.DecimalFromInt(1),
		EveryMonths:    3,
		OpenDays:       14,
		ReminderDays:   []int{7, 12},
	}
}

// Validate checks the settings.
func (s HealthSettings) Validate() error {
	if s.MinRespondents < MinRespondentsFloor || s.MinRespondents > 1000 {
		return FieldError("min_respondents", "must be at least %d (fewer would let people read each other's answers) and at most 1000", MinRespondentsFloor)
	}
	if s.GapThreshold <= 0 || s.GapThreshold > number.DecimalFromInt(HealthScaleMax-HealthScaleMin) {
		return FieldError("gap_threshold", "must be more than 0 and at most %d points", HealthScaleMax-HealthScaleMin)
	}
	if s.EveryMonths < 1 || s.EveryMonths > 12 {
		return FieldError("every_months", "must be between 1 and 12 months")
	}
	if s.OpenDays < 1 || s.OpenDays > maxRoundDays {
		return FieldError("open_days", "must be between 1 and %d days", maxRoundDays)
	}
	if s.OpenDays > s.EveryMonths*28 {
		return FieldError("open_days", "is longer than the time between rounds; rounds would overlap")
	}
	return checkReminderDays("reminder_days", s.ReminderDays, s.OpenDays)
}

// NextRound returns the round the settings schedule after a round that
// opened on last (or, with a zero last, from today): it opens EveryMonths
// later, but never before today, and stays open OpenDays days.
func (s HealthSettings) NextRound(last, today time.Time) HealthRound {
	opens := Day(today)
	if !last.IsZero() {
		if next := Day(last).AddDate(0, s.EveryMonths, 0); next.After(opens) {
			opens = next
		}
	}
	return HealthRound{
		OpensOn:      opens,
		ClosesOn:     opens.AddDate(0, 0, s.OpenDays-1),
		ReminderDays: append([]int(nil), s.ReminderDays...),
	}
}
