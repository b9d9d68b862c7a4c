package store_test

import (
	"context"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

func str(s string) *string { return &s }

// TestKPIDefinitionChange: a change to an approved KPI's definition keeps
// only what differs, takes effect when every party approves it, records
// the history, and supersedes a rival proposal; what gives the data its
// meaning cannot change.
func TestKPIDefinitionChange(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		k := approvedKPI(t, db, f, hba1c())
		admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		grace := 10
		c := accord.KPIChange{AllianceID: f.alliance.ID, KPIID: k.ID, Reason: "Align with HEDIS 2027",
			Changes: accord.DefinitionChange{Name: str("HbA1c control"), Exclusions: str("Palliative care, hospice"), GraceDays: &grace}}
		if err := db.ProposeKPIChange(ctx, admin, f.payer.ID, &c); err != nil {
			t.Fatalf("ProposeKPIChange: %v", err)
		}
		if c.Changes.Name != nil || c.Changes.Exclusions == nil || c.Before.Exclusions == nil || *c.Before.Exclusions != "" || c.Status != accord.KPIProposed {
			t.Fatalf("proposed change = %+v; want only what differs (not the unchanged name), proposed", c)
		}
		rival := accord.KPIChange{AllianceID: f.alliance.ID, KPIID: k.ID, Reason: "Other idea", Changes: accord.DefinitionChange{SourceSystem: str("Epic")}}
		if err := db.ProposeKPIChange(ctx, admin, f.payer.ID, &rival); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.KPIByKey(ctx, f.alliance.ID, k.Key); got.Exclusions != "" {
			t.Errorf("the definition changed before every party approved: %q", got.Exclusions)
		}
		if status, err := db.Approve(ctx, admin, f.alliance.ID, accord.SubjectKPIChange, c.ID, f.provider.ID); err != nil || status != accord.KPIApproved {
			t.Fatalf("Approve = %q, %v", status, err)
		}
		got, err := db.KPIByKey(ctx, f.alliance.ID, k.Key)
		if err != nil || got.Exclusions != "Palliative care, hospice" || got.GraceDays != 10 || got.Unit != k.Unit {
			t.Errorf("KPI after the change = %+v, %v", got, err)
		}
		changes, err := db.KPIChanges(ctx, k.ID)
		if err != nil || len(changes) != 2 || changes[0].Status != accord.KPIChangeSuperseded || changes[1].Status != accord.KPIApproved || changes[1].ApprovedAt == nil {
			t.Errorf("history = %+v, %v; want the rival superseded and the change approved", changes, err)
		}
		empty := accord.KPIChange{AllianceID: f.alliance.ID, KPIID: k.ID, Reason: "nothing", Changes: accord.DefinitionChange{Name: str(got.Name)}}
		if err := db.ProposeKPIChange(ctx, admin, f.payer.ID, &empty); accord.ErrorField(err) != "changes" {
			t.Errorf("a change that changes nothing: err = %v, want a changes field error", err)
		}
		noReason := accord.KPIChange{AllianceID: f.alliance.ID, KPIID: k.ID, Changes: accord.DefinitionChange{Name: str("X")}}
		if err := db.ProposeKPIChange(ctx, admin, f.payer.ID, &noReason); accord.ErrorField(err) != "reason" {
			t.Errorf("no reason: err = %v, want a reason field error", err)
		}
	})
}

// TestSPCSettings: an alliance reads its charts with the defaults until it
// chooses its rules; invalid choices are refused; the choice is audited.
func TestSPCSettings(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		got, err := db.SPCSettings(ctx, f.alliance.ID)
		if err != nil || got != accord.DefaultSPCSettings() {
			t.Fatalf("SPCSettings = %+v, %v; want the defaults", got, err)
		}
		want := accord.SPCSettings{RunRules: "anhoj", ControlRules: "nelson", Baseline: 20}
		if _, err := db.SetSPCSettings(ctx, cli, f.alliance.ID, want); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.SPCSettings(ctx, f.alliance.ID); got != want {
			t.Errorf("after SetSPCSettings: %+v, want %+v", got, want)
		}
		if _, err := db.SetSPCSettings(ctx, cli, f.alliance.ID, accord.SPCSettings{RunRules: "ihi", ControlRules: "western-electric", Baseline: 5}); accord.ErrorField(err) != "baseline" {
			t.Errorf("a 5-point baseline: err = %v, want a baseline field error", err)
		}
		entries, err := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID, Entity: "spc_settings"})
		if err != nil || len(entries) != 1 {
			t.Errorf("audit entries = %d, %v; want 1", len(entries), err)
		}
	})
}
