package server_test

import (
	"testing"

	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserCharter reads the charter's review and versions in headless
// Chromium at a laptop's and a phone's width, and reaffirms the charter
// for the vendor as its executive.
func TestBrowserCharter(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	b := newBrowserTab(t, browser, a.srv.URL)
	b.laptop()
	b.signIn("leo.brandt@brightline.example", demo.Password)
	b.open("/a/north-valley")
	b.follow(`a.button[href="/a/north-valley/charter"]`)
	b.wantText("main", "Riverside Physician Group", "not yet answered", "Earlier reviews", "Version 1")
	b.atBothWidths("charter")
	b.click(`form[action="/a/north-valley/charter/review"] input[name=confirm]`)
	b.follow(`form[action="/a/north-valley/charter/review"] button.primary`)
	b.wantPath("/a/north-valley/charter")
	b.wantText("main", "Your party has reaffirmed the charter.", "by Leo Brandt")
	b.wantAbsent(`form[action="/a/north-valley/charter/review"]`)
	b.atBothWidths("charter-reaffirmed")
}
