package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
)

// TestInitiativeChangesThroughThePage changes an initiative and its phases
// through the initiative page's forms, as a planner would: the initiative's
// description, sites and KPIs (and the cached portfolio shows the new name
// at once), a planned phase's demand by role, its removal (only once
// confirmed), and an active phase's change that takes a site over its
// capacity, refused with the site-months named until an override gives
// its reason.
func TestInitiativeChangesThroughThePage(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			a := newApp(t, d)
			sc := newInitScene(a)
			in := sc.careManagers
			page := "/a/north-valley/initiatives/" + in.ID
			c := a.login(roleAccounts["admin"])
			if _, body := a.get(c, page); !strings.Contains(body, "Change the initiative") || !strings.Contains(body, "Remove this phase") {
				t.Fatalf("the initiative page offers no change forms:\n%s", body)
			}
			if _, body := a.get(c, "/a/north-valley/portfolio"); !strings.Contains(body, in.Name) {
				t.Fatalf("the portfolio does not list %s", in.Name)
			}
			kpis, err := a.db.ListKPIs(ctx, sc.al.ID, accord.KPIFilter{})
			if err != nil || len(kpis) == 0 {
				t.Fatalf("KPIs: %v", err)
			}
			form := url.Values{"name": {"Care managers in every clinic"}, "kind": {accord.InitiativeCareModelChange}, "purpose": {"Follow-up within a week"},
				"sponsor_party_ids": {sc.provider.ID}, "clinical_lead_member_id": {sc.lead.ID}, "site_ids": {sc.lakeview.ID, sc.eastgate.ID},
				"kpi_id": {kpis[0].ID, ""}, "direction": {"increase", "increase"}, "size": {"2.5", ""}, "by_date": {"2028-03-31", ""}}
			if r := a.post(c, page, form); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("change the initiative: status %d, want 303", r.StatusCode)
			}
			twoAndHalf, _ := number.ParseDecimal("2.5")
			got, err := a.db.Initiative(ctx, sc.al.ID, in.ID)
			if err != nil || got.Name != "Care managers in every clinic" || len(got.SiteIDs) != 2 || len(got.SponsorIDs) != 1 || len(got.KPIs) != 1 ||
				got.KPIs[0].Size != twoAndHalf {
				t.Errorf("changed initiative = %+v, %v; want the new name, two sites, one sponsor and one KPI of 2.5", got, err)
			}
			if _, body := a.get(c, "/a/north-valley/portfolio"); !strings.Contains(body, "Care managers in every clinic") {
				t.Errorf("the portfolio still shows the initiative's old name after the change: its cache outlived the change")
			}

			// A planned phase: two roles at Lakeview, then removed once confirmed.
			pf, err := a.db.Portfolio(ctx, sc.al.ID)
			if err != nil {
				t.Fatal(err)
			}
			var planned accord.Phase
			for _, p := range pf.Phases {
				if p.InitiativeID == in.ID {
					planned = p
				}
			}
			ph := page + "/phases/" + planned.ID
			change := url.Values{"name": {"Lakeview"}, "starts_on": {"2027-04-01"}, "ends_on": {"2027-06-30"}, "site": {sc.lakeview.ID},
				"role_" + sc.lakeview.ID: {"care manager", "nurse", ""}, "staff_" + sc.lakeview.ID: {"4", "2", ""}}
			if r := a.post(c, ph, change); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("change the phase: status %d, want 303", r.StatusCode)
			}
			if p := phaseOf(t, a, sc.al.ID, planned.ID); len(p.Sites) != 1 || len(p.Sites[0].Staff) != 2 || p.Sites[0].StaffHours() != number.DecimalFromInt(6) {
				t.Errorf("changed phase = %+v, want Lakeview with a care manager and a nurse, 6 hours", p)
			}
			if r := a.post(c, ph+"/remove", url.Values{}); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("remove without confirming: status %d, want 422", r.StatusCode)
			}
			if r := a.post(c, ph+"/remove", url.Values{"confirm": {"yes"}}); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("remove the phase: status %d, want 303", r.StatusCode)
			}
			pf, err = a.db.Portfolio(ctx, sc.al.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range pf.Phases {
				if p.InitiativeID == in.ID {
					t.Errorf("after removing it, the initiative still has the phase %s", p.Name)
				}
			}

			// An active phase at Eastgate (10 hours, one initiative at once).
			active := accord.Phase{AllianceID: sc.al.ID, InitiativeID: in.ID, Name: "Eastgate", StartsOn: day(2027, 1, 1), EndsOn: day(2027, 3, 31),
				Sites: []accord.PhaseSite{{SiteID: sc.eastgate.ID, Staff: []accord.RoleHours{{Role: "care manager", Hours: number.DecimalFromInt(6)}}}}}
			sys := accord.SystemActor("test")
			if err := a.db.AddPhase(ctx, sys, &active); err != nil {
				t.Fatal(err)
			}
			for _, step := range []func(id string) error{
				func(id string) error { _, err := a.db.AdoptInitiative(ctx, sys, sc.al.ID, in.ID, id); return err },
				func(id string) error {
					return a.db.RecordGateDecision(ctx, sys, &accord.GateDecision{AllianceID: sc.al.ID, PhaseID: active.ID, Kind: accord.GateAdvance, MotionID: id})
				},
			} {
				if err := step(sc.passedText("Decide " + in.Name)); err != nil {
					t.Fatal(err)
				}
			}
			ph = page + "/phases/" + active.ID
			more := url.Values{"name": {"Eastgate"}, "starts_on": {"2027-01-01"}, "ends_on": {"2027-03-31"}, "site": {sc.eastgate.ID},
				"role_" + sc.eastgate.ID: {"care manager"}, "staff_" + sc.eastgate.ID: {"12"}}
			r, body := a.send(c, "POST", ph, more.Encode(), nil)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "West Eastgate, Jan 2027") {
				t.Errorf("an active phase taken over capacity without an override: status %d, want 422 naming West Eastgate in January 2027:\n%s", r.StatusCode, body)
			}
			more.Set("override_reason", "A locum covers the extra hours")
			if r := a.post(c, ph, more); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("the same change with an override: status %d, want 303", r.StatusCode)
			}
			if p := phaseOf(t, a, sc.al.ID, active.ID); p.Sites[0].StaffHours() != number.DecimalFromInt(12) {
				t.Errorf("after the override, the phase asks %s hours, want 12", p.Sites[0].StaffHours())
			}
		})
	}
}

// phaseOf reads one phase from the portfolio.
func phaseOf(t *testing.T, a *app, allianceID, id string) accord.Phase {
	t.Helper()
	pf, err := a.db.Portfolio(context.Background(), allianceID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pf.Phases {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("phase %s not found", id)
	return accord.Phase{}
}

// passedText is the id of a text motion every steering seat-holder passed.
func (sc *initScene) passedText(title string) string {
	sc.a.t.Helper()
	steering, err := sc.a.db.CommitteeByKey(context.Background(), sc.al.ID, "steering")
	if err != nil {
		sc.a.t.Fatal(err)
	}
	closes := time.Now().AddDate(0, 0, 7)
	m := accord.Motion{AllianceID: sc.al.ID, CommitteeID: steering.ID, Title: title, SubjectKind: accord.SubjectText, Rule: "party-consent", ClosesAt: &closes}
	if err := sc.a.db.ProposeMotion(context.Background(), sc.a.actor(steeringSeats[0]), &m); err != nil {
		sc.a.t.Fatal(err)
	}
	sc.pass(m.Number)
	return m.ID
}
