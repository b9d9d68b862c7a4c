package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
)

// scorecardFlowTimeout bounds one scorecard flow: an upload, a preview, an
// import and several chart pages take longer than a shell flow on a slow
// 2-core machine.
const scorecardFlowTimeout = 90 * time.Second

const (
	scorecardEmail = "elena.vasquez@riversidepg.example" // provider executive and clinical leader
	scorecardKPI   = "hba1c-control"
	scorecardPage  = "/a/north-valley/kpis/" + scorecardKPI
)

// scorecardClinics are the demo's four clinics, the segments of hba1c-control.
var scorecardClinics = []string{"Riverside Main", "Eastgate", "Hillcrest", "Lakeview"}

// TestBrowserScorecard is issue 3's "done when" in a real browser: a new
// user of the demo opens the scorecard and drills into a KPI, uploads a CSV
// with one bad row and sees which line is wrong and that nothing was
// imported, fixes it, imports it, and sees the chart change.
func TestBrowserScorecard(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	flows := []struct {
		name string
		run  func(*testing.T, *tab, *app)
	}{
		{"scorecard drills into a KPI", browserFlowScorecard},
		{"import a file with a bad row, then fixed", browserFlowImport},
	}
	for _, f := range flows {
		t.Run(f.name, func(t *testing.T) {
			b := newTabWithin(t, browser, a.srv.URL, scorecardFlowTimeout)
			b.do("set a laptop viewport", chromedp.EmulateViewport(1366, 900))
			f.run(t, b, a)
		})
	}
}

// browserFlowScorecard: from the side navigation to the scorecard's tiles,
// then through the HbA1c tile to its KPI page with both charts and the
// observation table.
func browserFlowScorecard(t *testing.T, b *tab, a *app) {
	b.signIn(scorecardEmail, demo.Password)
	b.wantPath("/a/north-valley")
	b.follow(`nav.sidenav a[href="/a/north-valley/scorecard"]`)
	b.wantPath("/a/north-valley/scorecard")
	b.wantText("main h1", "How the alliance is doing")
	b.wantText(`nav.sidenav a[aria-current="page"]`, "Scorecard")
	if n := len(b.texts("ul.tiles > li.tile")); n < 20 {
		t.Errorf("the scorecard shows %d tiles, want the demo's 20 or more", n)
	}
	tile := `a.tilelink[href="` + scorecardPage + `"]`
	b.wantText(tile+" .tname", "HbA1c control")
	if v := strings.TrimSpace(b.text(tile + " .tvalue")); !strings.HasSuffix(v, "%") || len(v) < 2 {
		t.Errorf("HbA1c tile value %q, want a percentage", v)
	}
	b.wantVisible(tile + " .spark svg")
	b.wantText(tile+" .tmeta", "Target")

	b.follow(tile)
	b.wantPath(scorecardPage)
	b.wantText("main h1", "HbA1c control")
	b.wantVisible("svg#run-" + scorecardKPI)
	b.wantVisible("svg#ctl-" + scorecardKPI)
	b.wantText("#def-h", "Definition")
	latest := b.latestPeriod()
	if desc := b.textContent("#run-" + scorecardKPI + "-desc"); !strings.Contains(desc, " in "+latest+".") {
		t.Errorf("run chart description %q, want its latest point in %s, the table's newest period", desc, latest)
	}
	row := b.text("table.obs tbody tr:first-child")
	head := b.textContent("table.obs thead") // its CSS writes the headings in capitals
	for _, c := range scorecardClinics {
		if !strings.Contains(head, c) {
			t.Errorf("observation table headings %q, want a column for %s", head, c)
		}
	}
	if !strings.Contains(row, "%") || !strings.Contains(row, " / ") {
		t.Errorf("newest row %q, want percentages with numerator / denominator", row)
	}
}

// browserFlowImport: upload a file for the month after the latest with one
// bad row, see line 4 named and nothing written; upload the fixed file,
// check the preview, confirm, and see the new month on the KPI page.
func browserFlowImport(t *testing.T, b *tab, a *app) {
	ctx := context.Background()
	dir := os.Getenv("ACCORD_SCREENSHOTS")
	k, err := a.db.KPIByKey(ctx, mustAlliance(t, a).ID, scorecardKPI)
	if err != nil {
		t.Fatal(err)
	}
	b.signIn(scorecardEmail, demo.Password)
	b.open(scorecardPage)
	latest := b.latestPeriod()
	before := b.textContent("#run-" + scorecardKPI + "-desc")
	start, err := time.Parse("2006-01", latest)
	if err != nil {
		t.Fatalf("newest period %q in the observation table: %v", latest, err)
	}
	next := start.AddDate(0, 1, 0).Format("2006-01")
	good, figures := scorecardCSV(t, a, k, latest, next)
	stored := scorecardObservations(t, a, k)

	// A file with a bad numerator on line 4 (Hillcrest) is refused whole.
	lines := strings.Split(good, "\n")
	f := strings.Split(lines[3], ",")
	f[3] = "abc"
	lines[3] = strings.Join(f, ",")
	name := "hba1c-" + next + ".csv"
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	b.follow(`nav.sidenav a[href="/a/north-valley/scorecard"]`)
	b.follow(`.headactions a[href="/a/north-valley/import"]`)
	b.wantPath("/a/north-valley/import")
	b.wantText("main h1", "Import data")
	if keys := b.texts("section[aria-labelledby=up-h] table.keys td.mono"); !slices.Contains(keys, scorecardKPI) {
		t.Errorf("the import page lists %q, want %s among the KPIs Elena may submit", keys, scorecardKPI)
	}
	b.upload(file)
	if status := b.follow(`section[aria-labelledby=up-h] button[type=submit]`); status != 422 {
		t.Errorf("bad file: got status %d, want 422", status)
	}
	b.wantText("#rep-h", "1 row has a problem", "nothing was imported")
	b.wantText("section[aria-labelledby=rep-h]", name)
	errs := b.texts("table.errors tbody tr")
	if len(errs) != 1 {
		t.Fatalf("error rows %q, want exactly one", errs)
	}
	if got := strings.TrimSpace(b.text("table.errors tbody td[data-label=Line]")); got != "4" {
		t.Errorf("error names line %q, want 4", got)
	}
	if got := strings.TrimSpace(b.text("table.errors tbody td[data-label=Field]")); got != "numerator" {
		t.Errorf("error names field %q, want numerator", got)
	}
	b.wantAbsent(`form.actions[action^="/a/north-valley/import/"]`)
	b.shot(dir, "import-error")
	b.fitsWidth("import error", 1366)
	if got := scorecardObservations(t, a, k); got != stored {
		t.Fatalf("the refused file changed the store: %d observations, had %d", got, stored)
	}

	// The fixed file is previewed, then imported on confirmation.
	if err := os.WriteFile(file, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	b.upload(file)
	if status := b.follow(`section[aria-labelledby=up-h] button[type=submit]`); status != 200 {
		t.Errorf("fixed file: got status %d, want 200", status)
	}
	b.wantText("#rep-h", name, "is valid")
	b.wantText("section[aria-labelledby=rep-h]", "4 rows: 4 new, 0 corrections", next)
	if rows := b.texts("section[aria-labelledby=rep-h] table tbody tr"); len(rows) != 4 {
		t.Errorf("preview rows %q, want 4", rows)
	}
	confirm := `section[aria-labelledby=rep-h] form.actions button[type=submit]`
	b.wantText(confirm, "Import 4 rows")
	b.shot(dir, "import-preview")
	b.fitsWidth("import preview", 1366)
	if got := scorecardObservations(t, a, k); got != stored {
		t.Fatalf("the preview wrote to the store: %d observations, had %d", got, stored)
	}
	if status := b.follow(confirm); status != 200 {
		t.Errorf("confirm: got status %d, want 200", status)
	}
	b.wantText("#rep-h", "Imported "+name)
	b.wantText("section[aria-labelledby=rep-h]", "4 rows: 4 new, 0 corrections")
	b.shot(dir, "import-done")
	if got := scorecardObservations(t, a, k); got != stored+4 {
		t.Errorf("after the import: %d observations, want %d", got, stored+4)
	}

	// The KPI page, its charts and the scorecard tile show the new month.
	b.follow(`section[aria-labelledby=rep-h] a[href="` + scorecardPage + `"]`)
	b.wantPath(scorecardPage)
	if got := b.latestPeriod(); got != next {
		t.Errorf("newest period in the observation table after the import: %s, want %s", got, next)
	}
	b.wantText("table.obs tbody tr:first-child", figures...)
	after := b.textContent("#run-" + scorecardKPI + "-desc")
	if after == before || !strings.Contains(after, " to "+next+". Latest ") || !strings.Contains(after, " in "+next+".") {
		t.Errorf("run chart after the import:\n%s\nbefore:\n%s\nwant its latest point in %s", after, before, next)
	}
	if desc := b.textContent("#ctl-" + scorecardKPI + "-desc"); !strings.Contains(desc, " in "+next+".") {
		t.Errorf("control chart after the import: %q, want its latest point in %s", desc, next)
	}
	t.Logf("run chart before the import: %s", before)
	t.Logf("run chart after the import: %s", after)
	b.wantVisible("svg#run-" + scorecardKPI)
	b.click("details.card > summary") // the run chart's data table
	b.wantVisible("details.card[open] table tbody tr:last-child")
	if last := b.text("details.card[open] table tbody tr:last-child"); !strings.Contains(last, next) {
		t.Errorf("run chart data table ends with %q, want the row of %s", last, next)
	}
	// Opening the table scrolled the page; a full-page screenshot of a
	// scrolled page draws the sticky top bar in the middle.
	tabRun(b, "scroll to the top", chromedp.Evaluate[bool](`window.scrollTo(0, 0), true`))
	b.shot(dir, "kpi-after")
	b.fitsWidth("KPI page after the import", 1366)
	b.follow(`nav.sidenav a[href="/a/north-valley/scorecard"]`)
	b.wantText(`a.tilelink[href="`+scorecardPage+`"] .tmeta`, next)
}

// scorecardCSV writes a CSV for hba1c-control in period next, one row per
// clinic in scorecardClinics' order: each clinic's denominator of period
// latest and a numerator a little higher. It also returns how the KPI
// page's observation table shows each figure.
func scorecardCSV(t *testing.T, a *app, k accord.KPI, latest, next string) (string, []string) {
	t.Helper()
	obs, err := a.db.Observations(context.Background(), k.ID, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("kpi,period,segment,numerator,denominator\n")
	var figures []string
	for _, c := range scorecardClinics {
		var last *accord.Observation
		for i, o := range obs {
			if o.Segment == c && k.Frequency.FormatPeriod(o.Period) == latest {
				last = &obs[i]
			}
		}
		if last == nil || last.Numerator == nil || last.Denominator == nil {
			t.Fatalf("no numerator and denominator for %s in %s", c, latest)
		}
		num, err1 := strconv.Atoi(last.Numerator.String())
		den, err2 := strconv.Atoi(last.Denominator.String())
		if err1 != nil || err2 != nil || num+3 > den {
			t.Fatalf("%s in %s: figures %s / %s, want whole numbers", c, latest, last.Numerator, last.Denominator)
		}
		fmt.Fprintf(&b, "%s,%s,%s,%d,%d\n", k.Key, next, c, num+3, den)
		figures = append(figures, fmt.Sprintf("(%d / %d)", num+3, den))
	}
	return b.String(), figures
}

// scorecardObservations counts every stored revision of the KPI's observations.
func scorecardObservations(t *testing.T, a *app, k accord.KPI) int {
	t.Helper()
	obs, err := a.db.Observations(context.Background(), k.ID, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	return len(obs)
}

// newTabWithin is newBrowserTab with a flow timeout of its own.
func newTabWithin(t *testing.T, browser context.Context, base string, timeout time.Duration) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	ctx, cancelFlow := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancelFlow)
	b := &tab{t: t, ctx: ctx, base: base}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			// Network entries are answers the flows expect, e.g. 422 for a bad file.
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

// text returns the visible text of the first element sel selects.
func (b *tab) text(sel string) string {
	b.t.Helper()
	return tabRun(b, "read "+sel, chromedp.Text(chromedp.CSS(sel)))
}

// textContent returns the text of the first element sel selects, shown or
// not, such as an SVG chart's <desc>.
func (b *tab) textContent(sel string) string {
	b.t.Helper()
	return tabRun(b, "read "+sel, chromedp.TextContent(chromedp.CSS(sel)))
}

// wantVisible waits until what sel selects is on the page and visible.
func (b *tab) wantVisible(sel string) {
	b.t.Helper()
	b.do("wait for "+sel+" to show", chromedp.WaitVisible(chromedp.CSS(sel)))
}

// upload chooses path in the import form's file field.
func (b *tab) upload(path string) {
	b.t.Helper()
	b.do("choose "+path, chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{path}))
}

// latestPeriod reads the newest period of a KPI page's observation table.
func (b *tab) latestPeriod() string {
	b.t.Helper()
	return strings.TrimSpace(b.text("table.obs tbody tr:first-child > th"))
}
