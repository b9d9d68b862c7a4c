package accord

import (
	"slices"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

func validInstrument() Instrument {
	return Instrument{AllianceID: "a", Key: "pulse", Name: "Pulse", Factors: []HealthFactor{
		{Key: "trust", Name: "Trust", Items: []HealthItem{{Key: "trust-1", Text: "They keep their word."}, {Key: "trust-2", Text: "I hold back.", Reverse: true}}},
		{Key: "pace", Name: "Pace", Items: []HealthItem{{Key: "pace-1", Text: "The pace suits us."}}},
	}}
}

func TestInstrumentValidate(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(*Instrument)
		field string
	}{
		{"valid", func(*Instrument) {}, ""},
		{"key with capitals", func(in *Instrument) { in.Key = "Pulse" }, "key"},
		{"no name", func(in *Instrument) { in.Name = " " }, "name"},
		{"no factor", func(in *Instrument) { in.Factors = nil }, "factors"},
		{"factor without items", func(in *Instrument) { in.Factors[1].Items = nil }, "factors[1].items"},
		{"factor key used by an item", func(in *Instrument) { in.Factors[1].Key = "trust-1" }, "factors[1].key"},
		{"item key twice", func(in *Instrument) { in.Factors[1].Items[0].Key = "trust-2" }, "factors[1].items[0].key"},
		{"item without text", func(in *Instrument) { in.Factors[0].Items[1].Text = "" }, "factors[0].items[1].text"},
		{"item text on two lines", func(in *Instrument) { in.Factors[0].Items[0].Text = "a\nb" }, "factors[0].items[0].text"},
		{"dotted item key", func(in *Instrument) { in.Factors[1].Items[0].Key = "pace.decisions" }, ""},
		{"bipolar item", func(in *Instrument) { in.Factors[1].Items[0].Kind = HealthBipolar }, ""},
		{"unknown kind", func(in *Instrument) { in.Factors[1].Items[0].Kind = "slider" }, "factors[1].items[0].kind"},
		{"reverse-keyed bipolar item", func(in *Instrument) { in.Factors[0].Items[1].Kind = HealthBipolar }, "factors[0].items[1].kind"},
	} {
		in := validInstrument()
		c.edit(&in)
		if got := ErrorField(in.Validate()); got != c.field {
			t.Errorf("%s: got field %q, want %q", c.name, got, c.field)
		}
	}
}

func TestHealthSubmissionValidate(t *testing.T) {
	in := validInstrument()
	for _, c := range []struct {
		name     string
		answers  map[string]int
		comments map[string]string
		field    string
	}{
		{"all answered", map[string]int{"trust-1": 5, "trust-2": 1, "pace-1": 3}, nil, ""},
		{"one answered", map[string]int{"pace-1": 1}, nil, ""},
		{"none", nil, nil, "answers"},
		{"unknown item", map[string]int{"mood": 3}, nil, "answers"},
		{"below the scale", map[string]int{"pace-1": 0}, nil, "answers.pace-1"},
		{"above the scale", map[string]int{"pace-1": 6}, nil, "answers.pace-1"},
		{"comment on a factor", map[string]int{"pace-1": 2}, map[string]string{"pace": "slow"}, ""},
		{"comment on an item", map[string]int{"pace-1": 2}, map[string]string{"pace-1": "slow"}, "comments"},
		{"comment too long", map[string]int{"pace-1": 2}, map[string]string{"pace": string(make([]rune, MaxHealthComment+1))}, "comments.pace"},
	} {
		s := HealthSubmission{Answers: c.answers, Comments: c.comments}
		if got := ErrorField(s.Validate(in)); got != c.field {
			t.Errorf("%s: got field %q, want %q", c.name, got, c.field)
		}
	}
}

func TestHealthSettingsValidate(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(*HealthSettings)
		field string
	}{
		{"defaults", func(*HealthSettings) {}, ""},
		{"three answers", func(s *HealthSettings) { s.MinRespondents = 3 }, ""},
		{"two answers", func(s *HealthSettings) { s.MinRespondents = 2 }, "min_respondents"},
		{"no gap", func(s *HealthSettings) { s.GapThreshold = 0 }, "gap_threshold"},
		{"gap beyond the scale", func(s *HealthSettings) { s.GapThreshold = number.DecimalFromInt(5) }, "gap_threshold"},
		{"monthly", func(s *HealthSettings) { s.EveryMonths = 1 }, ""},
		{"open longer than a month apart", func(s *HealthSettings) { s.EveryMonths, s.OpenDays, s.ReminderDays = 1, 30, nil }, "open_days"},
		{"reminder on the first day", func(s *HealthSettings) { s.ReminderDays = []int{0} }, "reminder_days"},
		{"reminder after closing", func(s *HealthSettings) { s.ReminderDays = []int{14} }, "reminder_days"},
		{"reminders out of order", func(s *HealthSettings) { s.ReminderDays = []int{9, 4} }, "reminder_days"},
	} {
		s := DefaultHealthSettings()
		c.edit(&s)
		if got := ErrorField(s.Validate()); got != c.field {
			t.Errorf("%s: got field %q, want %q", c.name, got, c.field)
		}
	}
}

func TestNextRound(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	s := DefaultHealthSettings()
	for _, c := range []struct {
		name          string
		last, today   time.Time
		opens, closes time.Time
	}{
		{"first round opens today", time.Time{}, day(2027, 1, 10).Add(15 * time.Hour), day(2027, 1, 10), day(2027, 1, 23)},
		{"a quarter after the last", day(2027, 1, 10), day(2027, 2, 1), day(2027, 4, 10), day(2027, 4, 23)},
		{"never in the past", day(2026, 6, 1), day(2027, 2, 1), day(2027, 2, 1), day(2027, 2, 14)},
	} {
		r := s.NextRound(c.last, c.today)
		if !r.OpensOn.Equal(c.opens) || !r.ClosesOn.Equal(c.closes) || !slices.Equal(r.ReminderDays, s.ReminderDays) {
			t.Errorf("%s: got %s–%s %v, want %s–%s %v", c.name, r.OpensOn.Format(time.DateOnly), r.ClosesOn.Format(time.DateOnly), r.ReminderDays,
				c.opens.Format(time.DateOnly), c.closes.Format(time.DateOnly), s.ReminderDays)
		}
		if err := r.Validate(c.today); err != nil {
			t.Errorf("%s: the round scheduled is refused: %v", c.name, err)
		}
	}
}

func TestHealthRoundValidate(t *testing.T) {
	today := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return time.Date(2027, 3, d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		name          string
		opens, closes time.Time
		reminders     []int
		field         string
	}{
		{"a fortnight from today", day(1), day(14), []int{7, 12}, ""},
		{"one day, no reminder", day(5), day(5), nil, ""},
		{"opened yesterday", today.AddDate(0, 0, -1), day(14), nil, "opens_on"},
		{"closes before it opens", day(5), day(4), nil, "closes_on"},
		{"open 61 days", day(1), day(1).AddDate(0, 0, 60), nil, "closes_on"},
		{"reminder on the last day is fine", day(1), day(14), []int{13}, ""},
		{"reminder after it closes", day(1), day(14), []int{14}, "reminder_days"},
	} {
		r := HealthRound{OpensOn: c.opens, ClosesOn: c.closes, ReminderDays: c.reminders}
		if got := ErrorField(r.Validate(today)); got != c.field {
			t.Errorf("%s: got field %q, want %q", c.name, got, c.field)
		}
	}
}

func TestHealthRoundNextReminder(t *testing.T) {
	r := HealthRound{OpensOn: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), ReminderDays: []int{7, 12}}
	for sent, want := range []string{"2027-03-08", "2027-03-13", ""} {
		r.RemindersSent = sent
		on, ok := r.NextReminder()
		if got := map[bool]string{true: on.Format(time.DateOnly)}[ok]; got != want {
			t.Errorf("after %d reminders: got %q, want %q", sent, got, want)
		}
	}
}

func TestHealthRole(t *testing.T) {
	for _, c := range []struct {
		roles Roles
		want  Role
	}{
		{Roles{RoleAdmin, RoleExecutive}, RoleExecutive},
		{Roles{RoleAdmin}, RoleAdmin},
		{Roles{RoleOperations, RoleMember}, RoleOperations},
		{Roles{RoleClinicalLeader, RoleFinance}, RoleClinicalLeader},
		{Roles{RoleObserver}, RoleObserver},
		{nil, RoleMember},
	} {
		if got := HealthRole(c.roles); got != c.want {
			t.Errorf("HealthRole(%v) = %s, want %s", c.roles, got, c.want)
		}
	}
}
