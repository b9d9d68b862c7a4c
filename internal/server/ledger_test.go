package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/store"
)

type ledgerAnswer struct {
	Contributions []struct {
		ID             string
		PartyID        string `json:"party_id"`
		Disputed       bool
		Counts         bool
		AcknowledgedBy string `json:"acknowledged_by"`
		Resolution     string
	}
	Parties []struct {
		PartyID                  string `json:"party_id"`
		Budget, Actual, Disputed float64
	}
	Returns []struct {
		PartyID   string `json:"party_id"`
		Rate, NPV float64
		IRR       *float64
		IRRReason string `json:"irr_reason"`
	}
}

func (l ledgerAnswer) party(id string) (budget, actual, disputed float64) {
	for _, p := range l.Parties {
		if p.PartyID == id {
			return p.Budget, p.Actual, p.Disputed
		}
	}
	return 0, 0, 0
}

// TestLedgerFlows walks a contribution through the ledger on both
// databases, by page and API: entered by the committing party, refused an
// acknowledgement by its own party, acknowledged by another, disputed (and
// out of the totals), resolved only with the confirmation box, and valued
// at each party's rate.
func TestLedgerFlows(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			sc := a.ledgerScene()
			page := "/a/north-valley/initiatives/" + sc.care.ID + "/ledger"
			api := "/api/v1/alliances/north-valley/initiatives/" + sc.care.ID
			today := time.Now().UTC().Format(time.DateOnly)

			// The group's finance enters 40 hours of its staff time on the page: 40 × $62.50.
			group := a.login(groupFinance)
			resp := a.post(group, "/a/north-valley/initiatives/"+sc.care.ID+"/contributions", url.Values{"commitment_id": {sc.groupStaff.ID}, "hours": {"40"}, "date": {today}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("entering on the page: status %d, want 303", resp.StatusCode)
			}
			// The plan's finance enters cash through the API.
			planTok := a.token(planFinance, "write")
			var x struct{ ID string }
			if r := a.api("POST", api+"/contributions", planTok, fmt.Sprintf(`{"commitment_id":%q,"amount":25000,"date":%q}`, sc.planCash.ID, today), &x); r.StatusCode != http.StatusCreated {
				t.Fatalf("entering through the API: status %d", r.StatusCode)
			}
			// Nor can a party enter against another's commitment.
			if r := a.api("POST", api+"/contributions", planTok, fmt.Sprintf(`{"commitment_id":%q,"hours":"1","date":%q}`, sc.groupStaff.ID, today), nil); r.StatusCode != http.StatusForbidden {
				t.Errorf("entering against another party's commitment: status %d, want 403", r.StatusCode)
			}
			var l ledgerAnswer
			a.api("GET", api+"/ledger", planTok, "", &l)
			if len(l.Contributions) != 2 {
				t.Fatalf("contributions: %+v, want 2", l.Contributions)
			}
			groupX := l.Contributions[0].ID
			if l.Contributions[0].PartyID != sc.group {
				groupX = l.Contributions[1].ID
			}

			// Same-party acknowledgement is refused, on the API and the page.
			if r := a.api("POST", "/api/v1/alliances/north-valley/contributions/"+x.ID+"/acknowledge", planTok, "", nil); r.StatusCode != http.StatusForbidden {
				t.Errorf("the plan acknowledging its own: status %d, want 403", r.StatusCode)
			}
			resp = a.post(group, page[:len(page)-len("/ledger")]+"/contributions/"+groupX+"/acknowledge", nil)
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("the group acknowledging its own on the page: status %d, want 403", resp.StatusCode)
			}
			// Another party acknowledges: the group acknowledges the plan's.
			resp = a.post(group, "/a/north-valley/initiatives/"+sc.care.ID+"/contributions/"+x.ID+"/acknowledge", nil)
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("the group acknowledging the plan's: status %d, want 303", resp.StatusCode)
			}

			// The plan disputes the group's hours: out of the totals.
			if r := a.api("POST", "/api/v1/alliances/north-valley/contributions/"+groupX+"/dispute", planTok, `{"reason":"The timesheets show 30 hours."}`, nil); r.StatusCode != http.StatusOK {
				t.Fatalf("disputing: status %d", r.StatusCode)
			}
			l = ledgerAnswer{}
			a.api("GET", api+"/ledger", planTok, "", &l)
			if b, act, dis := l.party(sc.group); b != 12500 || act != 0 || dis != 2500 {
				t.Errorf("the group's totals under dispute: budget %v actual %v disputed %v, want 12500, 0, 2500", b, act, dis)
			}
			if b, act, dis := l.party(sc.plan); b != 100000 || act != 25000 || dis != 0 {
				t.Errorf("the plan's totals: budget %v actual %v disputed %v, want 100000, 25000, 0", b, act, dis)
			}
			if len(l.Returns) != 1 || l.Returns[0].PartyID != sc.plan || l.Returns[0].NPV != -25000 || l.Returns[0].IRR != nil || l.Returns[0].IRRReason == "" {
				t.Errorf("returns with the group's hours disputed: %+v; want the plan's alone, NPV -25,000, no IRR and why", l.Returns)
			}
			_, body := a.get(group, page)
			if !strings.Contains(body, "Disputed</strong>") || !strings.Contains(body, "The timesheets show 30 hours.") {
				t.Errorf("the ledger page does not show the dispute")
			}

			// Resolving asks for the confirmation box.
			exec := a.login(planExec)
			resolve := "/a/north-valley/initiatives/" + sc.care.ID + "/contributions/" + groupX + "/resolve"
			resp = a.post(exec, resolve, url.Values{"resolution": {"upheld"}, "note": {"Timesheets found."}})
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("resolving without confirming: status %d, want 422", resp.StatusCode)
			}
			resp = a.post(exec, resolve, url.Values{"resolution": {"upheld"}, "note": {"Timesheets found."}, "confirm": {"yes"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("resolving: status %d, want 303", resp.StatusCode)
			}
			l = ledgerAnswer{}
			a.api("GET", api+"/ledger?rate=5%25&rates="+sc.plan+"=0.06", planTok, "", &l)
			if b, act, dis := l.party(sc.group); b != 12500 || act != 2500 || dis != 0 {
				t.Errorf("the group's totals once upheld: budget %v actual %v disputed %v, want 12500, 2500, 0", b, act, dis)
			}
			rates := map[string]float64{}
			for _, r := range l.Returns {
				rates[r.PartyID] = r.Rate
			}
			if rates[sc.plan] != 0.06 || rates[sc.group] != 0.05 {
				t.Errorf("rates: %v, want the plan at 0.06 and the group at the common 0.05", rates)
			}
			if r := a.api("GET", api+"/ledger?rate=lots", planTok, "", nil); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("a bad rate: status %d, want 422", r.StatusCode)
			}
			// Observers do not read the ledger.
			if s, _ := a.get(a.login(roleAccounts["observer"]), page); s != http.StatusForbidden {
				t.Errorf("an observer on the ledger: status %d, want 403", s)
			}
		})
	}
}

// TestPortfolioShowsOverload checks that the portfolio page and its API
// twin show Lakeview over capacity, that the ledger summary is for those
// who may read the ledger, and that a change shows at once on the cached
// page.
func TestPortfolioShowsOverload(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			sc := a.ledgerScene()
			obs := a.login(roleAccounts["observer"])
			s, body := a.get(obs, "/a/north-valley/portfolio")
			if s != http.StatusOK {
				t.Fatalf("portfolio: status %d", s)
			}
			for _, want := range []string{"<svg", "site-months over capacity", "Lakeview, ", "15 staff hours a week against 10 available; 2 initiatives against 1 allowed", "Home monitoring pilot"} {
				if !strings.Contains(body, want) {
					t.Errorf("the portfolio page lacks %q", want)
				}
			}
			if strings.Contains(body, "Co-investment, every initiative") {
				t.Errorf("an observer sees the ledger summary")
			}
			admin := a.login(roleAccounts["admin"])
			_, before := a.get(admin, "/a/north-valley/portfolio")
			if !strings.Contains(before, "Co-investment, every initiative") || !strings.Contains(before, "Valley Health Plan") {
				t.Errorf("the admin's portfolio lacks the ledger summary")
			}
			// A new commitment bumps the data version: the cached page shows it at once.
			c := sc.planCash
			c.ID, c.Amount = "", 5_000_000
			if err := a.db.AddCommitment(context.Background(), a.memberActor(roleAccounts["admin"]), &c); err != nil {
				t.Fatal(err)
			}
			// (The demo's own initiatives commit too: the summary's totals are
			// theirs and the scene's, so the page must merely change.)
			_, body = a.get(admin, "/a/north-valley/portfolio")
			if body == before {
				t.Errorf("the portfolio page after a new commitment is the page before it")
			}
			var p struct {
				Over []struct {
					SiteID string `json:"site_id"`
				} `json:"over_capacity"`
				Ledger *[]any
			}
			a.api("GET", "/api/v1/alliances/north-valley/portfolio?months=6", a.token(roleAccounts["observer"], "read"), "", &p)
			scene := 0 // the demo's sites may be over capacity too
			for _, o := range p.Over {
				if o.SiteID == sc.lakeview.ID {
					scene++
				}
			}
			if scene != 6 || p.Ledger != nil {
				t.Errorf("the API's portfolio for an observer: %+v; want Lakeview over in 6 months and no ledger", p)
			}
			if r := a.api("GET", "/api/v1/alliances/north-valley/portfolio?months=61", a.token(roleAccounts["admin"], "read"), "", nil); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("61 months: status %d, want 422", r.StatusCode)
			}
		})
	}
}
