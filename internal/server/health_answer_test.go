package server_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/health"
	"github.com/accord-alliance/accord/internal/pulse"
	"github.com/accord-alliance/accord/internal/store"
)

// openHealthRound schedules and opens, through the admin's pages, a round
// of the default instrument (stored by the settings page the first time)
// starting today, and returns it.
func (a *app) openHealthRound(admin *http.Client) accord.HealthRound {
	a.t.Helper()
	ctx := context.Background()
	slug := a.demo.AllianceSlug
	if st, body := a.get(admin, "/a/"+slug+"/health/settings"); st != 200 || !strings.Contains(body, "accord-pulse-1") {
		a.t.Fatalf("settings page: status %d, want 200 naming accord-pulse-1", st)
	}
	al, err := a.db.AllianceBySlug(ctx, slug)
	if err != nil {
		a.t.Fatal(err)
	}
	ins, err := a.db.ListInstruments(ctx, al.ID)
	if err != nil || len(ins) == 0 {
		a.t.Fatalf("instruments after the settings page: %d, %v; want the default one", len(ins), err)
	}
	today := accord.Day(a.db.Now())
	resp := a.post(admin, "/a/"+slug+"/health/rounds", url.Values{"instrument_id": {ins[0].ID},
		"opens_on": {today.AddDate(0, 0, 1).Format("2006-01-02")}, "closes_on": {today.AddDate(0, 0, 14).Format("2006-01-02")}})
	if resp.StatusCode != http.StatusSeeOther {
		a.t.Fatalf("schedule a round: status %d, want 303", resp.StatusCode)
	}
	rounds, err := a.db.ListRounds(ctx, accord.HealthRoundFilter{AllianceID: al.ID, Status: accord.RoundScheduled})
	if err != nil || len(rounds) != 1 {
		a.t.Fatalf("scheduled rounds: %d, %v; want 1", len(rounds), err)
	}
	open := "/a/" + slug + "/health/rounds/" + rounds[0].ID + "/open"
	if resp := a.post(admin, open, url.Values{}); resp.StatusCode != http.StatusUnprocessableEntity {
		a.t.Errorf("open without confirming: status %d, want 422", resp.StatusCode)
	}
	if resp := a.post(admin, open, url.Values{"confirm": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		a.t.Fatalf("open the round: status %d, want 303", resp.StatusCode)
	}
	r, err := a.db.HealthRound(ctx, al.ID, rounds[0].ID)
	if err != nil || r.Status != accord.RoundOpen || !r.OpensOn.Equal(today) {
		a.t.Fatalf("the round opened: %+v, %v; want open from today", r, err)
	}
	return r
}

// healthAnswerForm answers every statement of the default instrument with
// 4 (the pace ones with 3, about right) and comments on trust.
func healthAnswerForm(body string) url.Values {
	form := url.Values{"comment_trust": {"They keep their word."}}
	for _, part := range strings.Split(body, `name="answer_`)[1:] {
		key, _, _ := strings.Cut(part, `"`)
		v := "4"
		if strings.HasPrefix(key, "pace.") {
			v = "3"
		}
		form.Set("answer_"+key, v)
	}
	return form
}

// TestHealthAnswerOnce has a member answer the open round through the
// page: the questionnaire has every statement with both ends' words, the
// answer is recorded and the page says so and what is kept, a second
// answer is refused plainly, and nothing of the answering requests is in
// the server's log — no user, e-mail, name, session or token.
func TestHealthAnswerOnce(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			a := newApp(t, d)
			admin := a.login(roleAccounts["admin"])
			round := a.openHealthRound(admin)
			email := roleAccounts["member"]
			member := a.login(email)
			path := "/a/" + a.demo.AllianceSlug + "/health/answer"
			logFrom := len(a.logs.String())

			st, body := a.get(member, path)
			if st != 200 {
				t.Fatalf("questionnaire: status %d, want 200", st)
			}
			for _, want := range []string{"I can raise a problem or a missed target without fear of blame.", "Far too slow", "Far too fast", "Strongly disagree", "Strongly agree", `name="comment_pace"`} {
				if !strings.Contains(body, want) {
					t.Errorf("questionnaire lacks %q", want)
				}
			}
			form := healthAnswerForm(body)
			if n := len(form) - 1; n != 29 {
				t.Errorf("the questionnaire has %d statements, want the default instrument's 29", n)
			}
			if resp := a.post(member, path, form); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("answer: status %d, want 303", resp.StatusCode)
			}
			st, body = a.get(member, path)
			if st != 200 || !strings.Contains(body, "Your answers are recorded, anonymously") || !strings.Contains(body, "What accord keeps") {
				t.Errorf("after answering: status %d, want the page saying it is recorded anonymously and what is kept", st)
			}
			if strings.Contains(body, `name="answer_`) {
				t.Error("after answering, the questionnaire is offered again")
			}
			resp := a.post(member, path, form)
			if resp.StatusCode != http.StatusConflict {
				t.Errorf("second answer: status %d, want 409", resp.StatusCode)
			}
			req, _ := http.NewRequest(http.MethodPost, a.srv.URL+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", a.srv.URL)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			if resp, err := member.Do(req); err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if !strings.Contains(string(b), "already answered this round") {
					t.Error("the second answer's page does not say it was answered already")
				}
			}
			c, err := a.db.HealthCounts(ctx, round.AllianceID, round.ID)
			if err != nil || c.Responses != 1 {
				t.Errorf("answers counted: %+v, %v; want 1", c, err)
			}

			// The API: the executive answers with a token, whose last use is not noted.
			exec := roleAccounts["executive"]
			tok := a.token(exec, "write")
			var q struct {
				Open, Answered bool
				Instrument     accord.Instrument
			}
			a.api("GET", "/api/v1/alliances/"+a.demo.AllianceSlug+"/health/answer", tok, "", &q)
			if !q.Open || q.Answered || len(q.Instrument.Factors) != 10 {
				t.Errorf("questionnaire through the API: open %v, answered %v, %d factors; want open, not answered, 10 factors", q.Open, q.Answered, len(q.Instrument.Factors))
			}
			answer := `{"answers":{"trust.word":2,"pace.change":5},"comments":{"pace":"Too many pilots at once."}}`
			if resp := a.api("POST", "/api/v1/alliances/"+a.demo.AllianceSlug+"/health/answer", tok, answer, nil); resp.StatusCode != http.StatusCreated {
				t.Errorf("answer through the API: status %d, want 201", resp.StatusCode)
			}
			if resp := a.api("POST", "/api/v1/alliances/"+a.demo.AllianceSlug+"/health/answer", tok, answer, nil); resp.StatusCode != http.StatusConflict {
				t.Errorf("second answer through the API: status %d, want 409", resp.StatusCode)
			}
			u, _, err := a.db.UserByEmail(ctx, exec)
			if err != nil {
				t.Fatal(err)
			}
			toks, err := a.db.ListAPITokens(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, tk := range toks {
				if tk.LastUsedAt != nil {
					t.Errorf("token %s: last used %v after answering, want not noted", tk.Name, tk.LastUsedAt)
				}
			}

			logs := a.logs.String()[logFrom:]
			if strings.Contains(logs, "health/answer") {
				t.Errorf("the log has the answering requests:\n%s", logs)
			}
			for _, who := range []string{email, exec} {
				u, _, err := a.db.UserByEmail(ctx, who)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range []string{who, u.ID, u.Name, tok} {
					if strings.Contains(logs, s) {
						t.Errorf("the log names %q after answering:\n%s", s, logs)
					}
				}
			}
			base, _ := url.Parse(a.srv.URL)
			for _, ck := range member.Jar.Cookies(base) {
				if strings.Contains(logs, ck.Value) {
					t.Errorf("the log has the session cookie %s", ck.Name)
				}
			}
		})
	}
}

// matrixHealth schedules a round of the default instrument for the access
// matrix ({hr}): the admin's first open opens it, later ones and the
// closes answer a conflict, which the matrix counts as allowed.
func (a *app) matrixHealth() []string {
	a.t.Helper()
	ctx := context.Background()
	al, err := a.db.AllianceBySlug(ctx, a.demo.AllianceSlug)
	if err != nil {
		a.t.Fatal(err)
	}
	in := pulse.Stored(al.ID, health.DefaultInstrument())
	if err := a.db.CreateInstrument(ctx, accord.SystemActor("test"), &in); err != nil {
		a.t.Fatal(err)
	}
	today := accord.Day(a.db.Now())
	r := accord.HealthRound{AllianceID: al.ID, InstrumentID: in.ID, OpensOn: today.AddDate(0, 0, 1), ClosesOn: today.AddDate(0, 0, 14)}
	if err := a.db.ScheduleRound(ctx, accord.SystemActor("test"), &r); err != nil {
		a.t.Fatal(err)
	}
	return []string{"{hr}", r.ID}
}
