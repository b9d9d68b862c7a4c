package server_test

import (
	"context"
	"os"
	"path/filepath"
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
