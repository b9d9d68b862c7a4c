package claims

import (
	"errors"
	"strings"
	"testing"
)

func TestParseCents(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		bad  bool
	}{
		{in: "123.45", want: 12345},
		{in: "-12.5", want: -1250},
		{in: "+7", want: 700},
		{in: "0.07", want: 7},
		{in: ".5", want: 50},
		{in: "1.005", bad: true},
		{in: "1,000", bad: true},
		{in: "", bad: true},
		{in: "-", bad: true},
		{in: "12345678901", bad: true},
	}
	for _, tt := range tests {
		got, err := parseCents([]byte(tt.in))
		if tt.bad != (err != nil) || got != tt.want {
			t.Errorf("parseCents(%q): got %d, %v, want %d (error %t)", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

func TestParseMonth(t *testing.T) {
	tests := []struct {
		in   string
		want string
		bad  bool
	}{
		{in: "2022-03-15", want: "2022-03"},
		{in: "20221231", want: "2022-12"},
		{in: "2022-01", want: "2022-01"},
		{in: "2022-13-01", bad: true},
		{in: "2024-02-29", want: "2024-02"},
		{in: "2023-02-29", bad: true},
		{in: "2100-02-29", bad: true},
		{in: "2000-02-29", want: "2000-02"},
		{in: "2024-04-31", bad: true},
		{in: "20240431", bad: true},
		{in: "2024-08-00", bad: true},
		{in: "15/03/2022", bad: true},
		{in: "", bad: true},
	}
	for _, tt := range tests {
		got, err := parseMonth([]byte(tt.in))
		if tt.bad != (err != nil) || (!tt.bad && got.String() != tt.want) {
			t.Errorf("parseMonth(%q): got %s, %v, want %s (error %t)", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

func TestScannerQuotes(t *testing.T) {
	in := "\ufeffA,B,C\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n2,\"two\nlines\",3\n4,5,6\n"
	s := newScanner(strings.NewReader(in), "f.csv")
	if _, err := s.header("A", "C"); err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"1", "x, y", `say "hi"`}, {"2", "two\nlines", "3"}, {"4", "5", "6"}}
	wantLines := []int64{2, 4, 6}
	for i, w := range want {
		ok, err := s.scan()
		if !ok || err != nil {
			t.Fatalf("record %d: got %t, %v", i, ok, err)
		}
		var got []string
		for _, f := range s.fields {
			got = append(got, string(f))
		}
		if strings.Join(got, "|") != strings.Join(w, "|") || s.line != wantLines[i] {
			t.Errorf("record %d: got %q at line %d, want %q at line %d", i, got, s.line, w, wantLines[i])
		}
	}
	if ok, err := s.scan(); ok || err != nil {
		t.Errorf("after the last record: got %t, %v", ok, err)
	}
}

const enrollmentCSV = `CURRENT_BENE_MBI_ID,ENROLLMENT_START_DATE,ENROLLMENT_END_DATE,BENE_MEMBER_MONTH,FILE_NAME,FILE_DATE
AAA,2022-01-01,2022-12-31,,f,2023-01-01
BBB,2022-01-01,2022-12-31,2022-01-01,f,2023-01-01
BBB,2022-01-01,2022-12-31,2022-02-01,f,2023-01-01
BBB,2022-01-01,2022-12-31,2022-02-01,f,2023-01-01
CCC,2021-07-01,2022-03-31,,f,2023-01-01
DDD,2021-01-01,2021-12-31,,f,2023-01-01
EEE,2022-06-01,2022-06-30,,f,2023-01-01
`

const physicianCSV = `CUR_CLM_UNIQ_ID,CLM_LINE_NUM,BENE_MBI_ID,CLM_TYPE_CD,CLM_THRU_DT,CLM_LINE_THRU_DT,CLM_LINE_CVRD_PD_AMT,CLM_ADJSMT_TYPE_CD,CLM_IDR_LD_DT
1,1,AAA,71,2022-05-01,2022-05-01,100.00,0,2022-05-20
1,2,AAA,71,2022-05-01,,50.50,0,2022-05-20
2,1,AAA,71,2022-06-01,2022-06-01,40.00,1,2022-07-01
3,1,BBB,71,2022-02-10,2022-02-10,1000.00,0,2022-03-01
4,1,BBB,71,2022-03-10,2022-03-10,999.00,0,2022-04-01
5,1,CCC,71,2021-12-10,2021-12-10,500.00,0,2022-01-01
6,1,CCC,72,2022-01-10,2022-01-10,300.00,0,2022-02-01
7,1,DDD,71,2022-01-10,2022-01-10,10.00,0,2022-02-01
8,1,ZZZ,71,2022-01-10,2022-01-10,10.00,0,2022-02-01
9,1,AAA,71,2022-12-30,2022-12-30,70.00,0,2023-03-31
10,1,AAA,71,2022-12-30,2022-12-30,80.00,0,2023-04-01
`

func TestBook(t *testing.T) {
	opts := DefaultOptions(2022)
	opts.TruncatePPM = 0
	opts.ExcludeTypes = map[string]bool{"72": true}
	b, err := NewBook(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.ReadEnrollment(strings.NewReader(enrollmentCSV), "enrollment.csv"); err != nil {
		t.Fatal(err)
	}
	if err := b.ReadClaims(strings.NewReader(physicianCSV), "partb_physicians.csv", PartBPhysician); err != nil {
		t.Fatal(err)
	}
	got := b.Totals()
	// AAA 12 months, BBB 2 (a month listed twice counts once), CCC 3 (in
	// 2022), EEE 1; DDD none. AAA: 100 + 50.50 (thru date from the claim
	// header) − 40 (cancellation) + 70 (loaded within the run-out) =
	// 180.50; BBB: 1000 (March is not an enrolled month); CCC: nothing
	// (2021, or an excluded type).
	want := Totals{Beneficiaries: 4, MemberMonths: 18, ExpenditureCents: 118050, RawExpenditureCents: 118050, Lines: 11, Counted: 5,
		Skipped: map[string]int64{SkipNotEnrolled: 3, SkipOutside: 1, SkipType: 1, SkipLate: 1}}
	if got.Beneficiaries != want.Beneficiaries || got.MemberMonths != want.MemberMonths ||
		got.ExpenditureCents != want.ExpenditureCents || got.Lines != want.Lines || got.Counted != want.Counted {
		t.Errorf("totals: got %+v, want %+v", got, want)
	}
	for k, v := range want.Skipped {
		if got.Skipped[k] != v {
			t.Errorf("skipped %q: got %d, want %d", k, got.Skipped[k], v)
		}
	}
}

func TestTruncation(t *testing.T) {
	tests := []struct {
		ppm       int64
		sums      []int64
		cap, want int64
		truncated int64
	}{
		// Nearest rank: the 99th percentile of 100 values is the 99th.
		{990_000, seq(100), 99, 5049, 1},
		// Of 10 values it is the 10th (ceil(9.9)): nothing is capped.
		{990_000, seq(10), 10, 55, 0},
		{500_000, []int64{5, 1, 9, 3}, 3, 1 + 3 + 3 + 3, 2},
		{1_000_000, []int64{5, 1}, 5, 6, 0},
	}
	for _, tt := range tests {
		b := &Book{opts: Options{TruncatePPM: tt.ppm}, sums: tt.sums, months: make([]uint64, len(tt.sums))}
		got := b.Totals()
		if got.TruncationCents != tt.cap || got.ExpenditureCents != tt.want || got.Truncated != tt.truncated {
			t.Errorf("ppm %d over %d: got cap %d, total %d, truncated %d; want %d, %d, %d",
				tt.ppm, len(tt.sums), got.TruncationCents, got.ExpenditureCents, got.Truncated, tt.cap, tt.want, tt.truncated)
		}
	}
}

func seq(n int) []int64 {
	s := make([]int64, n)
	for i := range s {
		s[i] = int64(n - i)
	}
	return s
}

func TestBadFiles(t *testing.T) {
	tests := []struct {
		name, enrollment, claims string
		want                     string
	}{
		{"bad amount", enrollmentCSV, "BENE_MBI_ID,CLM_TYPE_CD,CLM_LINE_THRU_DT,CLM_LINE_CVRD_PD_AMT\nAAA,71,2022-01-01,12.345\n",
			"partb_physicians.csv:2: CLM_LINE_CVRD_PD_AMT: amount \"12.345\" has more than two decimals"},
		{"bad date", enrollmentCSV, "BENE_MBI_ID,CLM_TYPE_CD,CLM_LINE_THRU_DT,CLM_LINE_CVRD_PD_AMT\nAAA,71,2022-01-01,1\nAAA,71,01/02/2022,1\n",
			"partb_physicians.csv:3: CLM_LINE_THRU_DT: invalid date"},
		{"missing column", enrollmentCSV, "BENE_MBI_ID,CLM_TYPE_CD,CLM_LINE_CVRD_PD_AMT\n",
			"partb_physicians.csv:1: missing column CLM_LINE_THRU_DT"},
		{"short line", enrollmentCSV, "BENE_MBI_ID,CLM_TYPE_CD,CLM_LINE_THRU_DT,CLM_LINE_CVRD_PD_AMT\nAAA,71\n",
			"partb_physicians.csv:2: CLM_LINE_THRU_DT: missing: the line has 2 fields"},
		{"unclosed quote", enrollmentCSV, "BENE_MBI_ID,CLM_TYPE_CD,CLM_LINE_THRU_DT,CLM_LINE_CVRD_PD_AMT\n\"AAA,71,2022-01-01,1\n",
			"partb_physicians.csv:2: a quoted value is not closed before the end of the file"},
		{"enrollment end before start", "CURRENT_BENE_MBI_ID,ENROLLMENT_START_DATE,ENROLLMENT_END_DATE\nAAA,2022-05-01,2022-01-31\n", "",
			"enrollment.csv:2: ENROLLMENT_END_DATE: before ENROLLMENT_START_DATE"},
		{"empty enrollment", "", "", "enrollment.csv:1: the file is empty: the first line must name the columns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := NewBook(DefaultOptions(2022))
			err := b.ReadEnrollment(strings.NewReader(tt.enrollment), "enrollment.csv")
			if err == nil {
				err = b.ReadClaims(strings.NewReader(tt.claims), "partb_physicians.csv", PartBPhysician)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want a parse error containing %q", err, tt.want)
			}
		})
	}
}
