package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/store"
)

// apiSignals lists the demo alliance's signals through the API.
func apiSignals(t *testing.T, a *app, token, query string) []accord.Signal {
	t.Helper()
	var got struct{ Items []accord.Signal }
	if r := a.api("GET", nv+"/signals?"+query, token, "", &got); r.StatusCode != http.StatusOK {
		t.Fatalf("GET signals?%s: status %d", query, r.StatusCode)
	}
	return got.Items
}

// TestSignalsBeyondKPIs follows the signals not about a KPI's data through
// the page and the API: the demo's overdue action item, a concern nobody
// acknowledged in time, and a renegotiation request made on the contract
// page and through the API.
func TestSignalsBeyondKPIs(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			ctx, al := context.Background(), mustAlliance(t, a)
			a.evaluate()
			member := a.token(roleAccounts["member"], "read")

			// The demo's overdue action item is a signal linking to its meeting.
			acts := apiSignals(t, a, member, "kind=action_overdue&status=open")
			if len(acts) != 1 || acts[0].SubjectID != a.demo.Governance.Overdue || acts[0].KPIKey != "" || acts[0].OwnerName == "" ||
				!strings.HasPrefix(acts[0].Link, "/a/north-valley/meetings/") {
				t.Fatalf("action_overdue signals = %+v; want the demo's overdue item, owned, linking to its meeting", acts)
			}
			c := a.login(roleAccounts["member"])
			status, body := a.get(c, "/a/north-valley/signals?kind=action_overdue")
			if status != http.StatusOK || !strings.Contains(body, "Action item overdue") || !strings.Contains(body, `href="`+acts[0].Link+`"`) {
				t.Errorf("signals page by kind: status %d; want the overdue item linking to its meeting", status)
			}
			if r := a.api("GET", nv+"/signals?kind=bogus", member, "", nil); r.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("unknown kind: status %d, want 422", r.StatusCode)
			}
			// Marking the item done resolves its signal at once.
			admin := a.token(roleAccounts["admin"], "write")
			if r := a.api("PATCH", nv+"/action-items/"+a.demo.Governance.Overdue, admin, `{"status":"done"}`, nil); r.StatusCode != http.StatusOK {
				t.Fatalf("marking the item done: status %d", r.StatusCode)
			}
			if gs := apiSignals(t, a, member, "kind=action_overdue&status=resolved"); len(gs) != 1 || gs[0].Reason != accord.ReasonCleared {
				t.Errorf("after the item is done: %+v, want its signal resolved, condition cleared", gs)
			}

			// A concern past its deadline: no owner, no identity; the link is for handlers.
			concern := accord.Concern{AllianceID: al.ID, Category: accord.ConcernPatientSafety, Severity: "high", Body: "Falls on ward 3 go unreported", ReceiptCost: password.Fast}
			if _, err := a.db.RaiseConcern(ctx, accord.Actor{Name: "Nadia", Via: "web"}, &concern, true); err != nil {
				t.Fatal(err)
			}
			if _, err := a.db.EscalateOverdue(ctx, concern.AckDueAt.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			var cs []accord.Signal
			for _, g := range apiSignals(t, a, member, "kind=concern_unacknowledged") {
				if g.SubjectID == concern.ID {
					cs = append(cs, g)
				}
			}
			if len(cs) != 1 || cs[0].Severity != accord.SeverityCritical || cs[0].OwnerPartyID != "" || cs[0].Link != "/a/north-valley/concerns/"+concern.ID ||
				strings.Contains(cs[0].Summary, "Falls") || strings.Contains(cs[0].Summary, "Nadia") {
				t.Fatalf("concern signal = %+v; want one critical signal, without owner or words from the concern", cs)
			}
			_, body = a.get(c, "/a/north-valley/signals?kind=concern_unacknowledged")
			if strings.Contains(body, `href="`+cs[0].Link+`"`) {
				t.Errorf("a plain member is given the link to the handlers' concern page")
			}
			_, body = a.get(a.login(roleAccounts["clinical_leader"]), "/a/north-valley/signals?kind=concern_unacknowledged")
			if !strings.Contains(body, `href="`+cs[0].Link+`"`) {
				t.Errorf("a handler is not given the link to the concern")
			}

			// A renegotiation request from the contract page, then another party's through the API.
			exec := a.login(roleAccounts["executive"])
			resp := a.post(exec, "/a/north-valley/contracts/shared-savings/renegotiation", url.Values{"reason": {"Rebase the target PMPM on the 2026 trend"}})
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/a/north-valley/contracts/shared-savings#renegotiation" {
				t.Fatalf("renegotiation form: status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			if _, body := a.get(exec, "/a/north-valley/contracts/shared-savings"); !strings.Contains(body, "Rebase the target PMPM") || strings.Contains(body, `action="/a/north-valley/contracts/shared-savings/renegotiation"`) {
				t.Errorf("contract page after the request: want the request listed and no second form for the same party")
			}
			var rn struct {
				PartyName string `json:"party_name"`
				Open      bool
			}
			investor := a.token("jonathan.reyes@cedarridge.example", "write")
			if r := a.api("POST", nv+"/contracts/shared-savings/renegotiation", investor, `{"reason":"Review the split of §6"}`, &rn); r.StatusCode != http.StatusCreated || !rn.Open || rn.PartyName == "" {
				t.Errorf("API request: status %d, %+v", r.StatusCode, rn)
			}
			rs := apiSignals(t, a, member, "kind=contract_renegotiation&status=open")
			if len(rs) != 2 || rs[0].Link != "/a/north-valley/contracts/shared-savings" || rs[0].OwnerName == "" {
				t.Errorf("renegotiation signals = %+v; want two, owned by the parties that asked, linking to the contract", rs)
			}
			if _, body := a.get(c, "/a/north-valley/signals?kind=contract_renegotiation"); !strings.Contains(body, "asks to renegotiate") {
				t.Errorf("signals page does not list the renegotiation requests")
			}
			if r := a.api("POST", nv+"/contracts/shared-savings/renegotiation", a.token(roleAccounts["member"], "write"), `{"reason":"x"}`, nil); r.StatusCode != http.StatusForbidden {
				t.Errorf("a plain member asking: status %d, want 403", r.StatusCode)
			}

			// Under sharing by protocol, every member still sees the signals
			// not about a KPI's data.
			observer := a.token(roleAccounts["observer"], "read")
			before := len(apiSignals(t, a, observer, "kind=contract_renegotiation")) + len(apiSignals(t, a, observer, "kind=concern_unacknowledged"))
			if r := a.api("PATCH", nv, admin, `{"sharing_by_protocol":true}`, nil); r.StatusCode != http.StatusOK {
				t.Fatalf("sharing by protocol: status %d", r.StatusCode)
			}
			after := len(apiSignals(t, a, observer, "kind=contract_renegotiation")) + len(apiSignals(t, a, observer, "kind=concern_unacknowledged"))
			if before == 0 || after != before {
				t.Errorf("signals not about a KPI seen by an observer: %d with sharing open, %d by protocol; want the same, not none", before, after)
			}
		})
	}
}
