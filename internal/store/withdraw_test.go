package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestWithdrawObservation withdraws figures and checks that the scorecard
// treats their periods as without data there (current observations, the
// kept totals against a sum of the observations, the segments offered,
// the KPI's latest period), that the history and views as of earlier
// keep them, that an import brings a figure back as new, and the refusals.
func TestWithdrawObservation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		k := approvedKPI(t, db, f, accord.KPI{Key: "visits", Name: "Visits", Category: accord.CatPatientAccess, Unit: accord.UnitCount,
			Direction: accord.HigherIsBetter, Frequency: accord.Monthly, SegmentBy: "clinic"})
		admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		row := func(period, seg, v string) accord.ObservationInput {
			return accord.ObservationInput{KPI: k.Key, Period: period, Segment: seg, Value: dec(v), Line: 1}
		}
		rows := []accord.ObservationInput{row("2024-01", "", "10"), row("2024-01", "North", "4"), row("2024-01", "South", "6"),
			row("2024-02", "North", "5"), row("2024-03", "North", "7"), row("2024-03", "", "7")}
		if _, err := db.ImportObservations(ctx, admin, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "f.csv", Rows: rows}); err != nil {
			t.Fatal(err)
		}
		before := time.Now()
		time.Sleep(5 * time.Millisecond)
		withdraw := func(period, seg string) (accord.Observation, error) {
			return db.WithdrawObservation(ctx, admin, accord.Withdrawal{AllianceID: f.alliance.ID, KPIKey: k.Key, Period: period, Segment: seg, Reason: "typed twice"})
		}
		old, err := withdraw("2024-03", "North")
		if err != nil || old.Value.String() != "7" || old.Revision != 1 {
			t.Fatalf("withdraw March in North = %+v, %v; want its figure 7, revision 1", old, err)
		}
		checkWithdrawn(t, db, f, k, "March in North withdrawn", 5, "2024-03", []string{"North", "South"})
		hist, _ := db.Observations(ctx, k.ID, nil, true)
		last := hist[len(hist)-1]
		if len(hist) != 7 || !last.Withdrawn || last.Revision != 2 || last.Value != nil || last.Source != "typed twice" || last.SubmittedBy != "Ada" {
			t.Errorf("history ends with %+v (%d rows); want March in North withdrawn by Ada as revision 2, saying why", last, len(hist))
		}
		if was, _ := db.Observations(ctx, k.ID, &before, false); len(was) != 6 {
			t.Errorf("as of before the withdrawal: %d figures, want all 6", len(was))
		}

		if _, err := withdraw("2024-03", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := withdraw("2024-01", "South"); err != nil {
			t.Fatal(err)
		}
		checkWithdrawn(t, db, f, k, "March and January's South withdrawn", 3, "2024-02", []string{"North"})

		for _, c := range []struct {
			period, seg, reason string
			code                string
			field               string
		}{{"2024-03", "North", "again", accord.ECONFLICT, ""}, {"2024-04", "North", "none", accord.ENOTFOUND, ""},
			{"2024-13", "North", "bad", accord.EINVALID, "period"}, {"2024-02", "North", " ", accord.EINVALID, "reason"}} {
			_, err := db.WithdrawObservation(ctx, admin, accord.Withdrawal{AllianceID: f.alliance.ID, KPIKey: k.Key, Period: c.period, Segment: c.seg, Reason: c.reason})
			if accord.ErrorCode(err) != c.code || accord.ErrorField(err) != c.field {
				t.Errorf("withdraw %s %q (reason %q): %v; want %s on %q", c.period, c.seg, c.reason, err, c.code, c.field)
			}
		}

		rep, err := db.ImportObservations(ctx, admin, accord.ImportRequest{AllianceID: f.alliance.ID, Filename: "f.csv", Rows: rows})
		if err != nil || rep.New != 3 || rep.Revised != 0 || rep.Unchanged != 3 {
			t.Fatalf("re-import = %+v, %v; want the 3 withdrawn figures new again, 3 unchanged", rep, err)
		}
		checkWithdrawn(t, db, f, k, "figures back", 6, "2024-03", []string{"North", "South"})
		if n := countRows(t, db, "SELECT COUNT(*) FROM audit_log WHERE action = 'withdraw'"); n != 3 {
			t.Errorf("%d withdrawals audited, want 3", n)
		}
	})
}

// checkWithdrawn checks what the scorecard reads after withdrawals: the
// current figures, the kept totals against the sums of the observations,
// the KPI's latest period and the segments with data.
func checkWithdrawn(t *testing.T, db *store.DB, f fixture, k accord.KPI, what string, figures int, latest string, segments []string) {
	t.Helper()
	ctx := context.Background()
	since := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if cur, _ := db.Observations(ctx, k.ID, nil, false); len(cur) != figures {
		t.Errorf("%s: %d current figures, want %d", what, len(cur), figures)
	}
	kept, summed := keptTotals(t, db, f.alliance.ID, since), summedTotals(t, db, f.alliance.ID, since)
	for i := range summed {
		if i < len(kept) {
			kept[i].LastRecorded = summed[i].LastRecorded
		}
	}
	sameTotals(t, what, kept, summed)
	fresh, err := db.LatestPeriods(ctx, f.alliance.ID)
	if got := fresh[k.ID].LatestPeriod.Format("2006-01"); err != nil || got != latest {
		t.Errorf("%s: latest period %s, %v; want %s", what, got, err, latest)
	}
	got, err := db.Segments(ctx, f.alliance.ID, since)
	if err != nil || len(got) != len(segments) || len(got) > 0 && got[0] != segments[0] {
		t.Errorf("%s: segments %q, %v; want %q", what, got, err, segments)
	}
}
