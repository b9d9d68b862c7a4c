package server_test

import (
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// TestCachedBodyIsSplicedIntoThePage checks the pages whose data part is
// cached and written between the halves of the layout (the scorecard, a
// KPI page), on their first view and a repeat view: one whole document,
// the data part once, no marker left, and a Content-Length that matches.
func TestCachedBodyIsSplicedIntoThePage(t *testing.T) {
	a := newApp(t, store.SQLite)
	c := a.login("elena.vasquez@riversidepg.example")
	for _, tc := range []struct{ path, part string }{
		{"/a/north-valley/scorecard", `<p class="summary" role="status">`},
		{"/a/north-valley/kpis/hba1c-control", `id="annotations"`},
	} {
		var first string
		for view := 0; view < 2; view++ {
			resp, err := c.Get(a.srv.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("GET %s: %d, %v", tc.path, resp.StatusCode, err)
			}
			page := string(b)
			if resp.Header.Get("Content-Length") != strconv.Itoa(len(b)) {
				t.Errorf("GET %s: Content-Length %q for %d bytes", tc.path, resp.Header.Get("Content-Length"), len(b))
			}
			if strings.Count(page, "<!doctype html>") != 1 || !strings.HasSuffix(page, "</html>") || strings.Count(page, `<main id="main"`) != 1 {
				t.Errorf("GET %s (view %d) is not one whole document", tc.path, view)
			}
			if strings.Contains(page, "accord:page-body") {
				t.Errorf("GET %s (view %d) still holds the marker of the data part", tc.path, view)
			}
			if i, j := strings.Index(page, `<main id="main"`), strings.Index(page, tc.part); strings.Count(page, tc.part) != 1 || j < i || strings.Index(page, "</main>") < j {
				t.Errorf("GET %s (view %d): the data part (%s) is not once inside <main>", tc.path, view, tc.part)
			}
			if view == 0 {
				first = page
			} else if page != first {
				t.Errorf("GET %s: the repeat view differs from the first", tc.path)
			}
		}
	}
}
