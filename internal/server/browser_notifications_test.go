package server_test

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
)

// notifyViewports are the widths the notification pages are checked at.
var notifyViewports = []struct {
	name          string
	width, height int64
	opts          []chromedp.EmulateViewportOption
}{
	{"laptop", 1366, 900, nil},
	{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)}},
}

// TestBrowserNotifications: an executive finds the first evaluation's
// signals in the inbox (badge in the side navigation), opens one, marks
// the rest read and chooses the daily digest; the admin adds a webhook,
// sees its secret once and sends a test. Both pages fit a laptop and a
// phone (screenshots in ACCORD_SCREENSHOTS when set).
func TestBrowserNotifications(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	a.evaluate()
	dir := os.Getenv("ACCORD_SCREENSHOTS")

	b := newBrowserTab(t, browser, a.srv.URL)
	b.signIn(roleAccounts["executive"], demo.Password)
	for _, v := range notifyViewports {
		b.do("set the viewport to "+v.name, chromedp.EmulateViewport(v.width, v.height, v.opts...))
		b.open("/a/north-valley")
		b.wantText(`nav.sidenav a[href="/a/north-valley/inbox"] .count`, "unread")
		b.follow(`nav.sidenav a[href="/a/north-valley/inbox"]`)
		b.wantText("main h1", "Inbox")
		b.wantText("ul.notes", "its target", "No data for")
		b.shot(dir, v.name+"-inbox")
		b.fitsWidth(v.name+" inbox", v.width)
	}
	b.do("set the viewport to laptop", chromedp.EmulateViewport(1366, 900))
	first := b.texts("ul.notes li.note.unread .notesubject")[0]
	b.follow("ul.notes li.note.unread form button.primary")
	b.open("/a/north-valley/inbox")
	if got := b.texts("ul.notes li.note.unread .notesubject"); len(got) > 0 && got[0] == first {
		t.Errorf("the opened notification %q is still unread", first)
	}
	b.follow(`.headactions form[action$="/inbox/read-all"] button`)
	b.wantText(".flash", "marked read")
	b.wantAbsent(`nav.sidenav a[href="/a/north-valley/inbox"] .count`)
	b.wantAbsent("ul.notes li.note.unread")
	b.click(`input[name=mode][value=digest]`)
	b.follow(`section[aria-labelledby=pref-h] button[type=submit]`)
	b.wantText(".flash", "e-mail preference is saved")
	b.shot(dir, "laptop-inbox-read")

	admin := newBrowserTab(t, browser, a.srv.URL)
	admin.signIn(browserAdminEmail, demo.Password)
	admin.open("/a/north-valley")
	admin.follow(`nav.sidenav a[href="/a/north-valley/webhooks"]`)
	admin.wantText("main h1", "Webhooks")
	admin.typeIn("#wh-url", "https://hooks.slack.com/services/T000/B000/XXXX")
	admin.choose("#wh-format", "Slack")
	admin.click(`input[name=events][value=signal_opened]`)
	admin.follow(`section[aria-labelledby=add-h] button[type=submit]`)
	admin.wantText(".flash", "Copy its secret now")
	if secret := admin.value("#new-secret"); len(secret) < 20 {
		t.Errorf("secret shown: %q", secret)
	}
	admin.shot(dir, "laptop-webhook-added")
	admin.follow(`section.hook form[action$="/test"] button`)
	admin.wantText(".flash", "Test delivery queued")
	admin.wantText("section.hook table.deliveries", "Test from accord", "PENDING")
	for _, v := range notifyViewports {
		admin.do("set the viewport to "+v.name, chromedp.EmulateViewport(v.width, v.height, v.opts...))
		admin.open("/a/north-valley/webhooks")
		admin.wantAbsent("#new-secret")
		admin.shot(dir, v.name+"-webhooks")
		admin.fitsWidth(v.name+" webhooks", v.width)
	}
}
