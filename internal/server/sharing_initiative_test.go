package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
)

// shMilestoneTitle is the scene's condition milestone, on the provider's
// sh-a1c in Beta Clinic.
const shMilestoneTitle = "Beta Clinic A1c control"

// TestInitiativeMilestoneSharesByProtocol: under sharing by protocol, an
// initiative sponsored by the provider and the payer has a condition
// milestone on the provider's sh-a1c in Beta Clinic, missed; the payer has
// a protocol for Alpha Clinic only, the investor none. The figure the
// milestone's reason quotes is read by the owning party (its executive and
// the initiative's clinical lead) on the initiative's page and API, the
// signals page and API, the inbox, the notification e-mail, the meeting's
// agenda and packet and the overview's portfolio; the payer, its admin and
// the investor read it nowhere (nor that the milestone was missed, which
// the figure decides), and no webhook posts it.
func TestInitiativeMilestoneSharesByProtocol(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			sc := newShScene(t, newApp(t, d))
			lead := roleAccounts["clinical_leader"] // the provider's Dr. Kim
			sc.tokens[lead], sc.browsers[lead] = sc.a.token(lead, "write"), sc.a.login(lead)
			admin := roleAccounts["admin"] // the payer's
			in, phase, g, hook, m := sc.initiativeMilestone(lead)
			figure := sc.milestoneFigure(shOwner, in)
			escaped := template.HTMLEscapeString(figure)
			missed := template.HTMLEscapeString("Milestone missed: " + shMilestoneTitle)

			for _, email := range []string{shOwner, lead, shPayer, admin, shInvestor} {
				owner := email == shOwner || email == lead
				// The initiative, its page and its API twin.
				if got := strings.Contains(sc.milestoneReason(email, in), figure); got != owner {
					t.Errorf("the initiative's API as %s quotes %q: %v", email, figure, got)
				}
				if got := strings.Contains(sc.page(email, "/a/north-valley/initiatives/"+in), escaped); got != owner {
					t.Errorf("the initiative's page as %s quotes %q: %v", email, figure, got)
				}
				// The portfolio, its page and its API.
				if page := sc.page(email, "/a/north-valley/portfolio"); strings.Contains(page, escaped) || !owner && strings.Contains(page, missed) {
					t.Errorf("the portfolio page as %s tells of the milestone's figure", email)
				}
				if body := sc.apiBody(email, "/api/v1/alliances/north-valley/portfolio"); strings.Contains(body, figure) || !owner && strings.Contains(body, "Milestone missed") {
					t.Errorf("the portfolio API as %s tells of the milestone's figure", email)
				}
				// The signals, their page and their API.
				if got := sc.seesSignal(email, g.ID); got != owner {
					t.Errorf("the signals API as %s lists the milestone's signal: %v", email, got)
				}
				if got := strings.Contains(sc.page(email, "/a/north-valley/signals"), escaped); got != owner {
					t.Errorf("the signals page as %s quotes %q: %v", email, figure, got)
				}
				// The overview's portfolio: what is at risk.
				if got := strings.Contains(sc.page(email, "/a/north-valley"), missed); got != owner {
					t.Errorf("the overview as %s says the milestone was missed: %v", email, got)
				}
				// The meeting's page and its packet.
				for _, path := range []string{"/a/north-valley/meetings/" + m.ID, "/a/north-valley/meetings/" + m.ID + "/packet"} {
					page := sc.page(email, path)
					if got := strings.Contains(page, escaped); got != owner {
						t.Errorf("%s as %s quotes %q: %v", path, email, figure, got)
					}
					if !owner && strings.Contains(page, missed) {
						t.Errorf("%s as %s says the milestone was missed", path, email)
					}
				}
				// What the inbox lists and an e-mail carries.
				if !owner && sc.toldOf(email, figure) {
					t.Errorf("%s's notifications quote %q", email, figure)
				}
				if page := sc.page(email, "/a/north-valley/inbox"); !owner && strings.Contains(page, escaped) {
					t.Errorf("%s's inbox quotes %q", email, figure)
				}
				if mail := sc.mailed(email); strings.Contains(mail, figure) != owner {
					t.Errorf("the e-mail to %s quotes %q: %v", email, figure, !owner)
				}
			}
			// The lead acts on it; the owning party's executive, a sponsor's,
			// hears of it missed (both are e-mailed at once, above).
			for _, email := range []string{lead, shOwner} {
				if !sc.toldOf(email, figure) {
					t.Errorf("%s was not told of the missed milestone", email)
				}
				if !strings.Contains(sc.page(email, "/a/north-valley/inbox"), escaped) {
					t.Errorf("%s's inbox does not list the missed milestone", email)
				}
			}
			// The lead is to act on the missed milestone, and "Needs you" says
			// so; not on one the lead's party may not see.
			if !strings.Contains(sc.apiBody(lead, "/api/v1/alliances/north-valley/needs-you"), "Milestone missed: "+shMilestoneTitle) {
				t.Errorf("the lead's \"Needs you\" does not list the missed milestone")
			}
			sc.gateMotionWithholds(phase, figure)
			sc.payerMilestone(lead, phase)
			// A webhook's readers are not known: not every party may see it.
			ds, err := sc.a.db.ListWebhookDeliveries(context.Background(), sc.al.ID, hook.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, del := range ds {
				if strings.Contains(del.Subject, shMilestoneTitle) {
					t.Errorf("posted to the webhook: %+v", del)
				}
			}
		})
	}
}

// initiativeMilestone sets the scene under sharing by protocol: a
// protocol of the provider to the payer for sh-a1c in Alpha Clinic, a
// webhook, a meeting of the scene's committee two days ahead, and an
// initiative of the provider and the payer at a Beta Clinic site, led by
// lead, whose phase runs from the scene's first month with a condition
// milestone (sh-a1c in Beta Clinic at least 90 by the last month) the
// data has missed. It returns the initiative's and the phase's ids, the
// milestone's signal, the webhook and the meeting.
func (sc *shScene) initiativeMilestone(lead string) (string, string, accord.Signal, accord.Webhook, accord.Meeting) {
	sc.t.Helper()
	ctx, sys := context.Background(), accord.SystemActor("test")
	sc.cleanSlate()
	sc.setSharing(true)
	sc.activate(accord.Protocol{Title: "A1c in Alpha Clinic for the payer", ToPartyID: sc.parties[accord.PartyPayer], KPIKeys: []string{"sh-a1c"},
		Segments: []string{"Alpha Clinic"}, StartsOn: sc.periods[0]}, shPayer, "sh-a1c")
	hook := accord.Webhook{AllianceID: sc.al.ID, URL: "https://hooks.example.org/initiatives", Format: accord.WebhookSlack}
	if err := sc.a.db.CreateWebhook(ctx, sc.actor(roleAccounts["admin"]), &hook); err != nil {
		sc.t.Fatal(err)
	}
	meeting := accord.Meeting{CommitteeID: sc.comm.ID, StartsAt: time.Now().UTC().AddDate(0, 0, 2).Truncate(time.Hour)}
	if err := sc.a.db.CreateMeeting(ctx, sys, &meeting); err != nil {
		sc.t.Fatal(err)
	}
	provider, payer := sc.parties[accord.PartyProvider], sc.parties[accord.PartyPayer]
	site := accord.Site{AllianceID: sc.al.ID, PartyID: provider, Name: "Beta Clinic site", Kind: accord.SiteKindSite, Segment: "Beta Clinic",
		MaxActive: 1, StaffHours: number.DecimalFromInt(10)}
	if err := sc.a.db.CreateSite(ctx, sys, &site); err != nil {
		sc.t.Fatal(err)
	}
	var leadID string
	ms, err := sc.a.db.ListMembers(ctx, sc.al.ID)
	if err != nil {
		sc.t.Fatal(err)
	}
	for _, m := range ms {
		if m.UserEmail == lead {
			leadID = m.ID
		}
	}
	in := accord.Initiative{AllianceID: sc.al.ID, Name: "Beta Clinic diabetes drive", Kind: accord.InitiativeCareModelChange, Purpose: "Better A1c control",
		SponsorIDs: []string{provider, payer}, ClinicalLeadID: leadID, SiteIDs: []string{site.ID}}
	if err := sc.a.db.ProposeInitiative(ctx, sys, &in); err != nil {
		sc.t.Fatal(err)
	}
	ph := accord.Phase{AllianceID: sc.al.ID, InitiativeID: in.ID, Name: "Beta Clinic", StartsOn: sc.periods[0], EndsOn: time.Now().UTC().AddDate(0, 6, 0),
		Sites: []accord.PhaseSite{{SiteID: site.ID}}}
	if err := sc.a.db.AddPhase(ctx, sys, &ph); err != nil {
		sc.t.Fatal(err)
	}
	k, err := sc.a.db.KPIByKey(ctx, sc.al.ID, "sh-a1c")
	if err != nil {
		sc.t.Fatal(err)
	}
	by := sc.periods[len(sc.periods)-1]
	cond := accord.Milestone{AllianceID: sc.al.ID, PhaseID: ph.ID, Kind: accord.MilestoneCondition, Title: shMilestoneTitle, KPIID: k.ID, Segment: "Beta Clinic",
		Comparison: accord.CompareAtLeast, Threshold: number.DecimalFromInt(90), ByDate: &by}
	if err := sc.a.db.AddMilestone(ctx, sys, &cond); err != nil {
		sc.t.Fatal(err)
	}
	if _, err := sc.a.db.AdoptInitiative(ctx, sys, sc.al.ID, in.ID, sc.passedMotion("Adopt the Beta Clinic diabetes drive")); err != nil {
		sc.t.Fatal(err)
	}
	gate := accord.GateDecision{AllianceID: sc.al.ID, PhaseID: ph.ID, Kind: accord.GateAdvance, MotionID: sc.passedMotion("Start the Beta Clinic phase")}
	if err := sc.a.db.RecordGateDecision(ctx, sys, &gate); err != nil {
		sc.t.Fatal(err)
	}
	gs, err := sc.a.db.ListSignals(ctx, accord.SignalFilter{AllianceID: sc.al.ID, Kind: string(accord.SignalMilestoneAtRisk)})
	if err != nil {
		sc.t.Fatal(err)
	}
	for _, g := range gs {
		if g.SubjectID == cond.ID && g.Status == accord.SignalOpen && g.Rule == accord.RuleMissed {
			return in.ID, ph.ID, g, hook, meeting
		}
	}
	sc.t.Fatalf("no open signal of the missed milestone among %+v", gs)
	return "", "", accord.Signal{}, hook, meeting
}

// passedMotion puts a text motion to the scene's committee, has every
// seat-holder vote for it, decides it and returns its id.
func (sc *shScene) passedMotion(title string) string {
	sc.t.Helper()
	ctx := context.Background()
	closes := time.Now().Add(7 * 24 * time.Hour)
	m := accord.Motion{AllianceID: sc.al.ID, CommitteeID: sc.comm.ID, Title: title, Rule: "majority", ClosesAt: &closes}
	if err := sc.a.db.ProposeMotion(ctx, sc.actor(shPayer), &m); err != nil {
		sc.t.Fatalf("propose %q: %v", title, err)
	}
	for _, email := range []string{shPayer, shOwner, shInvestor, shVendor} {
		if _, err := sc.a.db.CastVote(ctx, sc.actor(email), sc.al.ID, m.Number, "", "yes", ""); err != nil {
			sc.t.Fatalf("vote of %s on %q: %v", email, title, err)
		}
	}
	got, err := sc.a.db.Motion(ctx, sc.al.ID, m.Number)
	if err == nil && got.Status == accord.MotionOpen {
		got, err = sc.a.db.DecideMotion(ctx, sc.actor(shPayer), sc.al.ID, m.Number, "every party agreed")
	}
	if err != nil || got.Status != accord.MotionPassed {
		sc.t.Fatalf("motion %q: %v, status %s, want passed", title, err, got.Status)
	}
	return got.ID
}

// milestoneReason is the reason the initiative's API gives email for the
// scene's milestone's state.
func (sc *shScene) milestoneReason(email, in string) string {
	sc.t.Helper()
	var got struct {
		Phases []struct {
			Milestones []struct{ Title, State, Reason string }
		}
	}
	if r := sc.a.api("GET", "/api/v1/alliances/north-valley/initiatives/"+in, sc.tokens[email], "", &got); r.StatusCode != http.StatusOK {
		sc.t.Fatalf("the initiative as %s: status %d", email, r.StatusCode)
	}
	for _, p := range got.Phases {
		for _, m := range p.Milestones {
			if m.Title == shMilestoneTitle {
				return m.State + ": " + m.Reason
			}
		}
	}
	sc.t.Fatalf("the initiative as %s has no milestone %q: %+v", email, shMilestoneTitle, got)
	return ""
}

// milestoneFigure is the figure the owner reads in the milestone's
// reason: Beta Clinic's last month, 65 of 100.
func (sc *shScene) milestoneFigure(email, in string) string {
	sc.t.Helper()
	figure := "missed, 65 in " + sc.periods[len(sc.periods)-1].Format("2006-01")
	if reason := sc.milestoneReason(email, in); !strings.HasPrefix(reason, "missed: ") || !strings.Contains(reason, figure) {
		sc.t.Fatalf("the owner reads the milestone as %q; want it missed, quoting %q", reason, figure)
	}
	return figure
}

// apiBody fetches an API path as email, wanting 200, and returns its body.
func (sc *shScene) apiBody(email, path string) string {
	sc.t.Helper()
	var raw json.RawMessage
	if r := sc.a.api("GET", path, sc.tokens[email], "", &raw); r.StatusCode != http.StatusOK {
		sc.t.Fatalf("%s as %s: status %d", path, email, r.StatusCode)
	}
	return string(raw)
}

// mailed is what the e-mail of email's due notifications says: the
// delivery claims them as the mail job does and writes their subjects and
// bodies.
func (sc *shScene) mailed(email string) string {
	sc.t.Helper()
	u, _, err := sc.a.db.UserByEmail(context.Background(), email)
	if err != nil {
		sc.t.Fatal(err)
	}
	d, err := sc.a.db.ClaimMail(context.Background(), u.ID, "sharing-"+u.ID)
	if err != nil {
		sc.t.Fatal(err)
	}
	var b strings.Builder
	for _, n := range d.Items {
		b.WriteString(n.Subject + "\n" + n.Body + "\n")
	}
	return b.String()
}

// shPayerMilestone is a condition milestone on a KPI the payer reports.
const shPayerMilestone = "Beta Clinic claims follow-up"

// payerMilestone adds to the phase a condition milestone on a KPI the
// payer reports, missed in Beta Clinic: the payer's executive sees its
// signal; the initiative's lead, of the provider, is not told of it, nor
// asked by "Needs you" to act on it.
func (sc *shScene) payerMilestone(lead, phase string) {
	sc.t.Helper()
	ctx, sys := context.Background(), accord.SystemActor("test")
	payer := sc.parties[accord.PartyPayer]
	k := accord.KPI{AllianceID: sc.al.ID, Key: "sh-claims", Name: "Shared sh-claims", Category: accord.CatOperations, Unit: accord.UnitPercent, GraceDays: 10,
		Direction: accord.HigherIsBetter, Frequency: accord.Monthly, IsRatio: true, OwnerPartyID: payer, SegmentBy: "clinic"}
	if err := sc.a.db.ProposeKPI(ctx, sys, payer, &k); err != nil {
		sc.t.Fatal(err)
	}
	for _, p := range sc.parties {
		if p != payer {
			if _, err := sc.a.db.Approve(ctx, sys, sc.al.ID, "kpi", k.ID, p); err != nil {
				sc.t.Fatal(err)
			}
		}
	}
	var rows []string
	for i, p := range sc.periods {
		rows = append(rows, fmt.Sprintf(`{"kpi":"sh-claims","period":%q,"segment":"Beta Clinic","numerator":%d,"denominator":100}`, p.Format("2006-01"), 60+i))
	}
	if r := sc.a.api("POST", "/api/v1/alliances/north-valley/observations", sc.tokens[shPayer], `{"observations":[`+strings.Join(rows, ",")+`]}`, nil); r.StatusCode != http.StatusCreated {
		sc.t.Fatalf("the payer's import: status %d", r.StatusCode)
	}
	by := sc.periods[len(sc.periods)-1]
	m := accord.Milestone{AllianceID: sc.al.ID, PhaseID: phase, Kind: accord.MilestoneCondition, Title: shPayerMilestone, KPIID: k.ID, Segment: "Beta Clinic",
		Comparison: accord.CompareAtLeast, Threshold: number.DecimalFromInt(90), ByDate: &by}
	if err := sc.a.db.AddMilestone(ctx, sys, &m); err != nil {
		sc.t.Fatal(err)
	}
	missed := "Milestone missed: " + shPayerMilestone
	if !strings.Contains(sc.page(shPayer, "/a/north-valley/signals"), missed) {
		sc.t.Errorf("the payer, who reports sh-claims, does not see its milestone missed")
	}
	if body := sc.apiBody(lead, "/api/v1/alliances/north-valley/needs-you"); strings.Contains(body, missed) {
		sc.t.Errorf("the lead's \"Needs you\" asks to act on a milestone of a KPI the provider may not see")
	}
	if page := sc.page(lead, "/a/north-valley"); strings.Contains(page, missed) {
		sc.t.Errorf("the overview as the lead tells of a milestone of a KPI the provider may not see")
	}
	if sc.toldOf(lead, shPayerMilestone) {
		sc.t.Errorf("the lead was told of a milestone of a KPI the provider may not see")
	}
}

// gateMotionWithholds has the owner, who reads the milestone's figure, put
// a pause of the phase to the committee: the motion's body, which every
// party reads, names the milestone without its state or figure.
func (sc *shScene) gateMotionWithholds(phase, figure string) {
	sc.t.Helper()
	var m struct {
		Number int
		Body   string
	}
	body := `{"decision":"pause","committee":"` + sc.comm.Key + `","closes_at":"` + time.Now().AddDate(0, 0, 7).UTC().Format(time.RFC3339) + `"}`
	if r := sc.a.api("POST", "/api/v1/alliances/north-valley/phases/"+phase+"/gate-motions", sc.tokens[shOwner], body, &m); r.StatusCode != http.StatusCreated {
		sc.t.Fatalf("the owner's gate motion: status %d", r.StatusCode)
	}
	if !strings.Contains(m.Body, shMilestoneTitle) || strings.Contains(m.Body, figure) || strings.Contains(m.Body, "Missed") {
		sc.t.Errorf("the gate motion's body, read by every party, tells of the milestone's figure:\n%s", m.Body)
	}
	for _, email := range []string{shPayer, shInvestor} {
		if page := sc.page(email, "/a/north-valley/motions/"+strconv.Itoa(m.Number)); strings.Contains(page, template.HTMLEscapeString(figure)) {
			sc.t.Errorf("the gate motion's page as %s quotes %q", email, figure)
		}
	}
}
