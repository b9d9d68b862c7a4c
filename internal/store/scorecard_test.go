package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

func dec(s string) *number.Decimal {
	v, err := number.ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return &v
}

// approvedKPI proposes a KPI as the payer and approves it as the provider.
func approvedKPI(t *testing.T, db *store.DB, f fixture, k accord.KPI) accord.KPI {
	t.Helper()
	ctx := context.Background()
	k.AllianceID = f.alliance.ID
	if k.OwnerPartyID == "" {
		k.OwnerPartyID = f.provider.ID
	}
	admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
	if err := db.ProposeKPI(ctx, admin, f.payer.ID, &k); err != nil {
		t.Fatalf("ProposeKPI: %v", err)
	}
	if k.Status != accord.KPIProposed {
		t.Fatalf("status after proposal = %q, want proposed until the provider approves", k.Status)
	}
	status, err := db.Approve(ctx, admin, f.alliance.ID, "kpi", k.ID, f.provider.ID)
	if err != nil || status != accord.KPIApproved {
		t.Fatalf("Approve = %q, %v", status, err)
	}
	k.Status = status
	return k
}

func hba1c() accord.KPI {
	return accord.KPI{Key: "hba1c-control", Name: "HbA1c control", Category: accord.CatClinicalOutcome, Unit: accord.UnitPercent,
		Direction: accord.HigherIsBetter, Frequency: accord.Monthly, IsRatio: true, SegmentBy: "clinic"}
}

func TestKPIApprovalAndTargets(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		k := approvedKPI(t, db, f, hba1c())
		admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		if _, err := db.Approve(ctx, admin, f.alliance.ID, "kpi", k.ID, f.provider.ID); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("approving an approved KPI: got %v, want conflict", err)
		}
		dup := hba1c()
		dup.AllianceID, dup.OwnerPartyID = f.alliance.ID, f.provider.ID
		if err := db.ProposeKPI(ctx, admin, f.payer.ID, &dup); accord.ErrorField(err) != "key" {
			t.Errorf("duplicate key: got %v, want key error", err)
		}
		apps, _ := db.Approvals(ctx, "kpi", k.ID)
		if len(apps) != 2 {
			t.Errorf("approvals: got %d, want 2 (proposer and provider)", len(apps))
		}
		tg := accord.Target{KPIID: k.ID, EffectiveAt: time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC), Value: *dec("80"), Green: *dec("80"), Amber: *dec("70")}
		if err := db.ProposeTarget(ctx, admin, f.alliance.ID, f.payer.ID, &tg); err != nil {
			t.Fatal(err)
		}
		if !tg.EffectiveAt.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) || tg.Status != accord.KPIProposed {
			t.Errorf("target = %+v; want effective at the period start, proposed", tg)
		}
		if _, err := db.Approve(ctx, admin, f.alliance.ID, "target", tg.ID, f.provider.ID); err != nil {
			t.Fatal(err)
		}
		all, _ := db.AllianceTargets(ctx, f.alliance.ID)
		if len(all) != 1 || all[0].Green.String() != "80" {
			t.Errorf("AllianceTargets = %+v", all)
		}
		bad := accord.Target{KPIID: k.ID, EffectiveAt: tg.EffectiveAt, Green: *dec("70"), Amber: *dec("80")}
		if err := db.ProposeTarget(ctx, admin, f.alliance.ID, f.payer.ID, &bad); accord.ErrorField(err) != "amber" {
			t.Errorf("amber above green for higher-is-better: got %v", err)
		}
	})
}

func TestImportObservations(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		k := approvedKPI(t, db, f, hba1c())
		actor := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		row := func(line int, period, seg, num, den string) accord.ObservationInput {
			return accord.ObservationInput{KPI: "hba1c-control", Period: period, Segment: seg, Numerator: dec(num), Denominator: dec(den), Line: line, Source: "csv:f.csv"}
		}
		good := []accord.ObservationInput{row(2, "2024-01", "Eastgate", "80", "100"), row(3, "2024-01", "Hillcrest", "45", "60"), row(4, "2024-02", "Eastgate", "82", "100")}
		bad := append(append([]accord.ObservationInput{}, good...), row(5, "2024-13", "Eastgate", "1", "2"), row(6, "2024-01", "Eastgate", "1", "2"), row(7, "2024-03", "x", "1", "0"))
		rep, err := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "f.csv", Rows: bad})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Errors) != 3 || rep.Errors[0].Line != 5 || rep.Errors[0].Field != "period" || rep.Errors[1].Line != 6 || rep.Errors[2].Field != "denominator" {
			t.Fatalf("errors = %+v; want lines 5 (period), 6 (repeat), 7 (denominator)", rep.Errors)
		}
		if obs, _ := db.Observations(ctx, k.ID, nil, false); len(obs) != 0 {
			t.Fatalf("a file with bad rows wrote %d observations; want none", len(obs))
		}
		rep, err = db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "f.csv", Rows: good})
		if err != nil || rep.New != 3 || rep.ImportID == "" {
			t.Fatalf("import = %+v, %v", rep, err)
		}
		before := time.Now()
		time.Sleep(5 * time.Millisecond)
		again, _ := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "f.csv", Rows: good})
		if again.New != 0 || again.Unchanged != 3 {
			t.Errorf("re-import = %+v; want 3 unchanged", again)
		}
		fix := []accord.ObservationInput{row(2, "2024-01", "Eastgate", "81", "100")}
		dry, _ := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "fix.csv", Rows: fix, DryRun: true})
		if dry.Revised != 1 || dry.ImportID != "" {
			t.Errorf("dry run = %+v; want 1 revised and nothing written", dry)
		}
		if _, err := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "fix.csv", Rows: fix}); err != nil {
			t.Fatal(err)
		}
		cur, _ := db.Observations(ctx, k.ID, nil, false)
		hist, _ := db.Observations(ctx, k.ID, nil, true)
		old, _ := db.Observations(ctx, k.ID, &before, false)
		if len(cur) != 3 || len(hist) != 4 || len(old) != 3 {
			t.Fatalf("current %d, history %d, as-of %d; want 3, 4, 3", len(cur), len(hist), len(old))
		}
		if cur[0].Numerator.String() != "81" || cur[0].Revision != 2 || old[0].Numerator.String() != "80" {
			t.Errorf("current %v rev %d, as of before the fix %v; want 81 rev 2 and 80", cur[0].Numerator, cur[0].Revision, old[0].Numerator)
		}
		tot, err := db.PeriodTotals(ctx, f.alliance.ID, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), "")
		if err != nil || len(tot) != 2 || tot[0].Numerator.String() != "126" || tot[0].Denominator.String() != "160" || tot[0].Count != 2 {
			t.Errorf("PeriodTotals = %+v, %v; want January 126/160 over 2 segments", tot, err)
		}
		own, _ := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "f.csv", Rows: fix, PartyID: f.payer.ID})
		if len(own.Errors) != 1 || own.Errors[0].Field != "kpi" {
			t.Errorf("payer submitting the provider's KPI: %+v; want a kpi error", own.Errors)
		}
		audit, _ := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID, Entity: "observations"})
		if len(audit) != 3 {
			t.Errorf("audit has %d import entries, want 3 (first import, unchanged re-import, fix)", len(audit))
		}
	})
}
