package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/accord-alliance/accord/internal/ical"
	"github.com/accord-alliance/accord/internal/pdfprint"
	"github.com/accord-alliance/accord/internal/pdfprint/pdftest"
	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

func init() {
	// The packet page and calendar files are documents, not JSON: the
	// validator checks their status and content type only.
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/calendar", openapi3filter.FileBodyDecoder)
}

// runCheckIn is the demo's next check-in through the API, as a new user
// meets it: the agenda the data wrote, attendance without a clinical
// leader (no quorum, and why), with one (quorum), a vote on the motion
// under consent of every party, the packet as a page and a PDF parsed
// back, the meeting's .ics and the calendar feed parsed back. Every
// answer is checked against the OpenAPI document.
func runCheckIn(t *testing.T, a *app, c *checker) {
	g := a.demo.Governance
	c.vars["checkin"], c.vars["motion"] = g.NextCheckIn, strconv.Itoa(g.OpenMotion)
	meeting := nv + "/meetings/{checkin}"
	var detail struct {
		Agenda []struct{ Title string } `json:"agenda"`
		Seats  []struct {
			MemberID string `json:"member_id"`
			Role     string `json:"role"`
		} `json:"seats"`
		Quorum struct {
			Met     bool     `json:"met"`
			Reasons []string `json:"reasons"`
		} `json:"quorum"`
	}
	keep := func(c *checker, b []byte) {
		if err := json.Unmarshal(b, &detail); err != nil {
			t.Fatal(err)
		}
	}
	c.do(apiCase{name: "the next check-in", method: "GET", path: meeting, who: "member", status: 200, save: keep})
	if len(detail.Agenda) < 4 {
		t.Errorf("the agenda the data wrote has %d items: %+v", len(detail.Agenda), detail.Agenda)
	}
	committee, err := a.db.CommitteeByKey(t.Context(), mustAlliance(t, a).ID, g.Steering)
	if err != nil {
		t.Fatal(err)
	}
	var without, with []string
	for _, s := range committee.Seats {
		if s.Role != "clinical_leader" {
			without = append(without, `{"member_id":"`+s.MemberID+`","present":true}`)
		}
	}
	for _, s := range committee.Seats {
		if s.Role == "clinical_leader" && len(with) == 0 {
			with = append(with, `{"member_id":"`+s.MemberID+`","present":true}`)
		}
	}
	c.do(apiCase{name: "attendance without a clinical leader", method: "PUT", path: meeting + "/attendance", who: "admin",
		body: `{"attendance":[` + strings.Join(without, ",") + `]}`, status: 200, save: keep})
	if detail.Quorum.Met || !strings.Contains(strings.Join(detail.Quorum.Reasons, " "), "clinical leader") {
		t.Errorf("quorum without a clinical leader = %+v; want not met, saying why", detail.Quorum)
	}
	c.do(apiCase{name: "attendance with a clinical leader", method: "PUT", path: meeting + "/attendance", who: "admin",
		body: `{"attendance":[` + strings.Join(append(without, with...), ",") + `]}`, status: 200, save: keep})
	if !detail.Quorum.Met {
		t.Errorf("quorum with a clinical leader = %+v; want met", detail.Quorum)
	}
	c.do(apiCase{name: "vote under consent of every party", method: "POST", path: nv + "/motions/{motion}/votes", who: "admin",
		body: `{"choice":"yes"}`, status: 200})
	c.do(apiCase{name: "the packet page", method: "GET", path: meeting + "/packet", who: "member", status: 200})
	c.do(apiCase{name: "the meeting's calendar file", method: "GET", path: meeting + "/meeting.ics", who: "member", status: 200})
	c.do(apiCase{name: "the packet PDF", method: "GET", path: meeting + "/packet.pdf", who: "member", status: 200})
	c.do(apiCase{name: "a calendar feed link", method: "POST", path: nv + "/calendar-feed", who: "admin", status: 201, save: func(c *checker, b []byte) {
		var f struct {
			MyMeetings string `json:"my_meetings"`
		}
		json.Unmarshal(b, &f)
		c.vars["feed"] = f.MyMeetings
	}})

	tok := a.token(roleAccounts["member"], "read")
	pdf := fetch(t, a.srv.URL+c.expand(meeting+"/packet.pdf"), tok)
	if pages, title := pdftest.Info(t, pdf); pages < 2 || !strings.Contains(title, "Steering committee") {
		t.Errorf("the packet PDF: %d pages titled %q", pages, title)
	}
	one, err := ical.Parse(bytes.NewReader(fetch(t, a.srv.URL+c.expand(meeting+"/meeting.ics"), tok)))
	if err != nil || len(one.Events) != 1 || one.Events[0].UID != "meeting-"+g.NextCheckIn+"@accord" {
		t.Errorf("meeting.ics parses to %+v, %v", one, err)
	}
	feed, err := ical.Parse(bytes.NewReader(fetch(t, c.vars["feed"], "")))
	if err != nil || len(feed.Events) != 9 {
		t.Errorf("the feed parses to %d events, %v; want the steering committee's nine meetings", len(feed.Events), err)
	}
}

// fetch GETs a URL (with a bearer token unless tok is empty) and returns the body.
func fetch(t *testing.T, url, tok string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: status %d: %s", url, resp.StatusCode, b)
	}
	return b
}

// pdfWithoutChromium asks for a packet PDF from a server that has no
// Chromium: 503, with the reason, as documented.
func pdfWithoutChromium(t *testing.T, d store.Dialect, c *checker) {
	b := newAppWith(t, d, server.Config{Printer: pdfprint.Printer{Path: "/nonexistent/chromium"}})
	cb := newChecker(t, b)
	cb.vars["checkin"] = b.demo.Governance.NextCheckIn
	cb.do(apiCase{name: "the packet PDF without Chromium", method: "GET", path: nv + "/meetings/{checkin}/packet.pdf", who: "member", status: 503})
	for key, codes := range cb.seen {
		if c.seen[key] == nil {
			c.seen[key] = map[int]bool{}
		}
		for code := range codes {
			c.seen[key][code] = true
		}
	}
}
