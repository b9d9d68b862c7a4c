package server_test

import (
	"context"
	"html/template"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/views"
)

// closeThinRound opens a round of the alliance's instrument today, has n
// members answer it and closes it, and returns the open survey signals.
func closeThinRound(t *testing.T, a *app, allianceID string, n int) []accord.Signal {
	t.Helper()
	ctx, actor := context.Background(), accord.SystemActor("test")
	ins, err := a.db.ListInstruments(ctx, allianceID)
	if err != nil || len(ins) == 0 {
		t.Fatalf("instruments: %d, %v", len(ins), err)
	}
	in, _ := views.LatestInstrument(ins, ins[0].Key)
	today := accord.Day(a.db.Now())
	r := accord.HealthRound{AllianceID: allianceID, InstrumentID: in.ID, OpensOn: today, ClosesOn: today.AddDate(0, 0, 13)}
	if err := a.db.ScheduleRound(ctx, actor, &r); err != nil {
		t.Fatal(err)
	}
	if _, err := a.db.OpenRound(ctx, actor, allianceID, r.ID); err != nil {
		t.Fatal(err)
	}
	members, err := a.db.ListMembers(ctx, allianceID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members[:n] {
		sub := accord.HealthSubmission{RoundID: r.ID, Answers: map[string]int{in.Factors[0].Items[0].Key: 4}}
		if err := a.db.SubmitHealthResponse(ctx, allianceID, m.ID, sub); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.db.CloseRound(ctx, actor, allianceID, r.ID); err != nil {
		t.Fatal(err)
	}
	open, err := a.db.ListSignals(ctx, accord.SignalFilter{AllianceID: allianceID, Kind: string(accord.SignalSurvey), Status: accord.SignalOpen})
	if err != nil {
		t.Fatal(err)
	}
	return open
}

// TestSurveySignalsReachInboxAgendaPacket: the demo's latest survey round
// raised its signals when it closed. An executive finds the warnings in
// the inbox, a plain member none; the signals page lists them; the next
// meeting's agenda takes each as an item; the packet reads them once, on
// its Partnership health page, not again among the signals. No signal
// names the investor's party in the round its answers were too few, and
// none quotes a comment.
func TestSurveySignalsReachInboxAgendaPacket(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			ctx := context.Background()
			al := mustAlliance(t, a)
			open, err := a.db.ListSignals(ctx, accord.SignalFilter{AllianceID: al.ID, Kind: string(accord.SignalSurvey), Status: accord.SignalOpen})
			if err != nil {
				t.Fatal(err)
			}
			var warnings []accord.Signal
			for _, g := range open {
				if g.Severity == accord.SeverityWarning {
					warnings = append(warnings, g)
				}
				if !strings.HasPrefix(g.Link, "health?round=") {
					t.Errorf("signal %q links to %q, want the round's results", g.Subject, g.Link)
				}
			}
			if len(warnings) == 0 {
				t.Fatalf("the demo's latest round raised %d survey signals, none a warning; want its gap on clinical voice", len(open))
			}

			exec, member := a.login(roleAccounts["executive"]), a.login(roleAccounts["member"])
			_, inbox := a.get(exec, "/a/north-valley/inbox")
			_, plain := a.get(member, "/a/north-valley/inbox")
			_, page := a.get(member, "/a/north-valley/signals?kind=survey")
			for _, g := range warnings {
				subject := template.HTMLEscapeString(g.Subject)
				if !strings.Contains(inbox, subject) {
					t.Errorf("the executive's inbox lacks %q", g.Subject)
				}
				if strings.Contains(plain, subject) {
					t.Errorf("a plain member was told %q", g.Subject)
				}
				if !strings.Contains(page, subject) || !strings.Contains(page, `href="/a/north-valley/`+template.HTMLEscapeString(g.Link)+`"`) {
					t.Errorf("the signals page lacks %q with its link to the round", g.Subject)
				}
			}

			// A round opened and closed now with four answers: too few to
			// read, which is news for the next meeting; the gaps of the
			// round before no longer hold.
			open = closeThinRound(t, a, al.ID, 4)
			if len(open) == 0 {
				t.Fatalf("a round of four answers raised no signal")
			}
			for _, g := range open {
				if g.Rule != accord.RuleLowResponse {
					t.Errorf("a round of four answers raised %q (%s); want only low response rates", g.Subject, g.Rule)
				}
			}

			cs, err := a.db.ListCommittees(ctx, al.ID)
			if err != nil || len(cs) == 0 {
				t.Fatalf("committees: %v", err)
			}
			m := accord.Meeting{CommitteeID: cs[0].ID, StartsAt: time.Now().UTC().AddDate(0, 0, 2).Truncate(time.Hour)}
			if err := a.db.CreateMeeting(ctx, accord.SystemActor("test"), &m); err != nil {
				t.Fatal(err)
			}
			var got struct{ Agenda []accord.AgendaItem }
			if r := a.api("GET", "/api/v1/alliances/north-valley/meetings/"+m.ID, a.token(roleAccounts["executive"], "read"), "", &got); r.StatusCode != http.StatusOK {
				t.Fatalf("meeting: status %d", r.StatusCode)
			}
			for _, g := range open {
				found := false
				for _, it := range got.Agenda {
					found = found || it.Kind == accord.AgendaSignal && it.RefID == g.ID && it.Title == g.Subject && strings.Contains(it.Detail, g.Summary)
				}
				if !found {
					t.Errorf("the next meeting's agenda has no item for %q: %+v", g.Subject, got.Agenda)
				}
			}

			status, packet := a.get(exec, "/a/north-valley/meetings/"+m.ID+"/packet")
			if status != http.StatusOK {
				t.Fatalf("packet: status %d", status)
			}
			start := strings.Index(packet, "<h2>Signals")
			section := packet[start : strings.Index(packet[start:], "</section>")+start]
			hs := strings.Index(packet, "Partnership health")
			if hs < 0 {
				t.Fatalf("the packet has no Partnership health page")
			}
			for _, g := range open {
				sentence := template.HTMLEscapeString(g.Summary)
				if strings.Contains(section, sentence) || strings.Contains(section, template.HTMLEscapeString(g.Subject)) {
					t.Errorf("the packet lists %q among the signals as well as on its health page", g.Subject)
				}
				if !strings.Contains(packet[hs:], sentence) {
					t.Errorf("the packet's health page lacks %q", g.Summary)
				}
			}

			// No signal ever raised quotes a comment of any round.
			all, err := a.db.ListSignals(ctx, accord.SignalFilter{AllianceID: al.ID, Kind: string(accord.SignalSurvey)})
			if err != nil {
				t.Fatal(err)
			}
			rounds, err := a.db.ListRounds(ctx, accord.HealthRoundFilter{AllianceID: al.ID, Status: accord.RoundClosed})
			if err != nil || len(rounds) == 0 {
				t.Fatalf("closed rounds: %d, %v", len(rounds), err)
			}
			for _, r := range rounds {
				rs, err := a.db.HealthResponses(ctx, al.ID, r.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, resp := range rs {
					for _, c := range resp.Comments {
						for _, g := range all {
							if strings.Contains(g.Summary, c) || strings.Contains(g.Subject, c) {
								t.Errorf("signal %q quotes a comment: %q", g.Subject, c)
							}
						}
					}
				}
			}
		})
	}
}
