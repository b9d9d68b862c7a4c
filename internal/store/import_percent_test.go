package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestImportRefusesPercentOver100 imports 150 of 100 for a percentage
// rate and 150 for a percentage value: neither is a share of anything,
// and both rows are named, while the good rows are not written.
func TestImportRefusesPercentOver100(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		rate := approvedKPI(t, db, f, hba1c())
		value := approvedKPI(t, db, f, accord.KPI{Key: "uptime", Name: "Uptime", Category: accord.CatOperations, Unit: accord.UnitPercent,
			Direction: accord.HigherIsBetter, Frequency: accord.Monthly})
		rows := []accord.ObservationInput{
			{KPI: rate.Key, Period: "2024-01", Numerator: dec("100"), Denominator: dec("100"), Line: 2},
			{KPI: rate.Key, Period: "2024-02", Numerator: dec("150"), Denominator: dec("100"), Line: 3},
			{KPI: value.Key, Period: "2024-01", Value: dec("99.9"), Line: 4},
			{KPI: value.Key, Period: "2024-02", Value: dec("150"), Line: 5},
		}
		actor := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		rep, err := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "p.csv", Rows: rows})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Errors) != 2 || rep.Errors[0].Line != 3 || rep.Errors[0].Field != "numerator" || rep.Errors[1].Line != 5 || rep.Errors[1].Field != "value" {
			t.Fatalf("errors = %v; want line 3's numerator and line 5's value", rep.Errors)
		}
		if !strings.Contains(rep.Errors[0].Message, "150 of 100 is over 100%") {
			t.Errorf("line 3: got %q, want it to say 150 of 100 is over 100%%", rep.Errors[0].Message)
		}
		if rep.New != 0 || countRows(t, db, "SELECT COUNT(*) FROM observations") != 0 {
			t.Errorf("a refused import wrote %d rows, want none", rep.New)
		}
	})
}
