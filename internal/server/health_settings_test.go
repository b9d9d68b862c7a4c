package server_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// TestHealthSettingsPages has the admin set the survey settings (fewer
// than three answers refused beside its field), add a bipolar statement,
// which makes the instrument's version 2, and close the open round only
// once the box is ticked.
func TestHealthSettingsPages(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			a := newApp(t, d)
			admin := a.login(roleAccounts["admin"])
			round := a.openHealthRound(admin)
			base := "/a/" + a.demo.AllianceSlug + "/health"
			settings := url.Values{"min_respondents": {"2"}, "gap_threshold": {"0.75"}, "every_months": {"6"}, "open_days": {"21"}, "reminder_days": {"5, 10, 19"}}
			req, _ := http.NewRequest(http.MethodPost, a.srv.URL+base+"/settings", strings.NewReader(settings.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", a.srv.URL)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			resp, err := admin.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "must be at least 3") {
				t.Errorf("two answers: status %d, want 422 saying at least 3", resp.StatusCode)
			}
			settings.Set("min_respondents", "7")
			if resp := a.post(admin, base+"/settings", settings); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("save the settings: status %d, want 303", resp.StatusCode)
			}
			st, err := a.db.HealthSettings(ctx, round.AllianceID)
			if err != nil || st.MinRespondents != 7 || st.OpenDays != 21 || len(st.ReminderDays) != 3 || st.GapThreshold.String() != "0.75" {
				t.Errorf("settings saved: %+v, %v; want 7 answers, 21 days, 3 reminders, 0.75", st, err)
			}

			add := url.Values{"instrument_id": {round.InstrumentID}, "factor": {"pace"}, "text": {"The speed at which data requests are answered is …"}, "kind": {"bipolar"}}
			if resp := a.post(admin, base+"/instruments", add); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("add a statement: status %d, want 303", resp.StatusCode)
			}
			ins, err := a.db.ListInstruments(ctx, round.AllianceID)
			if err != nil || len(ins) != 2 || ins[0].Version != 2 {
				t.Fatalf("instruments: %d, %v; want versions 2 and 1", len(ins), err)
			}
			var added accord.HealthItem
			for _, it := range ins[0].Items() {
				if it.Key == "pace.item3" {
					added = it.HealthItem
				}
			}
			if added.Kind != accord.HealthBipolar || len(ins[0].Items()) != len(ins[1].Items())+1 {
				t.Errorf("version 2: added %+v, %d statements; want pace.item3 bipolar, one more than version 1", added, len(ins[0].Items()))
			}
			add.Set("factor", "new")
			if resp := a.post(admin, base+"/instruments", add); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("a new factor without a name: status %d, want 422", resp.StatusCode)
			}

			closePath := base + "/rounds/" + round.ID + "/close"
			if resp := a.post(admin, closePath, url.Values{}); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("close without confirming: status %d, want 422", resp.StatusCode)
			}
			if resp := a.post(admin, closePath, url.Values{"confirm": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("close: status %d, want 303", resp.StatusCode)
			}
			if r, err := a.db.HealthRound(ctx, round.AllianceID, round.ID); err != nil || r.Status != accord.RoundClosed {
				t.Errorf("after closing: %s, %v; want closed", r.Status, err)
			}
			if st, body := a.get(admin, base+"/rounds"); st != 200 || !strings.Contains(body, "Schedule a round") {
				t.Errorf("rounds page: status %d, want 200 with the form to schedule", st)
			}
		})
	}
}
