package server_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserNeedsYou: Grace's overview opens with the "Needs you" card,
// her overdue action item first; her inbox opens with the "Action needed"
// group holding the vote she has not cast. Both fit a laptop and a phone
// (screenshots in ACCORD_SCREENSHOTS when set).
func TestBrowserNeedsYou(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	a.evaluate()
	closes := time.Now().UTC().AddDate(0, 0, 3).Truncate(time.Hour).Format(time.RFC3339)
	if r := a.api("POST", nv+"/motions", a.token(roleAccounts["admin"], "write"),
		`{"committee":"clinical-council","title":"Adopt the sepsis bundle","rule":"majority","closes_at":"`+closes+`"}`, nil); r.StatusCode != http.StatusCreated {
		t.Fatalf("propose: status %d", r.StatusCode)
	}
	dir := os.Getenv("ACCORD_SCREENSHOTS")
	b := newBrowserTab(t, browser, a.srv.URL)
	b.signIn(graceEmail, demo.Password)
	for _, v := range []struct {
		name          string
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{"laptop", 1280, 900, nil},
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)}},
	} {
		b.do("set the viewport to "+v.name, chromedp.EmulateViewport(v.width, v.height, v.opts...))
		b.open("/a/north-valley")
		b.wantText("section.needsyou h2", "Needs you")
		if got := b.texts("section.needsyou li.need"); len(got) < 2 || !strings.Contains(got[0], "Share the Eastgate winter staffing plan") || !strings.Contains(strings.ToLower(got[0]), "overdue") {
			t.Errorf("%s: Grace's Needs you card does not open with her overdue item: %q", v.name, got)
		}
		b.wantText("section.needsyou", "Waiting for your vote: motion", "Adopt the sepsis bundle")
		b.shot(dir, v.name+"-overview-needs-you")
		b.fitsWidth(v.name+" overview", v.width)

		b.open("/a/north-valley/inbox")
		b.wantText("h3.inboxgroup.act", "Action needed")
		if got := b.texts("ul.notes li.note .notesubject"); len(got) == 0 || !strings.Contains(strings.Join(got, "|"), "Adopt the sepsis bundle") {
			t.Errorf("%s: the inbox lacks the vote: %q", v.name, got)
		}
		if got := b.texts(`ul[aria-labelledby="act-h"] li.note .notesubject`); len(got) == 0 || !strings.Contains(strings.Join(got, "|"), "Adopt the sepsis bundle") {
			t.Errorf("%s: the vote is not under Action needed: %q", v.name, got)
		}
		b.shot(dir, v.name+"-inbox-action-needed")
		b.fitsWidth(v.name+" inbox", v.width)
	}
}
