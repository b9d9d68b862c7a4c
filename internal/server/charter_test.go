package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// TestCharterReviewHTTP reads the demo's charter page and API (last
// year's review complete, this year's due with the physician group's
// reaffirmation), answers the review on the page and through the API, and
// follows its signal until every party has answered.
func TestCharterReviewHTTP(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			const page = "/a/north-valley/charter"
			const api = "/api/v1/alliances/north-valley/charter"
			var c accord.Charter
			if resp := a.api("GET", api, a.token("nadia.haddad@riversidepg.example", "read"), "", &c); resp.StatusCode != http.StatusOK {
				t.Fatalf("GET charter: %d", resp.StatusCode)
			}
			if !c.Current.Due || len(c.Current.Responses) != 1 || c.Current.Responses[0].Party != "Riverside Physician Group" || len(c.Current.Waiting) != 3 {
				t.Fatalf("the demo's current review: %+v", c.Current)
			}
			if len(c.Past) != 1 || !c.Past[0].Complete || len(c.Past[0].Responses) != 4 || len(c.Versions) == 0 {
				t.Fatalf("the demo's history: past %+v, versions %d", c.Past, len(c.Versions))
			}
			signals := func() []accord.Signal {
				gs, err := a.db.ListSignals(t.Context(), accord.SignalFilter{AllianceID: mustAlliance(t, a).ID, Kind: string(accord.SignalCharterReview)})
				if err != nil {
					t.Fatal(err)
				}
				return gs
			}
			if gs := signals(); len(gs) != 2 || gs[0].Status != accord.SignalOpen || !strings.Contains(gs[0].Summary, "Brightline Telehealth") {
				t.Fatalf("charter review signals: %+v; want this year's open (naming who must answer) and last year's resolved", gs)
			}

			dana := a.login("dana.whitfield@valleyhealthplan.example")
			status, body := a.get(dana, page)
			if status != http.StatusOK || !strings.Contains(body, "Reaffirm the charter") || !strings.Contains(body, "not yet answered") {
				t.Fatalf("charter page for an executive who has not answered: %d", status)
			}
			a.post(dana, page+"/review", url.Values{"kind": {"reaffirm"}})
			if _, body = a.get(dana, page); !strings.Contains(body, "Reaffirm the charter") {
				t.Fatal("reaffirming without ticking the confirmation box recorded the answer")
			}
			if resp := a.post(dana, page+"/review", url.Values{"kind": {"reaffirm"}, "confirm": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("reaffirm on the page: %d", resp.StatusCode)
			}
			if _, body = a.get(dana, page); strings.Contains(body, "Reaffirm the charter") || !strings.Contains(body, "by Dana Whitfield") {
				t.Fatal("the page after reaffirming still offers the form or does not name who answered")
			}
			nadia := a.login("nadia.haddad@riversidepg.example")
			if resp := a.post(nadia, page+"/review", url.Values{"kind": {"reaffirm"}, "confirm": {"yes"}}); resp.StatusCode != http.StatusForbidden {
				t.Fatalf("a member answering the review: %d, want 403", resp.StatusCode)
			}

			leo := a.token("leo.brandt@brightline.example", "write")
			var r accord.CharterResponse
			resp := a.api("POST", api+"/review", leo, `{"kind":"propose","name":"North Valley Care Alliance","vision":"Care close to home, paced to what the clinics can absorb.","values":"Bad news early"}`, &r)
			if resp.StatusCode != http.StatusCreated || r.MotionNumber == 0 || r.RespondedBy != "Leo Brandt" {
				t.Fatalf("propose through the API: %d %+v", resp.StatusCode, r)
			}
			if resp := a.api("POST", api+"/review", leo, `{"kind":"reaffirm"}`, nil); resp.StatusCode != http.StatusConflict {
				t.Fatalf("a second answer: %d, want 409", resp.StatusCode)
			}
			if gs := signals(); gs[0].Status != accord.SignalOpen {
				t.Fatalf("signal with one party still to answer: %+v", gs[0])
			}
			var after accord.CharterResponse
			if resp := a.api("POST", api+"/review", a.token("jonathan.reyes@cedarridge.example", "write"), `{"kind":"reaffirm"}`, &after); resp.StatusCode != http.StatusCreated {
				t.Fatalf("last party reaffirms: %d", resp.StatusCode)
			}
			for _, g := range signals() {
				if g.Status != accord.SignalResolved {
					t.Errorf("after every party answered, a charter signal is %s: %s", g.Status, g.Summary)
				}
			}
			if resp := a.api("PUT", api+"/review-date", a.token("admin@accord-demo.example", "write"), `{"review_on":"soon"}`, nil); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("a review date that is not a date: %d, want 422", resp.StatusCode)
			}
		})
	}
}
