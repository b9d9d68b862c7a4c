package store_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/health"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// runRound opens a round of the fixture's instrument on the clock's day,
// has the members at the indexes answer trust with the answer given, and
// closes it the next day, twice at once: only one closing counts.
func runRound(t *testing.T, db *store.DB, clk *clock, h healthFixture, trust map[int]int, comment string) accord.HealthRound {
	t.Helper()
	ctx := context.Background()
	r := openRound(t, db, h)
	for i, a := range trust {
		sub := accord.HealthSubmission{RoundID: r.ID, Answers: map[string]int{"trust-word": a, "trust-guard": 6 - a, "pace-fit": 3}}
		if comment != "" {
			sub.Comments = map[string]string{"trust": comment}
		}
		if err := db.SubmitHealthResponse(ctx, h.alliance.ID, h.members[i].ID, sub); err != nil {
			t.Fatalf("answer of member %d: %v", i, err)
		}
	}
	clk.Set(clk.Now().AddDate(0, 0, 1))
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := db.CloseRound(ctx, cli, h.alliance.ID, r.ID)
			errs <- err
		}()
	}
	var closed, refused int
	for range 2 {
		switch err := <-errs; {
		case err == nil:
			closed++
		case accord.ErrorCode(err) == accord.ECONFLICT:
			refused++
		default:
			t.Fatalf("CloseRound: %v", err)
		}
	}
	if closed != 1 || refused != 1 {
		t.Fatalf("closing a round twice at once: %d closed and %d refused, want 1 and 1", closed, refused)
	}
	clk.Set(clk.Now().AddDate(0, 1, 0))
	return r
}

func surveySignals(t *testing.T, db *store.DB, allianceID, status string) []accord.Signal {
	t.Helper()
	gs, err := db.ListSignals(context.Background(), accord.SignalFilter{AllianceID: allianceID, Kind: string(accord.SignalSurvey), Status: status})
	if err != nil {
		t.Fatal(err)
	}
	return gs
}

// TestSurveySignalsAtClose closes three rounds, each twice at once: the
// second (trust fell for the payer) raises a drop of the payer and of the
// alliance and a gap between the parties, each once, told to the
// executives; the third (one answer) clears them and raises the low
// response rates, told to no one, with no figure of the hidden groups and
// no comment. The results are kept at close and read back.
func TestSurveySignalsAtClose(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			h := seedHealth(t, db)
			if _, err := db.SetHealthSettings(ctx, cli, h.alliance.ID, accord.HealthSettings{MinRespondents: 3, GapThreshold: number.Decimal(1_000_000), EveryMonths: 3, OpenDays: 14, ReminderDays: []int{7}}); err != nil {
				t.Fatal(err)
			}
			// Members 0-2 are the payer's, 3-5 the provider's; 0 and 5 are executives.
			all5 := map[int]int{0: 5, 1: 5, 2: 5, 3: 5, 4: 5, 5: 5}
			runRound(t, db, clk, h, all5, "")
			if gs := surveySignals(t, db, h.alliance.ID, ""); len(gs) != 0 {
				t.Errorf("a first round, everyone agreeing: %d survey signals, want none", len(gs))
			}
			fell := runRound(t, db, clk, h, map[int]int{0: 1, 1: 1, 2: 1, 3: 5, 4: 5, 5: 5}, "")
			open := surveySignals(t, db, h.alliance.ID, accord.SignalOpen)
			rules := map[string]int{}
			for _, g := range open {
				rules[g.Rule+"/"+g.OwnerName]++
				if g.Link != "health?round="+fell.ID || g.Summary == "" {
					t.Errorf("signal %q: link %q, summary %q; want the round's results and a sentence", g.Subject, g.Link, g.Summary)
				}
			}
			want := map[string]int{accord.RuleFactorDrop + "/": 1, accord.RuleFactorDrop + "/Valley Health Plan": 1, accord.RulePartyGap + "/": 1}
			if !maps.Equal(rules, want) {
				t.Errorf("after trust fell for the payer: signals %v, want %v", rules, want)
			}
			told := func(m accord.Membership) []accord.Notification {
				ns, err := db.ListNotifications(ctx, accord.NotificationFilter{AllianceID: h.alliance.ID, UserID: m.UserID})
				if err != nil {
					t.Fatal(err)
				}
				return slices.DeleteFunc(ns, func(n accord.Notification) bool { return !strings.HasPrefix(n.Subject, "Survey: ") })
			}
			if n := len(told(h.members[5])); n != 3 {
				t.Errorf("the provider's executive was told of %d survey signals, want 3 (once each)", n)
			}
			if n := len(told(h.members[3])); n != 0 {
				t.Errorf("a member who is not an executive was told of %d survey signals, want none", n)
			}

			runRound(t, db, clk, h, map[int]int{1: 1}, "only I answered, from the claims desk")
			if gs := surveySignals(t, db, h.alliance.ID, accord.SignalResolved); len(gs) != 3 {
				t.Errorf("after a round too thin to read: %d resolved survey signals, want the 3 that no longer hold", len(gs))
			}
			open = surveySignals(t, db, h.alliance.ID, accord.SignalOpen)
			if len(open) != 3 {
				t.Errorf("after one answer of six: %d open signals, want 3 low response rates (the alliance, each party)", len(open))
			}
			for _, g := range open {
				if g.Rule != accord.RuleLowResponse || g.Severity != accord.SeverityInfo {
					t.Errorf("signal %q: rule %s, severity %s; want a low response rate, information", g.Subject, g.Rule, g.Severity)
				}
				if strings.Contains(g.Summary, "claims desk") || strings.Contains(g.Summary, "1.0") {
					t.Errorf("signal %q quotes a comment or a hidden figure: %q", g.Subject, g.Summary)
				}
			}
			if n := len(told(h.members[5])); n != 3 {
				t.Errorf("a low response rate was told: the executive has %d survey notices, want still 3", n)
			}

			// The results were kept when the round closed, under the
			// minimum and the names, and read back the same.
			names := map[string]string{h.payer.ID: "Valley Health Plan", h.provider.ID: "Riverside Physicians"}
			got, err := db.HealthRoundResults(ctx, h.alliance.ID, fell.ID, 3, names)
			if err != nil {
				t.Fatal(err)
			}
			tr, ok := got.Results.Factor("trust")
			if !ok || !tr.Alliance.Shown || tr.Alliance.Score.Mean != 3 || len(tr.Parties) != 2 || got.Results.MinRespondents != 3 {
				t.Errorf("kept results of the round trust fell in: %+v", got.Results)
			}
			again, err := db.HealthRoundResults(ctx, h.alliance.ID, fell.ID, 5, names)
			if err != nil {
				t.Fatal(err)
			}
			if tr, _ := again.Results.Factor("trust"); !tr.Alliance.Shown || tr.Parties[0].Shown || tr.Parties[1].Shown || again.Results.MinRespondents != health.DefaultMinRespondents {
				t.Errorf("under a minimum of 5, six answers in two parties of three: want the alliance shown and the parties hidden, got %+v", tr)
			}
		})
	}
}
