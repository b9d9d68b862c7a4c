package store_test

import (
	"context"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestImportRefusesSegmentsOfKPIWithoutSegments imports rows that give a
// segment for a KPI whose segment_by is empty, among good rows and rows for
// a KPI that has segments: every such row is named by line and field, the
// import writes nothing, and the file without those segments imports.
func TestImportRefusesSegmentsOfKPIWithoutSegments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		whole := approvedKPI(t, db, f, accord.KPI{Key: "visits", Name: "Visits", Category: accord.CatPatientAccess, Unit: accord.UnitCount,
			Direction: accord.HigherIsBetter, Frequency: accord.Monthly})
		clinics := approvedKPI(t, db, f, hba1c())
		actor := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		rows := []accord.ObservationInput{
			{KPI: whole.Key, Period: "2024-01", Value: dec("10"), Line: 2},
			{KPI: whole.Key, Period: "2024-02", Segment: "North", Value: dec("11"), Line: 3},
			{KPI: clinics.Key, Period: "2024-01", Segment: "North", Numerator: dec("5"), Denominator: dec("10"), Line: 4},
			{KPI: whole.Key, Period: "2024-03", Segment: "South", Value: dec("12"), Line: 5},
		}
		rep, err := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "f.csv", Rows: rows})
		if err != nil {
			t.Fatal(err)
		}
		const want = "KPI 'Visits' has no segments; leave segment empty"
		if len(rep.Errors) != 2 {
			t.Fatalf("errors = %v; want lines 3 and 5", rep.Errors)
		}
		for i, line := range []int{3, 5} {
			if e := rep.Errors[i]; e.File != "f.csv" || e.Line != line || e.Field != "segment" || e.Message != want {
				t.Errorf("error %d = %+v; want f.csv line %d, field segment, %q", i, e, line, want)
			}
		}
		if n := countRows(t, db, "SELECT COUNT(*) FROM observations"); n != 0 {
			t.Fatalf("a refused file wrote %d observations", n)
		}
		rows[1].Segment, rows[3].Segment = "", ""
		if rep, err := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "f.csv", Rows: rows}); err != nil || len(rep.Errors) != 0 || rep.New != 4 {
			t.Fatalf("import without the segments = %+v, %v; want 4 new", rep, err)
		}
	})
}
