package server_test

import (
	"context"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserHealthAnswer answers an open partnership health round in the
// browser, at a laptop's and a phone's width: the questionnaire fits the
// screen, a choice is a click on a point between the words of both ends,
// and after sending the page says the answers are recorded anonymously.
func TestBrowserHealthAnswer(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	hr := a.matrixHealth()[1]
	al := mustAlliance(t, a)
	if _, err := a.db.OpenRound(context.Background(), accord.SystemActor("test"), al.ID, hr); err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("ACCORD_SCREENSHOTS")
	for _, s := range []struct {
		name, email   string
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{"laptop", browserMemberEmail, 1366, 900, nil},
		{"phone", roleAccounts["observer"], 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)}},
	} {
		b := newBrowserTab(t, browser, a.srv.URL)
		b.do("set the viewport to "+s.name, chromedp.EmulateViewport(s.width, s.height, s.opts...))
		b.signIn(s.email, demo.Password)
		b.open("/a/north-valley/health/answer")
		b.wantText("main", "How is the partnership going?", "Far too slow", "Strongly agree")
		b.fitsWidth(s.name+" questionnaire", s.width)
		b.click(`input[name="answer_trust.word"][value="4"]`)
		b.click(`input[name="answer_pace.decisions"][value="2"]`)
		b.click(`input[name="answer_bad_news.safe"][value="5"]`)
		b.typeIn("#c-pace", "Too many pilots at once.")
		b.shot(dir, s.name+"-health-answer")
		b.follow(`form.survey button[type=submit]`)
		b.wantText("#done-h", "Your answers are recorded, anonymously")
		b.wantText("main", "What accord keeps")
		b.fitsWidth(s.name+" answer recorded", s.width)
		b.shot(dir, s.name+"-health-answered")
	}
	c, err := a.db.HealthCounts(context.Background(), al.ID, hr)
	if err != nil || c.Responses != 2 {
		t.Errorf("answers counted: %+v, %v; want 2", c, err)
	}
}
