package claims

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// checkParseError fails unless err is a *ParseError naming the file and
// saying what is wrong.
func checkParseError(t *testing.T, err error, file string) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("got error %v (%T), want a *ParseError", err, err)
	}
	if pe.File != file || pe.Msg == "" || pe.Line < 0 {
		t.Fatalf("got %#v, want file %s, a line and a message", pe, file)
	}
}

// FuzzReadEnrollment feeds ReadEnrollment arbitrary files: a refused one
// is named by file, line and field; an accepted one enrolls each
// beneficiary for at most the period's twelve months.
func FuzzReadEnrollment(f *testing.F) {
	f.Add([]byte(enrollmentCSV))
	f.Add([]byte("CURRENT_BENE_MBI_ID,ENROLLMENT_START_DATE,ENROLLMENT_END_DATE\nAAA,2022-01-01,2022-12\n"))
	f.Add([]byte("CURRENT_BENE_MBI_ID,ENROLLMENT_START_DATE,ENROLLMENT_END_DATE\nAAA,20220101,2021-12-31\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := NewBook(DefaultOptions(2022))
		if err != nil {
			t.Fatal(err)
		}
		if err := b.ReadEnrollment(bytes.NewReader(data), "enrollment.csv"); err != nil {
			checkParseError(t, err, "enrollment.csv")
			return
		}
		tot := b.Totals()
		if tot.MemberMonths < 0 || tot.MemberMonths > 12*tot.Beneficiaries {
			t.Fatalf("got %d member months for %d beneficiaries in a year", tot.MemberMonths, tot.Beneficiaries)
		}
	})
}

// FuzzReadClaims feeds ReadClaims arbitrary physician files over a fixed
// enrollment, read by one worker and by three over blocks of a few bytes:
// both give the same totals or the same error (on the earliest line), a
// refused file leaves the book as it was, and the sums respect the
// truncation.
func FuzzReadClaims(f *testing.F) {
	f.Add([]byte(physicianCSV))
	f.Add([]byte(claimsHeader + "AAA,71,2022-01-01,1234.56,0,2022-02-01\nAAA,71,2022-01-01,123"))
	f.Add([]byte(claimsHeader + "\"AAA\",71,2022-01-01,1,0,2022-02-01,x\n\"A\nB\",71,2022-01-01,-5,1,2022-02-01\n"))
	f.Add([]byte(claimsHeader + "AAA,71,2022-01-01,1,0,2022-02-01\nA\"A,71,2022-01-01,1,0,2022-02-01\n\"A\nA\",71,2022-01-01,1,0,2022-02-01\n"))
	old := blockSize
	blockSize = 48
	f.Cleanup(func() { blockSize = old })
	f.Fuzz(func(t *testing.T, data []byte) {
		var totals []Totals
		var errs []string
		for _, workers := range []int{1, 3} {
			opts := DefaultOptions(2022)
			opts.Workers = workers
			b, err := NewBook(opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := b.ReadEnrollment(strings.NewReader(enrollmentCSV), "enrollment.csv"); err != nil {
				t.Fatal(err)
			}
			before := b.Totals()
			err = b.ReadClaims(bytes.NewReader(data), "partb_physicians.csv", PartBPhysician)
			got := b.Totals()
			if err != nil {
				checkParseError(t, err, "partb_physicians.csv")
				if !reflect.DeepEqual(got, before) {
					t.Fatalf("workers %d: refused file changed the book:\n was %+v\n now %+v", workers, before, got)
				}
				errs = append(errs, err.Error())
			} else {
				errs = append(errs, "")
			}
			if got.ExpenditureCents > got.RawExpenditureCents || got.Counted > got.Lines {
				t.Fatalf("workers %d: totals out of bounds: %+v", workers, got)
			}
			totals = append(totals, got)
		}
		if errs[0] != errs[1] || !reflect.DeepEqual(totals[0], totals[1]) {
			t.Fatalf("one worker and three disagree:\n %q %+v\n %q %+v", errs[0], totals[0], errs[1], totals[1])
		}
	})
}

// FuzzReadParquet feeds the Parquet readers arbitrary bytes, starting from
// small files written by the test: they refuse what they cannot read with
// a *ParseError (they never panic), and a refused claims file leaves the
// book as it was.
func FuzzReadParquet(f *testing.F) {
	dir := f.TempDir()
	for _, src := range []struct{ name, csv string }{{"enrollment", enrollmentCSV}, {"claims", physicianCSV}} {
		in := filepath.Join(dir, src.name+".csv")
		if err := os.WriteFile(in, []byte(src.csv), 0o644); err != nil {
			f.Fatal(err)
		}
		out := filepath.Join(dir, src.name+".parquet")
		csvToParquet(f, in, out, 4)
		b, err := os.ReadFile(out)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("PAR1"))
	f.Add([]byte("PAR1\x00\x00\x00\x00PAR1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := NewBook(DefaultOptions(2022))
		if err != nil {
			t.Fatal(err)
		}
		if err := b.ReadEnrollmentParquet(bytes.NewReader(data), int64(len(data)), "enrollment.parquet"); err != nil {
			checkParseError(t, err, "enrollment.parquet")
		}
		if err := b.ReadEnrollment(strings.NewReader(enrollmentCSV), "enrollment.csv"); err != nil {
			t.Fatal(err)
		}
		before := b.Totals()
		if err := b.ReadClaimsParquet(bytes.NewReader(data), int64(len(data)), "claims.parquet", PartBPhysician); err != nil {
			checkParseError(t, err, "claims.parquet")
			if got := b.Totals(); !reflect.DeepEqual(got, before) {
				t.Fatalf("refused file changed the book:\n was %+v\n now %+v", before, got)
			}
		}
	})
}
