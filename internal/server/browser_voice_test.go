package server_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserEarlyWarning is the early-warning issue as a new user meets
// it in the browser: a member raises an anonymous concern, leaves, and
// comes back with the receipt (and no account) to read the handler's
// reply; and a CSV import that creates a shift shows as a signal and in the
// inbox of the people who handle it.
func TestBrowserEarlyWarning(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	t.Run("anonymous concern and its reply", func(t *testing.T) { browserFlowAnonymousConcern(t, browser, a) })
	t.Run("an import that shifts a KPI", func(t *testing.T) { browserFlowShiftNotification(t, newBrowserTab(t, browser, a.srv.URL), a) })
}

func browserFlowAnonymousConcern(t *testing.T, browser context.Context, a *app) {
	const body = "Night-shift handovers at Eastgate skip the falls-risk check."
	reporter := newBrowserTab(t, browser, a.srv.URL)
	reporter.signIn(browserMemberEmail, demo.Password)
	reporter.open("/a/north-valley/concerns/new")
	reporter.choose("#c-cat", "Patient safety")
	reporter.choose("#c-sev", "High")
	reporter.typeIn("#c-body", body)
	// The form offers anonymity ticked; make sure it is.
	reporter.do("tick anonymous", chromedp.SetAttributeValue(`input[name=anonymous]`, "checked", "checked"))
	reporter.follow(`main form button[type=submit]`)
	reporter.wantText("#done-h", "Your concern has been raised")
	receipt := reporter.texts("#receipt")[0]
	if len(receipt) != 29 {
		t.Fatalf("receipt %q, want a 29-character code", receipt)
	}
	reporter.shot(os.Getenv("ACCORD_SCREENSHOTS"), "laptop-concern-receipt")
	// Leaving the receipt asks first until it is saved; say it is.
	reporter.do("wait for the receipt tools", chromedp.WaitReady(`[data-receipt][data-live]`))
	if !reporter.leavingAsks() {
		t.Error("leaving the receipt of a signed-in reporter before saving it does not ask")
	}
	reporter.click("#receipt-saved")
	reporter.signOut()

	// A handler answers; nothing on their page says who raised it.
	handler := newBrowserTab(t, browser, a.srv.URL)
	handler.signIn(browserAdminEmail, demo.Password)
	handler.open("/a/north-valley/concerns/" + concernWithBody(t, a, body).ID)
	handler.wantText("main", body)
	if strings.Contains(strings.Join(handler.texts("main"), " "), "Nadia") {
		t.Error("the handler's page names the anonymous reporter")
	}
	handler.follow(`form[action$="/acknowledge"] button`)
	handler.typeIn("#r-body", "Thank you. The ward manager is checking the handover sheet tonight.")
	handler.follow(`form[action$="/reply"] button`)

	// The reporter comes back in a fresh browser, without signing in.
	back := newBrowserTab(t, browser, a.srv.URL)
	back.open("/concern")
	back.typeIn("#f-a", "north-valley")
	back.typeIn("#f-r", strings.ToLower(receipt))
	back.follow(`main form button[type=submit]`)
	back.wantText("main", body, "The ward manager is checking the handover sheet tonight.")
	back.typeIn("#f-body", "It happened again on Tuesday.")
	back.follow(`main form button[type=submit]`)
	back.wantText("main", "It happened again on Tuesday.")
	back.shot(os.Getenv("ACCORD_SCREENSHOTS"), "laptop-concern-follow-up")
}

func browserFlowShiftNotification(t *testing.T, b *tab, a *app) {
	a.kpiOf("bundle-use", accord.CatQuality)
	file := filepath.Join(t.TempDir(), "shift.csv")
	if err := os.WriteFile(file, []byte(shiftCSV("bundle-use")), 0o600); err != nil {
		t.Fatal(err)
	}
	b.signIn(browserAdminEmail, demo.Password)
	b.open("/a/north-valley/import")
	b.do("choose the file", chromedp.SetUploadFiles(`#file`, []string{file}))
	b.follow(`form[enctype] button[type=submit]`)
	b.wantText("#rep-h", "is valid")
	b.follow(`form[action^="/a/north-valley/import/"] button[type=submit]`)
	b.wantText("#rep-h", "Imported")
	b.open("/a/north-valley/signals?kpi=bundle-use")
	b.wantText("main table", "Test bundle-use", "worse than before")
	b.signOut()

	// Someone who handles the KPI's signals finds it in their inbox.
	b.signIn(providerHandlers[1], demo.Password)
	b.open("/a/north-valley/inbox")
	b.wantText("main", "Test bundle-use")
	b.wantText("nav.sidenav", "Inbox")
	b.shot(os.Getenv("ACCORD_SCREENSHOTS"), "laptop-inbox-after-import")
}

// TestBrowserIntakeLink walks an alliance's intake link as a stranger
// would, on a laptop and on a phone: the admin turns the link on, the
// stranger opens it without an account, raises a concern and gets the
// receipt large, with Copy and Download; "Done" stays inactive, and
// leaving asks first, until "I have saved my receipt code" is ticked.
func TestBrowserIntakeLink(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	dir := os.Getenv("ACCORD_SCREENSHOTS")
	admin := newBrowserTab(t, browser, a.srv.URL)
	admin.signIn(browserAdminEmail, demo.Password)
	admin.open("/a/north-valley/concerns")
	admin.follow(`a[href="/a/north-valley/concerns/intake"]`)
	admin.wantText("#state-h", "The intake link is off")
	admin.follow(`button[value=enable]`)
	link := admin.texts("#intake-link")[0]
	path := strings.TrimPrefix(link, a.srv.URL)
	if !strings.HasPrefix(path, "/intake/") {
		t.Fatalf("intake link %q, want one under %s/intake/", link, a.srv.URL)
	}
	admin.shot(dir, "laptop-intake-settings")
	// On a phone, the concerns page's two buttons and the settings page fit.
	admin.do("set the viewport to a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)))
	for _, p := range []string{"/a/north-valley/concerns", "/a/north-valley/concerns/intake"} {
		admin.open(p)
		admin.fitsWidth("phone "+p, 390)
		admin.shot(dir, "phone"+strings.ReplaceAll(p, "/", "-"))
	}

	sizes := []struct {
		name          string
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{"laptop", 1280, 900, nil},
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)}},
	}
	for _, s := range sizes {
		stranger := newBrowserTab(t, browser, a.srv.URL)
		stranger.do("set the viewport to "+s.name, chromedp.EmulateViewport(s.width, s.height, s.opts...))
		if st := stranger.open(path); st != 200 {
			t.Fatalf("%s: the intake link answered %d", s.name, st)
		}
		stranger.wantAbsent("header.topbar")
		stranger.wantText("main", "North Valley")
		stranger.shot(dir, s.name+"-intake-form")
		stranger.fitsWidth(s.name+" intake form", s.width)
		stranger.choose("#c-cat", "Operations")
		stranger.choose("#c-sev", "Medium")
		stranger.typeIn("#c-body", "The "+s.name+" rota leaves one nurse for two wards.")
		stranger.follow(`main form button[type=submit]`)
		stranger.wantText("#done-h", "Your concern has been raised")
		stranger.do("wait for the receipt tools", chromedp.WaitReady(`[data-receipt][data-live]`))
		receipt := stranger.texts("#receipt")[0]
		if len(receipt) != 29 {
			t.Fatalf("%s: receipt %q, want a 29-character code", s.name, receipt)
		}
		if size := tabRun(stranger, "measure the code", chromedp.Evaluate[float64](`parseFloat(getComputedStyle(document.getElementById("receipt")).fontSize)`)); size < 16 {
			t.Errorf("%s: the receipt code is %.0f px, want it large", s.name, size)
		}
		stranger.wantText(".receipt-tools", "Copy the code", "Download as a text file")
		stranger.wantAbsent(".receipt-nojs:not([hidden])")

		// Not saved yet: Done is inactive, and leaving asks first.
		if got := stranger.attr("#receipt-done", "aria-disabled"); got != "true" {
			t.Errorf("%s: Done before saving: aria-disabled %q, want true", s.name, got)
		}
		if !stranger.leavingAsks() {
			t.Errorf("%s: leaving before saving does not ask", s.name)
		}
		stranger.click("#receipt-done")
		stranger.wantPath(path)
		stranger.wantText("#receipt-note", "Tick")

		stranger.click("#receipt-copy")
		stranger.do("wait for the copy", chromedp.Poll[chromedp.Void](`document.getElementById("receipt-note").textContent.indexOf("Tick") < 0`))
		stranger.wantText("#receipt-note", "Cop")
		// The download is made in the browser: catch the file's text.
		tabRun(stranger, "watch the download", chromedp.Evaluate[bool](`(function () {
			var B = window.Blob; window.Blob = function (parts, opts) { window.receiptFile = parts.join(""); return new B(parts, opts); };
			return true; })()`))
		stranger.click("#receipt-download")
		file := tabRun(stranger, "read the download", chromedp.Evaluate[string](`window.receiptFile || ""`))
		for _, want := range []string{receipt, "North Valley", a.srv.URL + "/concern?alliance=north-valley"} {
			if !strings.Contains(file, want) {
				t.Errorf("%s: the downloaded receipt lacks %q:\n%s", s.name, want, file)
			}
		}
		stranger.shot(dir, s.name+"-intake-receipt")
		stranger.fitsWidth(s.name+" intake receipt", s.width)

		stranger.click("#receipt-saved")
		if got := stranger.attr("#receipt-done", "aria-disabled"); got != "" {
			t.Errorf("%s: Done after saving: aria-disabled %q, want none", s.name, got)
		}
		if stranger.leavingAsks() {
			t.Errorf("%s: leaving after saving still asks", s.name)
		}
		stranger.follow("#receipt-done")
		stranger.wantPath("/concern")
		if got := stranger.value("#f-a"); got != "north-valley" {
			t.Errorf("%s: the follow-up page's alliance: %q, want north-valley", s.name, got)
		}
	}
}

// attr reads an attribute of the first element sel selects ("" when it
// has none).
func (b *tab) attr(sel, name string) string {
	b.t.Helper()
	return tabRun(b, "read "+name+" of "+sel, chromedp.Evaluate[string](
		`(document.querySelector(`+strconv.Quote(sel)+`).getAttribute(`+strconv.Quote(name)+`) || "")`))
}

// leavingAsks reports whether the page would ask before it is left: a
// beforeunload event it cancels.
func (b *tab) leavingAsks() bool {
	b.t.Helper()
	return tabRun(b, "try to leave", chromedp.Evaluate[bool](
		`(function () { var e = new Event("beforeunload", {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented; })()`))
}
