package roi

import (
	"encoding/csv"
	"math"
	"math/big"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

// gnumericRow is one line of testdata/gnumeric/results.csv: what Gnumeric's
// XNPV and XIRR gave for a party's flows in a set (or the set's, party "").
type gnumericRow struct {
	set, party, rate, xnpv, xirr string
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows[1:]
}

// gnumericFlows reads testdata/gnumeric/flows.csv into flows by set.
func gnumericFlows(t *testing.T) map[string][]Flow {
	t.Helper()
	sets := map[string][]Flow{}
	for _, r := range readCSV(t, "testdata/gnumeric/flows.csv") {
		d, err := time.Parse(time.DateOnly, r[1])
		if err != nil {
			t.Fatal(err)
		}
		a, err := number.ParseMoney(r[3])
		if err != nil {
			t.Fatal(err)
		}
		sets[r[0]] = append(sets[r[0]], Flow{Date: d, Party: r[2], Amount: a})
	}
	return sets
}

// centsHalfAway rounds Gnumeric's printed XNPV (dollars, about twenty
// digits) to the cent exactly, half away from zero.
func centsHalfAway(t *testing.T, s string) number.Money {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("gnumeric's XNPV %q is not a number", s)
	}
	r.Mul(r, big.NewRat(100, 1))
	return number.Cents(r, number.HalfUp)
}

// TestAgreesWithGnumeric checks every party's and every set's NPV (to the
// cent) and IRR (within 1e-6) against Gnumeric's XNPV and XIRR on the
// random flows of testdata/gnumeric (see testdata/README.md).
func TestAgreesWithGnumeric(t *testing.T) {
	sets := gnumericFlows(t)
	var rows []gnumericRow
	rates := map[string]Rates{}
	for _, r := range readCSV(t, "testdata/gnumeric/results.csv") {
		g := gnumericRow{r[0], r[1], r[2], r[3], r[4]}
		rows = append(rows, g)
		rate, err := strconv.ParseFloat(g.rate, 64)
		if err != nil {
			t.Fatal(err)
		}
		rs := rates[g.set]
		if rs.Party == nil {
			rs.Party = map[string]float64{}
		}
		if g.party == "" {
			rs.Total = rate
		} else {
			rs.Party[g.party] = rate
		}
		rates[g.set] = rs
	}
	if len(sets) < 40 || len(rows) < 80 {
		t.Fatalf("got %d sets and %d results, want at least 40 and 80", len(sets), len(rows))
	}
	reports := map[string]*Report{}
	for set, flows := range sets {
		rep, err := Evaluate(flows, rates[set])
		if err != nil {
			t.Fatalf("set %s: %v", set, err)
		}
		reports[set] = rep
	}
	var solved, none, ambiguous int
	for _, g := range rows {
		ret := find(reports[g.set], g.party)
		if ret == nil {
			t.Errorf("set %s: no result for party %q", g.set, g.party)
			continue
		}
		if want := centsHalfAway(t, g.xnpv); ret.NPV != want {
			t.Errorf("set %s %q: got NPV %s, want Gnumeric's %s (%s)", g.set, g.party, ret.NPV, want, g.xnpv)
		}
		switch n := checkIRR(t, g, ret.IRR); n {
		case 0:
			solved++
		case 1:
			none++
		default:
			ambiguous++
		}
	}
	t.Logf("%d NPVs, %d IRRs, %d without, %d ambiguous", len(rows), solved, none, ambiguous)
	if solved < 40 || none < 5 || ambiguous < 5 {
		t.Errorf("got %d IRRs, %d without and %d ambiguous; want a test of each (40, 5, 5 at least)", solved, none, ambiguous)
	}
}

// checkIRR compares an IRR with Gnumeric's and returns 0 for a rate, 1 for
// none, 2 for several.
func checkIRR(t *testing.T, g gnumericRow, irr IRR) int {
	t.Helper()
	if strings.HasPrefix(g.xirr, "#") {
		if irr.OK || len(irr.Rates) > 0 {
			t.Errorf("set %s %q: got IRR %v (%v), want none as Gnumeric (%s)", g.set, g.party, irr.Rate, irr.Rates, g.xirr)
		}
		return 1
	}
	want, err := strconv.ParseFloat(g.xirr, 64)
	if err != nil {
		t.Fatalf("set %s: gnumeric's XIRR %q: %v", g.set, g.xirr, err)
	}
	if len(irr.Rates) > 0 {
		for _, r := range irr.Rates {
			if math.Abs(r-want) <= 1e-6 {
				return 2
			}
		}
		t.Errorf("set %s %q: got rates %v, want one of them to be Gnumeric's %v", g.set, g.party, irr.Rates, want)
		return 2
	}
	if !irr.OK || math.Abs(irr.Rate-want) > 1e-6 {
		t.Errorf("set %s %q: got IRR %v (%t, %s), want Gnumeric's %v", g.set, g.party, irr.Rate, irr.OK, irr.Reason, want)
	}
	return 0
}

func find(rep *Report, party string) *Return {
	if rep == nil {
		return nil
	}
	if party == "" {
		return &rep.Total
	}
	for i := range rep.Parties {
		if rep.Parties[i].Party == party {
			return &rep.Parties[i].Return
		}
	}
	return nil
}
