package views

import (
	"net/url"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/initiative"
	"github.com/accord-alliance/accord/internal/number"
)

func TestParseLedgerRates(t *testing.T) {
	tests := []struct {
		query  string
		common float64
		party  map[string]float64
		field  string
	}{
		{"", DefaultDiscountRate, map[string]float64{}, ""},
		{"rate=0.05", 0.05, map[string]float64{}, ""},
		{"rate=6%25&rate_p1=9%25", 0.06, map[string]float64{"p1": 0.09}, ""},
		{"rates=p1%3D0.06,p2%3D12%25", DefaultDiscountRate, map[string]float64{"p1": 0.06, "p2": 0.12}, ""},
		{"rate_p1=", DefaultDiscountRate, map[string]float64{}, ""},
		{"rate=lots", 0, nil, "rate"},
		{"rate=-100%25", 0, nil, "rate"},
		{"rate_p1=2000%25", 0, nil, "rate_p1"},
		{"rates=p1", 0, nil, "rates"},
		{"rates=%3D0.1", 0, nil, "rates"},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		got, err := ParseLedgerRates(q)
		if tt.field != "" {
			if accord.ErrorField(err) != tt.field {
				t.Errorf("%q: err %v, want one about %s", tt.query, err, tt.field)
			}
			continue
		}
		if err != nil || got.Common != tt.common || len(got.Party) != len(tt.party) {
			t.Errorf("%q: got %+v, %v; want common %v and %v", tt.query, got, err, tt.common, tt.party)
			continue
		}
		for id, r := range tt.party {
			if got.Party[id] != r || got.Of(id) != r {
				t.Errorf("%q: party %s at %v, want %v", tt.query, id, got.Party[id], r)
			}
		}
		if got.Of("someone else") != tt.common {
			t.Errorf("%q: a party without a rate gets %v, want the common %v", tt.query, got.Of("someone else"), tt.common)
		}
	}
}

func TestParsePortfolioWindow(t *testing.T) {
	today := time.Date(2027, 3, 14, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		query, from string
		months      int
		field       string
	}{
		{"", "2027-03", 12, ""},
		{"from=2026-11&months=60", "2026-11", 60, ""},
		{"months=1", "2027-03", 1, ""},
		{"months=0", "", 0, "months"},
		{"months=61", "", 0, "months"},
		{"months=x", "", 0, "months"},
		{"from=2027-13", "", 0, "from"},
		{"from=March", "", 0, "from"},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		got, err := ParsePortfolioWindow(q, today)
		if tt.field != "" {
			if accord.ErrorField(err) != tt.field {
				t.Errorf("%q: err %v, want one about %s", tt.query, err, tt.field)
			}
			continue
		}
		if err != nil || got.FromText() != tt.from || got.Months != tt.months {
			t.Errorf("%q: got %s × %d, %v; want %s × %d", tt.query, got.FromText(), got.Months, err, tt.from, tt.months)
		}
	}
}

func TestPartyTotals(t *testing.T) {
	parties := []accord.Party{{ID: "a", OrgName: "Plan"}, {ID: "b", OrgName: "Group"}, {ID: "c", OrgName: "Vendor"}}
	totals := []accord.LedgerTotal{
		{InitiativeID: "i1", PartyID: "a", Budget: 10000, Actual: 4000},
		{InitiativeID: "i1", PhaseID: "p1", PartyID: "b", Budget: 5000, Actual: 1000, Disputed: 700},
		{InitiativeID: "i2", PartyID: "a", Budget: 2000, Actual: 2000},
		{InitiativeID: "i2", PartyID: "stranger", Budget: 99},
	}
	tests := []struct {
		initiative string
		want       []PartyTotal
	}{
		{"", []PartyTotal{{"a", "Plan", 12000, 6000, 0}, {"b", "Group", 5000, 1000, 700}}},
		{"i1", []PartyTotal{{"a", "Plan", 10000, 4000, 0}, {"b", "Group", 5000, 1000, 700}}},
		{"i2", []PartyTotal{{"a", "Plan", 2000, 2000, 0}}},
		{"i3", []PartyTotal{}},
	}
	for _, tt := range tests {
		got := partyTotals(parties, totals, tt.initiative)
		if len(got) != len(tt.want) {
			t.Errorf("%q: got %+v, want %+v", tt.initiative, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q: row %d = %+v, want %+v", tt.initiative, i, got[i], tt.want[i])
			}
		}
	}
}

// TestLedgerValue checks the flows a ledger values: contributions that
// count, as money out on their dates, each party at its rate.
func TestLedgerValue(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	v := LedgerView{Rates: LedgerRates{Common: 0.08, Party: map[string]float64{"b": 0.1}},
		Parties: []accord.Party{{ID: "a", OrgName: "Plan"}, {ID: "b", OrgName: "Group"}},
		Contributions: []accord.Contribution{
			{PartyID: "a", Amount: 100000, On: day("2027-01-01")},
			{PartyID: "b", Amount: 50000, On: day("2027-02-01"), Disputed: true},
			{PartyID: "b", Amount: 20000, On: day("2027-03-01"), Disputed: true, Resolution: accord.ResolutionUpheld},
			{PartyID: "b", Amount: 30000, On: day("2027-04-01"), Disputed: true, Resolution: accord.ResolutionWithdrawn},
		}}
	if err := v.value(); err != nil {
		t.Fatal(err)
	}
	if len(v.Returns) != 2 || v.Total == nil {
		t.Fatalf("returns %+v, total %v; want two parties and a total", v.Returns, v.Total)
	}
	want := map[string]struct {
		rate     float64
		invested number.Money
	}{"a": {0.08, 100000}, "b": {0.1, 20000}}
	for _, r := range v.Returns {
		if w := want[r.PartyID]; r.Rate != w.rate || r.Invested != w.invested || r.NPV != -w.invested || r.IRR.OK {
			t.Errorf("party %s: rate %v invested %v NPV %v IRR %+v; want %v, %v, −%v and no IRR", r.PartyID, r.Rate, r.Invested, r.NPV, r.IRR, w.rate, w.invested, w.invested)
		}
	}
	if v.Total.Invested != 120000 || v.Total.Rate != 0.08 {
		t.Errorf("total: invested %v at %v, want 1,200.00 at 0.08", v.Total.Invested, v.Total.Rate)
	}
	empty := LedgerView{Rates: v.Rates}
	if err := empty.value(); err != nil || empty.Total != nil || len(empty.Returns) != 0 {
		t.Errorf("no contribution: %+v, %v; want no returns", empty, err)
	}
}

// TestEnginePortfolio checks which phases hold capacity in the engine's
// terms: planned and active, not paused, done or stopped.
func TestEnginePortfolio(t *testing.T) {
	d := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	p := accord.Portfolio{Sites: []accord.Site{{ID: "s", Name: "Lakeview", MaxActive: 1, StaffHours: number.DecimalFromInt(10)}},
		Initiatives: []accord.Initiative{{ID: "i", Name: "Pilot"}}}
	for _, st := range []string{accord.PhasePlanned, accord.PhaseActive, accord.PhasePaused, accord.PhaseDone, accord.PhaseStopped} {
		p.Phases = append(p.Phases, accord.Phase{ID: st, InitiativeID: "i", Name: st, StartsOn: d, EndsOn: d.AddDate(0, 1, -1), Status: st,
			Sites: []accord.PhaseSite{{SiteID: "s", BackOfficeHours: number.DecimalFromInt(1), Staff: []accord.RoleHours{{Role: "Nurse", Hours: number.DecimalFromInt(2)}}}}})
	}
	sites, inits, phases := EnginePortfolio(p)
	if len(sites) != 1 || sites[0].HoursPerWeek != number.DecimalFromInt(10) || len(inits) != 1 {
		t.Fatalf("sites %+v, initiatives %+v", sites, inits)
	}
	if len(phases) != 2 || phases[0].ID != accord.PhasePlanned || phases[1].ID != accord.PhaseActive {
		t.Fatalf("phases %+v, want the planned and the active", phases)
	}
	built, err := initiative.BuildPortfolio(sites, inits, phases, initiative.MonthOf(d), 1)
	if err != nil {
		t.Fatal(err)
	}
	if c := built.Heatmap[0].Cells[0]; c.Hours != number.DecimalFromInt(6) || c.Active != 1 || c.Over() {
		t.Errorf("January: %+v, want 6 hours, 1 initiative, within capacity", c.Load)
	}
}
