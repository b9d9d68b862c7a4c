package server_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store/storetest"
)

// pageLink finds the links a page offers, to walk the application as a
// new user would.
var pageLink = regexp.MustCompile(`href="(/[^"#]*)"`)

// notWords are what a person should never have to read on a page: code
// names with underscores, "Kpi" and "Spc" (the codes capitalised), list
// positions counted from 0, and internal identifiers.
var notWords = map[string]*regexp.Regexp{
	"snake_case code":   regexp.MustCompile(`\b[a-z][a-z0-9]*_[a-z0-9_]+\b`),
	"Kpi or Spc":        regexp.MustCompile(`\b(Kpi|Spc)\b`),
	"position from 0":   regexp.MustCompile(`[a-z]\[\d+\]`),
	"internal UUID":     regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`),
	"dotted field path": regexp.MustCompile(`\b(terms|summary|quality_gate|savings)\.[a-z_]+`),
}

// markup is what visible text leaves out: scripts, styles and drawings,
// then every tag with its attributes. Code samples (<code>, <pre>), the
// terms editor (<textarea>) and diffs of a document show its own source,
// which is meant to be read as written.
var (
	markup = regexp.MustCompile(`(?is)<(script|style|svg|pre|code|textarea)\b.*?</(script|style|svg|pre|code|textarea)>|<table class="diff">.*?</table>`)
	tag    = regexp.MustCompile(`(?s)<[^>]*>`)
	rawURL = regexp.MustCompile(`https?://\S+`)
)

// visibleText is the text of a page as a reader sees it.
func visibleText(page string) string {
	text := tag.ReplaceAllString(markup.ReplaceAllString(page, " "), " ")
	return rawURL.ReplaceAllString(html.UnescapeString(text), " ")
}

// skipLink leaves out what is not a page: downloads, feeds and sign-out.
func skipLink(l string) bool {
	for _, s := range []string{"/static/", "logout", ".ics", ".csv", ".pdf", ".svg", ".json", "/feed", "/export", "/api/"} {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// TestPagesSpeakPlainWords walks the demo alliance's pages as its admin and
// fails on code words, ids and paths in the visible text.
func TestPagesSpeakPlainWords(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) { walkForWords(t, newApp(t, d)) })
	}
}

func walkForWords(t *testing.T, a *app) {
	c := a.login("admin@accord-demo.example")
	seen, todo := map[string]bool{}, []string{"/", "/a/north-valley"}
	for len(todo) > 0 && len(seen) < 250 {
		p := todo[0]
		todo = todo[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		status, body := a.get(c, p)
		if status != 200 || !strings.HasPrefix(strings.TrimSpace(body), "<") {
			continue
		}
		for _, m := range pageLink.FindAllStringSubmatch(body, -1) {
			if l := html.UnescapeString(m[1]); !seen[l] && !skipLink(l) {
				todo = append(todo, l)
			}
		}
		text := visibleText(body)
		for what, re := range notWords {
			for _, w := range re.FindAllString(text, 3) {
				i := strings.Index(text, w)
				ctx := strings.Join(strings.Fields(text[max(0, i-50):min(len(text), i+len(w)+50)]), " ")
				t.Errorf("%s: %s %q in %q", p, what, w, ctx)
			}
		}
	}
	if len(seen) < 50 {
		t.Errorf("walked %d pages, want the demo's many", len(seen))
	}
}
