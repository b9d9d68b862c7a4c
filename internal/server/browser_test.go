package server_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// browserFlowTimeout bounds one browser flow. It is generous because CI runs on a
// slow 2-core machine; the tests wait for elements, never for fixed times.
const browserFlowTimeout = 60 * time.Second

const (
	browserAdminEmail  = "admin@accord-demo.example"
	browserAdminName   = "Morgan Ellis"
	browserMemberEmail = "nadia.haddad@riversidepg.example"
)

// TestBrowser drives a real headless Chromium through the web shell with
// clicks and typing, as a person would. Each flow gets its own private
// browser context, so sign-ins do not leak from one flow into the next.
func TestBrowser(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	flows := []struct {
		name string
		run  func(*testing.T, *tab, *app)
	}{
		{"admin clicks through the shell", browserFlowShell},
		{"admin invites a person who joins", browserFlowInvite},
		{"member without admin rights", browserFlowMember},
		{"wrong password", browserFlowWrongPassword},
		{"screenshots", browserFlowScreenshots},
	}
	for _, f := range flows {
		t.Run(f.name, func(t *testing.T) { f.run(t, newBrowserTab(t, browser, a.srv.URL), a) })
	}
}

// browserFlowShell: sign in, reach the overview through the alliance switcher, read
// the charter and the parties, then use the side navigation.
func browserFlowShell(t *testing.T, b *tab, a *app) {
	b.signIn(browserAdminEmail, demo.Password)
	// The admin is also the installation admin, so accord shows the list of
	// alliances rather than jumping into the only one.
	b.wantText("main h1", "Your alliances")
	b.click("details.switcher > summary")
	b.follow(`details.switcher a[href="/a/north-valley"]`)
	b.wantPath("/a/north-valley")
	b.wantText("main h1", "North Valley Care Alliance")
	b.wantText("#vision-h", "Shared vision")
	b.wantText("section[aria-labelledby=vision-h]", "38,000 patients")
	b.wantText("section[aria-labelledby=values-h]", "Bad news early", "Fair shares of risk and reward")
	parties := b.texts("article.party h3")
	want := []string{"Valley Health Plan", "Riverside Physician Group", "Cedar Ridge Health Partners", "Brightline Telehealth"}
	if len(parties) != len(want) {
		t.Fatalf("got parties %q, want %q", parties, want)
	}
	for _, w := range want {
		b.wantText("#parties", w)
	}
	b.follow(`nav.sidenav a[href="/a/north-valley/people"]`)
	b.wantPath("/a/north-valley/people")
	b.wantText("main h1", "People")
	b.wantText("main table", "Nadia Haddad", "Riverside Physician Group")
	b.wantText(`nav.sidenav a[aria-current="page"]`, "People")
	b.follow(`nav.sidenav a[href="/a/north-valley/audit"]`)
	b.wantPath("/a/north-valley/audit")
	b.wantText("main h1", "Audit trail")
	b.wantText("table.audit tbody", "via ")
}

// browserFlowInvite: the admin invites a person on the People page; the
// person opens the one-time link, creates an account and lands in the
// alliance; the audit trail records both the invitation and its acceptance.
func browserFlowInvite(t *testing.T, b *tab, a *app) {
	const email, name, pw = "ines.carvalho@riversidepg.example", "Ines Carvalho", "a long enough passphrase"
	b.signIn(browserAdminEmail, demo.Password)
	b.open("/a/north-valley")
	b.follow(`nav.sidenav a[href="/a/north-valley/people"]`)
	form := "section[aria-labelledby=invite-h] "
	b.typeIn("#invite-email", email)
	b.choose("#invite-party", "Riverside")
	b.click(form + `input[name=roles][value=operations]`)
	b.click(form + `input[name=roles][value=clinical_leader]`)
	if status := b.follow(form + `button[type=submit]`); status != 200 {
		t.Fatalf("create invitation: got status %d, want 200", status)
	}
	b.wantText(".flash", "Invitation created for "+email)
	link := b.value("#invite-link")
	if !strings.HasPrefix(link, a.srv.URL+"/invite/") {
		t.Fatalf("got invitation link %q, want one under %s/invite/", link, a.srv.URL)
	}
	b.wantText("section[aria-labelledby=pending-h]", email)
	b.shot(os.Getenv("ACCORD_SCREENSHOTS"), "laptop-invitation-link")
	b.signOut()

	b.open(strings.TrimPrefix(link, a.srv.URL))
	b.wantText("section.auth", "North Valley Care Alliance", "Riverside Physician Group", "Operations")
	b.shot(os.Getenv("ACCORD_SCREENSHOTS"), "laptop-join")
	b.typeIn("#name", name)
	b.typeIn("#password", pw)
	b.typeIn("#confirm", pw)
	b.follow("section.auth button[type=submit]")
	b.wantPath("/a/north-valley")
	b.wantText(".flash", "Welcome to North Valley Care Alliance")
	b.wantText("details.usermenu .uname", name)
	b.wantText("nav.sidenav .navrole", "Riverside Physician Group", "Operations", "Clinical leader")
	b.wantAbsent(`nav.sidenav a[href$="/audit"]`)
	b.signOut()
	if status := b.open(strings.TrimPrefix(link, a.srv.URL)); status != 404 {
		t.Errorf("invitation link opened a second time: got status %d, want 404", status)
	}

	b.signIn(browserAdminEmail, demo.Password)
	b.open("/a/north-valley/people")
	b.follow(`nav.sidenav a[href="/a/north-valley/audit"]`)
	b.choose("#entity", "Invitation")
	b.follow(`form.filters button[type=submit]`)
	rows := b.texts("table.audit tbody tr")
	if len(rows) < 2 || !strings.Contains(rows[0], "Accept") || !strings.Contains(rows[0], name) ||
		!strings.Contains(rows[1], "Create") || !strings.Contains(rows[1], browserAdminName) {
		t.Fatalf("audit rows for invitations:\n%s\nwant the acceptance by %s, then the invitation by %s", strings.Join(rows, "\n"), name, browserAdminName)
	}
	browserWantInvitationAudited(t, a, name)
}

// browserWantInvitationAudited checks in the store that the acceptance by
// name and the admin's invitation are entries about the same invitation.
func browserWantInvitationAudited(t *testing.T, a *app, name string) {
	t.Helper()
	ctx := context.Background()
	al, err := a.db.AllianceBySlug(ctx, "north-valley")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := a.db.ListAudit(ctx, accord.AuditFilter{AllianceID: al.ID, Entity: "invitation", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	accepted := ""
	for _, e := range entries {
		if e.Action == "accept" && e.ActorName == name {
			accepted = e.EntityID
		}
	}
	for _, e := range entries {
		if accepted != "" && e.Action == "create" && e.EntityID == accepted && e.ActorName == browserAdminName && e.Via == "web" {
			return
		}
	}
	t.Fatalf("audit has no acceptance by %s of an invitation %s created through the web (accepted %q)", name, browserAdminName, accepted)
}

// browserFlowMember: a member without admin rights sees neither the audit
// trail nor the invitation form, and the audit page itself refuses them.
func browserFlowMember(t *testing.T, b *tab, a *app) {
	b.signIn(browserMemberEmail, demo.Password)
	// One alliance and no installation rights: straight to its overview.
	b.wantPath("/a/north-valley")
	b.wantText("nav.sidenav", "Overview", "People")
	b.wantAbsent(`nav.sidenav a[href$="/audit"]`)
	b.wantAbsent(`a[href$="/charter/edit"]`)
	b.follow(`nav.sidenav a[href="/a/north-valley/people"]`)
	b.wantText("main table", "Nadia Haddad")
	b.wantAbsent("#invite-email")
	b.wantAbsent("section[aria-labelledby=invite-h]")
	b.wantAbsent("td.rowactions")
	if status := b.open("/a/north-valley/audit"); status != 403 && status != 404 {
		t.Errorf("member opens the audit page: got status %d, want 403 or 404", status)
	}
}

// browserFlowWrongPassword: a wrong password keeps the person on the sign-in
// page with the error message and the address they typed.
func browserFlowWrongPassword(t *testing.T, b *tab, a *app) {
	b.open("/login")
	b.typeIn("#email", browserAdminEmail)
	b.typeIn("#password", "not the password at all")
	if status := b.follow("form button[type=submit]"); status != 401 {
		t.Errorf("wrong password: got status %d, want 401", status)
	}
	b.wantPath("/login")
	b.wantText(".alert", "Not signed in.", "That e-mail address and password do not match an active account.")
	if got := b.texts(".alert strong"); len(got) != 1 || got[0] != "Not signed in." {
		t.Errorf("a refused sign-in opens its alert with %q, want only \"Not signed in.\" (a sign-in saves nothing)", got)
	}
	if got := b.value("#email"); got != browserAdminEmail {
		t.Errorf("e-mail field after failure: got %q, want %q", got, browserAdminEmail)
	}
	b.wantAbsent("header.topbar")
}

// browserFlowScreenshots visits the main pages at a laptop and a phone width
// and, when ACCORD_SCREENSHOTS names a directory, saves full-page screenshots
// there for people to look at. Without it the pages are still visited, so the
// flow checks that signing in and the side navigation work on a phone.
func browserFlowScreenshots(t *testing.T, b *tab, a *app) {
	dir := os.Getenv("ACCORD_SCREENSHOTS")
	// As the nightly job would, so the signals page has the demo's signals.
	if _, err := a.db.EvaluateSignals(context.Background(), accord.SystemActor("signals"), mustAlliance(t, a).ID, nil); err != nil {
		t.Fatal(err)
	}
	sizes := []struct {
		name          string
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{"laptop", 1366, 900, nil},
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)}},
	}
	for _, s := range sizes {
		b.do("set the viewport to "+s.name, chromedp.EmulateViewport(s.width, s.height, s.opts...))
		b.open("/login")
		b.shot(dir, s.name+"-login")
		b.fitsWidth(s.name+" login", s.width)
		b.signIn(browserAdminEmail, demo.Password)
		b.open("/a/north-valley")
		b.shot(dir, s.name+"-overview")
		b.fitsWidth(s.name+" overview", s.width)
		b.follow(`nav.sidenav a[href="/a/north-valley/people"]`)
		b.shot(dir, s.name+"-people")
		b.fitsWidth(s.name+" people", s.width)
		b.follow(`nav.sidenav a[href="/a/north-valley/audit"]`)
		b.shot(dir, s.name+"-audit")
		b.fitsWidth(s.name+" audit", s.width)
		b.follow(`nav.sidenav a[href="/a/north-valley/scorecard"]`)
		b.shot(dir, s.name+"-scorecard")
		b.fitsWidth(s.name+" scorecard", s.width)
		b.follow(`a.tilelink[href="/a/north-valley/kpis/hba1c-control"]`)
		b.shot(dir, s.name+"-kpi")
		b.fitsWidth(s.name+" KPI page", s.width)
		b.follow(`nav.sidenav a[href="/a/north-valley/signals"]`)
		b.wantText("main", "Telehealth platform availability")
		b.shot(dir, s.name+"-signals")
		b.fitsWidth(s.name+" signals", s.width)
		b.follow(`nav.sidenav a[href="/a/north-valley/concerns"]`)
		b.shot(dir, s.name+"-concerns")
		b.fitsWidth(s.name+" concerns", s.width)
		b.follow(`.headactions a[href="/a/north-valley/concerns/new"]`)
		b.shot(dir, s.name+"-concern-new")
		b.fitsWidth(s.name+" raise a concern", s.width)
		b.follow(`nav.sidenav a[href="/a/north-valley/contracts"]`)
		b.shot(dir, s.name+"-contracts")
		b.fitsWidth(s.name+" contracts", s.width)
		b.follow(`a[href="/a/north-valley/contracts/shared-savings"]`)
		b.shot(dir, s.name+"-contract")
		b.fitsWidth(s.name+" contract page", s.width)
		b.follow(`a[href^="/a/north-valley/contracts/shared-savings/settlements/"]`)
		b.shot(dir, s.name+"-settlement")
		b.fitsWidth(s.name+" settlement page", s.width)
		b.signOut()
	}
}

// fitsWidth fails when the page is wider than the screen, which makes a
// phone user scroll sideways. It compares with the emulated width itself:
// a mobile browser widens its layout viewport to fit wide content.
func (b *tab) fitsWidth(page string, width int64) {
	b.t.Helper()
	got := tabRun(b, "measure "+page, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
	if got > width {
		b.t.Errorf("%s: the page is %d px wide, wider than the %d px screen", page, got, width)
	}
}

// chromiumPath finds the browser: ACCORD_CHROMIUM, then Debian's Chromium,
// then chromium on PATH. It returns "" when there is none.
func chromiumPath() string {
	if p := os.Getenv("ACCORD_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// startBrowser starts one headless Chromium for the whole test and stops it
// at the end. Without a browser the test is skipped, unless
// ACCORD_REQUIRE_BROWSER=1 (set by CI) makes that a failure.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	if storetest.Quick() && os.Getenv("ACCORD_REQUIRE_BROWSER") != "1" {
		t.Skip("-short: the browser tests are skipped in the quick loop (ACCORD_REQUIRE_BROWSER=1 or CI=true runs them)")
	}
	path := chromiumPath()
	if path == "" {
		if os.Getenv("ACCORD_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium found and ACCORD_REQUIRE_BROWSER=1: install chromium or set ACCORD_CHROMIUM")
		}
		t.Skip("no Chromium found: install chromium or set ACCORD_CHROMIUM to run the browser tests")
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		// This machine has no network beyond localhost: keep Chromium from trying.
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1366, 900))
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first Do starts the browser; a timeout on its context would stop
	// the browser with it, so a timer bounds the start instead.
	timer := time.AfterFunc(browserFlowTimeout, cancelAlloc)
	defer timer.Stop()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// tab is one browser tab in its own private browser context (its own
// cookies), whose actions share one browserFlowTimeout. It fails the test on errors
// and exceptions the page reports, such as Content-Security-Policy violations.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
	mu   sync.Mutex
	errs []string
}

func newBrowserTab(t *testing.T, browser context.Context, base string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	ctx, cancelFlow := context.WithTimeout(ctx, browserFlowTimeout)
	t.Cleanup(cancelFlow)
	b := &tab{t: t, ctx: ctx, base: base}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			// Network entries are answers the flows expect, e.g. 401 for a wrong password.
			if err == nil && (m.Type == chromedp.ConsoleError || m.IsException()) && m.Source != "network" {
				b.mu.Lock()
				b.errs = append(b.errs, m.String())
				b.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if len(b.errs) > 0 {
			t.Errorf("the page reported errors:\n%s", strings.Join(b.errs, "\n"))
		}
	})
	return b
}

func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func tabRun[T any](b *tab, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// open loads a path of the test server, as typing it into the address bar
// would, and returns the HTTP status of the page.
func (b *tab) open(path string) int64 {
	b.t.Helper()
	resp := tabRun(b, "open "+path, chromedp.NavigateResponse(b.base+path))
	return resp.Status
}

// follow clicks what sel selects and waits until the page it leads to has
// loaded; it returns that page's HTTP status.
func (b *tab) follow(sel string) int64 {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("click %s and wait for the page: %v", sel, err)
	}
	if resp == nil {
		return 0
	}
	return resp.Status
}

func (b *tab) click(sel string) {
	b.t.Helper()
	b.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

func (b *tab) typeIn(sel, text string) {
	b.t.Helper()
	b.do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), text))
}

// choose picks the option of a select list whose label starts with prefix
// by typing its first letter, as a keyboard user does. One letter is enough
// for the lists here and, unlike a whole word, cannot be split by the
// browser's one-second type-ahead window on a slow machine.
func (b *tab) choose(sel, prefix string) {
	b.t.Helper()
	b.typeIn(sel, prefix[:1])
	got := tabRun(b, "read "+sel, chromedp.TextContent(chromedp.CSS(sel+" option:checked")))
	if !strings.HasPrefix(got, prefix) {
		b.t.Fatalf("%s: chose %q, want an option starting with %q", sel, got, prefix)
	}
}

func (b *tab) value(sel string) string {
	b.t.Helper()
	return tabRun(b, "read the value of "+sel, chromedp.Value(chromedp.CSS(sel)))
}

// texts returns the visible text of every element sel selects, or none.
func (b *tab) texts(sel string) []string {
	b.t.Helper()
	nodes := tabRun(b, "find "+sel, chromedp.Nodes(chromedp.CSSAll(sel), chromedp.AtLeast(0)))
	var out []string
	for _, n := range nodes {
		out = append(out, tabRun(b, "read "+sel, chromedp.Text(chromedp.NodeIDs{n.NodeID})))
	}
	return out
}

func (b *tab) wantText(sel string, want ...string) {
	b.t.Helper()
	got := tabRun(b, "read "+sel, chromedp.Text(chromedp.CSS(sel)))
	for _, w := range want {
		if !strings.Contains(got, w) {
			b.t.Fatalf("%s: got text %q, want it to contain %q", sel, got, w)
		}
	}
}

func (b *tab) wantAbsent(sel string) {
	b.t.Helper()
	if got := b.texts(sel); len(got) > 0 {
		b.t.Fatalf("%s: got %q, want no such element", sel, got)
	}
}

func (b *tab) wantPath(path string) {
	b.t.Helper()
	loc := tabRun(b, "read the location", chromedp.Location())
	if got := strings.TrimPrefix(loc, b.base); got != path && !strings.HasPrefix(got, path+"?") && !strings.HasPrefix(got, path+"#") {
		b.t.Fatalf("got location %s, want %s", loc, path)
	}
}

// signIn signs in through the sign-in form.
func (b *tab) signIn(email, password string) {
	b.t.Helper()
	b.open("/login")
	b.typeIn("#email", email)
	b.typeIn("#password", password)
	if status := b.follow("section.auth button[type=submit]"); status != 200 {
		b.t.Fatalf("sign in as %s: got status %d, want 200", email, status)
	}
	if len(b.texts("header.topbar")) != 1 {
		b.t.Fatalf("sign in as %s: no account menu; the page says %q", email, b.texts("main"))
	}
}

// signOut signs out through the account menu.
func (b *tab) signOut() {
	b.t.Helper()
	b.click("details.usermenu > summary")
	b.follow("details.usermenu button[type=submit]")
	b.wantPath("/login")
}

// shot saves a full-page screenshot of the current page as dir/name.png;
// with no dir it does nothing.
func (b *tab) shot(dir, name string) {
	b.t.Helper()
	if dir == "" {
		return
	}
	png := tabRun(b, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}
