package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBallotAPIWaitsForAttendance: the votes and decide calls of the API
// apply the gates the motion page applies to its forms (one check,
// views.CheckBallot and views.CheckClose): on a meeting motion nobody votes
// and nobody closes the vote before the chair records attendance; nobody
// votes before the meeting has a quorum, or before being marked present.
// Each refusal is a 409 saying why in words, naming no internal id, and
// changes nothing; once attendance allows it, the ballot and the close
// go through. A ballot posted to the page without its form is refused
// alike.
func TestBallotAPIWaitsForAttendance(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			ctx := context.Background()
			al := mustAlliance(t, a)
			c, err := a.db.CommitteeByKey(ctx, al.ID, "steering")
			if err != nil {
				t.Fatal(err)
			}
			seat := map[string]string{}
			for _, st := range c.Seats {
				seat[st.HolderEmail] = st.MemberID
			}
			const morgan, leo, jonathan, elena, samuel = "admin@accord-demo.example", "leo.brandt@brightline.example", "jonathan.reyes@cedarridge.example", "elena.vasquez@riversidepg.example", "samuel.kim@riversidepg.example"
			tokens := map[string]string{}
			for _, e := range []string{morgan, samuel} {
				tokens[e] = a.token(e, "write")
			}
			n := a.demo.Governance.OpenMotion
			motion := nv + "/motions/" + strconv.Itoa(n)
			ballots := func() int {
				t.Helper()
				m, err := a.db.Motion(ctx, al.ID, n)
				if err != nil {
					t.Fatal(err)
				}
				if m.Status != accord.MotionOpen {
					t.Fatalf("motion %d is %s, want it still open", n, m.Status)
				}
				return len(m.Votes)
			}
			before := ballots()
			refused := func(stage, who, path, body, why string) {
				t.Helper()
				var e apiErrorBody
				r := a.api("POST", path, tokens[who], body, &e)
				if r.StatusCode != http.StatusConflict || e.Error.Code != "conflict" || !strings.Contains(e.Error.Message, why) {
					t.Errorf("%s: POST %s as %s: status %d, %+v; want 409 saying %q", stage, path, who, r.StatusCode, e.Error, why)
				}
				for _, id := range seat {
					if strings.Contains(e.Error.Message, id) {
						t.Errorf("%s: the refusal names member id %s: %q", stage, id, e.Error.Message)
					}
				}
				if got := ballots(); got != before {
					t.Errorf("%s: %d ballots after the refusal, want %d", stage, got, before)
				}
			}
			attend := func(emails ...string) {
				t.Helper()
				type row struct {
					MemberID string `json:"member_id"`
					Present  bool   `json:"present"`
				}
				var rows []row
				for email, id := range seat {
					rows = append(rows, row{id, strings.Contains(strings.Join(emails, " "), email)})
				}
				body, _ := json.Marshal(map[string]any{"attendance": rows})
				if r := a.api("PUT", nv+"/meetings/"+a.demo.Governance.NextCheckIn+"/attendance", tokens[morgan], string(body), nil); r.StatusCode != http.StatusOK {
					t.Fatalf("recording attendance of %v: status %d", emails, r.StatusCode)
				}
			}

			notTaken := "Voting opens in the meeting, once the chair has recorded who is present."
			refused("before attendance", morgan, motion+"/votes", `{"choice":"yes"}`, notTaken)
			refused("before attendance", morgan, motion+"/decide", `{"rationale":"Early"}`, "The vote is closed in the meeting, once the chair has recorded who is present.")
			// The page's form is not offered; a ballot posted without it is
			// refused by the same check.
			page := "/a/north-valley/motions/" + strconv.Itoa(n)
			if status, body := a.postPage(a.login(morgan), page+"/vote", url.Values{"choice": {"yes"}}); status != http.StatusConflict || !strings.Contains(body, notTaken) {
				t.Errorf("a ballot posted to the page before attendance: status %d, want 409 saying %q", status, notTaken)
			}
			if got := ballots(); got != before {
				t.Errorf("the page recorded a ballot before attendance: %d, want %d", got, before)
			}

			attend(morgan, leo, jonathan)
			refused("without a clinical leader present", morgan, motion+"/votes", `{"choice":"yes"}`, "Voting opens when the meeting has a quorum")

			attend(morgan, leo, jonathan, elena)
			refused("with quorum, Dr. Kim absent", samuel, motion+"/votes", `{"choice":"yes"}`, "You can vote once the chair marks you present at the meeting.")
			var m accord.Motion
			if r := a.api("POST", motion+"/votes", tokens[morgan], `{"choice":"yes"}`, &m); r.StatusCode != http.StatusOK || len(m.Votes) != before+1 {
				t.Fatalf("a present seat-holder's ballot with quorum: status %d, %d ballots; want 200 and %d", r.StatusCode, len(m.Votes), before+1)
			}
			if r := a.api("POST", motion+"/decide", tokens[morgan], `{"rationale":"Decided in the meeting."}`, &m); r.StatusCode != http.StatusOK || m.Status == accord.MotionOpen {
				t.Errorf("closing the vote in the meeting: status %d, motion %s; want 200 and decided", r.StatusCode, m.Status)
			}
		})
	}
}
