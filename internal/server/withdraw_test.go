package server_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// TestWithdrawFigurePage withdraws a figure through the KPI page as an
// alliance admin: the form leads to a confirmation saying what will
// happen, only the confirmation withdraws it, the figure leaves the
// current data and stays in the history; people who are not admins see
// no form and are refused.
func TestWithdrawFigurePage(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			sc := newShScene(t, newApp(t, d))
			sc.cleanSlate()
			admin, kpiPage := roleAccounts["admin"], "/a/north-valley/kpis/sh-a1c"
			p0 := sc.periods[0].Format("2006-01")
			if page := sc.page(admin, kpiPage); !strings.Contains(page, "Withdraw a figure") {
				t.Fatal("the KPI page offers an admin no way to withdraw a figure")
			}
			if page := sc.page(shOwner, kpiPage); strings.Contains(page, "Withdraw a figure") {
				t.Error("the KPI page offers the withdrawal to an executive who is not an admin")
			}
			form := url.Values{"period": {p0}, "segment": {"Alpha Clinic"}, "reason": {"counted twice"}}
			if resp := sc.a.post(sc.browsers[shOwner], kpiPage+"/withdraw", form); resp.StatusCode != http.StatusForbidden {
				t.Errorf("a withdrawal by an executive who is not an admin: status %d, want 403", resp.StatusCode)
			}
			status, confirm := sc.a.postPage(sc.browsers[admin], kpiPage+"/withdraw", form)
			if status != http.StatusOK || !strings.Contains(confirm, "(80 / 100)") || !strings.Contains(confirm, "will show no data for this period") ||
				!strings.Contains(confirm, `name="confirm" value="yes"`) {
				t.Fatalf("confirmation: status %d, page %.600q", status, confirm)
			}
			if n := sc.visible(admin, "sh-a1c"); n != 12 {
				t.Fatalf("before the confirmation %d figures, want all 12", n)
			}
			form.Set("confirm", "yes")
			if resp := sc.a.post(sc.browsers[admin], kpiPage+"/withdraw", form); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("confirmed withdrawal: status %d, want 303", resp.StatusCode)
			}
			if page := sc.page(admin, kpiPage); !strings.Contains(page, "Withdrawn: Shared sh-a1c, "+p0+" in Alpha Clinic now has no data") {
				t.Error("the KPI page does not say the figure was withdrawn")
			}
			if n := sc.visible(admin, "sh-a1c"); n != 11 {
				t.Errorf("after the withdrawal %d figures, want 11", n)
			}
			var hist shObservations
			sc.a.api("GET", "/api/v1/alliances/north-valley/kpis/sh-a1c/observations?history=true", sc.tokens[admin], "", &hist)
			if len(hist.Items) != 13 {
				t.Errorf("history holds %d revisions, want 13 (12 figures and the withdrawal)", len(hist.Items))
			}
			status, page := sc.a.postPage(sc.browsers[admin], kpiPage+"/withdraw", form)
			if status != http.StatusConflict {
				t.Errorf("withdrawing again: status %d, want 409 and the form again", status)
			}
			if !strings.Contains(page, "withdrawn already") {
				t.Error("withdrawing again: the KPI page does not say the figure is withdrawn already")
			}
		})
	}
}

// postPage submits a form as a same-origin browser would and returns the
// status and the page of the answer.
func (a *app) postPage(c *http.Client, path string, form url.Values) (int, string) {
	a.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", a.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
