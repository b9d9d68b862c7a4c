package server_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserInitiatives proposes an initiative on its page as a member of
// the provider, then, with its two phases planned, assessed and put to
// passed gate motions, records the first gate, which passes, and tries the
// second, which would take Lakeview over its capacity and is refused by
// the override's field; the pages at a laptop and a phone width
// (screenshots in ACCORD_SCREENSHOTS when set).
func TestBrowserInitiatives(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	sc := newInitScene(a)
	b := newBrowserTab(t, browser, a.srv.URL)
	dir := os.Getenv("ACCORD_SCREENSHOTS")

	b.signIn(roleAccounts["member"], demo.Password)
	b.open("/a/north-valley/initiatives")
	b.click("#propose > summary")
	b.typeIn("#in-name", "Tele-dermatology pilot")
	b.choose("#in-kind", "Telehealth")
	b.typeIn("#in-purpose", "Video follow-ups for patients with diabetes.")
	b.click(fmt.Sprintf(`input[name=site_ids][value=%q]`, sc.eastgate.ID))
	b.click(fmt.Sprintf(`input[name=site_ids][value=%q]`, sc.lakeview.ID))
	b.shot(dir, "laptop-initiative-propose")
	if status := b.follow(`#propose button[type=submit]`); status != http.StatusOK {
		t.Fatalf("propose: status %d", status)
	}
	b.wantText("h1", "Tele-dermatology pilot", "PROPOSED")
	in := sc.byName("Tele-dermatology pilot")

	one := sc.readyPhase(in, "Eastgate", sc.eastgate, day(2027, 1, 1), day(2027, 3, 31))
	two := sc.readyPhase(in, "Lakeview", sc.lakeview, day(2027, 5, 1), day(2027, 7, 31))
	sc.adopt(in)
	sc.gateMotion(one)
	sc.gateMotion(two)

	b.signOut()
	b.signIn(roleAccounts["admin"], demo.Password)
	page := "/a/north-valley/initiatives/" + in.ID
	b.open(page)
	b.wantText("#phase-"+one.ID, "The readiness gate passes")
	b.wantText("#phase-"+two.ID, "The readiness gate stops this phase", "Lakeview, May 2027")
	b.click("#phase-" + one.ID + ` form[action$="/gate"] input[name=confirm]`)
	b.follow("#phase-" + one.ID + ` form[action$="/gate"] button[type=submit]`)
	b.wantText("#phase-"+one.ID, "ACTIVE", "Advance to the next phase, by motion")

	b.click("#phase-" + two.ID + ` form[action$="/gate"] input[name=confirm]`)
	if status := b.follow("#phase-" + two.ID + ` form[action$="/gate"] button[type=submit]`); status != http.StatusUnprocessableEntity {
		t.Fatalf("record a gate that would overload Lakeview: status %d, want 422", status)
	}
	b.wantText("[role=alert]", "Lakeview, May 2027")
	b.wantText("#phase-"+two.ID+` form[action$="/gate"]`, "Lakeview, May 2027")
	b.shot(dir, "laptop-initiative-capacity-refused")

	// The planned phase changes on its own form: a care manager's hours
	// added in its empty role row.
	b.open(page)
	b.click("#change-" + two.ID + " > summary")
	row := fmt.Sprintf("%s-%s-1", two.ID, sc.lakeview.ID)
	b.typeIn("#cpr-"+row, "care manager")
	b.typeIn("#cph-"+row, "2")
	b.shot(dir, "laptop-initiative-phase-change")
	if status := b.follow("#change-" + two.ID + " button[type=submit]"); status != http.StatusOK {
		t.Fatalf("change the phase: status %d", status)
	}
	b.wantText("#phase-"+two.ID, "care manager 2, nurse 6")

	sizes := []struct {
		name          string
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{"laptop", 1280, 900, nil},
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)}},
	}
	for _, s := range sizes {
		b.do("set the viewport to "+s.name, chromedp.EmulateViewport(s.width, s.height, s.opts...))
		for _, p := range []struct{ path, name string }{{page, "initiative"}, {"/a/north-valley/initiatives", "initiatives"}, {"/a/north-valley/sites", "sites"},
			{"/a/north-valley/portfolio", "portfolio"}} {
			b.open(p.path)
			if p.name == "initiative" { // its change forms open, as a planner sees them
				b.click("#change > summary")
				b.click("#change-" + two.ID + " > summary")
			}
			b.shot(dir, s.name+"-"+p.name)
			b.fitsWidth(s.name+" "+p.name, s.width)
		}
	}
}

// byName reads the initiative with the name.
func (sc *initScene) byName(name string) accord.Initiative {
	sc.a.t.Helper()
	ins, err := sc.a.db.ListInitiatives(context.Background(), sc.al.ID)
	if err != nil {
		sc.a.t.Fatal(err)
	}
	for _, in := range ins {
		if in.Name == name {
			return in
		}
	}
	sc.a.t.Fatalf("no initiative %s", name)
	return accord.Initiative{}
}

// readyPhase plans a phase at one site, 6 nurse hours a week, and scores
// every dimension ready: clinical sign-off by the provider's clinical
// leader, the rest by the plan's operations lead.
func (sc *initScene) readyPhase(in accord.Initiative, name string, at accord.Site, from, to time.Time) accord.Phase {
	sc.a.t.Helper()
	ctx := context.Background()
	p := accord.Phase{AllianceID: sc.al.ID, InitiativeID: in.ID, Name: name, StartsOn: from, EndsOn: to,
		Sites: []accord.PhaseSite{{SiteID: at.ID, Staff: []accord.RoleHours{{Role: "nurse", Hours: 6_000000}}}}}
	if err := sc.a.db.AddPhase(ctx, accord.SystemActor("test"), &p); err != nil {
		sc.a.t.Fatal(err)
	}
	for _, dim := range accord.ReadinessDimensions() {
		who := roleAccounts["operations"]
		if dim == accord.ReadyClinicalSign {
			who = roleAccounts["clinical_leader"]
		}
		as := accord.ReadinessAssessment{AllianceID: sc.al.ID, PhaseID: p.ID, Dimension: dim, Score: accord.ScoreReady}
		if err := sc.a.db.AssessReadiness(ctx, sc.a.actor(who), &as); err != nil {
			sc.a.t.Fatalf("assess %s: %v", dim, err)
		}
	}
	return p
}

// motion proposes a steering motion about a subject and passes it.
func (sc *initScene) motion(title, kind, id string) accord.Motion {
	sc.a.t.Helper()
	ctx := context.Background()
	steering, err := sc.a.db.CommitteeByKey(ctx, sc.al.ID, "steering")
	if err != nil {
		sc.a.t.Fatal(err)
	}
	closes := time.Now().AddDate(0, 0, 7)
	m := accord.Motion{AllianceID: sc.al.ID, CommitteeID: steering.ID, Title: title, SubjectKind: kind, SubjectID: id, Rule: "party-consent", ClosesAt: &closes}
	if err := sc.a.db.ProposeMotion(ctx, sc.a.actor(steeringSeats[0]), &m); err != nil {
		sc.a.t.Fatal(err)
	}
	sc.pass(m.Number)
	return m
}

// adopt adopts the initiative by a passed motion.
func (sc *initScene) adopt(in accord.Initiative) {
	sc.a.t.Helper()
	m := sc.motion("Adopt "+in.Name, accord.SubjectText, in.ID)
	if _, err := sc.a.db.AdoptInitiative(context.Background(), sc.a.actor(steeringSeats[0]), sc.al.ID, in.ID, m.ID); err != nil {
		sc.a.t.Fatal(err)
	}
}

// gateMotion passes a pilot-gate motion about the phase.
func (sc *initScene) gateMotion(p accord.Phase) accord.Motion {
	sc.a.t.Helper()
	return sc.motion("Start "+p.Name, accord.SubjectPilotGate, p.ID)
}
