package views

import (
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// The parties of the fixtures: a payer, a provider and an investor.
const (
	partyPayer    = "party-payer"
	partyProvider = "party-provider"
	partyInvestor = "party-investor"
)

func shDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func shDayPtr(s string) *time.Time {
	t := shDay(s)
	return &t
}

// sharingKPIs are the fixtures' KPIs: the provider's a1c and visits and a
// quarterly one, the payer's cost and member months, the payer's derived
// cost per member month, and a derived KPI of the payer over the
// provider's a1c.
func sharingKPIs() []accord.KPI {
	return []accord.KPI{
		{ID: "k-a1c", Key: "a1c", Name: "HbA1c control", Category: accord.CatQuality, Frequency: accord.Monthly, OwnerPartyID: partyProvider, OwnerName: "Riverside"},
		{ID: "k-visits", Key: "visits", Name: "Visits", Category: accord.CatOperations, Frequency: accord.Monthly, OwnerPartyID: partyProvider, OwnerName: "Riverside"},
		{ID: "k-q", Key: "q", Name: "Quarterly", Category: accord.CatQuality, Frequency: accord.Quarterly, OwnerPartyID: partyProvider, OwnerName: "Riverside"},
		{ID: "k-cost", Key: "cost", Name: "Total cost", Category: accord.CatFinancial, Frequency: accord.Monthly, OwnerPartyID: partyPayer, OwnerName: "Valley"},
		{ID: "k-mm", Key: "mm", Name: "Member months", Category: accord.CatFinancial, Frequency: accord.Monthly, OwnerPartyID: partyPayer, OwnerName: "Valley"},
		{ID: "k-pmpm", Key: "pmpm", Name: "Cost PMPM", Category: accord.CatFinancial, Frequency: accord.Monthly, OwnerPartyID: partyPayer, OwnerName: "Valley", Formula: "cost / mm"},
		{ID: "k-mixed", Key: "mixed", Name: "Mixed", Category: accord.CatFinancial, Frequency: accord.Monthly, OwnerPartyID: partyPayer, OwnerName: "Valley", Formula: "a1c / mm"},
		{ID: "k-lost", Key: "lost", Name: "Lost", Category: accord.CatFinancial, Frequency: accord.Monthly, OwnerPartyID: partyPayer, OwnerName: "Valley", Formula: "cost / gone"},
	}
}

func sharingProtocols() []accord.Protocol {
	active := accord.ProtocolActive
	return []accord.Protocol{
		{Title: "a1c East Q1", FromPartyID: partyProvider, ToPartyID: partyPayer, KPIKeys: []string{"a1c"}, Segments: []string{"East"},
			StartsOn: shDay("2024-01-01"), EndsOn: shDayPtr("2024-03-31"), Status: active},
		{Title: "operations to all", FromPartyID: partyProvider, Categories: []string{string(accord.CatOperations)}, StartsOn: shDay("2024-01-01"), Status: active},
		{Title: "visits proposed", FromPartyID: partyProvider, ToPartyID: partyInvestor, KPIKeys: []string{"visits"}, StartsOn: shDay("2020-01-01"), Status: accord.ProtocolProposed},
		{Title: "a1c ended", FromPartyID: partyProvider, ToPartyID: partyInvestor, KPIKeys: []string{"a1c"}, StartsOn: shDay("2020-01-01"), EndsOn: shDayPtr("2026-01-01"), Status: accord.ProtocolEnded},
		{Title: "financial to provider", FromPartyID: partyPayer, ToPartyID: partyProvider, Categories: []string{string(accord.CatFinancial)}, StartsOn: shDay("2024-01-01"), Status: active},
		{Title: "quarterly from February", FromPartyID: partyProvider, ToPartyID: partyPayer, KPIKeys: []string{"q"}, StartsOn: shDay("2024-02-01"), Status: active},
		// Every KPI of the payer to the investor: never the provider's.
		{Title: "payer to investor", FromPartyID: partyPayer, ToPartyID: partyInvestor, StartsOn: shDay("2020-01-01"), Status: active},
	}
}

func sharingAs(viewer string, on bool) Sharing {
	return newSharing(on, viewer, sharingProtocols(), sharingKPIs())
}

func kpiByKey(key string) accord.KPI {
	for _, k := range sharingKPIs() {
		if k.Key == key {
			return k
		}
	}
	panic("no KPI " + key)
}

func TestSharingSeesPeriod(t *testing.T) {
	tests := []struct {
		name, viewer, kpi, seg, period string
		off                            bool
		want                           bool
	}{
		{"sharing open: anyone sees anything", partyInvestor, "a1c", "West", "2019-05-01", true, true},
		{"the owner sees its own", partyProvider, "a1c", "West", "2019-05-01", false, true},
		{"the owner sees its own totals", partyProvider, "a1c", "", "2019-05-01", false, true},
		{"a covered segment and period", partyPayer, "a1c", "East", "2024-02-01", false, true},
		{"first covered period", partyPayer, "a1c", "East", "2024-01-01", false, true},
		{"last covered period", partyPayer, "a1c", "East", "2024-03-01", false, true},
		{"a segment the protocol does not name", partyPayer, "a1c", "West", "2024-02-01", false, false},
		{"the total of a segment-limited protocol", partyPayer, "a1c", "", "2024-02-01", false, false},
		{"a period after the protocol ends", partyPayer, "a1c", "East", "2024-04-01", false, false},
		{"a period before the protocol starts", partyPayer, "a1c", "East", "2023-12-01", false, false},
		{"a protocol to another party", partyInvestor, "a1c", "East", "2024-02-01", false, false},
		{"a protocol that has ended", partyInvestor, "a1c", "East", "2024-02-01", false, false},
		{"a category protocol to every party, total", partyPayer, "visits", "", "2024-05-01", false, true},
		{"a category protocol to every party, segment", partyInvestor, "visits", "West", "2024-05-01", false, true},
		{"a category protocol before its start", partyInvestor, "visits", "West", "2023-06-01", false, false},
		{"a KPI outside the protocol's category", partyInvestor, "a1c", "", "2024-05-01", false, false},
		{"a proposed protocol shares nothing", partyInvestor, "visits", "", "2019-05-01", false, false},
		{"a protocol shares only its own party's KPIs", partyInvestor, "a1c", "", "2024-05-01", false, false},
		{"the payer's KPIs to the investor", partyInvestor, "cost", "", "2024-05-01", false, true},
		{"a period must be covered from its first day", partyPayer, "q", "", "2024-01-01", false, false},
		{"a whole quarter inside the protocol", partyPayer, "q", "", "2024-04-01", false, true},
		{"derived: itself and its inputs shared", partyProvider, "pmpm", "", "2024-05-01", false, true},
		{"derived: before the protocol", partyProvider, "pmpm", "", "2023-12-01", false, false},
		{"derived: another party's input withheld", partyPayer, "mixed", "", "2024-02-01", false, false},
		{"derived: another party's input, shared segment", partyPayer, "mixed", "East", "2024-02-01", false, true},
		{"derived: the input's owner sees it under the derived KPI's protocol", partyProvider, "mixed", "", "2024-05-01", false, true},
		{"derived: a formula naming no KPI", partyPayer, "lost", "", "2024-05-01", false, false},
		{"derived: the investor lacks the provider's input", partyInvestor, "mixed", "", "2024-05-01", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sh := sharingAs(tc.viewer, !tc.off)
			if got := sh.SeesPeriod(kpiByKey(tc.kpi), tc.seg, shDay(tc.period)); got != tc.want {
				t.Errorf("seesPeriod(%s, %q, %s) as %s = %v, want %v", tc.kpi, tc.seg, tc.period, tc.viewer, got, tc.want)
			}
		})
	}
}

func TestSharingSeesKPIAndSegment(t *testing.T) {
	tests := []struct {
		viewer, kpi, seg          string
		wantKPI, wantSeg, wantAll bool
	}{
		{partyProvider, "a1c", "", true, true, true},
		{partyPayer, "a1c", "East", true, true, false},
		{partyPayer, "a1c", "West", true, false, false},
		{partyPayer, "a1c", "", true, false, false},
		{partyInvestor, "a1c", "", false, false, false},
		{partyInvestor, "visits", "West", true, true, false},
		{partyPayer, "cost", "", true, true, true},
		{partyProvider, "cost", "", true, true, false},
		{partyProvider, "pmpm", "", true, true, false},
		{partyInvestor, "pmpm", "", true, true, false},
		{partyInvestor, "mixed", "", false, false, false},
		{partyPayer, "mixed", "", true, false, false},
		{partyPayer, "mixed", "East", true, true, false},
		{partyPayer, "lost", "", false, false, false},
	}
	for _, tc := range tests {
		sh, k := sharingAs(tc.viewer, true), kpiByKey(tc.kpi)
		if got := sh.SeesKPI(k); got != tc.wantKPI {
			t.Errorf("seesKPI(%s) as %s = %v, want %v", tc.kpi, tc.viewer, got, tc.wantKPI)
		}
		if got := sh.seesSegment(k, tc.seg); got != tc.wantSeg {
			t.Errorf("seesSegment(%s, %q) as %s = %v, want %v", tc.kpi, tc.seg, tc.viewer, got, tc.wantSeg)
		}
		if got := sh.SeesAll(k); got != tc.wantAll {
			t.Errorf("seesAll(%s) as %s = %v, want %v", tc.kpi, tc.viewer, got, tc.wantAll)
		}
	}
	open := sharingAs(partyInvestor, false)
	for _, k := range sharingKPIs() {
		if !open.SeesAll(k) || !open.SeesKPI(k) || !open.seesSegment(k, "") {
			t.Errorf("with sharing open, %s is not fully visible", k.Key)
		}
	}
}

func shObs(seg, period string) accord.Observation {
	v := number.Decimal(number.DecimalScale)
	return accord.Observation{KPIID: "k-a1c", Segment: seg, Period: shDay(period), Value: &v}
}

func shKeys(os []accord.Observation) string {
	var out []string
	for _, o := range os {
		out = append(out, o.Segment+"@"+o.Period.Format("2006-01"))
	}
	return strings.Join(out, " ")
}

func TestSharingFiltersObservationsAndTotals(t *testing.T) {
	all := []accord.Observation{shObs("", "2024-02-01"), shObs("East", "2024-02-01"), shObs("West", "2024-02-01"), shObs("East", "2024-05-01"), shObs("West", "2024-05-01")}
	a1c := kpiByKey("a1c")
	tests := []struct {
		viewer      string
		on          bool
		wantSeg     string
		wantWholeOf string
	}{
		{partyPayer, false, "@2024-02 East@2024-02 West@2024-02 East@2024-05 West@2024-05", "@2024-02 East@2024-02 West@2024-02 East@2024-05 West@2024-05"},
		{partyProvider, true, "@2024-02 East@2024-02 West@2024-02 East@2024-05 West@2024-05", "@2024-02 East@2024-02 West@2024-02 East@2024-05 West@2024-05"},
		{partyPayer, true, "East@2024-02", ""},
		{partyInvestor, true, "", ""},
	}
	for _, tc := range tests {
		sh := sharingAs(tc.viewer, tc.on)
		if got := shKeys(sh.Observations(a1c, all)); got != tc.wantSeg {
			t.Errorf("observations as %s (on %v) = %q, want %q", tc.viewer, tc.on, got, tc.wantSeg)
		}
		if got := shKeys(sh.WholePeriods(a1c, all)); got != tc.wantWholeOf {
			t.Errorf("wholePeriods as %s (on %v) = %q, want %q", tc.viewer, tc.on, got, tc.wantWholeOf)
		}
	}
	visits := kpiByKey("visits")
	vobs := []accord.Observation{shObs("East", "2023-12-01"), shObs("East", "2024-01-01"), shObs("West", "2024-01-01")}
	for i := range vobs {
		vobs[i].KPIID = visits.ID
	}
	if got := shKeys(sharingAs(partyInvestor, true).WholePeriods(visits, vobs)); got != "East@2024-01 West@2024-01" {
		t.Errorf("wholePeriods of visits as the investor = %q, want every segment of 2024-01 only", got)
	}
	totals := []accord.PeriodTotal{{KPIID: "k-a1c", Period: shDay("2024-02-01")}, {KPIID: "k-visits", Period: shDay("2024-02-01")},
		{KPIID: "k-visits", Period: shDay("2023-02-01")}, {KPIID: "k-cost", Period: shDay("2024-02-01")}}
	got := sharingAs(partyPayer, true).Totals(sharingKPIs(), totals, "")
	if len(got) != 2 || got[0].KPIID != "k-visits" || got[1].KPIID != "k-cost" {
		t.Errorf("whole-alliance totals the payer sees = %+v, want visits 2024-02 and cost", got)
	}
	got = sharingAs(partyPayer, true).Totals(sharingKPIs(), totals, "East")
	if len(got) != 3 || got[0].KPIID != "k-a1c" {
		t.Errorf("East totals the payer sees = %+v, want a1c, visits 2024-02 and cost", got)
	}
}

func TestSharingSignals(t *testing.T) {
	a1c, visits := kpiByKey("a1c"), kpiByKey("visits")
	tests := []struct {
		name   string
		viewer string
		k      accord.KPI
		g      accord.Signal
		want   bool
	}{
		{"the owner", partyProvider, a1c, accord.Signal{FirstPeriod: shDay("2019-01-01"), LastPeriod: shDay("2026-01-01")}, true},
		{"covered segment and periods", partyPayer, a1c, accord.Signal{Segment: "East", FirstPeriod: shDay("2024-01-01"), LastPeriod: shDay("2024-03-01")}, true},
		{"a period past the protocol", partyPayer, a1c, accord.Signal{Segment: "East", FirstPeriod: shDay("2024-01-01"), LastPeriod: shDay("2024-04-01")}, false},
		{"a whole-alliance signal under a segment protocol", partyPayer, a1c, accord.Signal{FirstPeriod: shDay("2024-01-01"), LastPeriod: shDay("2024-02-01")}, false},
		{"an unshared KPI", partyInvestor, a1c, accord.Signal{FirstPeriod: shDay("2024-01-01"), LastPeriod: shDay("2024-02-01")}, false},
		{"a category protocol", partyInvestor, visits, accord.Signal{FirstPeriod: shDay("2024-01-01"), LastPeriod: shDay("2026-11-01")}, true},
		{"no periods: any figure of the segment", partyInvestor, visits, accord.Signal{}, true},
	}
	for _, tc := range tests {
		if got := sharingAs(tc.viewer, true).seesSignal(tc.k, tc.g); got != tc.want {
			t.Errorf("%s: seesSignal = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSharingNote(t *testing.T) {
	tests := []struct {
		viewer, kpi string
		want        []string
	}{
		{partyProvider, "a1c", nil},
		{partyInvestor, "a1c", []string{"Not shared with your party", "Riverside reports this KPI"}},
		{partyPayer, "a1c", []string{"Shared by protocol", "Riverside", "a1c East Q1", "segments East", "2024-01-01 to 2024-03-31"}},
		{partyPayer, "mixed", []string{"HbA1c control (reported by Riverside)"}},
		{partyInvestor, "mixed", []string{"Shared by protocol: Valley", "payer to investor", "HbA1c control (reported by Riverside)"}},
		{partyPayer, "lost", []string{"gone (not a KPI of this alliance)"}},
	}
	for _, tc := range tests {
		got := sharingAs(tc.viewer, true).Note(kpiByKey(tc.kpi))
		if tc.want == nil && got != "" {
			t.Errorf("note(%s) as %s = %q, want none", tc.kpi, tc.viewer, got)
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("note(%s) as %s = %q, want it to say %q", tc.kpi, tc.viewer, got, w)
			}
		}
	}
}
