package server_test

import (
	"io"
	"net/url"
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
	t.Parallel()
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

// TestCachedLayoutFollowsTheViewer checks that the layout kept around
// cached page bodies is each viewer's own (name, party, what they may do)
// and carries a one-time flash message once.
func TestCachedLayoutFollowsTheViewer(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	const page = "/a/north-valley/kpis/hba1c-control"
	admin, observer := a.login(roleAccounts["admin"]), a.login(roleAccounts["observer"])
	for i := 0; i < 2; i++ {
		_, p := a.get(admin, page)
		_, q := a.get(observer, page)
		if !strings.Contains(p, `<span class="uname">Morgan Ellis</span>`) || !strings.Contains(q, `<span class="uname">Aisha Coleman</span>`) {
			t.Fatalf("view %d: each page should name its own viewer in the menu", i)
		}
		if !strings.Contains(p, "/audit\"") || strings.Contains(q, "/audit\"") {
			t.Fatalf("view %d: the audit trail link should show for the admin only", i)
		}
	}
	resp := a.post(admin, page+"/annotations", url.Values{"period": {"2024-02"}, "label": {"New outreach nurse"}})
	if resp.StatusCode != 303 {
		t.Fatalf("annotation: status %d", resp.StatusCode)
	}
	if _, p := a.get(admin, page); !strings.Contains(p, "Annotation added to the charts.") {
		t.Errorf("the page after the annotation lacks its flash message")
	}
	if _, p := a.get(admin, page); strings.Contains(p, "Annotation added to the charts.") {
		t.Errorf("the flash message shows twice")
	}
}
