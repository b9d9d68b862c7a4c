package claims

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"math/bits"
	"slices"
)

// Layout names the columns of one kind of claims file.
type Layout struct {
	// File is the file's name in a claims directory.
	File string
	// Bene, Type, Thru and Amount are required; Adjustment and Loaded are
	// used when present. ThruFallback is read when Thru is empty.
	Bene, Type, Thru, ThruFallback, Amount, Adjustment, Loaded string
}

// The claims files that carry Parts A and B expenditure. Part A amounts
// come from the claim header (CLM_PMT_AMT), not the revenue-centre lines,
// which would count them twice; Part D is not Medicare A/B expenditure.
var (
	PartAHeader = Layout{File: "parta_claims_header.csv", Bene: "BENE_MBI_ID", Type: "CLM_TYPE_CD",
		Thru: "CLM_THRU_DT", Amount: "CLM_PMT_AMT", Adjustment: "CLM_ADJSMT_TYPE_CD", Loaded: "CLM_IDR_LD_DT"}
	PartBPhysician = Layout{File: "partb_physicians.csv", Bene: "BENE_MBI_ID", Type: "CLM_TYPE_CD",
		Thru: "CLM_LINE_THRU_DT", ThruFallback: "CLM_THRU_DT", Amount: "CLM_LINE_CVRD_PD_AMT",
		Adjustment: "CLM_ADJSMT_TYPE_CD", Loaded: "CLM_IDR_LD_DT"}
	PartBDME = Layout{File: "partb_dme.csv", Bene: "BENE_MBI_ID", Type: "CLM_TYPE_CD",
		Thru: "CLM_LINE_THRU_DT", ThruFallback: "CLM_THRU_DT", Amount: "CLM_LINE_CVRD_PD_AMT",
		Adjustment: "CLM_ADJSMT_TYPE_CD", Loaded: "CLM_IDR_LD_DT"}
)

// Layouts lists the claims files a directory is read for, in order.
var Layouts = []Layout{PartAHeader, PartBPhysician, PartBDME}

// EnrollmentFile is the enrollment file's name in a claims directory.
const EnrollmentFile = "enrollment.csv"

// Book accumulates enrollment and claims, one slot per beneficiary.
type Book struct {
	opts   Options
	index  idIndex
	months []uint64 // enrolled months of the period, bit i = First+i
	sums   []int64  // cents
	totals Totals
	// enrollment is the enrollment file's name; seen is whether any
	// enrollment was read, in or out of the period, and from..to the
	// months it covered, for saying why nobody is in the period.
	enrollment string
	seen       bool
	from, to   Month
}

// NewBook returns an empty book for the period and rules in opts.
func NewBook(opts Options) (*Book, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	return &Book{opts: opts, totals: Totals{Skipped: map[string]int64{}}}, nil
}

// ReadEnrollment reads enrollment rows: CURRENT_BENE_MBI_ID and either
// BENE_MEMBER_MONTH (the month enrolled) or, when that is empty, every
// month from ENROLLMENT_START_DATE to ENROLLMENT_END_DATE. Months outside
// the period are ignored; a month listed twice counts once.
func (b *Book) ReadEnrollment(r io.Reader, name string) error {
	b.enrollment = name
	s := newScanner(r, name)
	idx, err := s.header("CURRENT_BENE_MBI_ID", "ENROLLMENT_START_DATE", "ENROLLMENT_END_DATE")
	if err != nil {
		return err
	}
	month := s.column("BENE_MEMBER_MONTH")
	s.use(append(idx, month)...)
	var st enrollState
	for {
		ok, err := s.scan()
		if err != nil || !ok {
			return err
		}
		if err := b.enrollRecord(s, idx, month, &st); err != nil {
			return err
		}
	}
}

// enrollState remembers the last beneficiary's slot: enrollment files list
// a beneficiary's months together, so it need not be looked up again.
type enrollState struct {
	bene []byte
	slot int32
	seen bool
}

// enrollRecord reads the scanner's current record: idx are the columns
// CURRENT_BENE_MBI_ID, ENROLLMENT_START_DATE and ENROLLMENT_END_DATE, month
// BENE_MEMBER_MONTH's or -1.
func (b *Book) enrollRecord(s *scanner, idx []int, month int, st *enrollState) error {
	bene, err := s.field(idx[0], "CURRENT_BENE_MBI_ID")
	if err != nil {
		return err
	}
	if len(bene) == 0 {
		return s.errorf("CURRENT_BENE_MBI_ID", "empty")
	}
	first, last, err := b.enrolledMonths(s, idx, month)
	if err != nil {
		return err
	}
	b.enrollment = s.file
	if !b.seen || first < b.from {
		b.from = first
	}
	if !b.seen || last > b.to {
		b.to = last
	}
	b.seen = true
	first, last = max(first, b.opts.First), min(last, b.opts.Last)
	if first > last {
		return nil
	}
	if !st.seen || !bytes.Equal(bene, st.bene) {
		st.slot, st.seen = b.slot(bene), true
		st.bene = append(st.bene[:0], bene...)
	}
	for m := first; m <= last; m++ {
		b.months[st.slot] |= 1 << (m - b.opts.First)
	}
	return nil
}

func (b *Book) enrolledMonths(s *scanner, idx []int, month int) (first, last Month, err error) {
	if month >= 0 {
		f, err := s.field(month, "BENE_MEMBER_MONTH")
		if err != nil {
			return 0, 0, err
		}
		if len(f) > 0 {
			m, err := parseMonth(f)
			if err != nil {
				return 0, 0, s.errorf("BENE_MEMBER_MONTH", "%v", err)
			}
			return m, m, nil
		}
	}
	var ends [2]Month
	for k, name := range []string{"ENROLLMENT_START_DATE", "ENROLLMENT_END_DATE"} {
		f, err := s.field(idx[k+1], name)
		if err != nil {
			return 0, 0, err
		}
		if ends[k], err = parseMonth(f); err != nil {
			return 0, 0, s.errorf(name, "%v", err)
		}
	}
	if ends[1] < ends[0] {
		return 0, 0, s.errorf("ENROLLMENT_END_DATE", "before ENROLLMENT_START_DATE")
	}
	return ends[0], ends[1], nil
}

// CheckEnrolled refuses a book in which nobody is enrolled in the period:
// settling it would find no expenditure and pay the whole savings cap. The
// error names the enrollment file and the months it does cover.
func (b *Book) CheckEnrolled() error {
	if len(b.sums) > 0 {
		return nil
	}
	period := fmt.Sprintf("%s to %s", b.opts.First, b.opts.Last)
	if !b.seen {
		return &ParseError{File: b.enrollment, Err: ErrNobodyEnrolled, Msg: "nobody is enrolled: the file has no enrollment rows"}
	}
	return &ParseError{File: b.enrollment, Err: ErrNobodyEnrolled, Msg: fmt.Sprintf(
		"nobody is enrolled in %s: the file's enrollment runs from %s to %s", period, b.from, b.to)}
}

func (b *Book) slot(bene []byte) int32 {
	if i, ok := b.index.get(bene); ok {
		return i
	}
	i := int32(len(b.sums))
	b.index.put(bene, i)
	b.months = append(b.months, 0)
	b.sums = append(b.sums, 0)
	return i
}

// Totals adds up the book: member months, and per-beneficiary expenditure
// capped at the truncation percentile (nearest rank over every enrolled
// beneficiary, those without claims included).
func (b *Book) Totals() Totals {
	t := b.totals
	t.Skipped = maps.Clone(b.totals.Skipped)
	t.Beneficiaries = int64(len(b.sums))
	for i, sum := range b.sums {
		t.MemberMonths += int64(bits.OnesCount64(b.months[i]))
		t.RawExpenditureCents += sum
	}
	t.ExpenditureCents = t.RawExpenditureCents
	if b.opts.TruncatePPM == 0 || len(b.sums) == 0 {
		return t
	}
	sorted := slices.Clone(b.sums)
	slices.Sort(sorted)
	n := int64(len(sorted))
	rank := (b.opts.TruncatePPM*n + 999_999) / 1_000_000 // ceil(p × n)
	t.TruncationCents = sorted[max(rank, 1)-1]
	t.ExpenditureCents = 0
	for _, sum := range b.sums {
		if sum > t.TruncationCents {
			t.Truncated++
			sum = t.TruncationCents
		}
		t.ExpenditureCents += sum
	}
	return t
}
