package server_test

import (
	"context"
	"html/template"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
)

// shGateTerms are a contract's terms whose quality gate names sh-a1c.
const shGateTerms = `{"name": "gate", "benchmark": {"source": "target_pmpm", "target_pmpm": 500},
	"savings": {"minimum": {"method": "fixed", "rate": "0.02", "apply": "gate"}, "rate": "0.5", "quality": "gate"},
	"quality_gate": {"measures": [{"kpi": "sh-a1c", "at_least": "0.60"}], "minimum_passing": 1},
	"rounding": {"mode": "half_up", "final": "cent"}}`

// TestContractRedSignalSharesByProtocol: a contract's review signal
// because sh-a1c has been red says that colour, so under sharing by
// protocol it follows sh-a1c's sharing like a signal on its data: the
// owner reads it on the signals page and API, the meeting's agenda and its
// notifications; the payer and the investor, with no protocol, none of it.
func TestContractRedSignalSharesByProtocol(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			sc := newShScene(t, newApp(t, d))
			g := sc.contractRedSignal()
			subject := template.HTMLEscapeString(g.Subject)
			for _, email := range []string{shOwner, shPayer, shInvestor} {
				owner := email == shOwner
				if got := sc.seesSignal(email, g.ID); got != owner {
					t.Errorf("the signals API as %s lists the contract's red signal: %v", email, got)
				}
				if got := strings.Contains(sc.page(email, "/a/north-valley/signals"), subject); got != owner {
					t.Errorf("the signals page as %s shows %q: %v", email, g.Subject, got)
				}
				if got := sc.toldOf(email, "in red"); got != owner {
					t.Errorf("%s's notifications tell that sh-a1c is in red: %v", email, got)
				}
			}
			m := accord.Meeting{CommitteeID: sc.comm.ID, StartsAt: time.Now().UTC().AddDate(0, 0, 2).Truncate(time.Hour)}
			if err := sc.a.db.CreateMeeting(context.Background(), accord.SystemActor("test"), &m); err != nil {
				t.Fatal(err)
			}
			// The agenda takes the signal into sh-a1c's item, as any of its signals.
			const quoted = "a trigger to review the contract"
			if got := sc.agendaItem(shOwner, m.ID, accord.AgendaKPI, "sh-a1c"); !strings.Contains(got.Detail, quoted) {
				t.Errorf("the owner's agenda item on sh-a1c: %+v; want the contract's red signal in it", got)
			}
			for _, email := range []string{shPayer, shInvestor} {
				if got := sc.agendaItem(email, m.ID, accord.AgendaKPI, "sh-a1c"); got.Detail != "Not shared with your party." {
					t.Errorf("%s's agenda item on sh-a1c: %+v; want the KPI's name and no colour", email, got)
				}
				if page := sc.page(email, "/a/north-valley/meetings/"+m.ID); strings.Contains(page, quoted) || strings.Contains(page, subject) {
					t.Errorf("the meeting page as %s quotes the contract's red signal", email)
				}
			}
		})
	}
}

// contractRedSignal makes sh-a1c red against an approved target under
// sharing by protocol with no protocol, adopts a contract whose quality
// gate names it, and returns the contract's kpi_red review signal.
func (sc *shScene) contractRedSignal() accord.Signal {
	sc.t.Helper()
	ctx, actor := context.Background(), accord.SystemActor("test")
	sc.cleanSlate()
	sc.setSharing(true)
	k, err := sc.a.db.KPIByKey(ctx, sc.al.ID, "sh-a1c")
	if err != nil {
		sc.t.Fatal(err)
	}
	tg := accord.Target{KPIID: k.ID, EffectiveAt: sc.periods[0], Value: number.DecimalFromInt(95), Green: number.DecimalFromInt(95), Amber: number.DecimalFromInt(90)}
	if err := sc.a.db.ProposeTarget(ctx, actor, sc.al.ID, k.OwnerPartyID, &tg); err != nil {
		sc.t.Fatal(err)
	}
	for _, p := range sc.parties {
		if p != k.OwnerPartyID {
			if _, err := sc.a.db.Approve(ctx, actor, sc.al.ID, "target", tg.ID, p); err != nil {
				sc.t.Fatal(err)
			}
		}
	}
	c := accord.Contract{AllianceID: sc.al.ID, Key: "sh-services", Title: "Shared services agreement"}
	orig := accord.Amendment{Summary: "Original agreement", Text: "# Services\n", Terms: shGateTerms, EffectiveFrom: sc.periods[0]}
	if err := sc.a.db.CreateContract(ctx, actor, k.OwnerPartyID, &c, &orig); err != nil {
		sc.t.Fatal(err)
	}
	for _, p := range sc.parties {
		if p != k.OwnerPartyID {
			if _, err := sc.a.db.SignAmendment(ctx, actor, c.ID, 1, p); err != nil {
				sc.t.Fatal(err)
			}
		}
	}
	gs, err := sc.a.db.ListSignals(ctx, accord.SignalFilter{AllianceID: sc.al.ID, Kind: string(accord.SignalContractReview)})
	if err != nil {
		sc.t.Fatal(err)
	}
	for _, g := range gs {
		if g.Rule == accord.RuleKPIRed && g.SubjectID == c.ID && g.Status == accord.SignalOpen {
			return g
		}
	}
	sc.t.Fatalf("no open kpi_red review signal of the contract among %+v", gs)
	return accord.Signal{}
}

// seesSignal reports whether the signals API lists signal id to email.
func (sc *shScene) seesSignal(email, id string) bool {
	sc.t.Helper()
	var got struct{ Items []accord.Signal }
	if r := sc.a.api("GET", "/api/v1/alliances/north-valley/signals", sc.tokens[email], "", &got); r.StatusCode != http.StatusOK {
		sc.t.Fatalf("signals as %s: status %d", email, r.StatusCode)
	}
	for _, g := range got.Items {
		if g.ID == id {
			return true
		}
	}
	return false
}

// toldOf reports whether a notification email reads says text.
func (sc *shScene) toldOf(email, text string) bool {
	sc.t.Helper()
	var got struct{ Items []accord.Notification }
	if r := sc.a.api("GET", "/api/v1/alliances/north-valley/notifications", sc.tokens[email], "", &got); r.StatusCode != http.StatusOK {
		sc.t.Fatalf("notifications as %s: status %d", email, r.StatusCode)
	}
	for _, n := range got.Items {
		if strings.Contains(n.Subject+n.Body, text) {
			return true
		}
	}
	return false
}
