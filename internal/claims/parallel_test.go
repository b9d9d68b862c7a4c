package claims

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func smallBlocks(t *testing.T) {
	t.Helper()
	old := blockSize
	blockSize = 1000
	t.Cleanup(func() { blockSize = old })
}

// TestWorkersAgree checks that parsing with several workers over many
// blocks gives exactly what one worker gives.
func TestWorkersAgree(t *testing.T) {
	smallBlocks(t)
	dir := t.TempDir()
	if _, err := Generate(dir, GenOptions{Beneficiaries: 500, Lines: 8000, Year: 2022, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	var results []Totals
	for _, w := range []int{1, 2, 5} {
		opts := DefaultOptions(2022)
		opts.Workers = w
		got, err := FromDir(dir, opts)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, got)
	}
	for i := 1; i < len(results); i++ {
		if !reflect.DeepEqual(results[i], results[0]) {
			t.Errorf("workers disagree:\n%+v\n%+v", results[0], results[i])
		}
	}
}

// TestParallelQuotesAndErrors puts quoted fields with line breaks across
// block boundaries and a bad value late in the file.
func TestParallelQuotesAndErrors(t *testing.T) {
	smallBlocks(t)
	var b strings.Builder
	b.WriteString("BENE_MBI_ID,CLM_TYPE_CD,CLM_LINE_THRU_DT,CLM_LINE_CVRD_PD_AMT,NOTE\n")
	line := 1
	for i := range 400 {
		fmt.Fprintf(&b, "AAA,71,2022-03-01,1.00,\"note %d, with a comma\nand a second line\"\n", i)
		line += 2
	}
	clean := b.String()
	for _, workers := range []int{1, 3} {
		bk, _ := NewBook(Options{First: Month(2022 * 12), Last: Month(2022*12 + 11), Workers: workers})
		if err := bk.ReadEnrollment(strings.NewReader(enrollmentCSV), "enrollment.csv"); err != nil {
			t.Fatal(err)
		}
		if err := bk.ReadClaims(strings.NewReader(clean), "p.csv", PartBPhysician); err != nil {
			t.Fatalf("workers %d: %v", workers, err)
		}
		if got := bk.Totals(); got.RawExpenditureCents != 40000 || got.Counted != 400 {
			t.Errorf("workers %d: got %d cents over %d lines, want 40000 over 400", workers, got.RawExpenditureCents, got.Counted)
		}
		bad := clean + "AAA,71,2022-03-01,1.00,x\nAAA,71,2022-03-01,oops,x\n" + strings.Repeat("AAA,71,2022-03-01,nope,x\n", 300)
		err := bk.ReadClaims(strings.NewReader(bad), "p.csv", PartBPhysician)
		if want := fmt.Sprintf("p.csv:%d: CLM_LINE_CVRD_PD_AMT", line+2); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("workers %d: got %v, want an error at %q", workers, err, want)
		}
		if got := bk.Totals(); got.Counted != 400 {
			t.Errorf("workers %d: a failed read changed the book: %d lines counted, want 400", workers, got.Counted)
		}
	}
}
