package server_test

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserHealth reads the demo's partnership health results as a
// member would, at a laptop and a phone width: the latest round with the
// vendor's clinical voice and its gap signal, the physician group's pace
// trended by party, and the round in which the investor's answers were too
// few to show, the page saying so (screenshots in ACCORD_SCREENSHOTS).
func TestBrowserHealth(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	b := newBrowserTab(t, browser, a.srv.URL)
	dir := os.Getenv("ACCORD_SCREENSHOTS")
	b.signIn(roleAccounts["member"], demo.Password)
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
		b.open("/a/north-valley")
		b.follow(`nav.sidenav a[href="/a/north-valley/health"]`)
		b.wantText("main table.health-matrix", "2.2 (6)", "1.8 sure")
		b.wantText("main", "On Clinical voice, ")
		b.shot(dir, s.name+"-health")
		b.fitsWidth(s.name+" health", s.width)
		b.click("#factor-clinical_voice > summary")
		b.wantText("#factor-clinical_voice", "Brightline Telehealth", "Perception gap", "We hear from clinicians only after the plans are made.")
		b.fitsWidth(s.name+" health, a factor open", s.width)
		b.do("choose pace", chromedp.SetValue(chromedp.CSS("#trend-factor"), "pace"))
		b.follow(`form[aria-label="Choose the factor trended by party"] button[type=submit]`)
		b.wantText("main", "Pace by party")
		b.shot(dir, s.name+"-health-pace")
		b.fitsWidth(s.name+" health, pace by party", s.width)
		b.do("choose the investor's short round", chromedp.SetValue(chromedp.CSS("#round"), a.demo.Health.InvestorHidden))
		b.follow(`form[aria-label="Choose the round"] button[type=submit]`)
		b.wantText("main ul.health-hidden", "Cedar Ridge Health Partners, on every factor: Hidden: 3 people answered; results show from 5", "would give away those of a group too small to show")
		b.shot(dir, s.name+"-health-investor-hidden")
		b.fitsWidth(s.name+" health, investor hidden", s.width)
	}
}
