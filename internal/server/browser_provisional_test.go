package server_test

import (
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserProvisional looks at a KPI whose latest month is a pending
// report's provisional figure, on a 1280 px laptop and a 390 px phone: the
// run chart draws it as a hollow point and names it in the legend, the
// table says provisional, a clinic of only 0 of 0 says so instead of "No
// data yet", the scorecard tile marks it, and both pages fit the phone.
func TestBrowserProvisional(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	k := a.monthlyRateKPI("screen", "Screening done")
	now := time.Now().UTC()
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -8, 0)
	a.rateRows(k, first, "", false, "50/100", "52/100", "51/100", "55/100", "53/100", "54/100", "52/100")
	a.rateRows(k, first.AddDate(0, 7, 0), "", true, "56/100")
	a.rateRows(k, first, "north", false, "20/50", "22/50", "21/50", "25/50", "23/50", "24/50", "22/50")
	a.rateRows(k, first.AddDate(0, 7, 0), "north", true, "26/50")
	a.rateRows(k, first.AddDate(0, 7, 0), "south", false, "0/0")
	dir := os.Getenv("ACCORD_SCREENSHOTS")
	b := newBrowserTab(t, browser, a.srv.URL)
	b.signIn(browserAdminEmail, demo.Password)
	for _, w := range []struct {
		name   string
		width  int64
		chart  string // the run chart drawn at this width
		screen chromedp.Action[chromedp.Void]
	}{
		{"laptop", 1280, "#run-screen", chromedp.EmulateViewport(1280, 900)},
		{"phone", 390, "#run-sm-screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2))},
	} {
		b.do("set the viewport to a "+w.name, w.screen)
		b.open("/a/north-valley/kpis/screen")
		b.wantVisible(w.chart + " circle.provisional")
		b.wantContent(w.chart+" .legend", "Provisional (not final yet)")
		b.wantText("main", "provisional", "0 of 0 (no one in this stratum)")
		b.wantContent("#seg-screen", "Only 0 of 0: no one in the denominator, so no rate")
		b.fitsWidth(w.name+" KPI page", w.width)
		b.shot(dir, w.name+"-provisional-kpi")
		b.open("/a/north-valley/scorecard")
		b.wantText(`a[href="/a/north-valley/kpis/screen"]`, "provisional")
		b.fitsWidth(w.name+" scorecard", w.width)
		b.shot(dir, w.name+"-provisional-scorecard")
	}
}
