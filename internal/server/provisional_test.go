package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
)

// monthlyRateKPI proposes and approves, for the provider, a monthly
// percent KPI reported as numerator and denominator, segmented by clinic.
func (a *app) monthlyRateKPI(key, name string) accord.KPI {
	a.t.Helper()
	ctx, actor := context.Background(), accord.SystemActor("test")
	al := mustAlliance(a.t, a)
	parties, _ := a.db.ListParties(ctx, al.ID)
	var provider string
	for _, p := range parties {
		if p.Role == accord.PartyProvider {
			provider = p.ID
		}
	}
	k := accord.KPI{AllianceID: al.ID, Key: key, Name: name, Category: accord.CatQuality, Unit: accord.UnitPercent,
		Direction: accord.HigherIsBetter, Frequency: accord.Monthly, IsRatio: true, OwnerPartyID: provider, SegmentBy: "clinic"}
	if err := a.db.ProposeKPI(ctx, actor, provider, &k); err != nil {
		a.t.Fatal(err)
	}
	for _, p := range parties {
		if p.ID != provider {
			if _, err := a.db.Approve(ctx, actor, al.ID, "kpi", k.ID, p.ID); err != nil {
				a.t.Fatal(err)
			}
		}
	}
	return k
}

// rateRows imports figures of a KPI, one per month from first, all final
// or all provisional; a figure is "num/den".
func (a *app) rateRows(k accord.KPI, first time.Time, segment string, provisional bool, figures ...string) {
	a.t.Helper()
	var rows []accord.ObservationInput
	for i, f := range figures {
		num, den, _ := strings.Cut(f, "/")
		n, err1 := number.ParseDecimal(num)
		d, err2 := number.ParseDecimal(den)
		if err1 != nil || err2 != nil {
			a.t.Fatalf("figure %q", f)
		}
		rows = append(rows, accord.ObservationInput{KPI: k.Key, Period: first.AddDate(0, i, 0).Format("2006-01"), Segment: segment,
			Numerator: &n, Denominator: &d, Line: i + 1, Source: "fhir:MeasureReport/r" + f, Provisional: provisional})
	}
	rep, err := a.db.ImportObservations(context.Background(), accord.SystemActor("test"),
		accord.ImportRequest{AllianceID: k.AllianceID, Format: "fhir", Filename: "r.json", Rows: rows})
	if err != nil || len(rep.Errors) > 0 {
		a.t.Fatalf("import: %v %+v", err, rep.Errors)
	}
}

// tileOf cuts one KPI's tile out of the scorecard page.
func tileOf(page, key string) string {
	at := strings.Index(page, `href="/a/north-valley/kpis/`+key+`" class="tilelink"`)
	if at < 0 {
		return ""
	}
	end := strings.Index(page[at:], "</li>")
	if end < 0 {
		return page[at:]
	}
	return page[at : at+end]
}

// TestProvisionalAndZeroOfZeroShown: a KPI whose latest month is a pending
// report's provisional figure is marked so on its scorecard tile (page and
// API, and for the one segment chosen; its sparkline's latest point is
// hollow) and drawn as a hollow point named
// in the legend and the chart's text on its page; once a complete report
// replaces it, the mark goes. A KPI whose latest month is 0 of 0 keeps the
// rate before it on its tile, says the month was 0 of 0, and draws no
// point for it.
func TestProvisionalAndZeroOfZeroShown(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			screen, empty := a.monthlyRateKPI("screen", "Screening done"), a.monthlyRateKPI("empty-clinic", "Follow-up in a quiet clinic")
			now := time.Now().UTC()
			first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -6, 0)
			latest := first.AddDate(0, 5, 0)
			a.rateRows(screen, first, "", false, "50/100", "52/100", "51/100", "55/100", "53/100")
			a.rateRows(screen, latest, "", true, "56/100")
			a.rateRows(screen, latest, "north", true, "30/50")
			a.rateRows(empty, first, "", false, "7/10", "8/10", "6/10", "7/10", "8/10", "0/0")

			c := a.login(roleAccounts["admin"])
			_, page := a.get(c, "/a/north-valley/scorecard")
			if tile := tileOf(page, "screen"); !strings.Contains(tile, `<span class="chip provisional"`) || !strings.Contains(tile, "56.0%") ||
				!strings.Contains(tile, `class="latest provisional"`) {
				t.Errorf("the screening tile does not mark its latest figure provisional: %s", tile)
			}
			month := accord.Monthly.FormatPeriod(latest)
			if tile := tileOf(page, "empty-clinic"); strings.Contains(tile, "provisional") || !strings.Contains(tile, "80.0%") ||
				!strings.Contains(tile, month+": 0 of 0 (no one in the denominator, so no rate)") {
				t.Errorf("the quiet clinic's tile: want the rate before and %s said to be 0 of 0, not provisional: %s", month, tile)
			}
			if _, seg := a.get(c, "/a/north-valley/scorecard?segment=north"); !strings.Contains(tileOf(seg, "screen"), `chip provisional`) {
				t.Errorf("the north clinic's tile does not mark its provisional figure")
			}
			today := now.Format(time.DateOnly)
			if _, past := a.get(c, "/a/north-valley/scorecard?as_of="+today); !strings.Contains(tileOf(past, "screen"), `chip provisional`) {
				t.Errorf("the scorecard as it stood today does not mark the provisional figure")
			}

			tok := a.token(roleAccounts["admin"], "read")
			_, body := rawAPI(t, a, "GET", nv+"/scorecard", tok, "", "")
			var tiles struct {
				Items []struct {
					Key         string `json:"key"`
					Provisional bool   `json:"provisional"`
				} `json:"items"`
			}
			if err := json.Unmarshal(body, &tiles); err != nil {
				t.Fatal(err)
			}
			for _, tl := range tiles.Items {
				if tl.Provisional != (tl.Key == "screen") {
					t.Errorf("API tile %s: provisional %v", tl.Key, tl.Provisional)
				}
			}

			_, kpiPage := a.get(c, "/a/north-valley/kpis/screen")
			for _, want := range []string{`class="provisional"`, "Provisional (not final yet)", "(provisional: not final yet)", "1 provisional value, not final yet."} {
				if !strings.Contains(kpiPage, want) {
					t.Errorf("the KPI page's charts: want %q", want)
				}
			}
			_, emptyPage := a.get(c, "/a/north-valley/kpis/empty-clinic")
			if strings.Contains(emptyPage, "Latest 0.0%") || !strings.Contains(emptyPage, "0 of 0") {
				t.Errorf("the quiet clinic's page charts its 0 of 0 month as a rate, or does not show it as 0 of 0")
			}

			a.rateRows(screen, latest, "", false, "56/100")
			_, page = a.get(c, "/a/north-valley/scorecard")
			if tile := tileOf(page, "screen"); strings.Contains(tile, "provisional") {
				t.Errorf("the complete report's figure is still marked provisional: %s", tile)
			}
			if _, past := a.get(c, "/a/north-valley/scorecard?as_of="+today); strings.Contains(tileOf(past, "screen"), "provisional") {
				t.Errorf("as it stood at the end of today, the complete report's figure is still marked provisional")
			}
		})
	}
}
