package demo_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/scorecard"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// testNow is ten days into a month: the previous month's clinic data is
// not due yet, so the latest month due is two months back.
var testNow = time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)

// board is what a scorecard page would load for the demo alliance.
type board struct {
	alliance accord.Alliance
	kpis     map[string]accord.KPI
	series   map[string][]scorecard.Point
	targets  []accord.Target
}

func generate(t *testing.T, db *store.DB, now time.Time) (demo.Result, board) {
	t.Helper()
	ctx := context.Background()
	res, err := demo.Generate(ctx, db, "", now)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	b := board{kpis: map[string]accord.KPI{}, series: map[string][]scorecard.Point{}}
	if b.alliance, err = db.AllianceBySlug(ctx, res.AllianceSlug); err != nil {
		t.Fatal(err)
	}
	kpis, err := db.ListKPIs(ctx, b.alliance.ID, accord.KPIFilter{})
	if err != nil {
		t.Fatal(err)
	}
	totals, err := db.PeriodTotals(ctx, b.alliance.ID, now.AddDate(-5, 0, 0), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kpis {
		b.kpis[k.Key] = k
		if k.Formula == "" {
			b.series[k.Key] = scorecard.AllianceSeries(k, totals)
		}
	}
	for _, k := range kpis {
		if f, err := accord.ParseFormula(k.Formula); k.Formula != "" && err == nil {
			b.series[k.Key] = scorecard.DerivedSeries(f, b.series)
		}
	}
	if b.targets, err = db.AllianceTargets(ctx, b.alliance.ID); err != nil {
		t.Fatal(err)
	}
	return res, b
}

// TestScorecard generates the demo on each database and finds its stories
// in the data; the figures must be the same every time.
func TestScorecard(t *testing.T) {
	var prints []string
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		res, b := generate(t, db, testNow)
		s := res.Scorecard
		t.Run("agreed", func(t *testing.T) { checkAgreed(t, db, b, s) })
		t.Run("improvement", func(t *testing.T) { checkImprovement(t, db, b, s) })
		t.Run("shift", func(t *testing.T) { checkShift(t, db, b, s) })
		t.Run("late", func(t *testing.T) { checkLate(t, db, b, s, testNow) })
		t.Run("correction", func(t *testing.T) { checkCorrection(t, db, b, s) })
		t.Run("status", func(t *testing.T) { checkStatus(t, b) })
		if s.Observations < 2500 || s.Observations > 6000 {
			t.Errorf("imported %d observations; want 2,500 to 6,000 so the demo starts fast", s.Observations)
		}
		prints = append(prints, fingerprint(t, db, b))
	})
	db := storetest.Open(t, store.SQLite, nil)
	_, b := generate(t, db, testNow)
	again := fingerprint(t, db, b)
	for i, p := range prints {
		if p != again {
			t.Errorf("run %d: figures differ from a second run at the same moment: %s", i+1, firstDiff(p, again))
		}
	}
}

// TestScorecardCalendar generates the demo at moments around the days
// data falls due: only the late KPI may ever look late.
func TestScorecardCalendar(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),   // a new year, before any December data is due
		time.Date(2025, 12, 16, 0, 0, 0, 0, time.UTC), // the moment November's clinic data falls due
		time.Date(2024, 2, 29, 23, 59, 0, 0, time.UTC),
	} {
		t.Run(now.Format("2006-01-02"), func(t *testing.T) {
			db := storetest.Open(t, store.SQLite, nil)
			res, b := generate(t, db, now)
			checkLate(t, db, b, res.Scorecard, now)
			checkShift(t, db, b, res.Scorecard)
		})
	}
}

func checkAgreed(t *testing.T, db *store.DB, b board, s demo.Stories) {
	ctx := context.Background()
	if len(b.kpis) != s.KPIs+1 {
		t.Errorf("got %d KPIs, want %d approved and 1 proposed", len(b.kpis), s.KPIs)
	}
	for key, k := range b.kpis {
		want := accord.KPIApproved
		if key == s.Proposed {
			want = accord.KPIProposed
		}
		if k.Status != want {
			t.Errorf("KPI %s is %s, want %s", key, k.Status, want)
		}
	}
	if apps, _ := db.Approvals(ctx, "kpi", b.kpis[s.Proposed].ID); len(apps) != 2 {
		t.Errorf("proposed KPI has %d approvals, want 2 (proposer and one other party)", len(apps))
	}
	if len(b.targets) < 20 {
		t.Errorf("got %d approved targets, want targets for most KPIs", len(b.targets))
	}
	var greens []float64
	for _, tg := range b.targets {
		if tg.KPIID == b.kpis[s.Improving].ID {
			greens = append(greens, tg.Green.Float())
		}
	}
	if len(greens) != 3 || greens[0] >= greens[1] || greens[1] >= greens[2] {
		t.Errorf("targets of %s = %v; want three rising year by year", s.Improving, greens)
	}
}

// yearMeans averages a monthly series' last 36 periods year by year.
func yearMeans(t *testing.T, pts []scorecard.Point) [3]float64 {
	t.Helper()
	if len(pts) < 36 {
		t.Fatalf("series has %d periods, want 36", len(pts))
	}
	var out [3]float64
	for i, p := range pts[len(pts)-36:] {
		out[i/12] += p.Value / 12
	}
	return out
}

func checkImprovement(t *testing.T, db *store.DB, b board, s demo.Stories) {
	y := yearMeans(t, b.series[s.Improving])
	if y[1] < y[0]+2 || y[2] < y[1]+2 {
		t.Errorf("%s yearly means %.1f, %.1f, %.1f; want a steady rise", s.Improving, y[0], y[1], y[2])
	}
	checkAnnotation(t, db, b.kpis[s.Improving], s.ImprovingFrom, "Care-manager hired at Eastgate")
}

func checkShift(t *testing.T, db *store.DB, b board, s demo.Stories) {
	pts := b.series[s.Shift]
	at := -1
	for i, p := range pts {
		if p.Period.Equal(s.ShiftAt) {
			at = i
		}
	}
	if at < 3 || at+3 > len(pts) {
		t.Fatalf("shift month %s not inside the series", s.ShiftAt.Format("2006-01"))
	}
	mean := func(ps []scorecard.Point) float64 { return (ps[0].Value + ps[1].Value + ps[2].Value) / 3 }
	if before, after := mean(pts[at-3:at]), mean(pts[at:at+3]); after-before < 10 {
		t.Errorf("%s: %.1f before %s, %.1f after; want a jump of 10 points or more", s.Shift, before, s.ShiftAt.Format("2006-01"), after)
	}
	biggest := 1
	for i := 2; i < len(pts); i++ {
		if pts[i].Value-pts[i-1].Value > pts[biggest].Value-pts[biggest-1].Value {
			biggest = i
		}
	}
	if biggest != at {
		t.Errorf("%s: biggest rise at %s, want %s", s.Shift, pts[biggest].Period.Format("2006-01"), s.ShiftAt.Format("2006-01"))
	}
	checkAnnotation(t, db, b.kpis[s.Shift], s.ShiftAt, "Telehealth pilot started")
}

func checkAnnotation(t *testing.T, db *store.DB, k accord.KPI, period time.Time, label string) {
	t.Helper()
	notes, err := db.Annotations(context.Background(), k.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range notes {
		if a.Period.Equal(period) && a.Label == label {
			return
		}
	}
	t.Errorf("%s has annotations %+v; want %q at %s", k.Key, notes, label, period.Format("2006-01"))
}

// checkLate finds the late KPI late at now, and no other.
func checkLate(t *testing.T, db *store.DB, b board, s demo.Stories, now time.Time) {
	ctx := context.Background()
	fresh, err := db.LatestPeriods(ctx, b.alliance.ID)
	if err != nil {
		t.Fatal(err)
	}
	for key, k := range b.kpis {
		if k.Status != accord.KPIApproved || k.Formula != "" {
			continue
		}
		due := scorecard.Due(k, fresh[k.ID].LatestPeriod, now)
		switch {
		case key == s.Late && (!due.Late || due.Missing != 3 || !due.Latest.Equal(s.LastReported)):
			t.Errorf("%s: %+v; want late with 3 periods missing after %s", key, due, s.LastReported.Format("2006-01"))
		case key != s.Late && due.Late:
			t.Errorf("%s is late: %+v", key, due)
		}
	}
	obs, err := db.Observations(ctx, b.kpis[s.Lapsed].ID, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	last := map[string]time.Time{}
	for _, o := range obs {
		if o.Period.After(last[o.Segment]) {
			last[o.Segment] = o.Period
		}
	}
	if !last[s.LapsedClinic].Equal(s.LapsedAfter) || !last["Eastgate"].Equal(s.LapsedAfter.AddDate(0, 4, 0)) {
		t.Errorf("%s last periods %v; want %s to stop at %s, 4 months before the others", s.Lapsed, last, s.LapsedClinic, s.LapsedAfter.Format("2006-01"))
	}
}

func checkCorrection(t *testing.T, db *store.DB, b board, s demo.Stories) {
	obs, err := db.Observations(context.Background(), b.kpis[s.Corrected].ID, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]number.Decimal{}
	revised := 0
	for _, o := range obs {
		switch {
		case o.Revision == 1 && o.Period.Equal(s.CorrectedPeriod):
			first[o.Segment] = *o.Value
		case o.Revision == 2:
			revised++
			if !o.Period.Equal(s.CorrectedPeriod) || *o.Value <= first[o.Segment] {
				t.Errorf("revision %+v; want a higher figure for %s", o, s.CorrectedPeriod.Format("2006-01"))
			}
		}
	}
	if revised != 4 {
		t.Errorf("%s has %d revised figures, want one per clinic", s.Corrected, revised)
	}
}

// checkStatus colours each KPI's latest figure: a few must be red, most
// green or amber.
func checkStatus(t *testing.T, b board) {
	count := map[scorecard.Status][]string{}
	for key, k := range b.kpis {
		pts := b.series[key]
		if len(pts) == 0 {
			continue
		}
		last := pts[len(pts)-1]
		st := scorecard.StatusOf(k.Direction, scorecard.TargetAt(b.targets, k.ID, last.Period), last.Value)
		count[st] = append(count[st], fmt.Sprintf("%s=%.1f", key, last.Value))
	}
	red, good := len(count[scorecard.Red]), len(count[scorecard.Green])+len(count[scorecard.Amber])
	if red < 2 || good < 3*red || len(count[scorecard.Green]) < 5 {
		t.Errorf("latest statuses %v; want a few red and most green or amber", count)
	}
}

// fingerprint writes every figure of the demo alliance, every revision.
func fingerprint(t *testing.T, db *store.DB, b board) string {
	t.Helper()
	var sb strings.Builder
	for _, key := range slices.Sorted(maps.Keys(b.kpis)) {
		obs, err := db.Observations(context.Background(), b.kpis[key].ID, nil, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range obs {
			fmt.Fprintf(&sb, "%s %s %q %v %v %v %d\n", key, o.Period.Format("2006-01"), o.Segment, o.Value, o.Numerator, o.Denominator, o.Revision)
		}
	}
	return sb.String()
}

// firstDiff shows the first line where two fingerprints differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d: %q, then %q", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines, then %d", len(al), len(bl))
}
