package server_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserSignals asks to renegotiate the demo's contract on its page,
// as an executive would, then reads the signals beyond the data — the
// request, the overdue action item, a concern nobody acknowledged — on the
// signals page at a laptop and a phone width (screenshots in
// ACCORD_SCREENSHOTS when set).
func TestBrowserSignals(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	ctx, al := context.Background(), mustAlliance(t, a)
	concern := accord.Concern{AllianceID: al.ID, Category: accord.ConcernPatientSafety, Severity: "high", Body: "Falls go unreported", ReceiptCost: password.Fast}
	if _, err := a.db.RaiseConcern(ctx, accord.Actor{Name: "x", Via: "web"}, &concern, true); err != nil {
		t.Fatal(err)
	}
	if _, err := a.db.EscalateOverdue(ctx, concern.AckDueAt.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	a.evaluate()
	b := newBrowserTab(t, browser, a.srv.URL)
	dir := os.Getenv("ACCORD_SCREENSHOTS")

	b.signIn(roleAccounts["executive"], demo.Password)
	b.open("/a/north-valley/contracts/shared-savings")
	b.click("#renegotiation details > summary")
	b.typeIn("#rn-reason", "Rebase the target PMPM on the 2026 regional trend.")
	b.follow(`#renegotiation button[type=submit]`)
	b.wantText("#renegotiation", "Valley Health Plan", "Rebase the target PMPM", "OPEN")
	b.wantAbsent("#rn-reason")
	b.shot(dir, "laptop-contract-renegotiation")

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
		b.open("/a/north-valley/signals")
		b.wantText("main table.signals", "Valley Health Plan asks to renegotiate", "Action item overdue", "Concern not acknowledged in time: patient safety")
		b.shot(dir, s.name+"-signals-beyond-kpis")
		b.fitsWidth(s.name+" signals", s.width)
		// The rules and the actions are in each row's detail; opened, it
		// still fits.
		b.click("main table.signals tbody tr:first-child details.sig-detail > summary")
		b.wantText("main table.signals tbody tr:first-child details.sig-detail", "Acknowledge", "Resolve", "Dismiss", "cannot be undone")
		b.shot(dir, s.name+"-signals-detail-open")
		b.fitsWidth(s.name+" signals with a detail open", s.width)
		b.do("choose a kind", chromedp.SetValue(chromedp.CSS("#f-kind"), "contract_renegotiation"))
		b.follow(`form.filters button[type=submit]`)
		b.wantText("main table.signals", "asks to renegotiate")
		b.wantPath("/a/north-valley/signals")
		b.shot(dir, s.name+"-signals-renegotiation")
	}
	b.do("set the viewport to laptop", chromedp.EmulateViewport(1366, 900))
	for _, kind := range []string{"action_overdue", "concern_unacknowledged"} {
		b.open("/a/north-valley/signals?status=open&kind=" + kind)
		b.wantText("main table.signals", map[string]string{"action_overdue": "Action item overdue", "concern_unacknowledged": "no party"}[kind])
		b.shot(dir, "laptop-signals-"+kind)
	}
}
