// Command gen writes the Gnumeric check of package roi: random sets of cash
// flows (flows.csv), a spreadsheet that values every party's flows and each
// set's with Gnumeric's XNPV and XIRR (sheet.gnumeric), and what Gnumeric
// computed (results.csv). It needs ssconvert (Debian: apt-get install
// gnumeric). Run it from internal/roi with go generate; see ../README.md.
package main

import (
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

const sets = 40

type flow struct {
	day    time.Time
	party  string
	amount int64 // cents
}

type set struct {
	flows []flow
	rates map[string]float64 // "" is the total's
}

var parties = []string{"North Valley Health Plan", "Valley Physicians", "Cascade Investors", "TeleCare"}

func main() {
	dir := "testdata/gnumeric"
	if err := run(dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	rng := rand.New(rand.NewPCG(15, 2026))
	all := make([]set, sets)
	for i := range all {
		all[i] = makeSet(rng, i)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := writeFlows(filepath.Join(dir, "flows.csv"), all); err != nil {
		return err
	}
	blocks, sheet := buildSheet(all)
	sheetPath := filepath.Join(dir, "sheet.gnumeric")
	if err := writeWorkbook(sheetPath, sheet); err != nil {
		return err
	}
	out := filepath.Join(os.TempDir(), "roi-gnumeric-out.csv")
	cmd := exec.Command("ssconvert", "--export-type=Gnumeric_stf:stf_csv", sheetPath, out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("ssconvert: %v: %s", err, msg)
	}
	defer os.Remove(out)
	return writeResults(filepath.Join(dir, "results.csv"), out, blocks)
}

// makeSet draws set i; i%8 picks its shape so that every shape appears
// five times.
func makeSet(rng *rand.Rand, i int) set {
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(9*365))
	years := 1 + rng.IntN(8)
	s := set{rates: map[string]float64{"": drawRate(rng)}}
	switch i % 8 {
	case 0, 1, 2:
		s.flows = project(rng, parties[i%len(parties)], start, years)
	case 3, 4:
		n := 2 + rng.IntN(3)
		for p := range n {
			s.flows = append(s.flows, project(rng, parties[p], start.AddDate(0, 0, rng.IntN(120)), years)...)
		}
	case 5:
		s.flows = mixed(rng, start, years)
	case 6:
		s.flows = twoRoots(rng, start)
	case 7:
		s.flows = noIRR(rng, i/8, start, years)
	}
	for _, f := range s.flows {
		if _, ok := s.rates[f.party]; !ok {
			s.rates[f.party] = drawRate(rng)
		}
	}
	slices.SortStableFunc(s.flows, func(a, b flow) int { return a.day.Compare(b.day) })
	return s
}

func drawRate(rng *rand.Rand) float64 {
	switch rng.IntN(10) {
	case 0:
		return 0
	case 1:
		return -0.02
	}
	return float64(100+rng.IntN(1400)) / 10000 // 1% to 15%, to the basis point
}

// dollars draws an amount of lo to hi dollars, with cents.
func dollars(rng *rand.Rand, lo, hi float64) int64 {
	return int64(math.Round((lo + rng.Float64()*(hi-lo)) * 100))
}

// day draws a day within years of start; among many flows, some fall on
// the same day.
func day(rng *rand.Rand, start time.Time, years int) time.Time {
	return start.AddDate(0, 0, rng.IntN(years*365+1))
}

// project: a party invests in one to four payments in its first year and
// gets back 0.5 to 2.5 times as much, from six months on, over the years.
func project(rng *rand.Rand, party string, start time.Time, years int) []flow {
	var fl []flow
	invested := int64(0)
	for k := range 1 + rng.IntN(4) {
		d := start
		if k > 0 {
			d = start.AddDate(0, 0, rng.IntN(365))
		}
		a := dollars(rng, 10_000, 5_000_000)
		invested += a
		fl = append(fl, flow{d, party, -a})
	}
	n := 2 + rng.IntN(30)
	back := float64(invested) * (0.5 + 2*rng.Float64())
	for range n {
		d := start.AddDate(0, 0, 180+rng.IntN(years*365))
		fl = append(fl, flow{d, party, int64(math.Round(back / float64(n) * (0.5 + rng.Float64())))})
	}
	return fl
}

// mixed: 2 to 40 flows of either sign among two or three parties.
func mixed(rng *rand.Rand, start time.Time, years int) []flow {
	fl := []flow{{start, parties[0], -dollars(rng, 1_000, 900_000)}}
	for range 1 + rng.IntN(39) {
		a := dollars(rng, 1, 900_000)
		if rng.IntN(3) == 0 {
			a = -a
		}
		fl = append(fl, flow{day(rng, start, years), parties[rng.IntN(3)], a})
	}
	return fl
}

// twoRoots: −K, K(v1+v2), −K·v1·v2 a year (365 days) apart have NPV
// −K(v−v1)(v−v2) with v = 1/(1+r): two rates solve it.
func twoRoots(rng *rand.Rand, start time.Time) []flow {
	r1, r2 := 0.02+0.1*rng.Float64(), 0.2+0.3*rng.Float64()
	v1, v2 := 1/(1+r1), 1/(1+r2)
	k := dollars(rng, 100_000, 2_000_000)
	p := parties[3]
	return []flow{
		{start, p, -int64(math.Round(float64(k) * v1 * v2))},
		{start.AddDate(0, 0, 365), p, int64(math.Round(float64(k) * (v1 + v2)))},
		{start.AddDate(0, 0, 730), p, -k},
	}
}

// noIRR: sets that no rate solves, in four ways.
func noIRR(rng *rand.Rand, variant int, start time.Time, years int) []flow {
	p := parties[2]
	switch variant % 4 {
	case 0: // money only goes out
		fl := project(rng, p, start, years)
		for i := range fl {
			fl[i].amount = -abs(fl[i].amount)
		}
		return fl
	case 1: // money only comes in
		fl := project(rng, p, start, years)
		for i := range fl {
			fl[i].amount = abs(fl[i].amount)
		}
		return fl
	case 2: // −100, +250, −160 a year apart: NPV < 0 at every rate
		k := dollars(rng, 1_000, 100_000)
		return []flow{{start, p, -k * 100}, {start.AddDate(0, 0, 365), p, k * 250}, {start.AddDate(0, 0, 730), p, -k * 160}}
	default: // the rate would be above 100,000% a year
		k := dollars(rng, 1_000, 100_000)
		return []flow{{start, p, -k}, {start.AddDate(0, 0, 30), p, k * 10_000}}
	}
}

func abs(a int64) int64 { return max(a, -a) }

func money(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

func writeFlows(path string, all []set) error {
	rows := [][]string{{"set", "date", "party", "amount"}}
	for i, s := range all {
		for _, f := range s.flows {
			rows = append(rows, []string{fmt.Sprint(i + 1), f.day.Format(time.DateOnly), f.party, money(f.amount)})
		}
	}
	return writeCSV(path, rows)
}

// block is one range of the sheet valued by XNPV and XIRR: a party's
// flows in a set, or the whole set's (party "").
type block struct {
	set   int
	party string
	rate  float64
	row   int // 0-based row of its first flow, where its formulas are
}

// buildSheet lays every block out as rows of date and amount, in date
// order (XNPV and XIRR count time from the first row), with XNPV and XIRR
// of the block in the first row's third and fourth columns.
func buildSheet(all []set) ([]block, [][]string) {
	var blocks []block
	var rows [][]string
	for i, s := range all {
		var names []string
		for _, f := range s.flows {
			if !slices.Contains(names, f.party) {
				names = append(names, f.party)
			}
		}
		for _, p := range append(names, "") {
			b := block{set: i + 1, party: p, rate: s.rates[p], row: len(rows)}
			for _, f := range s.flows {
				if p == "" || f.party == p {
					y, m, d := f.day.Date()
					rows = append(rows, []string{fmt.Sprintf("=DATE(%d,%d,%d)", y, int(m), d), money(f.amount), "", ""})
				}
			}
			r0, r1 := b.row+1, len(rows)
			rows[b.row][2] = fmt.Sprintf("=XNPV(%s,B%d:B%d,A%d:A%d)", rateText(b.rate), r0, r1, r0, r1)
			rows[b.row][3] = fmt.Sprintf("=XIRR(B%d:B%d,A%d:A%d)", r0, r1, r0, r1)
			blocks = append(blocks, b)
		}
	}
	return blocks, rows
}

func rateText(r float64) string { return fmt.Sprintf("%.4f", r) }

func writeResults(path, gnumericOut string, blocks []block) error {
	f, err := os.Open(gnumericOut)
	if err != nil {
		return err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	got, err := cr.ReadAll()
	if err != nil {
		return fmt.Errorf("read ssconvert's output: %w", err)
	}
	rows := [][]string{{"set", "party", "rate", "xnpv", "xirr"}}
	for _, b := range blocks {
		if b.row >= len(got) || len(got[b.row]) < 4 {
			return fmt.Errorf("ssconvert's output has no formulas at row %d", b.row+1)
		}
		xnpv, xirr := got[b.row][2], got[b.row][3]
		if strings.HasPrefix(xnpv, "#") || xnpv == "" {
			return fmt.Errorf("set %d %q: XNPV gave %q", b.set, b.party, xnpv)
		}
		rows = append(rows, []string{fmt.Sprint(b.set), b.party, rateText(b.rate), xnpv, xirr})
	}
	return writeCSV(path, rows)
}

// writeWorkbook writes rows as a Gnumeric workbook (its uncompressed XML
// form): a cell starting with "=" is a formula, any other a number. A
// workbook, unlike a CSV file, leaves Gnumeric nothing to guess.
func writeWorkbook(path string, rows [][]string) error {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<gnm:Workbook xmlns:gnm="http://www.gnumeric.org/v10.dtd">
  <gnm:SheetNameIndex><gnm:SheetName>Flows</gnm:SheetName></gnm:SheetNameIndex>
  <gnm:Sheets>
    <gnm:Sheet>
      <gnm:Name>Flows</gnm:Name>
`)
	fmt.Fprintf(&b, "      <gnm:MaxCol>3</gnm:MaxCol>\n      <gnm:MaxRow>%d</gnm:MaxRow>\n      <gnm:Cells>\n", len(rows)-1)
	for r, row := range rows {
		for c, v := range row {
			if v == "" {
				continue
			}
			typ := ""
			if !strings.HasPrefix(v, "=") {
				typ = ` ValueType="40"`
			}
			fmt.Fprintf(&b, "        <gnm:Cell Row=\"%d\" Col=\"%d\"%s>", r, c, typ)
			if err := xml.EscapeText(&b, []byte(v)); err != nil {
				return err
			}
			b.WriteString("</gnm:Cell>\n")
		}
	}
	b.WriteString("      </gnm:Cells>\n    </gnm:Sheet>\n  </gnm:Sheets>\n</gnm:Workbook>\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func writeCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
