package claims

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// claimsHeader is a physician file's header with the amount before the
// adjustment code and load date, as in CCLF, so that a line cut short in
// its amount has fewer fields.
const claimsHeader = "BENE_MBI_ID,CLM_TYPE_CD,CLM_LINE_THRU_DT,CLM_LINE_CVRD_PD_AMT,CLM_ADJSMT_TYPE_CD,CLM_IDR_LD_DT\n"

// TestRefusedInput checks that input which cannot be what was meant is
// refused with the file, line and field, where it used to be read somehow.
func TestRefusedInput(t *testing.T) {
	tests := []struct {
		name, enrollment, claims string
		want                     string
	}{
		{"column twice in the claims header", enrollmentCSV,
			"BENE_MBI_ID,CLM_TYPE_CD,CLM_LINE_THRU_DT,CLM_LINE_CVRD_PD_AMT,CLM_LINE_CVRD_PD_AMT\nAAA,71,2022-01-01,1,2\n",
			"partb_physicians.csv:1: CLM_LINE_CVRD_PD_AMT: the header names this column twice (columns 4 and 5)"},
		{"column twice in the enrollment header", "CURRENT_BENE_MBI_ID,ENROLLMENT_START_DATE,ENROLLMENT_END_DATE,current_bene_mbi_id\n", "",
			"enrollment.csv:1: CURRENT_BENE_MBI_ID: the header names this column twice (columns 1 and 4)"},
		{"file cut mid-amount", enrollmentCSV, claimsHeader + "AAA,71,2022-01-01,1234.56,0,2022-02-01\nAAA,71,2022-01-01,123",
			"partb_physicians.csv:3: CLM_ADJSMT_TYPE_CD: missing: the line has 4 fields but the header has 6 columns"},
		{"file cut inside its last column, on the last line", enrollmentCSV, claimsHeader + "AAA,71,2022-01-01,1234.56,0,2022-02-01\nAAA,71,2022-01-01,5,0,2022-02",
			"partb_physicians.csv:3: CLM_IDR_LD_DT: the last line has no line break: the file may be cut short inside this value"},
		{"enrollment file cut inside its last column", "CURRENT_BENE_MBI_ID,ENROLLMENT_START_DATE,ENROLLMENT_END_DATE\nAAA,2022-01-01,2022-12", "",
			"enrollment.csv:2: ENROLLMENT_END_DATE: the last line has no line break"},
		{"not UTF-8", enrollmentCSV, claimsHeader + "AAA,71,2022-01-01,1,0,2022-02-01\nCaf\xe9,71,2022-01-01,1,0,2022-02-01\n",
			"partb_physicians.csv:3: the file is not UTF-8 text"},
		{"binary", enrollmentCSV, "PK\x03\x04\x00\x00", "partb_physicians.csv:1: this is not a CSV text file (it holds binary data)"},
		{"text after a closing quote", enrollmentCSV, claimsHeader + "\"AAA\"B,71,2022-01-01,1,0,2022-02-01\n",
			"partb_physicians.csv:2: text after the closing quote of a value"},
		{"a field too many", enrollmentCSV, claimsHeader + "AAA,71,2022-01-01,1,234.56,0,2022-02-01\n",
			"partb_physicians.csv:2: the line has 7 fields but the header has 6 columns: the value after CLM_IDR_LD_DT has no column"},
		{"a field too many, quoted", enrollmentCSV, claimsHeader + "\"AAA\",71,2022-01-01,1,0,2022-02-01,x\n",
			"partb_physicians.csv:2: the line has 7 fields"},
		{"enrollment line cut short", "CURRENT_BENE_MBI_ID,ENROLLMENT_START_DATE,ENROLLMENT_END_DATE\nAAA,2022-01-01\n", "",
			"enrollment.csv:2: ENROLLMENT_END_DATE: missing"},
		{"30 February", enrollmentCSV, claimsHeader + "AAA,71,2024-02-30,1,0,2022-02-01\n",
			"partb_physicians.csv:2: CLM_LINE_THRU_DT: invalid date \"2024-02-30\": 2024-02 has 29 days"},
		{"32 December", enrollmentCSV, claimsHeader + "AAA,71,20241232,1,0,2022-02-01\n",
			"partb_physicians.csv:2: CLM_LINE_THRU_DT: invalid date \"20241232\""},
		{"day 0", enrollmentCSV, claimsHeader + "AAA,71,2022-01-01,1,0,2024-08-00\n",
			"partb_physicians.csv:2: CLM_IDR_LD_DT: invalid date \"2024-08-00\""},
		{"impossible enrollment date", "CURRENT_BENE_MBI_ID,ENROLLMENT_START_DATE,ENROLLMENT_END_DATE\nAAA,2022-01-01,2022-06-31\n", "",
			"enrollment.csv:2: ENROLLMENT_END_DATE: invalid date \"2022-06-31\""},
		{"empty load date", enrollmentCSV, claimsHeader + "AAA,71,2022-01-01,1,0,\n",
			"partb_physicians.csv:2: CLM_IDR_LD_DT: empty: the run-out limit needs the date the claim was loaded"},
		{"empty adjustment code", enrollmentCSV, claimsHeader + "AAA,71,2022-01-01,1,,2022-02-01\n",
			"partb_physicians.csv:2: CLM_ADJSMT_TYPE_CD: empty: want 0 (original), 1 (cancellation) or 2 (adjustment)"},
		{"adjustment code 9", enrollmentCSV, claimsHeader + "AAA,71,2022-01-01,1,9,2022-02-01\n",
			"partb_physicians.csv:2: CLM_ADJSMT_TYPE_CD: unknown code \"9\""},
		{"adjustment code X", enrollmentCSV, claimsHeader + "AAA,71,2022-01-01,1,X,2022-02-01\n",
			"partb_physicians.csv:2: CLM_ADJSMT_TYPE_CD: unknown code \"X\""},
		{"no beneficiary", enrollmentCSV, claimsHeader + "AAA,71,2022-01-01,1,0,2022-02-01\n,71,2022-01-01,1,0,2022-02-01\n",
			"partb_physicians.csv:3: BENE_MBI_ID: empty: a claim line must name its beneficiary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, workers := range []int{1, 3} {
				opts := DefaultOptions(2022)
				opts.Workers = workers
				b, _ := NewBook(opts)
				err := b.ReadEnrollment(strings.NewReader(tt.enrollment), "enrollment.csv")
				if err == nil {
					err = b.ReadClaims(strings.NewReader(tt.claims), "partb_physicians.csv", PartBPhysician)
				}
				var pe *ParseError
				if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%d workers: got %v, want a parse error containing %q", workers, err, tt.want)
				}
			}
		})
	}
}

// TestAdjustmentCodes checks the documented codes, zero-padded or not:
// 0 and 2 add the amount, 1 subtracts it.
func TestAdjustmentCodes(t *testing.T) {
	claims := claimsHeader + "AAA,71,2022-01-01,100,0,2022-02-01\nAAA,71,2022-01-01,10,01,2022-02-01\n" +
		"AAA,71,2022-01-01,5,02,2022-02-01\nAAA,71,2022-01-01,1,1,2022-02-01\nAAA,71,2022-01-01,2,00,2022-02-01\n"
	opts := DefaultOptions(2022)
	opts.TruncatePPM = 0
	b, _ := NewBook(opts)
	if err := b.ReadEnrollment(strings.NewReader(enrollmentCSV), "enrollment.csv"); err != nil {
		t.Fatal(err)
	}
	if err := b.ReadClaims(strings.NewReader(claims), "partb_physicians.csv", PartBPhysician); err != nil {
		t.Fatal(err)
	}
	// 100 − 10 + 5 − 1 + 2
	if got := b.Totals().RawExpenditureCents; got != 9600 {
		t.Errorf("expenditure: got %d cents, want 9600 (01 is a cancellation)", got)
	}
}

// TestRunoutMustBeMonthsOrNoLimit refuses a negative run-out other than -1.
func TestRunoutMustBeMonthsOrNoLimit(t *testing.T) {
	for runout, ok := range map[int]bool{-1: true, 0: true, 3: true, -2: false, -12: false} {
		opts := DefaultOptions(2022)
		opts.RunoutMonths = runout
		if _, err := NewBook(opts); (err == nil) != ok {
			t.Errorf("run-out %d: got %v, want accepted %t", runout, err, ok)
		}
	}
}

// TestNobodyEnrolled refuses a period in which no one is enrolled, naming
// the file and the months its enrollment covers.
func TestNobodyEnrolled(t *testing.T) {
	b, _ := NewBook(DefaultOptions(2023))
	if err := b.ReadEnrollment(strings.NewReader(enrollmentCSV), "enrollment.csv"); err != nil {
		t.Fatal(err)
	}
	err := b.CheckEnrolled()
	want := "enrollment.csv: nobody is enrolled in 2023-01 to 2023-12: the file's enrollment runs from 2021-01 to 2022-12"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
	b, _ = NewBook(DefaultOptions(2022))
	if err := b.ReadEnrollment(strings.NewReader(enrollmentCSV), "enrollment.csv"); err != nil {
		t.Fatal(err)
	}
	if err := b.CheckEnrolled(); err != nil {
		t.Errorf("2022: got %v", err)
	}
}

// TestFromDirListsFiles checks that the totals say which files were read
// and which in the directory were not, and that a year nobody is enrolled
// in is refused.
func TestFromDirListsFiles(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"enrollment.csv":       enrollmentCSV,
		"partb_physicians.csv": physicianCSV,
		"PARTB_DME.CSV":        claimsHeader,
		"notes.txt":            "",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, err := FromDir(dir, DefaultOptions(2022))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"enrollment.csv", "partb_physicians.csv"}; !slices.Equal(got.FilesRead, want) {
		t.Errorf("files read: got %q, want %q", got.FilesRead, want)
	}
	if want := []string{"PARTB_DME.CSV", "notes.txt"}; !slices.Equal(got.FilesNotRead, want) {
		t.Errorf("files not read: got %q, want %q", got.FilesNotRead, want)
	}
	if _, err := FromDir(dir, DefaultOptions(2024)); err == nil || !strings.Contains(err.Error(), "nobody is enrolled in 2024-01 to 2024-12") {
		t.Errorf("2024: got %v, want nobody enrolled", err)
	}
}
