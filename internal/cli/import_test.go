package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// seedKPI makes an alliance with two approved KPIs on a fresh database:
// visits, by clinic, and calls, which has no segments.
func seedKPI(t *testing.T, dsn string) {
	t.Helper()
	seedKPIs(t, dsn, "cli-test",
		accord.KPI{Key: "visits", Name: "Visits", Category: accord.CatPatientAccess, Unit: accord.UnitCount,
			Direction: accord.HigherIsBetter, Frequency: accord.Monthly, SegmentBy: "clinic"},
		accord.KPI{Key: "calls", Name: "Calls answered", Category: accord.CatPatientAccess, Unit: accord.UnitCount,
			Direction: accord.HigherIsBetter, Frequency: accord.Monthly})
}

// seedKPIs makes an alliance of the slug given, with one provider party,
// on a fresh database, and the KPIs given, reported and approved by it.
func seedKPIs(t *testing.T, dsn, slug string, kpis ...accord.KPI) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	actor := accord.SystemActor("test")
	a := accord.Alliance{Slug: slug, Name: "CLI test " + slug}
	if err := db.CreateAlliance(ctx, actor, &a); err != nil {
		t.Fatal(err)
	}
	o, _ := db.EnsureOrganization(ctx, actor, "Clinic group")
	p := accord.Party{AllianceID: a.ID, OrgID: o.ID, Role: accord.PartyProvider}
	if err := db.AddParty(ctx, actor, &p); err != nil {
		t.Fatal(err)
	}
	for _, k := range kpis {
		k.AllianceID, k.OwnerPartyID = a.ID, p.ID
		if err := db.ProposeKPI(ctx, actor, p.ID, &k); err != nil || k.Status != accord.KPIApproved {
			t.Fatalf("ProposeKPI: %v (status %s)", err, k.Status)
		}
	}
}

func TestImportObservationsCommand(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			dsn := storetest.URL(t, d)
			seedKPI(t, dsn)
			dir := t.TempDir()
			bad := filepath.Join(dir, "visits.csv")
			os.WriteFile(bad, []byte("kpi,period,segment,value\nvisits,2024-01,Eastgate,120\nvisits,2024-02,Eastgate,12O\n"), 0o644)
			code, out, errs := run(t, "", nil, "import", "observations", "--database", dsn, "--alliance", "cli-test", bad)
			if code != 1 || !strings.Contains(out, "visits.csv:3: value:") || !strings.Contains(errs, "nothing was imported") {
				t.Fatalf("bad file: exit %d, out %q, err %q", code, out, errs)
			}
			// A segment for a KPI without segments is named on every line that has one.
			os.WriteFile(bad, []byte("kpi,period,segment,value\ncalls,2024-01,Eastgate,120\ncalls,2024-02,,130\ncalls,2024-03,Eastgate,140\n"), 0o644)
			code, out, _ = run(t, "", nil, "import", "observations", "--database", dsn, "--alliance", "cli-test", bad)
			const noSegments = ": segment: KPI 'Calls answered' has no segments; leave segment empty"
			if code != 1 || !strings.Contains(out, "visits.csv:2"+noSegments) || !strings.Contains(out, "visits.csv:4"+noSegments) || strings.Contains(out, "visits.csv:3") {
				t.Fatalf("segments of a KPI without segments: exit %d, out %q; want lines 2 and 4 named", code, out)
			}
			os.WriteFile(bad, []byte("kpi,period,segment,value\nvisits,2024-01,Eastgate,120\nvisits,2024-02,Eastgate,130\n"), 0o644)
			if code, out, _ := run(t, "", nil, "import", "observations", "--database", dsn, "--alliance", "cli-test", "--dry-run", bad); code != 0 || !strings.Contains(out, "dry run") || !strings.Contains(out, "2 new") {
				t.Fatalf("dry run: exit %d, %q", code, out)
			}
			if code, out, _ := run(t, "", nil, "import", "observations", "--database", dsn, "--alliance", "cli-test", bad); code != 0 || !strings.Contains(out, "2 new") {
				t.Fatalf("import: exit %d, %q", code, out)
			}
			if code, out, _ := run(t, "", nil, "import", "observations", "--database", dsn, "--alliance", "cli-test", bad); code != 0 || !strings.Contains(out, "2 unchanged") {
				t.Errorf("re-import: exit %d, %q; want 2 unchanged", code, out)
			}
			if code, _, _ := run(t, "", nil, "import", "observations", "--database", dsn, "--alliance", "nowhere", bad); code != 1 {
				t.Errorf("unknown alliance: exit %d, want 1", code)
			}
			if code, _, _ := run(t, "", nil, "import", "observations", "--database", dsn, bad); code != 2 {
				t.Errorf("no --alliance: exit %d, want 2", code)
			}
		})
	}
}
