package claims

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// GenOptions size a synthetic claims data set.
type GenOptions struct {
	Beneficiaries int
	Lines         int
	Year          int
	Seed          uint64
}

// GenStats describes what Generate wrote.
type GenStats struct {
	Beneficiaries  int64    `json:"beneficiaries"`
	EnrollmentRows int64    `json:"enrollment_rows"`
	Lines          int64    `json:"lines"`
	Files          []string `json:"files"`
}

type date struct{ y, m, d int }

func (d date) add(days int) date {
	t := time.Date(d.y, time.Month(d.m), d.d+days, 0, 0, 0, 0, time.UTC)
	return date{t.Year(), int(t.Month()), t.Day()}
}

type row struct {
	claim      int64
	line       int
	bene       []byte
	typ        string
	from, thru date
	loaded     date
	cents      int64
	adj        byte
}

type generator struct {
	rnd      *rand.Rand
	o        GenOptions
	benes    [][11]byte
	spans    [][2]int8 // first and last enrolled month, 0–11
	claim    int64
	fileName string
	fileDate date
}

// Generate writes a realistic synthetic claims directory for year: one
// enrollment row per beneficiary-month (most enrolled all year, some part
// of it) and claim lines split among Part A headers (10%), Part B
// physician lines (80%) and DME lines (10%), with skewed utilisation,
// log-normal amounts, and a few claims outside the year, loaded after the
// run-out, cancelled, or in months the beneficiary was not enrolled. The
// same options and seed always give the same files.
func Generate(dir string, o GenOptions) (GenStats, error) {
	switch {
	case o.Beneficiaries < 1 || o.Beneficiaries > 100_000_000:
		return GenStats{}, errors.New("gen claims: beneficiaries must be between 1 and 100,000,000")
	case o.Lines < 0 || o.Lines > 2_000_000_000:
		return GenStats{}, errors.New("gen claims: lines must be between 0 and 2,000,000,000")
	case o.Year < 1901 || o.Year > 2998:
		return GenStats{}, errors.New("gen claims: year must be between 1901 and 2998")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return GenStats{}, fmt.Errorf("gen claims: %w", err)
	}
	g := &generator{rnd: rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)), o: o,
		fileName: fmt.Sprintf("P.A9999.ACO.ZC1Y%02d.D%02d0415.T0100000", o.Year%100, (o.Year+1)%100),
		fileDate: date{o.Year + 1, 4, 15}}
	g.makeBenes()
	st := GenStats{Beneficiaries: int64(o.Beneficiaries), Lines: int64(o.Lines)}
	nA, nDME := o.Lines/10, o.Lines/10
	files := []struct {
		name  string
		cols  []string
		write func(emit func(*row) error) error
	}{
		{EnrollmentFile, enrollmentColumns, func(emit func(*row) error) error { return g.enrollment(emit, &st.EnrollmentRows) }},
		{PartAHeader.File, partAColumns, func(emit func(*row) error) error { return g.claims(emit, nA, partATypes, 1) }},
		{PartBPhysician.File, partBColumns, func(emit func(*row) error) error { return g.claims(emit, o.Lines-nA-nDME, partBTypes, 4) }},
		{PartBDME.File, dmeColumns, func(emit func(*row) error) error { return g.claims(emit, nDME, dmeTypes, 2) }},
	}
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := g.writeFile(path, f.cols, f.write); err != nil {
			return GenStats{}, fmt.Errorf("gen claims: %w", err)
		}
		st.Files = append(st.Files, path)
	}
	return st, nil
}

// The MBI alphabet: letters other than S, L, O, I, B, Z.
const mbiLetters = "ACDEFGHJKMNPQRTUVWXY"

// makeBenes gives beneficiary i a unique MBI-shaped identifier (its
// scrambled index in mixed radix over the MBI's positions) and an
// enrollment span.
func (g *generator) makeBenes() {
	g.benes = make([][11]byte, g.o.Beneficiaries)
	g.spans = make([][2]int8, g.o.Beneficiaries)
	// Scramble the index (a bijection modulo the number of identifiers)
	// so that identifiers do not all share a prefix.
	const capacity = 9 * 20 * 20 * 20 * 20 * 10 * 10 * 10 * 10 * 10 * 10
	for i := range g.benes {
		n := int(int64(i) * 1_000_000_007 % capacity)
		var id [11]byte
		for p := 10; p >= 0; p-- {
			radix, chars := 10, "0123456789"
			switch p {
			case 0:
				radix, chars = 9, "123456789"
			case 1, 4, 7, 8:
				radix, chars = 20, mbiLetters
			}
			id[p] = chars[n%radix]
			n /= radix
		}
		g.benes[i] = id
		g.spans[i] = [2]int8{0, 11}
		if g.rnd.IntN(10) == 0 {
			a, b := int8(g.rnd.IntN(12)), int8(g.rnd.IntN(12))
			g.spans[i] = [2]int8{min(a, b), max(a, b)}
		}
	}
}

func (g *generator) writeFile(path string, cols []string, write func(func(*row) error) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var buf []byte
	for i, c := range cols {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, c...)
	}
	buf = append(buf, '\n')
	w.Write(buf)
	err = write(func(r *row) error {
		buf = buf[:0]
		for i, c := range cols {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = g.value(buf, c, r)
		}
		buf = append(buf, '\n')
		_, err := w.Write(buf)
		return err
	})
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func (g *generator) enrollment(emit func(*row) error, rows *int64) error {
	y := g.o.Year
	for i := range g.benes {
		sp := g.spans[i]
		r := row{bene: g.benes[i][:], from: date{y, int(sp[0]) + 1, 1}, thru: date{y, int(sp[1]) + 2, 1}.add(-1)}
		for m := int(sp[0]); m <= int(sp[1]); m++ {
			r.loaded = date{y, m + 1, 1}
			if err := emit(&r); err != nil {
				return err
			}
			*rows++
		}
	}
	return nil
}

// claimType is a claim type code with its share of claims and the median
// and spread of its (log-normal) paid amount per line.
type claimType struct {
	code        string
	weight      int
	median      float64
	sigma       float64
	maxStayDays int
}

var (
	partATypes = []claimType{{"60", 20, 9000, 0.8, 8}, {"40", 60, 350, 1.2, 0}, {"20", 8, 6000, 0.9, 20}, {"10", 7, 2500, 0.7, 30}, {"50", 5, 4000, 0.8, 30}}
	partBTypes = []claimType{{"71", 1, 75, 0.9, 0}}
	dmeTypes   = []claimType{{"81", 3, 120, 1.0, 0}, {"82", 1, 60, 0.8, 0}}
)

func (g *generator) pickType(ts []claimType) claimType {
	total := 0
	for _, t := range ts {
		total += t.weight
	}
	n := g.rnd.IntN(total)
	for _, t := range ts {
		if n -= t.weight; n < 0 {
			return t
		}
	}
	return ts[len(ts)-1]
}

// claims writes n lines as claims of 1..maxLines lines each.
func (g *generator) claims(emit func(*row) error, n int, types []claimType, maxLines int) error {
	for n > 0 {
		g.claim++
		t := g.pickType(types)
		r := row{claim: g.claim, typ: t.code, adj: '0'}
		// Utilisation is skewed: u² puts a few beneficiaries in many claims.
		u := g.rnd.Float64()
		r.bene = g.benes[int(u*u*float64(len(g.benes)))][:]
		g.dates(&r, t)
		switch k := g.rnd.IntN(1000); {
		case k < 5:
			r.adj = '1'
		case k < 25:
			r.adj = '2'
		}
		lines := min(1+g.rnd.IntN(maxLines), n)
		for l := 1; l <= lines; l++ {
			r.line = l
			r.cents = int64(math.Round(math.Min(t.median*math.Exp(t.sigma*g.rnd.NormFloat64()), 2_000_000) * 100))
			if err := emit(&r); err != nil {
				return err
			}
		}
		n -= lines
	}
	return nil
}

// dates sets service and load dates: mostly in the year, a few in the
// months around it, a few loaded long after it.
func (g *generator) dates(r *row, t claimType) {
	y := g.o.Year
	switch k := g.rnd.IntN(100); {
	case k < 2:
		r.thru = date{y - 1, 12, 1 + g.rnd.IntN(31)}
	case k < 4:
		r.thru = date{y + 1, 1, 1 + g.rnd.IntN(31)}
	default:
		r.thru = date{y, 1 + g.rnd.IntN(12), 1 + g.rnd.IntN(28)}
	}
	r.from = r.thru
	if t.maxStayDays > 0 {
		r.from = r.thru.add(-g.rnd.IntN(t.maxStayDays))
	}
	r.loaded = r.thru.add(7 + g.rnd.IntN(60))
	if g.rnd.IntN(100) == 0 {
		r.loaded = date{y + 1, 4 + g.rnd.IntN(3), 1 + g.rnd.IntN(28)}
	}
}

func appendInt(b []byte, n int64) []byte { return strconv.AppendInt(b, n, 10) }

func appendCents(b []byte, c int64) []byte {
	if c < 0 {
		b, c = append(b, '-'), -c
	}
	b = strconv.AppendInt(b, c/100, 10)
	return append(b, '.', byte('0'+c%100/10), byte('0'+c%10))
}

func appendDate(b []byte, d date) []byte {
	b = strconv.AppendInt(b, int64(d.y), 10)
	return append(b, '-', byte('0'+d.m/10), byte('0'+d.m%10), '-', byte('0'+d.d/10), byte('0'+d.d%10))
}
