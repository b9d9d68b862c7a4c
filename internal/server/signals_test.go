package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// isSignalsPath reports whether a documented path belongs to signals,
// which TestOpenAPISignals checks on its own.
func isSignalsPath(path string) bool { return strings.Contains(path, "/signals") }

// evaluate evaluates the demo alliance's signals, as the demo command and
// the nightly job do.
func (a *app) evaluate() accord.SignalSync {
	a.t.Helper()
	res, err := a.db.EvaluateSignals(context.Background(), accord.SystemActor("signals"), mustAlliance(a.t, a).ID, nil)
	if err != nil {
		a.t.Fatal(err)
	}
	return res
}

// openSignals lists the demo alliance's signals in a status, by KPI key and kind.
func openSignals(t *testing.T, a *app, status string) map[string][]accord.Signal {
	t.Helper()
	gs, err := a.db.ListSignals(context.Background(), accord.SignalFilter{AllianceID: mustAlliance(t, a).ID, Status: status})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]accord.Signal{}
	for _, g := range gs {
		out[g.KPIKey+" "+string(g.Kind)] = append(out[g.KPIKey+" "+string(g.Kind)], g)
	}
	return out
}

// TestSignalsDemo checks that the demo's stories are signals after its
// evaluation, that evaluating again changes nothing, and that the page
// lists them.
func TestSignalsDemo(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			begin := time.Now()
			a.evaluate()
			t.Logf("evaluating the demo alliance took %v", time.Since(begin))
			st := a.demo.Scorecard
			open := openSignals(t, a, accord.SignalOpen)
			if len(open[st.Shift+" spc"]) == 0 {
				t.Errorf("no SPC signal on %s, whose shift the demo tells; open: %v", st.Shift, keys(open))
			}
			if len(open[st.Late+" data_late"]) != 1 {
				t.Errorf("got %d late-data signals on %s, want 1; open: %v", len(open[st.Late+" data_late"]), st.Late, keys(open))
			}
			var red int
			for k, gs := range open {
				if strings.HasSuffix(k, " target_red") {
					red += len(gs)
				}
			}
			if red == 0 {
				t.Errorf("no KPI in red among the open signals: %v", keys(open))
			}
			res, err := a.db.EvaluateSignals(context.Background(), accord.SystemActor("test"), mustAlliance(t, a).ID, nil)
			if err != nil || res.Opened != 0 || res.Resolved != 0 {
				t.Errorf("evaluating again = %+v, %v; want nothing opened or resolved", res, err)
			}
			if again := openSignals(t, a, accord.SignalOpen); len(again) != len(open) {
				t.Errorf("open signals after evaluating again: %d kinds, want %d", len(again), len(open))
			}
			c := a.login(roleAccounts["member"])
			status, body := a.get(c, "/a/north-valley/signals")
			if status != http.StatusOK || !strings.Contains(body, "data late from") || !strings.Contains(body, `href="/a/north-valley/signals" aria-current="page"`) {
				t.Errorf("signals page: status %d; want the late-data signal and the navigation entry", status)
			}
			if strings.Contains(body, "/acknowledge") {
				t.Errorf("a plain member sees the acknowledge form")
			}
		})
	}
}

func keys(m map[string][]accord.Signal) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// shiftCSV is 18 months up to last month whose last 7 sit well above the
// rest: a shift, as the run chart reads it.
func shiftCSV(key string) string {
	var b strings.Builder
	b.WriteString("kpi,period,segment,numerator,denominator\n")
	last := time.Now().UTC().AddDate(0, -1, 0)
	start := time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -17, 0)
	for i := range 18 {
		num := 600 + (i%3)*10
		if i >= 11 {
			num = 760 + (i%2)*10
		}
		fmt.Fprintf(&b, "%s,%s,,%d,1000\n", key, start.AddDate(0, i, 0).Format("2006-01"), num)
	}
	return b.String()
}

// TestSignalsFromImport imports a CSV that creates a shift, then takes the
// signal through its life by the API and the page.
func TestSignalsFromImport(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			a.testKPI("shift-kpi")
			tok := a.token(roleAccounts["admin"], "write")
			if r := a.api("POST", "/api/v1/alliances/north-valley/imports?filename=shift.csv", tok, shiftCSV("shift-kpi"), nil); r.StatusCode != http.StatusCreated {
				t.Fatalf("import: status %d", r.StatusCode)
			}
			var got struct{ Items []accord.Signal }
			a.api("GET", "/api/v1/alliances/north-valley/signals?kpi=shift-kpi&status=open", tok, "", &got)
			var shift *accord.Signal
			for i, g := range got.Items {
				if slices.Contains(strings.Split(g.Rule, ","), "ihi-shift") {
					shift = &got.Items[i]
				}
			}
			if shift == nil {
				t.Fatalf("after the import: signals %+v, want an ihi-shift one", got.Items)
			}
			if shift.Effect != accord.EffectImprovement || shift.OwnerName == "" {
				t.Errorf("shift signal %+v: want an improvement owned by the provider", shift)
			}
			ops := a.token(roleAccounts["operations"], "write")
			var g accord.Signal
			if r := a.api("POST", "/api/v1/alliances/north-valley/signals/"+shift.ID+"/acknowledge", ops, "", &g); r.StatusCode != http.StatusOK || g.Status != accord.SignalAcknowledged {
				t.Errorf("acknowledge: status %d, signal %+v", r.StatusCode, g)
			}
			fin := a.token(roleAccounts["finance"], "write")
			if r := a.api("POST", "/api/v1/alliances/north-valley/signals/"+shift.ID+"/dismiss", fin, `{"reason":"x"}`, nil); r.StatusCode != http.StatusForbidden {
				t.Errorf("finance dismissing: status %d, want 403", r.StatusCode)
			}
			c := a.login(roleAccounts["clinical_leader"])
			resp := a.post(c, "/a/north-valley/signals/"+shift.ID+"/dismiss", url.Values{"reason": {"expected: the pilot started"}, "back": {"status=acknowledged"}})
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/a/north-valley/signals?status=acknowledged" {
				t.Errorf("dismiss form: status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			if g, _ := a.db.Signal(context.Background(), mustAlliance(t, a).ID, shift.ID); g.Status != accord.SignalDismissed || g.ClosedBy != "Dr. Samuel Kim" {
				t.Errorf("after dismissal: %+v", g)
			}
			audit, _ := a.db.ListAudit(context.Background(), accord.AuditFilter{AllianceID: mustAlliance(t, a).ID, Entity: "signal", Query: shift.ID})
			actions := map[string]bool{}
			for _, e := range audit {
				actions[e.Action] = true
			}
			if !actions["open"] || !actions["acknowledge"] || !actions["dismiss"] {
				t.Errorf("audit of the signal: %v, want open, acknowledge and dismiss", actions)
			}
			// Importing the same file again changes nothing and raises nothing.
			a.api("POST", "/api/v1/alliances/north-valley/imports?filename=shift.csv", tok, shiftCSV("shift-kpi"), nil)
			res, err := a.db.EvaluateSignals(context.Background(), accord.SystemActor("test"), mustAlliance(t, a).ID, []string{"shift-kpi"})
			if err != nil || res.Opened != 0 {
				t.Errorf("re-evaluating = %+v, %v; want no new signal while the dismissed condition holds", res, err)
			}
		})
	}
}

// TestOpenAPISignals checks the signal operations against the document.
func TestOpenAPISignals(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			c := newChecker(t, a)
			a.evaluate()
			open := openSignals(t, a, accord.SignalOpen)
			var ids []string
			for _, gs := range open {
				ids = append(ids, gs[0].ID)
			}
			if len(ids) < 2 {
				t.Fatalf("the demo has %d open signals, want at least 2", len(ids))
			}
			base := nv + "/signals"
			cases := []apiCase{
				{name: "open", method: "GET", path: base + "?status=open", who: "member", status: 200},
				{name: "by KPI", method: "GET", path: base + "?kpi=" + a.demo.Scorecard.Late, who: "observer", status: 200},
				{name: "bad status", method: "GET", path: base + "?status=closed", who: "admin", status: 422, field: "status", req: reqInvalid},
				{name: "observer", method: "POST", path: base + "/" + ids[0] + "/acknowledge", who: "observer", status: 403},
				{name: "acknowledge", method: "POST", path: base + "/" + ids[0] + "/acknowledge", who: "executive", status: 200},
				{name: "twice", method: "POST", path: base + "/" + ids[0] + "/acknowledge", who: "admin", status: 409},
				{name: "no reason", method: "POST", path: base + "/" + ids[0] + "/dismiss", who: "admin", body: `{"reason":""}`, status: 422, field: "reason", req: reqInvalid},
				{name: "dismiss", method: "POST", path: base + "/" + ids[0] + "/dismiss", who: "admin", body: `{"reason":"known"}`, status: 200},
				{name: "dismissed", method: "POST", path: base + "/" + ids[0] + "/resolve", who: "admin", status: 409},
				{name: "dismissed twice", method: "POST", path: base + "/" + ids[0] + "/dismiss", who: "admin", body: `{"reason":"again"}`, status: 409},
				{name: "resolve", method: "POST", path: base + "/" + ids[1] + "/resolve", who: "admin", body: `{"reason":"fixed"}`, status: 200},
				{name: "unknown", method: "POST", path: base + "/nope/dismiss", who: "admin", body: `{"reason":"x"}`, status: 404},
			}
			for _, tc := range append(cases, genericCases(c.doc, isSignalsPath)...) {
				c.do(tc)
			}
			c.checkCoverage(isSignalsPath)
		})
	}
}

// matrixSignal returns one of the demo's open signals, for the access matrix.
func (a *app) matrixSignal() string {
	a.t.Helper()
	a.evaluate()
	gs, err := a.db.ListSignals(context.Background(), accord.SignalFilter{AllianceID: mustAlliance(a.t, a).ID, Status: accord.SignalOpen})
	if err != nil || len(gs) == 0 {
		a.t.Fatalf("no open signal in the demo: %v", err)
	}
	return gs[0].ID
}
