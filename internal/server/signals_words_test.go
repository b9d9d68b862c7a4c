package server_test

import (
	"context"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// TestSignalsInWords: the demo's signals lead with their plain sentence on
// the signals page, in the API and in the packet; improvements are listed
// apart and are not counted as open problems; the rules stay in each
// signal's detail; the packet gives each signal one line.
func TestSignalsInWords(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			a.evaluate()
			ctx := context.Background()
			al := mustAlliance(t, a)
			open, err := a.db.ListSignals(ctx, accord.SignalFilter{AllianceID: al.ID, Status: accord.SignalOpen})
			if err != nil {
				t.Fatal(err)
			}
			var problems, better []accord.Signal
			for _, g := range open {
				if g.Sentence == "" || g.AboutKPI() && (!strings.HasPrefix(g.Sentence, g.KPIName) && !strings.Contains(g.Sentence, " for "+g.KPIName+" ")) {
					t.Errorf("signal %q: sentence %q does not name its KPI %q", g.Subject, g.Sentence, g.KPIName)
				}
				if g.Improvement() {
					better = append(better, g)
				} else {
					problems = append(problems, g)
				}
			}
			if len(better) == 0 || len(problems) == 0 {
				t.Fatalf("the demo has %d open improvements and %d other open signals, want some of each", len(better), len(problems))
			}

			// The page: problems first, counted; improvements apart.
			_, body := a.get(a.login(roleAccounts["executive"]), "/a/north-valley/signals")
			split := strings.Index(body, `id="better-h"`)
			if split < 0 {
				t.Fatalf("the signals page has no Improvements section")
			}
			if want := "; " + strconv.Itoa(len(problems)) + " open problems in all"; !strings.Contains(body[:split], want) {
				t.Errorf("the signals page does not say %q", want)
			}
			for _, g := range problems {
				if i := strings.Index(body, template.HTMLEscapeString(g.Sentence)); i < 0 || i > split {
					t.Errorf("problem %q: not among the signals before the improvements", g.Sentence)
				}
			}
			for _, g := range better {
				if i := strings.Index(body, template.HTMLEscapeString(g.Sentence)); i < split {
					t.Errorf("improvement %q: not in the Improvements section", g.Sentence)
				}
				if !strings.Contains(body, "Rules: "+g.Rule) {
					t.Errorf("improvement %q: its rules %q are not in its detail", g.Sentence, g.Rule)
				}
			}
			if _, late := a.get(a.login(roleAccounts["executive"]), "/a/north-valley/signals?kind=data_late"); strings.Contains(late, `id="better-h"`) {
				t.Errorf("late data only: the page shows an empty Improvements section")
			}
			if strings.Contains(body, `<span class="sr-only">Actions</span>`) {
				t.Errorf("the signals table still has an actions column")
			}

			// The API carries the sentence.
			var got struct{ Items []accord.Signal }
			a.api("GET", "/api/v1/alliances/north-valley/signals?status=open", a.token(roleAccounts["member"], "read"), "", &got)
			for _, g := range got.Items {
				if g.Sentence == "" {
					t.Errorf("API signal %q has no sentence", g.Subject)
				}
			}

			// The packet: one row per open signal, the sentence, no rules' findings.
			ms, err := a.db.ListMeetings(ctx, accord.MeetingFilter{AllianceID: al.ID})
			if err != nil || len(ms) == 0 {
				t.Fatalf("no meeting in the demo: %v", err)
			}
			status, packet := a.get(a.login(roleAccounts["executive"]), "/a/north-valley/meetings/"+ms[len(ms)-1].ID+"/packet")
			if status != http.StatusOK {
				t.Fatalf("packet: status %d", status)
			}
			start := strings.Index(packet, "<h2>Signals")
			end := strings.Index(packet[start:], "</section>") + start
			section := packet[start:end]
			live, packetProblems := 0, 0
			for _, g := range append(problems, better...) {
				// The initiatives' signals are read in the packet's Portfolio
				// section, the survey's on its health page
				// (views.apartFromSections), not listed again here.
				if slices.Contains(accord.InitiativeSignalKinds(), g.Kind) || g.Kind == accord.SignalSurvey {
					if strings.Contains(section, template.HTMLEscapeString(g.Sentence)) {
						t.Errorf("the packet lists %q among the signals as well as in its own section", g.Sentence)
					}
					continue
				}
				if !g.Improvement() {
					packetProblems++
				}
				if !strings.Contains(section, template.HTMLEscapeString(g.Sentence)) {
					t.Errorf("the packet lacks %q", g.Sentence)
				}
				if g.Summary != "" && strings.Contains(section, template.HTMLEscapeString(g.Summary)) {
					t.Errorf("the packet repeats the rules' findings %q", g.Summary)
				}
				live++
			}
			if rows := strings.Count(section, "<tr>") - strings.Count(section, "<thead><tr>"); rows != live {
				t.Errorf("the packet's signals section has %d rows, want one per open signal (%d)", rows, live)
			}
			if !strings.Contains(section, "<h3>Improvements") || !strings.Contains(section, strconv.Itoa(packetProblems)+" open problems") {
				t.Errorf("the packet does not set the improvements apart from the %d problems", packetProblems)
			}
		})
	}
}
