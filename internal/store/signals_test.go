package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

func cond(kind accord.SignalKind, rule, effect string, last time.Time) accord.SignalCondition {
	return accord.SignalCondition{Kind: kind, Rule: rule, Effect: effect, Severity: accord.SeverityWarning,
		Subject: string(kind) + " " + rule, Summary: "until " + last.Format("2006-01"), FirstPeriod: last.AddDate(0, -2, 0), LastPeriod: last}
}

func signalsByStatus(t *testing.T, db *store.DB, allianceID, status string) []accord.Signal {
	t.Helper()
	gs, err := db.ListSignals(context.Background(), accord.SignalFilter{AllianceID: allianceID, Status: status})
	if err != nil {
		t.Fatal(err)
	}
	return gs
}

func TestSignalLife(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		k := approvedKPI(t, db, f, hba1c())
		sys, admin := accord.SystemActor("signals"), accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		may := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
		red := cond(accord.SignalTargetRed, "", accord.EffectDeterioration, may)
		shift := cond(accord.SignalSPC, "ihi-shift", accord.EffectDeterioration, may)
		sync := func(want accord.SignalSync, cs ...accord.SignalCondition) {
			t.Helper()
			got, err := db.SyncSignals(ctx, sys, f.alliance.ID, k.ID, cs)
			if err != nil || got != want {
				t.Fatalf("SyncSignals = %+v, %v; want %+v", got, err, want)
			}
		}
		sync(accord.SignalSync{Opened: 2}, red, shift)
		sync(accord.SignalSync{}, red, shift)
		shift.LastPeriod, shift.Summary = may.AddDate(0, 1, 0), "until 2025-06"
		sync(accord.SignalSync{Updated: 1}, red, shift)
		open := signalsByStatus(t, db, f.alliance.ID, accord.SignalOpen)
		if len(open) != 2 {
			t.Fatalf("open signals: got %d, want 2 (an ongoing condition is one signal)", len(open))
		}
		byKind := map[accord.SignalKind]accord.Signal{}
		for _, g := range open {
			byKind[g.Kind] = g
			if g.KPIKey != "hba1c-control" || g.OwnerPartyID != f.provider.ID || !g.Live {
				t.Errorf("signal %+v: want the KPI, its owning party, live", g)
			}
		}
		if got := byKind[accord.SignalSPC].LastPeriod; !got.Equal(shift.LastPeriod) {
			t.Errorf("updated last period: got %v, want %v", got, shift.LastPeriod)
		}

		g, err := db.AcknowledgeSignal(ctx, admin, f.alliance.ID, byKind[accord.SignalTargetRed].ID)
		if err != nil || g.Status != accord.SignalAcknowledged || g.AcknowledgedBy != "Ada" || g.AcknowledgedAt == nil {
			t.Fatalf("AcknowledgeSignal = %+v, %v", g, err)
		}
		if _, err := db.AcknowledgeSignal(ctx, admin, f.alliance.ID, g.ID); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("acknowledging twice: got %v, want conflict", err)
		}
		spcID := byKind[accord.SignalSPC].ID
		if _, err := db.DismissSignal(ctx, admin, f.alliance.ID, spcID, "  "); accord.ErrorField(err) != "reason" {
			t.Errorf("dismissing without a reason: got %v, want a reason error", err)
		}
		if g, err := db.DismissSignal(ctx, admin, f.alliance.ID, spcID, "expected after the new protocol"); err != nil || g.Status != accord.SignalDismissed || g.Reason == "" {
			t.Fatalf("DismissSignal = %+v, %v", g, err)
		}
		// The dismissed condition still holds: no new alert.
		sync(accord.SignalSync{}, red, shift)
		// The condition clears, then returns: a new signal. The red one clears.
		sync(accord.SignalSync{}, red)
		sync(accord.SignalSync{Opened: 1, Resolved: 1}, shift)
		resolved := signalsByStatus(t, db, f.alliance.ID, accord.SignalResolved)
		if len(resolved) != 1 || resolved[0].Reason != accord.ReasonCleared || resolved[0].Live {
			t.Errorf("resolved signals = %+v; want the red one, condition cleared", resolved)
		}
		if _, err := db.ResolveSignal(ctx, admin, f.alliance.ID, resolved[0].ID, ""); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("resolving a resolved signal: got %v, want conflict", err)
		}
		if _, err := db.Signal(ctx, f.alliance.ID, "nope"); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("unknown signal: got %v, want not found", err)
		}
		audit, _ := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID, Entity: "signal"})
		actions := map[string]int{}
		for _, e := range audit {
			actions[e.Action]++
		}
		for _, a := range []string{"open", "update", "acknowledge", "dismiss", "clear", "resolve"} {
			if actions[a] == 0 {
				t.Errorf("audit has no %q entry for a signal (got %v)", a, actions)
			}
		}
		if n, _ := db.OpenSignalCount(ctx, f.alliance.ID); n != 1 {
			t.Errorf("OpenSignalCount = %d, want 1", n)
		}
		if gs, _ := db.ListSignals(ctx, accord.SignalFilter{AllianceID: f.alliance.ID, KPIKey: "other"}); len(gs) != 0 {
			t.Errorf("signals of another KPI: got %d, want 0", len(gs))
		}
	})
}

// TestEvaluateSignalsAfterImport imports a series with a recent shift and
// checks that evaluation opens an SPC signal once, however often it runs.
func TestEvaluateSignalsAfterImport(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		k := approvedKPI(t, db, f, accord.KPI{Key: "wait-days", Name: "Days to appointment", Category: accord.CatPatientAccess,
			Unit: accord.UnitDays, Direction: accord.LowerIsBetter, Frequency: accord.Monthly})
		base := []float64{12, 14, 11, 13, 12, 15, 11, 13, 14, 12, 13, 11, 20, 21, 19, 22, 20, 21}
		start := accord.Monthly.PeriodStart(db.Now()).AddDate(0, -len(base), 0)
		var rows []accord.ObservationInput
		for i, v := range base {
			rows = append(rows, accord.ObservationInput{KPI: k.Key, Period: start.AddDate(0, i, 0).Format("2006-01"), Value: dec(fmt.Sprint(v)), Line: i + 2})
		}
		admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		if _, err := db.ImportObservations(ctx, admin, accord.ImportRequest{AllianceID: f.alliance.ID, Format: "csv", Filename: "w.csv", Rows: rows}); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := db.EvaluateSignals(ctx, accord.SystemActor("signals"), f.alliance.ID, []string{k.Key}); err != nil {
				t.Fatal(err)
			}
		}
		var shifts int
		for _, g := range signalsByStatus(t, db, f.alliance.ID, accord.SignalOpen) {
			if slices.Contains(strings.Split(g.Rule, ","), "ihi-shift") {
				shifts++
				if g.Effect != accord.EffectDeterioration || g.Severity != accord.SeverityWarning {
					t.Errorf("shift signal %+v: want a deterioration warning (waits went up)", g)
				}
			}
		}
		if shifts != 1 {
			t.Errorf("open ihi-shift signals: got %d, want 1", shifts)
		}
	})
}
