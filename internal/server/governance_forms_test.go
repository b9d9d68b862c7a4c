package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestGovernanceFormsByRole walks a meeting motion as every demo role
// while its meeting's attendance is recorded: nobody gets the vote form
// before attendance allows their vote (each seat-holder reads why not
// yet), then only the seat-holders marked present do; the form to close
// the vote is offered only to those who may close it, once attendance is
// recorded.
func TestGovernanceFormsByRole(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			al := mustAlliance(t, a)
			c, err := a.db.CommitteeByKey(context.Background(), al.ID, "steering")
			if err != nil {
				t.Fatal(err)
			}
			seat := map[string]string{}
			for _, st := range c.Seats {
				seat[st.HolderEmail] = st.MemberID
			}
			g := a.demo.Governance
			page := "/a/north-valley/motions/" + strconv.Itoa(g.OpenMotion)
			meeting := "/a/north-valley/meetings/" + g.NextCheckIn
			browsers := map[string]*http.Client{}
			for role, email := range roleAccounts {
				browsers[role] = a.login(email)
			}
			// The motion about a KPI names it (it once said only "KPI").
			k, err := a.db.KPIByKey(context.Background(), al.ID, a.demo.Scorecard.Proposed)
			if err != nil {
				t.Fatal(err)
			}
			kpiMotion := "/a/north-valley/motions/" + strconv.Itoa(g.KPIMotion)
			if _, body := a.get(browsers["member"], kpiMotion); !strings.Contains(body, `about <a href="/a/north-valley/kpis/`+k.Key+`">the KPI `+html.EscapeString(k.Name)+`</a>`) {
				t.Errorf("%s does not name the KPI %q it is about", kpiMotion, k.Name)
			}
			mayClose := map[string]bool{"admin": true, "executive": true, "clinical_leader": true}
			walk := func(stage string, wait map[string]string, closable bool) {
				t.Helper()
				for role, email := range roleAccounts {
					status, body := a.get(browsers[role], page)
					if status != http.StatusOK {
						t.Fatalf("%s, %s: status %d", stage, role, status)
					}
					_, isSeat := seat[email]
					voteForm := strings.Contains(body, `action="`+page+`/vote"`)
					switch why, waits := wait[role]; {
					case !isSeat && voteForm:
						t.Errorf("%s, %s: a vote form, but they hold no seat", stage, role)
					case isSeat && waits && (voteForm || !strings.Contains(body, why)):
						t.Errorf("%s, %s: want no vote form and %q", stage, role, why)
					case isSeat && !waits && !voteForm:
						t.Errorf("%s, %s: no vote form, but attendance allows their vote", stage, role)
					}
					if !isSeat && role != "observer" && !strings.Contains(body, "Only seat-holders of the Steering committee vote") {
						t.Errorf("%s, %s: not told that only seat-holders vote", stage, role)
					}
					closeForm := strings.Contains(body, `action="`+page+`/decide"`)
					if closeForm != (closable && mayClose[role]) {
						t.Errorf("%s, %s: the form to close the vote shown %v, want %v", stage, role, closeForm, closable && mayClose[role])
					}
					if !closable && mayClose[role] && !strings.Contains(body, "The vote is closed in the meeting, once the chair has recorded who is present.") {
						t.Errorf("%s, %s: not told when the vote can be closed", stage, role)
					}
					if closeForm && !strings.Contains(body, "Close the vote now?") {
						t.Errorf("%s, %s: closing the vote does not ask first", stage, role)
					}
					if role == "observer" && strings.Contains(body, `action="`+page) {
						t.Errorf("%s: the observer is offered a form on the motion", stage)
					}
				}
			}
			attend := func(emails ...string) {
				t.Helper()
				form := url.Values{}
				for _, e := range emails {
					form.Add("present", seat[e])
				}
				if resp := a.post(browsers["admin"], meeting+"/attendance", form); resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("recording attendance: status %d", resp.StatusCode)
				}
			}
			const morgan, leo, jonathan, elena, samuel = "admin@accord-demo.example", "leo.brandt@brightline.example", "jonathan.reyes@cedarridge.example", "elena.vasquez@riversidepg.example", "samuel.kim@riversidepg.example"
			notTaken := "Voting opens in the meeting, once the chair has recorded who is present."
			walk("before attendance", map[string]string{"admin": notTaken, "clinical_leader": notTaken}, false)
			attend(morgan, leo, jonathan)
			noQuorum := "Voting opens when the meeting has a quorum"
			walk("without a clinical leader present", map[string]string{"admin": noQuorum, "clinical_leader": noQuorum}, true)
			attend(morgan, leo, jonathan, elena)
			walk("with quorum, Dr. Kim absent", map[string]string{"clinical_leader": "You can vote once the chair marks you present at the meeting."}, true)
			attend(morgan, leo, jonathan, elena, samuel)
			walk("everyone present", map[string]string{}, true)
		})
	}
}

// TestIrreversibleActionsAskFirst: closing a vote, ending a data-sharing
// protocol and withdrawing an amendment from their pages need the ticked
// confirmation box, which says what will happen; without it nothing
// changes and the page says so next to the box.
func TestIrreversibleActionsAskFirst(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			ctx := context.Background()
			al := mustAlliance(t, a)
			admin, finance := a.login(roleAccounts["admin"]), a.login(roleAccounts["finance"])
			ps, err := a.db.ListProtocols(ctx, al.ID)
			if err != nil || len(ps) == 0 || ps[0].Status != accord.ProtocolActive {
				t.Fatalf("no active demo protocol: %v", err)
			}
			protocol := ps[0].ID
			// An asynchronous motion: its vote can be closed early.
			number := a.demo.Governance.KPIMotion
			before, err := a.db.Motion(ctx, al.ID, number)
			if err != nil {
				t.Fatal(err)
			}
			motion := "/a/north-valley/motions/" + strconv.Itoa(number)
			ballots := strconv.Itoa(len(before.Votes)) + " ballots"
			if len(before.Votes) == 1 {
				ballots = "1 ballot"
			}
			var proposed struct{ Number int }
			amend := `{"summary":"Level C","text":"# Services\n\nShare 50%.","terms":` + termsJSON(t, "mssp-2022-basic-c") + `,"effective_from":"2031-01-01"}`
			if resp := a.api("POST", "/api/v1/alliances/north-valley/contracts/shared-savings/amendments", a.token(roleAccounts["finance"], "write"), amend, &proposed); resp.StatusCode != http.StatusCreated {
				t.Fatalf("proposing an amendment: status %d", resp.StatusCode)
			}
			n := strconv.Itoa(proposed.Number)
			amendment := "/a/north-valley/contracts/shared-savings/amendments/" + n
			cases := []struct {
				what       string
				who        *http.Client
				page, post string
				form       url.Values
				asks       string
				changed    func() bool
			}{
				{"close the vote", admin, motion, motion + "/decide", url.Values{"rationale": {"Time is up."}},
					"Close the vote now?</strong> Members who have not voted can no longer vote; the outcome is computed from the " + ballots + " cast.",
					func() bool {
						m, _ := a.db.Motion(ctx, al.ID, number)
						return m.Status != accord.MotionOpen
					}},
				{"end a protocol", admin, "/a/north-valley/protocols", "/a/north-valley/protocols/" + ps[0].ID + "/end", url.Values{},
					"End this protocol today?</strong>",
					func() bool {
						now, _ := a.db.ListProtocols(ctx, al.ID)
						for _, p := range now {
							if p.ID == protocol {
								return p.Status != accord.ProtocolActive
							}
						}
						return true
					}},
				{"withdraw an amendment", finance, amendment, amendment + "/withdraw", url.Values{"reason": {"Superseded by the 2027 terms"}},
					"Withdraw amendment " + n + "?</strong> Nobody can sign it off any more",
					func() bool {
						_, body := a.get(finance, amendment)
						return !strings.Contains(body, amendment+`/withdraw"`)
					}},
			}
			for _, c := range cases {
				if _, body := a.get(c.who, c.page); !strings.Contains(body, c.asks) || !strings.Contains(body, `name="confirm" value="yes" required`) {
					t.Errorf("%s: the page does not ask %q with a required box", c.what, c.asks)
				}
				status, body := a.postPage(c.who, c.post, c.form)
				if status != http.StatusUnprocessableEntity || c.changed() {
					t.Errorf("%s without confirming: status %d, changed %v; want 422 and nothing changed", c.what, status, c.changed())
				}
				if !strings.Contains(body, `name="confirm" value="yes" required aria-invalid="true"`) || !strings.Contains(body, "Tick the box to confirm") {
					t.Errorf("%s without confirming: the box is not marked with the message", c.what)
				}
				if reason := c.form.Get("reason"); reason != "" && !strings.Contains(body, ">"+reason+"</textarea>") {
					t.Errorf("%s without confirming: the reason typed is lost", c.what)
				}
				c.form.Set("confirm", "yes")
				if resp := a.post(c.who, c.post, c.form); resp.StatusCode != http.StatusSeeOther || !c.changed() {
					t.Errorf("%s confirmed: status %d, changed %v; want 303 and done", c.what, resp.StatusCode, c.changed())
				}
			}
		})
	}
}
