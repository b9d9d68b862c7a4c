package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

var sys = accord.SystemActor("signals")

// subjectSignals lists the alliance's signals of a kind, in any status.
func subjectSignals(t *testing.T, db *store.DB, allianceID string, kind accord.SignalKind) []accord.Signal {
	t.Helper()
	gs, err := db.ListSignals(context.Background(), accord.SignalFilter{AllianceID: allianceID, Kind: string(kind)})
	if err != nil {
		t.Fatal(err)
	}
	return gs
}

// evaluate runs the nightly evaluation of the alliance and returns its counts.
func evaluate(t *testing.T, db *store.DB, allianceID string) accord.SignalSync {
	t.Helper()
	res, err := db.EvaluateSignals(context.Background(), sys, allianceID, nil)
	if err != nil {
		t.Fatalf("EvaluateSignals: %v", err)
	}
	return res
}

// oneSignal expects exactly one signal of the kind in the status and returns it.
func oneSignal(t *testing.T, db *store.DB, allianceID string, kind accord.SignalKind, status string) accord.Signal {
	t.Helper()
	var out []accord.Signal
	for _, g := range subjectSignals(t, db, allianceID, kind) {
		if g.Status == status {
			out = append(out, g)
		}
	}
	if len(out) != 1 {
		t.Fatalf("%s signals %s: got %d (%+v), want 1", kind, status, len(out), out)
	}
	return out[0]
}

func TestActionOverdueSignal(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			b := seatBoard(t, db)
			al := b.alliance.ID
			item := accord.ActionItem{AllianceID: al, CommitteeID: b.committee.ID, Title: "Send the staffing plan", OwnerID: b.members["Ben"].ID,
				DueOn: time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)}
			if err := db.CreateActionItem(ctx, b.actors["Ada"], &item); err != nil {
				t.Fatal(err)
			}
			if res := evaluate(t, db, al); res != (accord.SignalSync{}) {
				t.Errorf("before the due day: evaluation = %+v, want nothing", res)
			}
			clk.Set(time.Date(2026, 3, 13, 8, 0, 0, 0, time.UTC))
			if res := evaluate(t, db, al); res.Opened != 1 {
				t.Fatalf("the day after the due day: evaluation = %+v, want one signal opened", res)
			}
			g := oneSignal(t, db, al, accord.SignalActionOverdue, accord.SignalOpen)
			if g.OwnerPartyID != b.provider.ID || g.KPIID != "" || g.KPIKey != "" || g.SubjectType != accord.SubjectOfActionItem || g.SubjectID != item.ID ||
				g.Link != "committees/"+b.committee.Key || !g.Live || g.Severity != accord.SeverityWarning {
				t.Errorf("signal %+v: want a live warning about the item, owned by Ben's party, linking to its committee", g)
			}
			if !strings.Contains(g.Subject, item.Title) || !strings.Contains(g.Subject, "Ben") {
				t.Errorf("subject %q: want the item and its owner", g.Subject)
			}
			clk.Set(clk.Now().AddDate(0, 0, 3))
			if res := evaluate(t, db, al); res != (accord.SignalSync{}) {
				t.Errorf("evaluating again days later = %+v, want nothing: one signal per ongoing condition", res)
			}

			// Marking it done resolves the signal at once, without waiting for the night.
			if _, err := db.SetActionStatus(ctx, b.actors["Ada"], al, item.ID, accord.ActionDone); err != nil {
				t.Fatal(err)
			}
			g = oneSignal(t, db, al, accord.SignalActionOverdue, accord.SignalResolved)
			if g.Reason != accord.ReasonCleared || g.Live {
				t.Errorf("after done: %+v, want resolved, condition cleared", g)
			}
			// Open again, still overdue: a new signal; cancelled: resolved.
			if _, err := db.SetActionStatus(ctx, b.actors["Ada"], al, item.ID, accord.ActionOpen); err != nil {
				t.Fatal(err)
			}
			g = oneSignal(t, db, al, accord.SignalActionOverdue, accord.SignalOpen)
			if _, err := db.AcknowledgeSignal(ctx, b.actors["Ada"], al, g.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SetActionStatus(ctx, b.actors["Ada"], al, item.ID, accord.ActionCancelled); err != nil {
				t.Fatal(err)
			}
			if gs := subjectSignals(t, db, al, accord.SignalActionOverdue); len(gs) != 2 || gs[0].Status != accord.SignalResolved || gs[1].Status != accord.SignalResolved {
				t.Errorf("after cancelling: %+v, want both signals resolved", gs)
			}
			audit, _ := db.ListAudit(ctx, accord.AuditFilter{AllianceID: al, Entity: "signal"})
			if len(audit) < 4 || audit[0].ActorName != sys.Name {
				t.Errorf("audit of the signals: %d entries, first by %q; want the opens and resolutions by %q", len(audit), audit[0].ActorName, sys.Name)
			}
		})
	}
}

func TestConcernUnacknowledgedSignal(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			// Thursday 26 November 2026.
			clk := &clock{t: time.Date(2026, 11, 26, 15, 4, 5, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			f := seed(t, db)
			al := f.alliance.ID
			ada := accord.Actor{UserID: f.admin.ID, Name: f.admin.Name, Via: "web"}
			anon := accord.Concern{AllianceID: al, Category: accord.ConcernPatientSafety, Severity: "high", Body: "Falls are not reported", ReceiptCost: password.Fast}
			if _, err := db.RaiseConcern(ctx, ada, &anon, true); err != nil {
				t.Fatal(err)
			}
			named := accord.Concern{AllianceID: al, Category: accord.ConcernFinance, Severity: "low", Body: "Invoices late", ReceiptCost: password.Fast}
			if _, err := db.RaiseConcern(ctx, ada, &named, false); err != nil {
				t.Fatal(err)
			}
			clk.Set(anon.AckDueAt.Add(-time.Second))
			if res := evaluate(t, db, al); res != (accord.SignalSync{}) {
				t.Errorf("before the deadline: %+v, want nothing", res)
			}
			// The hourly escalation raises the signal as it escalates.
			if n, err := db.EscalateOverdue(ctx, anon.AckDueAt); err != nil || n != 1 {
				t.Fatalf("EscalateOverdue = %d, %v", n, err)
			}
			g := oneSignal(t, db, al, accord.SignalConcernUnacknowledged, accord.SignalOpen)
			if g.Severity != accord.SeverityCritical || g.OwnerPartyID != "" || g.OwnerName != "" || g.SubjectID != anon.ID || g.Link != "concerns/"+anon.ID ||
				!strings.Contains(g.Summary, "Escalated") {
				t.Errorf("signal %+v: want critical, escalated, no owner, linking to the concern", g)
			}
			clk.Set(named.AckDueAt.Add(time.Hour))
			if res := evaluate(t, db, al); res != (accord.SignalSync{Opened: 1}) {
				t.Errorf("after the finance deadline: %+v, want the finance one opened", res)
			}
			gs := subjectSignals(t, db, al, accord.SignalConcernUnacknowledged)
			b, _ := json.Marshal(gs)
			for _, secret := range []string{f.admin.ID, f.admin.Name, "Falls", "Invoices"} {
				if strings.Contains(string(b), secret) {
					t.Errorf("the concern signals carry %q: %s", secret, b)
				}
			}
			if _, err := db.AcknowledgeConcern(ctx, ada, al, anon.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CloseConcern(ctx, ada, al, named.ID, "paid"); err != nil {
				t.Fatal(err)
			}
			for _, g := range subjectSignals(t, db, al, accord.SignalConcernUnacknowledged) {
				if g.Status != accord.SignalResolved || g.Reason != accord.ReasonCleared {
					t.Errorf("after acknowledging and closing: %+v, want resolved, condition cleared", g)
				}
			}
		})
	}
}

// gateTerms are commercial terms whose quality gate names HbA1c control.
func gateTerms(pmpm string) string {
	return `{"name": "gate", "benchmark": {"source": "target_pmpm", "target_pmpm": ` + pmpm + `},
		"savings": {"minimum": {"method": "fixed", "rate": "0.02", "apply": "gate"}, "rate": "0.5", "quality": "gate"},
		"quality_gate": {"measures": [{"kpi": "hba1c-control", "at_least": "0.60"}], "minimum_passing": 1},
		"rounding": {"mode": "half_up", "final": "cent"}}`
}

func TestContractReviewAndRenegotiationSignals(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			f := seed(t, db)
			al := f.alliance.ID
			ada := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
			k := approvedKPI(t, db, f, hba1c())
			tg := accord.Target{KPIID: k.ID, EffectiveAt: date("2026-01-01"), Value: *dec("80"), Green: *dec("80"), Amber: *dec("70")}
			if err := db.ProposeTarget(ctx, ada, al, f.payer.ID, &tg); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Approve(ctx, ada, al, "target", tg.ID, f.provider.ID); err != nil {
				t.Fatal(err)
			}
			// Green in January and February, red from March to May.
			var rows []accord.ObservationInput
			for i, num := range []string{"85", "84", "60", "55", "50"} {
				rows = append(rows, accord.ObservationInput{KPI: k.Key, Period: "2026-0" + string(rune('1'+i)), Numerator: dec(num), Denominator: dec("100"), Line: i + 2})
			}
			if _, err := db.ImportObservations(ctx, ada, accord.ImportRequest{AllianceID: al, Filename: "h.csv", Rows: rows}); err != nil {
				t.Fatal(err)
			}

			c := accord.Contract{AllianceID: al, Key: "services", Title: "Services agreement", ReviewOn: ptr(date("2026-12-01"))}
			orig := accord.Amendment{Summary: "Original agreement", Text: "# Services\n", Terms: gateTerms("500"), EffectiveFrom: date("2026-01-01")}
			if err := db.CreateContract(ctx, ada, f.payer.ID, &c, &orig); err != nil {
				t.Fatal(err)
			}
			if _, err := db.RequestRenegotiation(ctx, ada, c.ID, f.payer.ID, "too early"); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("asking before any version is agreed: %v, want conflict", err)
			}
			// Adopting the original agreement evaluates the contract at once:
			// the KPI its quality gate names has been red for three months.
			if _, err := db.SignAmendment(ctx, cli, c.ID, 1, f.provider.ID); err != nil {
				t.Fatal(err)
			}
			red := oneSignal(t, db, al, accord.SignalContractReview, accord.SignalOpen)
			if red.Rule != accord.RuleKPIRed || red.SubjectID != c.ID || red.Link != "contracts/services" || red.KPIKey != k.Key || !strings.Contains(red.Subject, k.Name) {
				t.Errorf("review signal %+v: want kpi_red about the contract, naming the KPI and carrying it for sharing", red)
			}
			backfillRedKPI(t, d, db, red)
			evaluate(t, db, al) // the KPI's own signals open; the contract's stays one
			if gs := subjectSignals(t, db, al, accord.SignalContractReview); len(gs) != 1 || gs[0].ID != red.ID || gs[0].Status != accord.SignalOpen {
				t.Errorf("after the nightly evaluation: %+v, want the same one review signal", gs)
			}

			// A review date in the past is due at once; moved on, it resolves.
			if _, err := db.SetContractReview(ctx, ada, c.ID, ptr(date("2026-07-01"))); err != nil {
				t.Fatal(err)
			}
			if gs := subjectSignals(t, db, al, accord.SignalContractReview); len(gs) != 2 {
				t.Fatalf("after the review date passed: %+v, want the kpi_red and review_date signals", gs)
			}
			if _, err := db.SetContractReview(ctx, ada, c.ID, ptr(date("2027-01-01"))); err != nil {
				t.Fatal(err)
			}
			if g := oneSignal(t, db, al, accord.SignalContractReview, accord.SignalResolved); g.Rule != accord.RuleReviewDate {
				t.Errorf("resolved review signal: %+v, want the review_date one", g)
			}

			// Renegotiation: an executive or admin, for their own party, once at a time.
			if _, err := db.RequestRenegotiation(ctx, ada, c.ID, f.provider.ID, "x"); accord.ErrorCode(err) != accord.EFORBIDDEN {
				t.Errorf("asking for another party: %v, want forbidden", err)
			}
			if _, err := db.RequestRenegotiation(ctx, ada, c.ID, f.payer.ID, "  "); accord.ErrorField(err) != "reason" {
				t.Errorf("asking without a reason: %v, want a reason error", err)
			}
			r, err := db.RequestRenegotiation(ctx, ada, c.ID, f.payer.ID, "Rebase the PMPM on the 2026 trend")
			if err != nil || !r.Open || r.BaseVersion != 1 || r.PartyName == "" || r.RequestedBy != "Ada" {
				t.Fatalf("RequestRenegotiation = %+v, %v", r, err)
			}
			g := oneSignal(t, db, al, accord.SignalContractRenegotiation, accord.SignalOpen)
			if g.OwnerPartyID != f.payer.ID || g.SubjectID != c.ID || !strings.Contains(g.Summary, "Rebase the PMPM") {
				t.Errorf("renegotiation signal %+v: want it owned by the payer, about the contract, with the reason", g)
			}
			if _, err := db.RequestRenegotiation(ctx, ada, c.ID, f.payer.ID, "again"); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("asking twice: %v, want conflict", err)
			}
			audit, _ := db.ListAudit(ctx, accord.AuditFilter{AllianceID: al, Entity: "contract", Action: "request-renegotiation"})
			if len(audit) == 0 {
				t.Errorf("no audit entry for the request")
			}

			// The next adopted amendment answers the request.
			am := accord.Amendment{ContractID: c.ID, Summary: "Rebase", Text: "# Services\n\nRebased.\n", Terms: gateTerms("470"), EffectiveFrom: date("2026-08-01")}
			if err := db.ProposeAmendment(ctx, ada, f.payer.ID, &am); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SignAmendment(ctx, cli, c.ID, am.Number, f.provider.ID); err != nil {
				t.Fatal(err)
			}
			if g := oneSignal(t, db, al, accord.SignalContractRenegotiation, accord.SignalResolved); g.Reason != accord.ReasonCleared {
				t.Errorf("after the amendment: %+v, want resolved, condition cleared", g)
			}
			rs, err := db.ListRenegotiations(ctx, c.ID)
			if err != nil || len(rs) != 1 || rs[0].Open {
				t.Errorf("ListRenegotiations = %+v, %v; want the request, answered", rs, err)
			}
			if _, err := db.RequestRenegotiation(ctx, ada, c.ID, f.payer.ID, "Once more"); err != nil {
				t.Errorf("asking again after the amendment: %v", err)
			}

			// June is green: the KPI's import clears the review trigger.
			june := []accord.ObservationInput{{KPI: k.Key, Period: "2026-06", Numerator: dec("90"), Denominator: dec("100"), Line: 2}}
			if _, err := db.ImportObservations(ctx, ada, accord.ImportRequest{AllianceID: al, Filename: "j.csv", Rows: june}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.EvaluateSignals(ctx, sys, al, []string{k.Key}); err != nil {
				t.Fatal(err)
			}
			for _, g := range subjectSignals(t, db, al, accord.SignalContractReview) {
				if g.Status != accord.SignalResolved {
					t.Errorf("after a green June: %+v, want every review signal resolved", g)
				}
			}
		})
	}
}

// backfillRedKPI checks migration 0024 on a contract's red signal opened
// before signals carried their KPI: it finds the KPI again from the
// signal's condition key.
func backfillRedKPI(t *testing.T, d store.Dialect, db *store.DB, red accord.Signal) {
	t.Helper()
	if _, err := db.SQL().Exec(bind(d, "UPDATE signals SET kpi_id = NULL WHERE id = ?"), red.ID); err != nil {
		t.Fatal(err)
	}
	ms, err := store.Migrations(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Version == 24 {
			if _, err := db.SQL().Exec(m.SQL); err != nil {
				t.Fatalf("migration %s: %v", m.Name, err)
			}
		}
	}
	var kpiID sql.NullString
	if err := db.SQL().QueryRow(bind(d, "SELECT kpi_id FROM signals WHERE id = ?"), red.ID).Scan(&kpiID); err != nil || kpiID.String != red.KPIID {
		t.Errorf("after migration 0024 the red signal's KPI is %v (%v); want %s", kpiID, err, red.KPIID)
	}
}
