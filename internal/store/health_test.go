package store_test

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// healthFixture is the small alliance with more members and an instrument.
type healthFixture struct {
	fixture
	members    []accord.Membership // the admin's first
	instrument accord.Instrument
}

// memberSpec is a person to add to the fixture's alliance.
type memberSpec struct {
	name, email string
	provider    bool
	roles       accord.Roles
}

var healthPeople = []memberSpec{
	{"Grace Hopper", "grace.hopper@plan.example", false, accord.Roles{accord.RoleFinance}},
	{"Katherine Johnson", "katherine.johnson@plan.example", false, accord.Roles{accord.RoleOperations, accord.RoleMember}},
	{"Rosalind Franklin", "rosalind.franklin@riverside.example", true, accord.Roles{accord.RoleClinicalLeader}},
	{"Barbara Liskov", "barbara.liskov@riverside.example", true, accord.Roles{accord.RoleMember}},
	{"Frances Allen", "frances.allen@riverside.example", true, accord.Roles{accord.RoleExecutive, accord.RoleAdmin}},
}

func seedHealth(t *testing.T, db *store.DB) healthFixture {
	t.Helper()
	ctx := context.Background()
	h := healthFixture{fixture: seed(t, db)}
	admin, err := db.Membership(ctx, h.alliance.ID, h.admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	h.members = append(h.members, admin)
	for _, p := range healthPeople {
		u := accord.User{Email: p.email, Name: p.name}
		if err := db.CreateUser(ctx, cli, &u, ""); err != nil {
			t.Fatal(err)
		}
		party := h.payer.ID
		if p.provider {
			party = h.provider.ID
		}
		m := accord.Membership{AllianceID: h.alliance.ID, UserID: u.ID, PartyID: party, Roles: p.roles}
		if err := db.AddMember(ctx, cli, &m); err != nil {
			t.Fatal(err)
		}
		h.members = append(h.members, m)
	}
	h.instrument = testInstrument(h.alliance.ID)
	if err := db.CreateInstrument(ctx, cli, &h.instrument); err != nil {
		t.Fatalf("CreateInstrument: %v", err)
	}
	return h
}

func testInstrument(allianceID string) accord.Instrument {
	return accord.Instrument{AllianceID: allianceID, Key: "pulse", Name: "Partnership pulse", Factors: []accord.HealthFactor{
		{Key: "trust", Name: "Trust", Items: []accord.HealthItem{
			{Key: "trust-word", Text: "The other parties do what they say they will do."},
			{Key: "trust-guard", Text: "I hold back information from the other parties.", Reverse: true},
		}},
		{Key: "pace", Name: "Pace", Items: []accord.HealthItem{{Key: "pace-fit", Text: "The pace of our joint work suits my organisation."}}},
		{Key: "voice", Name: "Clinical voice", Items: []accord.HealthItem{{Key: "voice-heard", Text: "Clinicians shape the alliance's decisions."}}},
	}}
}

// openRound schedules a round of the fixture's instrument from today for
// a fortnight and opens it.
func openRound(t *testing.T, db *store.DB, h healthFixture) accord.HealthRound {
	t.Helper()
	ctx := context.Background()
	today := accord.Day(db.Now())
	r := accord.HealthRound{AllianceID: h.alliance.ID, InstrumentID: h.instrument.ID, OpensOn: today, ClosesOn: today.AddDate(0, 0, 13)}
	if err := db.ScheduleRound(ctx, cli, &r); err != nil {
		t.Fatalf("ScheduleRound: %v", err)
	}
	open, err := db.OpenRound(ctx, cli, h.alliance.ID, r.ID)
	if err != nil {
		t.Fatalf("OpenRound: %v", err)
	}
	return open
}

func TestHealthInstrumentVersions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := seedHealth(t, db)
		if h.instrument.Version != 1 || h.instrument.ID == "" {
			t.Fatalf("first version = %d (id %q), want 1", h.instrument.Version, h.instrument.ID)
		}
		v2 := testInstrument(h.alliance.ID)
		v2.Factors = append(v2.Factors, accord.HealthFactor{Key: "paperwork", Name: "Paperwork", Items: []accord.HealthItem{
			{Key: "paperwork-double", Text: "The alliance makes us enter the same data twice.", Reverse: true}}})
		if err := db.CreateInstrument(ctx, cli, &v2); err != nil {
			t.Fatal(err)
		}
		if v2.Version != 2 {
			t.Errorf("second version = %d, want 2", v2.Version)
		}
		bad := testInstrument(h.alliance.ID)
		bad.Factors[1].Items[0].Key = "trust-word"
		if err := db.CreateInstrument(ctx, cli, &bad); accord.ErrorField(err) != "factors[1].items[0].key" {
			t.Errorf("a key used twice: got %v, want a factors[1].items[0].key field error", err)
		}
		openRound(t, db, h)
		list, err := db.ListInstruments(ctx, h.alliance.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Version != 2 || list[1].Version != 1 {
			t.Fatalf("ListInstruments = %d versions %+v, want 2 then 1", len(list), list)
		}
		if list[0].Used || !list[1].Used {
			t.Errorf("used: version 2 %v, version 1 %v; want false, true (a round uses version 1)", list[0].Used, list[1].Used)
		}
		got := list[0]
		got.CreatedAt, got.Used = v2.CreatedAt, v2.Used
		if !equalFactors(got.Factors, v2.Factors) {
			t.Errorf("version 2 read back with factors %+v, want %+v", got.Factors, v2.Factors)
		}
		one, err := db.Instrument(ctx, h.alliance.ID, h.instrument.ID)
		if err != nil || !equalFactors(one.Factors, h.instrument.Factors) || one.Version != 1 {
			t.Errorf("Instrument = %+v, %v; want version 1 as created", one, err)
		}
		if _, err := db.Instrument(ctx, "other-alliance", h.instrument.ID); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("another alliance's instrument: got %v, want not found", err)
		}
	})
}

func equalFactors(a, b []accord.HealthFactor) bool {
	return slices.EqualFunc(a, b, func(x, y accord.HealthFactor) bool {
		return x.Key == y.Key && x.Name == y.Name && slices.Equal(x.Items, y.Items)
	})
}

func TestHealthSettingsStored(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		got, err := db.HealthSettings(ctx, f.alliance.ID)
		if err != nil || got.MinRespondents != 5 || got.OpenDays != 14 || got.EveryMonths != 3 {
			t.Fatalf("default settings = %+v, %v; want 5 answers, 14 days, every 3 months", got, err)
		}
		low := accord.DefaultHealthSettings()
		low.MinRespondents = 2
		if _, err := db.SetHealthSettings(ctx, cli, f.alliance.ID, low); accord.ErrorField(err) != "min_respondents" {
			t.Errorf("2 answers: got %v, want a min_respondents field error", err)
		}
		want := accord.HealthSettings{MinRespondents: 8, GapThreshold: number.Decimal(750_000), EveryMonths: 6, OpenDays: 21, ReminderDays: []int{5, 10, 19}}
		if _, err := db.SetHealthSettings(ctx, cli, f.alliance.ID, want); err != nil {
			t.Fatal(err)
		}
		got, err = db.HealthSettings(ctx, f.alliance.ID)
		if err != nil || got.MinRespondents != 8 || got.GapThreshold != want.GapThreshold || got.EveryMonths != 6 || got.OpenDays != 21 || !slices.Equal(got.ReminderDays, want.ReminderDays) {
			t.Errorf("settings read back = %+v, %v; want %+v", got, err, want)
		}
	})
}

// TestHealthRoundLife schedules, opens, reminds and closes a round, with
// the refusals on the way and the jobs' view of what is due.
func TestHealthRoundLife(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			h := seedHealth(t, db)
			day := func(m time.Month, d int) time.Time { return time.Date(2027, m, d, 0, 0, 0, 0, time.UTC) }
			past := accord.HealthRound{AllianceID: h.alliance.ID, InstrumentID: h.instrument.ID, OpensOn: day(2, 27), ClosesOn: day(3, 12)}
			if err := db.ScheduleRound(ctx, cli, &past); accord.ErrorField(err) != "opens_on" {
				t.Errorf("a round opening yesterday: got %v, want an opens_on field error", err)
			}
			r := accord.HealthRound{AllianceID: h.alliance.ID, InstrumentID: h.instrument.ID, OpensOn: day(3, 3), ClosesOn: day(3, 16)}
			if err := db.ScheduleRound(ctx, cli, &r); err != nil {
				t.Fatal(err)
			}
			if r.Status != accord.RoundScheduled || !slices.Equal(r.ReminderDays, []int{7, 12}) || r.InstrumentVersion != 1 {
				t.Errorf("scheduled = %+v; want scheduled, reminders 7 and 12 from the settings, version 1", r)
			}
			overlap := accord.HealthRound{AllianceID: h.alliance.ID, InstrumentID: h.instrument.ID, OpensOn: day(3, 16), ClosesOn: day(3, 20)}
			if err := db.ScheduleRound(ctx, cli, &overlap); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("an overlapping round: got %v, want conflict", err)
			}
			if due, err := db.DueHealthRounds(ctx, day(3, 2)); err != nil || len(due.Open)+len(due.Close)+len(due.Remind) != 0 {
				t.Errorf("due the day before = %+v, %v; want nothing", due, err)
			}
			due, err := db.DueHealthRounds(ctx, day(3, 3).Add(6*time.Hour))
			if err != nil || len(due.Open) != 1 || due.Open[0].ID != r.ID {
				t.Fatalf("due on the first day = %+v, %v; want the round to open", due, err)
			}
			clk.Set(time.Date(2027, 3, 3, 6, 0, 0, 0, time.UTC))
			opened, err := db.OpenRound(ctx, cli, h.alliance.ID, r.ID)
			if err != nil || opened.Status != accord.RoundOpen || opened.OpenedAt == nil {
				t.Fatalf("OpenRound = %+v, %v", opened, err)
			}
			if _, err := db.OpenRound(ctx, cli, h.alliance.ID, r.ID); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("opening twice: got %v, want conflict", err)
			}
			due, _ = db.DueHealthRounds(ctx, day(3, 10))
			if len(due.Remind) != 1 || len(due.Close) != 0 {
				t.Fatalf("due on day 7 = %+v; want a reminder", due)
			}
			if ok, err := db.RecordReminder(ctx, h.alliance.ID, r.ID, 1); !ok || err != nil {
				t.Errorf("first reminder noted = %v, %v; want true", ok, err)
			}
			if ok, err := db.RecordReminder(ctx, h.alliance.ID, r.ID, 1); ok || err != nil {
				t.Errorf("first reminder noted again = %v, %v; want false (another server sent it)", ok, err)
			}
			if due, _ = db.DueHealthRounds(ctx, day(3, 11)); len(due.Remind) != 0 {
				t.Errorf("due on day 8 = %+v; want no reminder (the second is on day 12)", due)
			}
			if due, _ = db.DueHealthRounds(ctx, day(3, 17)); len(due.Close) != 1 || len(due.Remind) != 0 {
				t.Errorf("due after the last day = %+v; want the round to close and no reminder", due)
			}
			clk.Set(time.Date(2027, 3, 17, 0, 30, 0, 0, time.UTC))
			closed, err := db.CloseRound(ctx, cli, h.alliance.ID, r.ID)
			if err != nil || closed.Status != accord.RoundClosed || !closed.ClosesOn.Equal(day(3, 16)) || closed.Eligible != len(h.members) {
				t.Fatalf("CloseRound = %+v, %v; want closed on 16 March with %d eligible", closed, err, len(h.members))
			}
			if _, err := db.CloseRound(ctx, cli, h.alliance.ID, r.ID); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("closing twice: got %v, want conflict", err)
			}
			list, err := db.ListRounds(ctx, accord.HealthRoundFilter{AllianceID: h.alliance.ID, Status: accord.RoundClosed})
			if err != nil || len(list) != 1 || list[0].ID != r.ID {
				t.Errorf("ListRounds(closed) = %+v, %v", list, err)
			}
		})
	}
}

// TestHealthSubmitOnce answers a round once per member: a second answer,
// an inactive member, bad answers and a closed round are refused, and the
// answers are read only once the round has closed.
func TestHealthSubmitOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := seedHealth(t, db)
		r := openRound(t, db, h)
		grace, barbara := h.members[1], h.members[4]
		sub := accord.HealthSubmission{RoundID: r.ID, Answers: map[string]int{"trust-word": 4, "trust-guard": 2, "pace-fit": 3}, Comments: map[string]string{"pace": "  Too many pilots at once. ", "trust": " "}}
		if err := db.SubmitHealthResponse(ctx, h.alliance.ID, grace.ID, sub); err != nil {
			t.Fatalf("first answer: %v", err)
		}
		again := accord.HealthSubmission{RoundID: r.ID, Answers: map[string]int{"trust-word": 1}}
		if err := db.SubmitHealthResponse(ctx, h.alliance.ID, grace.ID, again); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("second answer by the same member: got %v, want conflict", err)
		}
		for _, c := range []struct {
			name    string
			answers map[string]int
			field   string
		}{
			{"no answer", map[string]int{}, "answers"},
			{"not an item", map[string]int{"mood": 3}, "answers"},
			{"off the scale", map[string]int{"pace-fit": 6}, "answers.pace-fit"},
			{"zero", map[string]int{"pace-fit": 0}, "answers.pace-fit"},
		} {
			err := db.SubmitHealthResponse(ctx, h.alliance.ID, barbara.ID, accord.HealthSubmission{RoundID: r.ID, Answers: c.answers})
			if accord.ErrorField(err) != c.field {
				t.Errorf("%s: got %v, want a %s field error", c.name, err, c.field)
			}
		}
		off := false
		if _, err := db.UpdateMember(ctx, cli, h.alliance.ID, barbara.ID, accord.MemberUpdate{Active: &off}); err != nil {
			t.Fatal(err)
		}
		if err := db.SubmitHealthResponse(ctx, h.alliance.ID, barbara.ID, again); accord.ErrorCode(err) != accord.EFORBIDDEN {
			t.Errorf("an inactive member: got %v, want forbidden", err)
		}
		if answered, err := db.HasResponded(ctx, h.alliance.ID, r.ID, grace.ID); !answered || err != nil {
			t.Errorf("HasResponded(Grace) = %v, %v; want true", answered, err)
		}
		if _, err := db.HealthResponses(ctx, h.alliance.ID, r.ID); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("answers of an open round: got %v, want conflict", err)
		}
		left, err := db.HealthNonRespondents(ctx, h.alliance.ID, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, m := range left {
			names = append(names, m.UserName)
		}
		if want := []string{"Ada", "Frances Allen", "Katherine Johnson", "Rosalind Franklin"}; !slices.Equal(names, want) {
			t.Errorf("HealthNonRespondents = %v, want %v (active members who have not answered)", names, want)
		}
		counts, err := db.HealthCounts(ctx, h.alliance.ID, r.ID)
		if err != nil || counts.Eligible != 5 || counts.Responses != 1 {
			t.Errorf("HealthCounts of the open round = %+v, %v; want 5 eligible, 1 answer", counts, err)
		}
		if _, err := db.CloseRound(ctx, cli, h.alliance.ID, r.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.SubmitHealthResponse(ctx, h.alliance.ID, h.members[2].ID, again); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("answering a closed round: got %v, want conflict", err)
		}
		got, err := db.HealthResponses(ctx, h.alliance.ID, r.ID)
		if err != nil || len(got) != 1 {
			t.Fatalf("HealthResponses = %+v, %v; want Grace's one answer", got, err)
		}
		g := got[0]
		if g.PartyID != h.payer.ID || g.Role != accord.RoleFinance || g.Answers["trust-guard"] != 2 || len(g.Answers) != 3 {
			t.Errorf("answer read back = %+v; want the payer's, as finance, with three answers", g)
		}
		if len(g.Comments) != 1 || g.Comments["pace"] != "Too many pilots at once." {
			t.Errorf("comments read back = %q; want the pace comment trimmed and the blank one dropped", g.Comments)
		}
		counts, err = db.HealthCounts(ctx, h.alliance.ID, r.ID)
		want := []accord.HealthPartyCount{{PartyID: h.payer.ID, Eligible: 3, Responses: 1}, {PartyID: h.provider.ID, Eligible: 2, Responses: 0}}
		slices.SortFunc(want, func(a, b accord.HealthPartyCount) int { return cmp.Compare(a.PartyID, b.PartyID) })
		if err != nil || counts.Eligible != 5 || counts.Responses != 1 || !slices.Equal(counts.Parties, want) {
			t.Errorf("HealthCounts of the closed round = %+v, %v; want 5 eligible, 1 answer, parties %+v", counts, err, want)
		}
	})
}

// TestHealthSubmitAtOnce sends the same member's answer eight times at
// once: one is recorded, the others are refused as a second answer.
func TestHealthSubmitAtOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := seedHealth(t, db)
		r := openRound(t, db, h)
		sub := accord.HealthSubmission{RoundID: r.ID, Answers: map[string]int{"pace-fit": 2}}
		errs := make(chan error, 8)
		for range 8 {
			go func() { errs <- db.SubmitHealthResponse(ctx, h.alliance.ID, h.members[3].ID, sub) }()
		}
		var ok, twice int
		for range 8 {
			switch err := <-errs; {
			case err == nil:
				ok++
			case accord.ErrorCode(err) == accord.ECONFLICT && strings.Contains(err.Error(), "already answered"):
				twice++
			default:
				t.Errorf("an answer sent at once: %v", err)
			}
		}
		if ok != 1 || twice != 7 {
			t.Errorf("%d recorded and %d refused as a second answer, want 1 and 7", ok, twice)
		}
		if c, err := db.HealthCounts(ctx, h.alliance.ID, r.ID); err != nil || c.Responses != 1 {
			t.Errorf("HealthCounts = %+v, %v; want one answer", c, err)
		}
	})
}
