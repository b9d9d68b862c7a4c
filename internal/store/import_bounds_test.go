package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestImportRefusesPeriodsOutsideBounds imports periods far in the past
// and the future: each is refused on its line and field, nothing is
// written, and the KPI's latest period is not taken over by them; the
// period after the current one and one just inside the back-fill are
// taken.
func TestImportRefusesPeriodsOutsideBounds(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			db := storetest.Open(t, d, func() time.Time { return now })
			ctx := context.Background()
			f := seed(t, db)
			k := approvedKPI(t, db, f, accord.KPI{Key: "visits", Name: "Visits", Category: accord.CatPatientAccess, Unit: accord.UnitCount,
				Direction: accord.HigherIsBetter, Frequency: accord.Monthly})
			actor := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
			row := func(line int, period string) accord.ObservationInput {
				return accord.ObservationInput{KPI: k.Key, Period: period, Value: dec("5"), Line: line}
			}
			bad := []accord.ObservationInput{row(2, "9999-12"), row(3, "0001-01"), row(4, "2026-05"), row(5, "2016-02"), row(6, "2026-04")}
			rep, err := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "f.csv", Rows: bad})
			if err != nil {
				t.Fatal(err)
			}
			want := []struct {
				line int
				text string
			}{{2, "9999-12 lies in the future: the latest period KPI \"visits\" takes today is 2026-04"},
				{3, "0001-01 is more than 10 years before"}, {4, "2026-05 lies in the future"}, {5, "the earliest period it takes is 2016-03"}}
			if len(rep.Errors) != len(want) {
				t.Fatalf("errors = %+v; want lines 2 to 5", rep.Errors)
			}
			for i, w := range want {
				if e := rep.Errors[i]; e.Line != w.line || e.Field != "period" || !strings.Contains(e.Message, w.text) {
					t.Errorf("error %d = %+v; want line %d, field period, saying %q", i, e, w.line, w.text)
				}
			}
			if n := countRows(t, db, "SELECT COUNT(*) FROM observations"); n != 0 {
				t.Fatalf("a file with periods out of bounds wrote %d observations", n)
			}
			ok := []accord.ObservationInput{row(2, "2016-03"), row(3, "2026-04"), row(4, "2026-03")}
			if rep, err := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "f.csv", Rows: ok}); err != nil || rep.New != 3 {
				t.Fatalf("import of the bounds = %+v, %v; want 3 new", rep, err)
			}
			latest, err := db.LatestPeriods(ctx, f.alliance.ID)
			if got := latest[k.ID].LatestPeriod; err != nil || !got.Equal(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("latest period = %v, %v; want April 2026", got, err)
			}
		})
	}
}
