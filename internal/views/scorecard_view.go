package views

import (
	"context"
	"html/template"
	"math"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/chart"
	"github.com/accord-alliance/accord/internal/scorecard"
)

// tile is one KPI on the scorecard.
type tile struct {
	KPI    accord.KPI
	Value  string
	Period string
	// Provisional marks a latest figure its sender has not finalised (a
	// pending FHIR report's).
	Provisional bool
	Target      string
	Status      scorecard.Status
	Spark       template.HTML
	Updated     time.Time
	Fresh       scorecard.Freshness
	Late        string
	NoValue     string
	// ZeroOfZero says that a period after the latest figure was 0 of 0:
	// nobody in the denominator, so no rate.
	ZeroOfZero string
	// Shared is false when the viewer may see none of the KPI's figures
	// (sharing by protocol); Partial when some are withheld. SharingNote
	// says why, naming the party that reports it.
	Shared      bool
	Partial     bool
	SharingNote string
}

// Category is a group of tiles.
type Category struct {
	Category accord.Category
	Label    string
	Tiles    []tile
}

// sparkPeriods is how many periods a tile's sparkline shows.
const sparkPeriods = 13

// SeriesFor computes the alliance-wide series of every KPI, derived ones
// from the others.
func SeriesFor(kpis []accord.KPI, totals []accord.PeriodTotal) map[string][]scorecard.Point {
	out := map[string][]scorecard.Point{}
	for _, k := range kpis {
		if k.Formula == "" {
			out[k.Key] = scorecard.AllianceSeries(k, totals)
		}
	}
	for _, k := range kpis {
		if k.Formula == "" {
			continue
		}
		if f, err := accord.ParseFormula(k.Formula); err == nil {
			out[k.Key] = scorecard.DerivedSeries(f, out)
		}
	}
	return out
}

// BuildTiles lays out the scorecard's approved KPIs by category, as the
// data stands now or, with asOf, as it stood at the end of that day, with
// only the figures the viewer may see (sh; the zero sharing sees all).
func (s *Loader) BuildTiles(ctx context.Context, allianceID string, kpis []accord.KPI, segment string, asOf *time.Time, sh Sharing) ([]Category, error) {
	now := s.Now().UTC()
	if asOf != nil {
		now = *asOf
	}
	totals, err := s.Svc.PeriodTotalsAsOf(ctx, allianceID, SparkWindow(kpis, now), segment, asOf)
	if err != nil {
		return nil, err
	}
	if segment != "" {
		totals = OnlySegment(totals)
	}
	totals = sh.Totals(kpis, totals, segment)
	targets, err := s.Svc.AllianceTargets(ctx, allianceID)
	if err != nil {
		return nil, err
	}
	fresh, err := s.Svc.LatestPeriods(ctx, allianceID)
	if err != nil {
		return nil, err
	}
	shown := freshnessFrom(totals)
	if asOf != nil || segment != "" {
		fresh = shown
	}
	series := SeriesFor(kpis, totals)
	prov, err := s.provisionalLatest(ctx, allianceID, kpis, series, totals, segment, asOf, sh)
	if err != nil {
		return nil, err
	}
	byCat := map[accord.Category][]tile{}
	for _, k := range kpis {
		byCat[k.Category] = append(byCat[k.Category], s.kpiTile(k, sh, segment, series[k.Key], targets, fresh, shown, now, prov[k.ID]))
	}
	var out []Category
	for _, c := range accord.AllCategories() {
		if len(byCat[c]) > 0 {
			out = append(out, Category{Category: c, Label: c.Label(), Tiles: byCat[c]})
		}
	}
	return out, nil
}

// provisionalLatest finds the KPIs whose latest figure shown is
// provisional: the whole alliance's figure of that period is, or, where the
// figure is summed from segments, one of the segments the viewer sees is.
// With a segment chosen, that segment's figure decides.
func (s *Loader) provisionalLatest(ctx context.Context, allianceID string, kpis []accord.KPI, series map[string][]scorecard.Point, totals []accord.PeriodTotal, segment string, asOf *time.Time, sh Sharing) (map[string]bool, error) {
	latest := map[string]time.Time{}
	var since time.Time
	for _, k := range kpis {
		pts := series[k.Key]
		for i := len(pts) - 1; i >= 0 && k.Formula == ""; i-- {
			if pts[i].OK {
				latest[k.ID] = pts[i].Period
				if since.IsZero() || pts[i].Period.Before(since) {
					since = pts[i].Period
				}
				break
			}
		}
	}
	out := map[string]bool{}
	if len(latest) == 0 {
		return out, nil
	}
	keys, err := s.Svc.ProvisionalPoints(ctx, allianceID, since, asOf)
	if err != nil {
		return nil, err
	}
	whole := map[string]bool{}
	for _, t := range totals {
		if t.Whole && t.Period.Equal(latest[t.KPIID]) {
			whole[t.KPIID] = true
		}
	}
	byID := map[string]accord.KPI{}
	for _, k := range kpis {
		byID[k.ID] = k
	}
	for _, p := range keys {
		at, ok := latest[p.KPIID]
		if !ok || !p.Period.Equal(at) {
			continue
		}
		switch {
		case segment != "":
			out[p.KPIID] = out[p.KPIID] || p.Segment == segment
		case whole[p.KPIID]:
			out[p.KPIID] = out[p.KPIID] || p.Segment == ""
		default:
			out[p.KPIID] = out[p.KPIID] || sh.SeesAll(byID[p.KPIID]) || sh.seesSegment(byID[p.KPIID], p.Segment)
		}
	}
	return out, nil
}

// kpiTile makes one KPI's tile from its series. A KPI the viewer may see
// nothing of is a tile with its name and owner only; one it sees in part
// takes its freshness from what is shown, and is late only where the
// period due is one the viewer would see.
func (s *Loader) kpiTile(k accord.KPI, sh Sharing, segment string, pts []scorecard.Point, targets []accord.Target, fresh, shown map[string]accord.Freshness, now time.Time, provisional bool) tile {
	if !sh.SeesKPI(k) {
		return tile{KPI: k, Value: "—", SharingNote: sh.Note(k)}
	}
	partial := !sh.SeesAll(k)
	if partial {
		pts = sh.Points(k, segment, pts)
		fresh = shown
	}
	t := makeTile(k, pts, targets, now, provisional)
	t.Shared, t.Partial = true, partial
	if partial {
		t.SharingNote = sh.Note(k)
		if t.NoValue != "" && segment == "" && !sh.seesSegment(k, "") {
			t.NoValue = "Shared for some segments only: choose one above"
		}
	}
	if k.Formula == "" {
		f := fresh[k.ID]
		t.Fresh = scorecard.Due(k, f.LatestPeriod, now)
		t.Updated = f.LastRecorded
		if t.Fresh.Late && (!partial || sh.SeesPeriod(k, segment, t.Fresh.Expected)) {
			t.Late = LateText(k, t.Fresh)
		}
		if t.Fresh.Waiting && t.NoValue != "" {
			t.NoValue = waitingText(t.Fresh)
		}
	}
	return t
}

// freshnessFrom finds each KPI's latest period and arrival in the totals
// shown, for views (a past date, one segment) the KPI rows do not describe.
func freshnessFrom(totals []accord.PeriodTotal) map[string]accord.Freshness {
	out := map[string]accord.Freshness{}
	for _, t := range totals {
		f := out[t.KPIID]
		if t.Period.After(f.LatestPeriod) {
			f.LatestPeriod = t.Period
		}
		if t.LastRecorded.After(f.LastRecorded) {
			f.LastRecorded = t.LastRecorded
		}
		out[t.KPIID] = f
	}
	return out
}

// SparkWindow is where the tiles' data starts: enough periods back for the
// sparklines of the slowest-reporting KPI shown.
func SparkWindow(kpis []accord.KPI, now time.Time) time.Time {
	since := now
	for _, k := range kpis {
		p := k.Frequency.PeriodStart(now)
		for i := 0; i <= sparkPeriods; i++ {
			p = k.Frequency.Prev(p)
		}
		if p.Before(since) {
			since = p
		}
	}
	return since
}

// OnlySegment keeps the segment rows of totals already filtered to one
// segment by the caller, treating them as that segment's whole.
func OnlySegment(totals []accord.PeriodTotal) []accord.PeriodTotal {
	var out []accord.PeriodTotal
	for _, t := range totals {
		if !t.Whole {
			t.Whole = true
			out = append(out, t)
		}
	}
	return out
}

// makeTile lays out a tile from the KPI's series; provisional says that its
// latest figure is, which the tile and its sparkline mark.
func makeTile(k accord.KPI, pts []scorecard.Point, targets []accord.Target, now time.Time, provisional bool) tile {
	t := tile{KPI: k, Value: "—"}
	var last *scorecard.Point
	for i := len(pts) - 1; i >= 0; i-- {
		if pts[i].OK {
			last = &pts[i]
			break
		}
	}
	if last == nil {
		t.NoValue = "No data yet"
		if len(pts) > 0 && !k.IsRatio && k.Unit != accord.UnitCount && k.Unit != accord.UnitMoney && k.Formula == "" {
			t.NoValue = "Reported by segment only"
		}
	} else {
		t.Value, t.Period = FormatValue(k, last.Value), k.Frequency.FormatPeriod(last.Period)
		tg := scorecard.TargetAt(targets, k.ID, last.Period)
		t.Status = scorecard.StatusOf(k.Direction, tg, last.Value)
		t.Target = targetText(k, tg)
		t.Provisional = provisional
	}
	if n := len(pts); n > 0 && pts[n-1].ZeroOfZero {
		t.ZeroOfZero = k.Frequency.FormatPeriod(pts[n-1].Period) + ": 0 of 0 (no one in the denominator, so no rate)"
	}
	cont := scorecard.Continuous(k.Frequency, pts, time.Time{})
	if len(cont) > sparkPeriods {
		cont = cont[len(cont)-sparkPeriods:]
	}
	se := chart.Series{Name: k.Name}
	for _, p := range cont {
		addPoint(&se, k, p, targets)
		se.Provisional = append(se.Provisional, last != nil && t.Provisional && p.Period.Equal(last.Period))
	}
	t.Spark = chart.Sparkline(chart.SparklineOptions{ID: "spark-" + k.Key, Title: k.Name + " trend", Series: se, Format: chartFormat(k), Status: chartStatus(t.Status)})
	return t
}

// addPoint appends a period to a chart series: its label, value and the
// target in force (none for in-range KPIs, whose target is a band).
func addPoint(se *chart.Series, k accord.KPI, p scorecard.Point, targets []accord.Target) {
	se.Periods = append(se.Periods, k.Frequency.FormatPeriod(p.Period))
	se.Values = append(se.Values, valueOrNaN(p))
	target := math.NaN()
	if tg := scorecard.TargetAt(targets, k.ID, p.Period); tg != nil && k.Direction != accord.InRange {
		target = tg.Value.Float()
	}
	se.Target = append(se.Target, target)
}

func valueOrNaN(p scorecard.Point) float64 {
	if !p.OK {
		return math.NaN()
	}
	return p.Value
}

func chartStatus(s scorecard.Status) chart.Status {
	switch s {
	case scorecard.Green:
		return chart.StatusGreen
	case scorecard.Amber:
		return chart.StatusAmber
	case scorecard.Red:
		return chart.StatusRed
	}
	return chart.StatusNone
}

func targetText(k accord.KPI, t *accord.Target) string {
	if t == nil {
		return ""
	}
	if k.Direction == accord.InRange && t.Low != nil && t.High != nil {
		return FormatValue(k, t.Low.Float()) + "–" + FormatValue(k, t.High.Float())
	}
	return FormatValue(k, t.Value.Float())
}

// LateText says how late a KPI's data is, in words.
func LateText(k accord.KPI, f scorecard.Freshness) string {
	if f.Latest.IsZero() {
		return "No data reported yet; " + k.Frequency.FormatPeriod(f.Expected) + " was due " + f.NextDue.Add(-time.Nanosecond).Format("2 Jan")
	}
	n := f.Missing
	unit := map[accord.Frequency]string{accord.Weekly: "week", accord.Monthly: "month", accord.Quarterly: "quarter", accord.Yearly: "year"}[k.Frequency]
	if n > 1 {
		unit += "s"
	}
	return "Late: " + Itoa(n) + " " + unit + " missing since " + k.Frequency.FormatPeriod(f.Latest)
}

// waitingText describes a KPI approved so recently that no data is owed
// yet, with the last day its first period's data may arrive.
func waitingText(f scorecard.Freshness) string {
	return "Waiting for its first period; data due by " + f.NextDue.Add(-time.Nanosecond).UTC().Format("2 Jan 2006")
}

// Itoa writes n in digits.
func Itoa(n int) string { return trimFloat(float64(n), 0) }
