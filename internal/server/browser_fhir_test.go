package server_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/fhirsource"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserFHIR walks the FHIR pages as an alliance admin, on a laptop
// and on a phone: the import page reads the DEQM stratified report in
// parts and lists the stratum left out with its reasons; the FHIR server
// page saves a source, and after the scheduled fetch against a FHIR server
// in the test shows what the run stored and left out.
func TestBrowserFHIR(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	a.colKPI()
	dir := os.Getenv("ACCORD_SCREENSHOTS")
	b := newBrowserTab(t, browser, a.srv.URL)
	b.signIn(browserAdminEmail, demo.Password)

	file, err := filepath.Abs(filepath.Join("..", "fhir", "testdata", "deqm-stratified.json"))
	if err != nil {
		t.Fatal(err)
	}
	b.open("/a/north-valley/import")
	b.do("choose the file", chromedp.SetUploadFiles(`#file`, []string{file}))
	b.follow(`form[enctype="multipart/form-data"] button[type=submit]`)
	b.wantText("main", "Left out, and why", "left out: has no numerator population", "FHIR: 1 MeasureReport(s) read")
	b.shot(dir, "laptop-fhir-import-preview")

	const token = "browser-fhir-token"
	srv := newFHIRServer(t, token, fixture(t, "deqm-stratified.json"))
	tokens := t.TempDir()
	os.WriteFile(filepath.Join(tokens, "nv.token"), []byte(token), 0o600)
	b.open("/a/north-valley/import")
	b.follow(`a[href="/a/north-valley/fhir-source"]`)
	b.wantText("#run-h + p", "Not run yet.")
	b.typeIn("#base_url", srv.URL+"/r4")
	b.typeIn("#token_file", "nv.token")
	b.click(`input[name=enabled]`)
	b.follow(`form[action="/a/north-valley/fhir-source"] button[type=submit]`)
	b.wantText("main", "Saved: accord fetches")

	f := &fhirsource.Fetcher{Store: a.db, TokenDir: tokens, HTTP: srv.Client(), Now: time.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := f.RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	b.open("/a/north-valley/fhir-source")
	b.wantText("main", "fetched 1 MeasureReport", "6 new", "left out: has no numerator population")
	b.shot(dir, "laptop-fhir-source")
	b.do("set the viewport to a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)))
	for _, p := range []string{"/a/north-valley/fhir-source", "/a/north-valley/import", "/a/north-valley/kpis/col"} {
		b.open(p)
		b.fitsWidth("phone "+p, 390)
	}
	b.open("/a/north-valley/fhir-source")
	b.shot(dir, "phone-fhir-source")
	b.open("/a/north-valley/kpis/col")
	b.wantText("main", "0 of 0 (no one in this stratum)")
	b.shot(dir, "phone-fhir-kpi")
}
