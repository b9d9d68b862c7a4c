package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestMigrationNarrowsObservations writes observations as accord kept them
// before migration 0015 (a row each with its id, submitter, time and
// source), including a revision, a row whose source differs from the rest
// of its import and a row no import names, then migrates: every revision
// must read back as before, the views as of a past moment too, and the
// database must take new KPIs and imports afterwards.
func TestMigrationNarrowsObservations(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			raw, db := openMigratedTo(t, d, 13)
			f := seed(t, db)
			k := approvedKPI(t, db, f, hba1c())

			t1, t2, t3 := "2025-02-03T09:00:00.000000Z", "2025-03-04T10:00:00.000000Z", "2025-04-05T11:00:00.000000Z"
			imp := bind(d, `INSERT INTO imports (id, alliance_id, format, filename, sha256, rows_read, rows_new, rows_revised, rows_unchanged, created_by, created_at)
				VALUES (?, ?, 'csv', ?, '', 2, 2, 0, 0, ?, ?)`)
			for _, i := range [][]any{{"imp-1", f.alliance.ID, "a.csv", f.admin.ID, t1}, {"imp-2", f.alliance.ID, "b.json", f.admin.ID, t2}} {
				if _, err := raw.Exec(imp, i...); err != nil {
					t.Fatal(err)
				}
			}
			obs := bind(d, `INSERT INTO observations (id, kpi_id, period, segment, value, numerator, denominator, revision, source,
				submitted_by, submitted_name, import_id, recorded_at, superseded_at) VALUES (?, ?, ?, ?, NULL, ? * 1000000, ? * 1000000, ?, ?, ?, 'Ada', ?, ?, ?)`)
			for _, o := range [][]any{
				{"o1", k.ID, "2025-01-01", "", 60, 100, 1, "csv:a.csv", f.admin.ID, "imp-1", t1, t2},
				{"o2", k.ID, "2025-01-01", "East", 30, 40, 1, "csv:a.csv", f.admin.ID, "imp-1", t1, nil},
				{"o3", k.ID, "2025-01-01", "West", 20, 40, 1, "fhir:7 individual MeasureReports", f.admin.ID, "imp-1", t1, nil},
				{"o4", k.ID, "2025-01-01", "", 70, 100, 2, "api", f.admin.ID, "imp-2", t2, nil},
				{"o5", k.ID, "2025-02-01", "", 50, 100, 1, "form", f.admin.ID, nil, t3, nil},
			} {
				if _, err := raw.Exec(obs, o...); err != nil {
					t.Fatal(err)
				}
			}

			done, err := db.Migrate(ctx)
			// Later migrations run too; this test is about the first two.
			if err != nil || len(done) < 2 || done[0] != "0014_period_totals.sql" || done[1] != "0015_narrow_observations.sql" {
				t.Fatalf("Migrate = %v, %v; want 0014 and 0015 first", done, err)
			}
			all, err := db.Observations(ctx, k.ID, nil, true)
			if err != nil {
				t.Fatal(err)
			}
			migrated := ""
			if len(all) == 5 {
				migrated = all[4].ImportID
			}
			jan, feb := date("2025-01-01"), date("2025-02-01")
			want := []string{
				obsLine(k.ID, jan, "", 60, 100, 1, "csv:a.csv", t1, t2, "imp-1"),
				obsLine(k.ID, jan, "", 70, 100, 2, "api", t2, "", "imp-2"),
				obsLine(k.ID, jan, "East", 30, 40, 1, "csv:a.csv", t1, "", "imp-1"),
				obsLine(k.ID, jan, "West", 20, 40, 1, "fhir:7 individual MeasureReports", t1, "", "imp-1"),
				obsLine(k.ID, feb, "", 50, 100, 1, "form", t3, "", migrated),
			}
			if len(all) != len(want) {
				t.Fatalf("%d observations after the migration, want %d: %+v", len(all), len(want), all)
			}
			for i, o := range all {
				if got := obsString(o); got != want[i] {
					t.Errorf("observation %d after the migration:\n got %s\nwant %s", i, got, want[i])
				}
			}
			if migrated == "" || migrated == "imp-1" || migrated == "imp-2" {
				t.Errorf("the row no import named is under import %q, want one made for it", migrated)
			}

			// As of a moment between the two imports: the first revision.
			between := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
			past, err := db.Observations(ctx, k.ID, &between, false)
			if err != nil || len(past) != 3 || *past[0].Numerator != number.Decimal(60*number.DecimalScale) {
				t.Errorf("as of March 1st: %+v, %v; want the three January rows of the first import", past, err)
			}
			sameTotals(t, "after the migration", keptTotals(t, db, f.alliance.ID, time.Time{}), summedTotals(t, db, f.alliance.ID, time.Time{}))

			// New KPIs and imports get numbers after the ones migrated.
			k2 := approvedKPI(t, db, f, accord.KPI{Key: "visits", Name: "Visits", Category: accord.CatPatientAccess, Unit: accord.UnitCount,
				Direction: accord.HigherIsBetter, Frequency: accord.Monthly})
			actor := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
			rep, err := db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "c.csv", Rows: []accord.ObservationInput{
				{KPI: k.Key, Period: "2025-02", Numerator: dec("55"), Denominator: dec("100"), Line: 2, Source: "csv:c.csv"},
				{KPI: k2.Key, Period: "2025-02", Value: dec("9"), Line: 3, Source: "csv:c.csv"},
			}})
			if err != nil || rep.New != 1 || rep.Revised != 1 {
				t.Fatalf("import after the migration = %+v, %v; want one new and one revised", rep, err)
			}
			cur, err := db.Observations(ctx, k.ID, nil, false)
			if err != nil || len(cur) != 4 || *cur[3].Numerator != number.Decimal(55*number.DecimalScale) || cur[3].Revision != 2 || cur[3].ImportID != rep.ImportID {
				t.Errorf("current observations after a new import: %+v, %v", cur, err)
			}
			if got, err := db.Observations(ctx, k2.ID, nil, false); err != nil || len(got) != 1 || *got[0].Value != number.Decimal(9*number.DecimalScale) {
				t.Errorf("the new KPI's observations: %+v, %v", got, err)
			}
		})
	}
}

func obsLine(kpiID string, period time.Time, segment string, num, den int64, revision int, source, recorded, superseded, importID string) string {
	return fmt.Sprintf("%s %s %q %d/%d r%d %q by Ada at %s superseded %q import %s", kpiID, period.Format(time.DateOnly), segment,
		num, den, revision, source, recorded, superseded, importID)
}

func obsString(o accord.Observation) string {
	superseded := ""
	if o.SupersededAt != nil {
		superseded = o.SupersededAt.Format("2006-01-02T15:04:05.000000Z")
	}
	num, den := int64(-1), int64(-1)
	if o.Numerator != nil && o.Denominator != nil {
		num, den = int64(*o.Numerator)/number.DecimalScale, int64(*o.Denominator)/number.DecimalScale
	}
	s := fmt.Sprintf("%s %s %q %d/%d r%d %q by %s at %s superseded %q import %s", o.KPIID, o.Period.Format(time.DateOnly), o.Segment,
		num, den, o.Revision, o.Source, o.SubmittedBy, o.RecordedAt.Format("2006-01-02T15:04:05.000000Z"), superseded, o.ImportID)
	return s
}
