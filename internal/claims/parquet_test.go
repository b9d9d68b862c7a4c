package claims

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

// pqKind is how a test writes a column to Parquet.
type pqKind int

const (
	pqString  pqKind = iota
	pqDate           // INT32 DATE
	pqCents          // INT64 DECIMAL(18, 2)
	pqMillis         // INT32 DECIMAL(9, 3)
	pqDouble         // DOUBLE
	pqInteger        // INT64
)

// kindOf guesses a CCLF column's Parquet type from its name, as a
// conversion of the CSV files would type them.
func kindOf(col string) pqKind {
	switch {
	case strings.HasSuffix(col, "_DT") || strings.HasSuffix(col, "_DATE") || col == "BENE_MEMBER_MONTH":
		return pqDate
	case strings.HasSuffix(col, "_AMT"):
		return pqCents
	}
	return pqString
}

// writeParquet writes rows (text, "" for null) as a Parquet file with the
// given column kinds, rowGroup rows per row group, in the test: no binary
// fixture is kept in the repository.
func writeParquet(t testing.TB, path string, cols []string, kinds []pqKind, rows [][]string, rowGroup int64) {
	t.Helper()
	fields := parquet.Group{}
	for i, c := range cols {
		var n parquet.Node
		switch kinds[i] {
		case pqDate:
			n = parquet.Date()
		case pqCents:
			n = parquet.Decimal(2, 18, parquet.Int64Type)
		case pqMillis:
			n = parquet.Decimal(3, 9, parquet.Int32Type)
		case pqDouble:
			n = parquet.Leaf(parquet.DoubleType)
		case pqInteger:
			n = parquet.Leaf(parquet.Int64Type)
		default:
			n = parquet.String()
		}
		fields[c] = parquet.Optional(n)
	}
	schema := parquet.NewSchema("claims", fields)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := parquet.NewWriter(f, schema, parquet.MaxRowsPerRowGroup(rowGroup))
	index := make([]int, len(cols))
	for i, c := range cols {
		leaf, ok := schema.Lookup(c)
		if !ok {
			t.Fatalf("no column %s", c)
		}
		index[i] = leaf.ColumnIndex
	}
	for _, r := range rows {
		row := make(parquet.Row, len(cols))
		for i, text := range r {
			v := parquetValue(t, kinds[i], text)
			level := 1
			if text == "" {
				level = 0
			}
			row[index[i]] = v.Level(0, level, index[i])
		}
		if _, err := w.WriteRows([]parquet.Row{row}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func parquetValue(t testing.TB, k pqKind, text string) parquet.Value {
	if text == "" {
		return parquet.NullValue()
	}
	switch k {
	case pqDate:
		d, err := time.Parse(time.DateOnly, text)
		if err != nil {
			t.Fatalf("date %q: %v", text, err)
		}
		return parquet.Int32Value(int32(d.Sub(epoch).Hours() / 24))
	case pqCents, pqMillis:
		whole, frac, _ := strings.Cut(text, ".")
		places := 2
		if k == pqMillis {
			places = 3
		}
		frac = (frac + "000")[:places]
		n, err := strconv.ParseInt(whole+frac, 10, 64)
		if err != nil {
			t.Fatalf("amount %q: %v", text, err)
		}
		if k == pqMillis {
			return parquet.Int32Value(int32(n))
		}
		return parquet.Int64Value(n)
	case pqDouble:
		f, _ := strconv.ParseFloat(text, 64)
		return parquet.DoubleValue(f)
	case pqInteger:
		n, _ := strconv.ParseInt(text, 10, 64)
		return parquet.Int64Value(n)
	}
	return parquet.ByteArrayValue([]byte(text))
}

// csvToParquet converts a generated CSV file to Parquet with typed columns.
func csvToParquet(t testing.TB, src, dst string, rowGroup int64) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cols := recs[0]
	kinds := make([]pqKind, len(cols))
	for i, c := range cols {
		kinds[i] = kindOf(c)
	}
	writeParquet(t, dst, cols, kinds, recs[1:], rowGroup)
}

// TestParquetMatchesCSV converts a generated data set to Parquet (typed
// dates and decimal amounts, small row groups) and checks that it adds up
// exactly as the CSV files do.
func TestParquetMatchesCSV(t *testing.T) {
	csvDir, pqDir := t.TempDir(), t.TempDir()
	st, err := Generate(csvDir, GenOptions{Beneficiaries: 2000, Lines: 30000, Year: 2022, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range st.Files {
		csvToParquet(t, f, filepath.Join(pqDir, ParquetName(filepath.Base(f))), 4000)
	}
	opts := DefaultOptions(2022)
	opts.ExcludeTypes = map[string]bool{"50": true}
	want, err := FromDir(csvDir, opts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := FromDir(pqDir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got.Beneficiaries != want.Beneficiaries || got.MemberMonths != want.MemberMonths || got.ExpenditureCents != want.ExpenditureCents ||
		got.RawExpenditureCents != want.RawExpenditureCents || got.TruncationCents != want.TruncationCents || got.Lines != want.Lines || got.Counted != want.Counted {
		t.Errorf("from Parquet %+v\nfrom CSV     %+v", got, want)
	}
	for k, v := range want.Skipped {
		if got.Skipped[k] != v {
			t.Errorf("skipped %q: got %d from Parquet, %d from CSV", k, got.Skipped[k], v)
		}
	}
	// Both forms of one file is ambiguous.
	b, _ := os.ReadFile(filepath.Join(csvDir, EnrollmentFile))
	os.WriteFile(filepath.Join(pqDir, EnrollmentFile), b, 0o600)
	if _, err := FromDir(pqDir, opts); err == nil || !strings.Contains(err.Error(), "keep one") {
		t.Errorf("a directory with enrollment.csv and enrollment.parquet: %v, want an error", err)
	}
}

func TestParquetBookRules(t *testing.T) {
	dir := t.TempDir()
	enr := filepath.Join(dir, "enrollment.parquet")
	enrRecs, _ := csv.NewReader(strings.NewReader(enrollmentCSV)).ReadAll()
	kinds := []pqKind{pqString, pqDate, pqDate, pqDate}
	writeParquet(t, enr, enrRecs[0][:4], kinds, trimRows(enrRecs[1:], 4), 3)
	phys := filepath.Join(dir, "partb_physicians.parquet")
	physRecs, _ := csv.NewReader(strings.NewReader(physicianCSV)).ReadAll()
	pk := make([]pqKind, len(physRecs[0]))
	for i, c := range physRecs[0] {
		pk[i] = kindOf(c)
		if c == "CLM_ADJSMT_TYPE_CD" {
			pk[i] = pqInteger // a code stored as a number reads the same
		}
	}
	writeParquet(t, phys, physRecs[0], pk, physRecs[1:], 4)
	opts := DefaultOptions(2022)
	opts.TruncatePPM = 0
	opts.ExcludeTypes = map[string]bool{"72": true}
	b, _ := NewBook(opts)
	if err := readParquetFile(b.ReadEnrollmentParquet, enr); err != nil {
		t.Fatal(err)
	}
	if err := readParquetFile(func(r io.ReaderAt, n int64, name string) error {
		return b.ReadClaimsParquet(r, n, name, PartBPhysician)
	}, phys); err != nil {
		t.Fatal(err)
	}
	// The same totals as TestBook's CSV.
	if got := b.Totals(); got.Beneficiaries != 4 || got.MemberMonths != 18 || got.ExpenditureCents != 118050 || got.Lines != 11 || got.Counted != 5 {
		t.Errorf("totals from Parquet: %+v", got)
	}
}

func trimRows(rows [][]string, n int) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r[:n]
	}
	return out
}

func readParquetFile(read func(io.ReaderAt, int64, string) error, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, _ := f.Stat()
	return read(f, st.Size(), filepath.Base(path))
}

func TestParquetBadFiles(t *testing.T) {
	claimCols := []string{"BENE_MBI_ID", "CLM_TYPE_CD", "CLM_LINE_THRU_DT", "CLM_LINE_CVRD_PD_AMT"}
	tests := []struct {
		name  string
		cols  []string
		kinds []pqKind
		rows  [][]string
		raw   []byte
		want  string
	}{
		{"amount with three decimals", claimCols, []pqKind{pqString, pqString, pqDate, pqMillis},
			[][]string{{"AAA", "71", "2022-01-01", "1.5"}, {"AAA", "71", "2022-01-01", "12.345"}},
			nil, "partb_physicians.parquet: row 2: column CLM_LINE_CVRD_PD_AMT: amount \"12.345\" has more than two decimals"},
		{"a double with more than cents", claimCols, []pqKind{pqString, pqString, pqDate, pqDouble},
			[][]string{{"AAA", "71", "2022-01-01", "12.5"}, {"AAA", "71", "2022-01-01", "0.1"}, {"AAA", "71", "2022-01-01", "0.125"}},
			nil, "row 3: column CLM_LINE_CVRD_PD_AMT: amount \"0.125\" has more than two decimals"},
		{"a date as text in another form", claimCols, []pqKind{pqString, pqString, pqString, pqCents},
			[][]string{{"AAA", "71", "2022-01-01", "1"}, {"AAA", "71", "01/02/2022", "1"}},
			nil, "row 2: column CLM_LINE_THRU_DT: invalid date \"01/02/2022\""},
		{"no amount", claimCols, []pqKind{pqString, pqString, pqDate, pqCents},
			[][]string{{"AAA", "71", "2022-01-01", ""}},
			nil, "row 1: column CLM_LINE_CVRD_PD_AMT: empty amount"},
		{"missing column", claimCols[:3], []pqKind{pqString, pqString, pqDate}, [][]string{{"AAA", "71", "2022-01-01"}},
			nil, "partb_physicians.parquet: missing column CLM_LINE_CVRD_PD_AMT"},
		{"not Parquet", nil, nil, nil, []byte("BENE_MBI_ID,CLM_TYPE_CD\n"), "partb_physicians.parquet: not a Parquet file"},
		// A footer length of 4 GB in a 16-byte file: the reader allocated it
		// before reading (found by FuzzReadParquet).
		{"footer length past the start", nil, nil, nil, []byte("PAR1\x00\x00\x00\x00\xff\xff\xff\xffPAR1"),
			"partb_physicians.parquet: not a Parquet file the reader can open: its footer length (4294967295 bytes) reaches past the start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "partb_physicians.parquet")
			if tt.raw != nil {
				os.WriteFile(path, tt.raw, 0o600)
			} else {
				writeParquet(t, path, tt.cols, tt.kinds, tt.rows, 100)
			}
			b, _ := NewBook(DefaultOptions(2022))
			if err := b.ReadEnrollment(strings.NewReader(enrollmentCSV), "enrollment.csv"); err != nil {
				t.Fatal(err)
			}
			before := b.Totals()
			err := readParquetFile(func(r io.ReaderAt, n int64, name string) error {
				return b.ReadClaimsParquet(r, n, name, PartBPhysician)
			}, path)
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want a parse error containing %q", err, tt.want)
			}
			if after := b.Totals(); after.Lines != before.Lines || after.RawExpenditureCents != before.RawExpenditureCents {
				t.Errorf("a bad file changed the book: %+v", after)
			}
		})
	}
	// Enrollment: the row and the column of an empty beneficiary.
	dir := t.TempDir()
	path := filepath.Join(dir, "enrollment.parquet")
	writeParquet(t, path, []string{"CURRENT_BENE_MBI_ID", "ENROLLMENT_START_DATE", "ENROLLMENT_END_DATE"}, []pqKind{pqString, pqDate, pqDate},
		[][]string{{"AAA", "2022-01-01", "2022-12-31"}, {"", "2022-01-01", "2022-12-31"}}, 100)
	b, _ := NewBook(DefaultOptions(2022))
	err := readParquetFile(b.ReadEnrollmentParquet, path)
	if err == nil || err.Error() != "enrollment.parquet: row 2: column CURRENT_BENE_MBI_ID: empty" {
		t.Errorf("got %v, want the row and column of the empty beneficiary", err)
	}
	if !IsParquet([]byte("PAR1\x15")) || IsParquet([]byte("BENE_MBI_ID")) || IsParquet(bytes.Repeat([]byte("P"), 2)) {
		t.Error("IsParquet")
	}
}

// TestParquetWorkersAgree reads one Parquet claims file of many row groups
// with one and with several workers: the same totals, and with bad rows in
// two row groups, the same (earliest) error.
func TestParquetWorkersAgree(t *testing.T) {
	dir := t.TempDir()
	cols := []string{"BENE_MBI_ID", "CLM_TYPE_CD", "CLM_LINE_THRU_DT", "CLM_LINE_CVRD_PD_AMT"}
	kinds := []pqKind{pqString, pqString, pqDate, pqCents}
	var rows [][]string
	for i := range 5000 {
		rows = append(rows, []string{[]string{"AAA", "BBB", "EEE"}[i%3], "71", "2022-01-" + strconv.Itoa(10+i%19), strconv.Itoa(i%500) + ".25"})
	}
	good := filepath.Join(dir, "good.parquet")
	writeParquet(t, good, cols, kinds, rows, 300)
	rows[4700][3], rows[1234][3] = "", ""
	bad := filepath.Join(dir, "bad.parquet")
	writeParquet(t, bad, cols, kinds, rows, 300)
	read := func(path string, workers int) (Totals, error) {
		opts := DefaultOptions(2022)
		opts.Workers = workers
		b, _ := NewBook(opts)
		if err := b.ReadEnrollment(strings.NewReader(enrollmentCSV), "enrollment.csv"); err != nil {
			t.Fatal(err)
		}
		err := readParquetFile(func(r io.ReaderAt, n int64, name string) error {
			return b.ReadClaimsParquet(r, n, name, PartBPhysician)
		}, path)
		return b.Totals(), err
	}
	one, err := read(good, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{2, 3, 8} {
		got, err := read(good, w)
		if err != nil || got.RawExpenditureCents != one.RawExpenditureCents || got.Counted != one.Counted || got.Lines != 5000 {
			t.Errorf("%d workers: %+v, %v; one worker: %+v", w, got, err, one)
		}
		if _, err := read(bad, w); err == nil || !strings.Contains(err.Error(), "row 1235: column CLM_LINE_CVRD_PD_AMT") {
			t.Errorf("%d workers on bad rows 1235 and 4701: %v, want the earlier", w, err)
		}
	}
}

// TestCivil checks the date arithmetic against the time package over four
// centuries around the epoch.
func TestCivil(t *testing.T) {
	for z := int64(-150_000); z <= 150_000; z += 7 {
		want := epoch.AddDate(0, 0, int(z))
		y, m, d := civil(z)
		if int(y) != want.Year() || time.Month(m) != want.Month() || int(d) != want.Day() {
			t.Fatalf("civil(%d) = %d-%d-%d, want %s", z, y, m, d, want.Format(time.DateOnly))
		}
	}
}
