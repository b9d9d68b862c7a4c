package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/notify"
	"github.com/accord-alliance/accord/internal/notify/smtptest"
	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

// TestInvitationEmail sends invitations through a real SMTP listener, from
// the page and from the API, and follows the e-mailed link.
func TestInvitationEmail(t *testing.T) {
	t.Parallel()
	sink := smtptest.New(t)
	a := newAppWith(t, store.SQLite, server.Config{Mailer: &notify.SMTP{Addr: sink.Addr(), From: "accord <accord@example.org>"}, BaseURL: "https://accord.example.org"})
	parties, _ := a.db.ListParties(context.Background(), mustAlliance(t, a).ID)
	admin := a.login(roleAccounts["admin"])
	req, _ := http.NewRequest("POST", a.srv.URL+"/a/north-valley/invitations", strings.NewReader(url.Values{
		"email": {"lee@riversidepg.example"}, "party_id": {parties[0].ID}, "roles": {"finance"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := admin.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if page := readAll(t, resp); !strings.Contains(page, "Invitation e-mailed to lee@riversidepg.example") {
		t.Error("the page does not say the invitation was e-mailed")
	}
	var created struct {
		URL     string `json:"url"`
		Emailed bool   `json:"emailed"`
	}
	tok := a.token(roleAccounts["admin"], "write")
	body := `{"email":"kai@riversidepg.example","party_id":"` + parties[0].ID + `","roles":["member"]}`
	if r := a.api("POST", "/api/v1/alliances/north-valley/invitations", tok, body, &created); r.StatusCode != http.StatusCreated || !created.Emailed {
		t.Fatalf("API invitation: status %d, emailed %v", r.StatusCode, created.Emailed)
	}
	msgs := sink.Messages()
	if len(msgs) != 2 || msgs[0].To != "lee@riversidepg.example" || msgs[1].To != "kai@riversidepg.example" {
		t.Fatalf("sink received %+v", msgs)
	}
	m := inviteLinkRE.FindStringSubmatch(msgs[1].Data)
	if m == nil || !strings.Contains(msgs[1].Data, "https://accord.example.org/invite/") || !strings.Contains(created.URL, m[1]) {
		t.Fatalf("the e-mail does not carry the invitation link: %q", msgs[1].Data)
	}
	if !strings.Contains(msgs[1].Data, "North Valley Care Alliance") || !strings.Contains(msgs[1].Data, "Morgan Ellis") {
		t.Error("the e-mail does not say who invites to what")
	}
	if s, _ := a.get(a.client(), "/invite/"+m[1]); s != http.StatusOK {
		t.Errorf("the e-mailed link: status %d", s)
	}
}

// TestInvitationEmailFailure keeps the invitation and says the e-mail failed.
func TestInvitationEmailFailure(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, store.SQLite, server.Config{Mailer: &notify.SMTP{Addr: "127.0.0.1:1", From: "accord@example.org"}})
	parties, _ := a.db.ListParties(context.Background(), mustAlliance(t, a).ID)
	var created struct {
		Emailed bool   `json:"emailed"`
		URL     string `json:"url"`
	}
	tok := a.token(roleAccounts["admin"], "write")
	body := `{"email":"kai@riversidepg.example","party_id":"` + parties[0].ID + `","roles":["member"]}`
	if r := a.api("POST", "/api/v1/alliances/north-valley/invitations", tok, body, &created); r.StatusCode != http.StatusCreated || created.Emailed || created.URL == "" {
		t.Errorf("with the relay down: status %d, emailed %v, url %q; want 201, false and a link", r.StatusCode, created.Emailed, created.URL)
	}
}
