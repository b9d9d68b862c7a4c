package server_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/ical"
	"github.com/accord-alliance/accord/internal/pdfprint/pdftest"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserGovernance is the check-in as a new user meets it in the demo:
// open the next steering meeting, read the agenda the data wrote, record
// attendance and see quorum fail without a clinical leader (live, before
// saving, and after), vote on the motion under consent of every party,
// download the PDF packet and subscribe to the calendar feed.
func TestBrowserGovernance(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	if _, err := a.db.EvaluateSignals(context.Background(), accord.SystemActor("signals"), mustAlliance(t, a).ID, nil); err != nil {
		t.Fatal(err)
	}
	t.Run("motion before attendance", func(t *testing.T) { browserFlowMotionNotYet(t, newBrowserTab(t, browser, a.srv.URL), a) })
	t.Run("meeting flow", func(t *testing.T) { browserFlowMeeting(t, newBrowserTab(t, browser, a.srv.URL), a) })
	t.Run("calendar feed", func(t *testing.T) { browserFlowCalendar(t, newBrowserTab(t, browser, a.srv.URL), a) })
	t.Run("refused form", func(t *testing.T) { browserFlowRefusedForm(t, newBrowserTab(t, browser, a.srv.URL), a) })
	t.Run("screenshots", func(t *testing.T) { browserFlowGovernanceShots(t, newBrowserTab(t, browser, a.srv.URL), a) })
}

func browserFlowMeeting(t *testing.T, b *tab, a *app) {
	g := a.demo.Governance
	meeting := "/a/north-valley/meetings/" + g.NextCheckIn
	b.signIn(browserAdminEmail, demo.Password)
	b.open("/a/north-valley")
	b.follow(`nav.sidenav a[href="/a/north-valley/governance"]`)
	b.wantText("main h1", "Governance")
	b.follow(`a[href="` + meeting + `"]`)
	b.wantText("main h1", "Steering committee")
	b.wantText("#agenda", "Approve the minutes of", "Motion "+strconv.Itoa(g.OpenMotion)+": Adopt the 2027 targets")
	if items := b.texts("ol.agenda > li"); len(items) < 4 {
		t.Errorf("the agenda has %d items, want the minutes, KPIs, signals, concerns and the motion the data wrote: %q", len(items), items)
	}
	b.wantText("#quorum", "Attendance is not recorded yet")

	// A failed live check says so, and is tried again: point the check at
	// a path that answers 404, tick a box, then put the path back.
	b.do("wait for the live check", chromedp.WaitReady(`form.attendance[data-live]`))
	pointCheck := func(path string) {
		js := `(() => { document.querySelector("form.attendance").setAttribute("data-quorum", ` + strconv.Quote(path) + `); return true })()`
		tabRun(b, "point the live check at "+path, chromedp.Evaluate[bool](js))
	}
	pointCheck(meeting + "/no-such-check")
	b.tick(`form.attendance tr[data-holder="Morgan Ellis"] input[name=present]`)
	b.do("wait for the failed check", chromedp.WaitVisible(`#quorum[data-state=error] .quorum-error`))
	b.wantText("#quorum .quorum-error", "The live quorum check failed", "404", "Trying again")
	pointCheck(meeting + "/quorum")
	b.do("wait for the check tried again", chromedp.WaitVisible(`#quorum[data-state=ok] .quorum.unmet`))

	// Tick everyone but the two clinical leaders: the live check answers
	// before anything is saved. Only the answer to the latest change is
	// shown (data-state=ok), never an older one arriving late.
	for _, name := range []string{"Morgan Ellis", "Jonathan Reyes", "Leo Brandt"} {
		b.tick(`form.attendance tr[data-holder="` + name + `"] input[name=present]`)
	}
	b.do("wait for the live quorum", chromedp.WaitVisible(`#quorum[data-state=ok] .quorum.unmet`))
	b.wantText("#quorum", "No quorum", "clinical leader")
	b.follow(`form.attendance button[type=submit]`)
	b.wantText(".flash", "Attendance recorded")
	b.wantText("#quorum", "No quorum", "clinical leader", "Riverside Physician Group")

	// A clinical leader joins: quorum is met.
	b.do("wait for the live check", chromedp.WaitReady(`form.attendance[data-live]`))
	b.tick(`form.attendance tr[data-holder="Dr. Elena Vasquez"] input[name=present]`)
	b.do("wait for the live quorum", chromedp.WaitVisible(`#quorum[data-state=ok] .quorum.met`))
	b.follow(`form.attendance button[type=submit]`)
	b.wantText("#quorum", "Quorum is met")

	// Vote on the motion under consent of every party.
	b.follow(`#motions a[href="/a/north-valley/motions/` + strconv.Itoa(g.OpenMotion) + `"]`)
	b.wantText("main h1", "Adopt the 2027 targets")
	b.wantText("main .lede", "Consent of every party", "clinical consent")
	b.click(`form.vote input[name=choice][value=yes]`)
	b.follow(`form.vote button[type=submit]`)
	b.wantText(".flash", "Your vote is recorded")
	b.wantText("main table", "Morgan Ellis", "YES") // badges are upper-cased by the style sheet

	// The packet: a page for print, and its PDF parsed back.
	b.open(meeting)
	b.follow(`.headactions a[href="` + meeting + `/packet"]`)
	b.wantText("h1", "Steering committee")
	b.wantText("body", "Agenda", "Scorecard", "Signals", "Concerns", "Decisions since the last meeting", "Open action items")
	c := a.login(browserAdminEmail)
	resp, err := c.Get(a.srv.URL + meeting + "/packet.pdf")
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("packet.pdf: got %d %s, want 200 application/pdf", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	pages, title := pdftest.Info(t, pdf)
	if pages < 2 || !strings.Contains(title, "Steering committee") || !strings.Contains(title, "check-in packet") {
		t.Errorf("packet PDF: %d pages titled %q; want at least 2 pages titled with the committee", pages, title)
	}
}

func browserFlowCalendar(t *testing.T, b *tab, a *app) {
	b.signIn(browserAdminEmail, demo.Password)
	b.open("/a/north-valley/governance")
	b.follow(`.headactions a[href="/a/north-valley/calendar"]`)
	b.follow(`main form button[type=submit]`)
	feeds := b.texts("dl.feeds code")
	if len(feeds) < 2 || !strings.HasSuffix(feeds[0], "/my-meetings.ics") {
		t.Fatalf("feed links = %q", feeds)
	}
	// A calendar program fetches the feed without signing in.
	resp, err := http.Get(feeds[0])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed: got %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	cal, err := ical.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse the feed back: %v", err)
	}
	found := false
	for _, e := range cal.Events {
		if e.UID == "meeting-"+a.demo.Governance.NextCheckIn+"@accord" {
			found = strings.Contains(e.Summary, "Steering committee") && len(e.Attendees) == 5 && e.Organizer.Email == browserAdminEmail
		}
	}
	if !found || len(cal.Events) != 9 {
		t.Errorf("the feed has %d events; want the steering committee's two years of meetings and the next check-in, with its five attendees and chair", len(cal.Events))
	}
	// Replacing the link stops the old one.
	b.follow(`main form button[type=submit]`)
	if resp, err := http.Get(feeds[0]); err != nil || resp.StatusCode != 404 {
		t.Errorf("the replaced feed link: got %v, %v; want 404", resp.StatusCode, err)
	}
}

// browserFlowGovernanceShots opens every governance page at laptop and
// phone widths: none may be wider than the screen; with ACCORD_SCREENSHOTS
// set, each is saved for people to look at.
func browserFlowGovernanceShots(t *testing.T, b *tab, a *app) {
	dir := os.Getenv("ACCORD_SCREENSHOTS")
	g := a.demo.Governance
	pages := []struct{ name, path string }{
		{"governance", "/a/north-valley/governance"},
		{"committee", "/a/north-valley/committees/steering"},
		{"meeting", "/a/north-valley/meetings/" + g.NextCheckIn},
		{"motion-failed", "/a/north-valley/motions/" + strconv.Itoa(g.FailedMotion)},
		{"motion-open", "/a/north-valley/motions/" + strconv.Itoa(g.KPIMotion)},
		{"motion-meeting", "/a/north-valley/motions/" + strconv.Itoa(g.OpenMotion)},
		{"decisions", "/a/north-valley/decisions"},
		{"protocols", "/a/north-valley/protocols"},
		{"packet", "/a/north-valley/meetings/" + g.NextCheckIn + "/packet"},
	}
	b.signIn(browserAdminEmail, demo.Password)
	for _, s := range []struct {
		name          string
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{"laptop", 1366, 900, nil},
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)}},
	} {
		b.do("set the viewport to "+s.name, chromedp.EmulateViewport(s.width, s.height, s.opts...))
		for _, p := range pages {
			if status := b.open(p.path); status != 200 {
				t.Errorf("%s: got status %d", p.path, status)
			}
			b.shot(dir, s.name+"-"+p.name)
			b.fitsWidth(s.name+" "+p.name, s.width)
		}
	}
	b.open("/a/north-valley/motions/" + strconv.Itoa(g.FailedMotion))
	b.wantText("section.outcome", "Failed", "clinical consent not given")
}

// tick clicks the checkbox sel selects and makes sure it is ticked: a click
// lands where the box was drawn, and on a loaded machine the page may
// still be settling (a flash line, fonts), so the click can miss it; then
// the box is ticked as a keyboard user would, which fires the same change.
func (b *tab) tick(sel string) {
	b.t.Helper()
	b.click(sel)
	js := `(() => { const e = document.querySelector(` + strconv.Quote(sel) + `); if (!e.checked) e.click(); return e.checked })()`
	if !tabRun(b, "tick "+sel, chromedp.Evaluate[bool](js)) {
		b.t.Fatalf("%s is not ticked", sel)
	}
}

// browserFlowRefusedForm closes a vote without ticking its confirmation
// (the box's required attribute taken off, as an old browser would ignore
// it): the server refuses, and the page comes back with the section open,
// the message right under the box, the box marked invalid and the
// rationale kept; at laptop and phone widths.
func browserFlowRefusedForm(t *testing.T, b *tab, a *app) {
	dir := os.Getenv("ACCORD_SCREENSHOTS")
	motion := "/a/north-valley/motions/" + strconv.Itoa(a.demo.Governance.KPIMotion)
	b.signIn(browserAdminEmail, demo.Password)
	for _, s := range []struct {
		name          string
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{"laptop", 1280, 900, nil},
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)}},
	} {
		b.do("set the viewport to "+s.name, chromedp.EmulateViewport(s.width, s.height, s.opts...))
		b.open(motion)
		b.click(`details.addform summary`)
		b.typeIn(`#d-rat`, "The deadline is near.")
		tabRun(b, "take off the box's required", chromedp.Evaluate[bool](`(() => { document.querySelector("input[name=confirm]").required = false; return true })()`))
		if status := b.follow(`form[action="` + motion + `/decide"] button[type=submit]`); status != 422 {
			t.Errorf("closing the vote unconfirmed: status %d, want 422", status)
		}
		b.wantText(".alert", "Tick the box to confirm")
		b.wantText(`label.confirm + p.field-error`, "Tick the box to confirm that you want to close the vote now")
		if got := b.value(`#d-rat`); got != "The deadline is near." {
			t.Errorf("the rationale came back as %q", got)
		}
		invalid := tabRun(b, "read the box", chromedp.Evaluate[bool](`document.querySelector("input[name=confirm]").getAttribute("aria-invalid") === "true" && document.querySelector("input[name=confirm]").getAttribute("aria-describedby") === "field-error"`))
		if !invalid {
			t.Error("the confirmation box is not marked invalid and described by the message")
		}
		b.fitsWidth(motion, s.width)
		b.shot(dir, s.name+"-refused-close")
	}
}

// browserFlowMotionNotYet opens the meeting's motion before attendance is
// recorded: no vote form and no form to close the vote, each with the
// sentence that says why not yet; at laptop and phone widths.
func browserFlowMotionNotYet(t *testing.T, b *tab, a *app) {
	dir := os.Getenv("ACCORD_SCREENSHOTS")
	motion := "/a/north-valley/motions/" + strconv.Itoa(a.demo.Governance.OpenMotion)
	b.signIn(browserAdminEmail, demo.Password)
	for _, s := range []struct {
		name          string
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{"laptop", 1280, 900, nil},
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)}},
	} {
		b.do("set the viewport to "+s.name, chromedp.EmulateViewport(s.width, s.height, s.opts...))
		b.open(motion)
		b.wantText("#vote-wait", "Voting opens in the meeting, once the chair has recorded who is present.")
		b.wantText("#close-wait", "The vote is closed in the meeting")
		b.wantAbsent("form.vote")
		b.fitsWidth(motion, s.width)
		b.shot(dir, s.name+"-motion-not-yet")
	}
}
