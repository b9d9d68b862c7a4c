package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// TestMotionPageProxies walks the motion page's proxy forms on both
// databases: Samuel gives Elena his proxy for the demo's motion by ballot,
// she votes with it and the ballots show it; Jonathan, without a proxy,
// cannot vote for Samuel; Samuel's own ballot replaces Elena's and hers
// never replaces his; then he revokes the proxy.
func TestMotionPageProxies(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			al := mustAlliance(t, a)
			c, err := a.db.CommitteeByKey(context.Background(), al.ID, "steering")
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]string{}
			for _, st := range c.Seats {
				ids[st.HolderEmail] = st.MemberID
			}
			const samuel, elena, jonathan = "samuel.kim@riversidepg.example", "elena.vasquez@riversidepg.example", "jonathan.reyes@cedarridge.example"
			page := "/a/north-valley/motions/" + strconv.Itoa(a.demo.Governance.KPIMotion)
			p := pageSteps{a: a, page: page}
			sc, ec, jc := a.login(samuel), a.login(elena), a.login(jonathan)

			p.want(sc, "the form to give a proxy", `action="`+page+`/proxies"`, `<option value="`+ids[elena]+`">Dr. Elena Vasquez`)
			p.post(sc, "/proxies", url.Values{"holder": {ids[elena]}, "scope": {"motion"}}, "Dr. Elena Vasquez holds your proxy for motion")
			p.want(ec, "the form to vote as Samuel's proxy", "Vote as the proxy of Dr. Samuel Kim", `name="for" value="`+ids[samuel]+`"`)
			p.post(ec, "/vote", url.Values{"for": {ids[samuel]}, "choice": {"no"}}, "Your vote is recorded")
			p.want(sc, "the ballot cast by proxy", "by proxy: Dr. Elena Vasquez", "Dr. Elena Vasquez cast Dr. Samuel Kim's ballot with it")
			p.post(jc, "/vote", url.Values{"for": {ids[samuel]}, "choice": {"yes"}}, "Dr. Samuel Kim has not given you their proxy")
			p.post(sc, "/vote", url.Values{"choice": {"yes"}}, "Your vote is recorded")
			p.post(ec, "/vote", url.Values{"for": {ids[samuel]}, "choice": {"no"}}, "Dr. Samuel Kim has cast their own ballot")
			body := p.want(sc, "the revoke button once his own ballot stands", "Revoke my proxy")
			i := strings.Index(body, "/a/north-valley/proxies/")
			if i < 0 {
				t.Fatal("no revoke form")
			}
			revoke := body[i : i+strings.Index(body[i:], `"`)]
			p.postTo(sc, revoke, url.Values{"back": {page}}, "Your proxy to Dr. Elena Vasquez is revoked.")
			p.want(sc, "the revoked proxy", "revoked on")
		})
	}
}

// pageSteps posts the forms of one page and reads the page back.
type pageSteps struct {
	a    *app
	page string
}

// want reads the page and checks that it shows every string.
func (p pageSteps) want(c *http.Client, what string, want ...string) string {
	p.a.t.Helper()
	status, body := p.a.get(c, p.page)
	body = html.UnescapeString(body)
	for _, w := range want {
		if status != http.StatusOK || !strings.Contains(body, w) {
			p.a.t.Errorf("%s: status %d, page lacks %q", what, status, w)
		}
	}
	return body
}

// post submits a form of the page (to page+suffix) and checks the flash
// message it comes back with.
func (p pageSteps) post(c *http.Client, suffix string, form url.Values, flash string) {
	p.a.t.Helper()
	p.postTo(c, p.page+suffix, form, flash)
}

func (p pageSteps) postTo(c *http.Client, path string, form url.Values, flash string) {
	p.a.t.Helper()
	resp := p.a.post(c, path, form)
	if resp.StatusCode == http.StatusSeeOther && resp.Header.Get("Location") == p.page {
		p.want(c, "POST "+path, flash)
		return
	}
	// A refused form answers with the page itself, the error by its field.
	if status, body := p.a.postPage(c, path, form); status < 400 || !strings.Contains(body, flash) || !strings.Contains(body, `id="field-error"`) {
		p.a.t.Fatalf("POST %s: status %d, want 303 to the page or the page again saying %q", path, status, flash)
	}
}
