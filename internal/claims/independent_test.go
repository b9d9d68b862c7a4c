package claims

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestGeneratedMatchesIndependent generates a data set and checks the
// book's totals against a separate, plain computation (encoding/csv,
// time.Parse, maps, a sort) of the same rules.
func TestGeneratedMatchesIndependent(t *testing.T) {
	dir := t.TempDir()
	st, err := Generate(dir, GenOptions{Beneficiaries: 3000, Lines: 60000, Year: 2022, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if st.Lines != 60000 || st.Beneficiaries != 3000 {
		t.Fatalf("generated %+v", st)
	}
	opts := DefaultOptions(2022)
	opts.ExcludeTypes = map[string]bool{"50": true} // hospice, say
	got, err := FromDir(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := independent(t, dir, 2022, 3, 99, "50")
	if got.Beneficiaries != want.Beneficiaries || got.MemberMonths != want.MemberMonths ||
		got.RawExpenditureCents != want.RawExpenditureCents || got.ExpenditureCents != want.ExpenditureCents ||
		got.TruncationCents != want.TruncationCents || got.Counted != want.Counted || got.Lines != want.Lines {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if got.Counted == got.Lines || got.Truncated == 0 {
		t.Errorf("the data set exercises too little: %+v", got)
	}
	// Same seed, same files.
	dir2 := t.TempDir()
	if _, err := Generate(dir2, GenOptions{Beneficiaries: 3000, Lines: 60000, Year: 2022, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	for _, f := range st.Files {
		a, _ := os.ReadFile(f)
		b, _ := os.ReadFile(filepath.Join(dir2, filepath.Base(f)))
		if string(a) != string(b) {
			t.Errorf("%s differs between two runs with the same seed", filepath.Base(f))
		}
	}
}

func independent(t *testing.T, dir string, year, runout, pct int, excluded string) Totals {
	t.Helper()
	read := func(name string) []map[string]string {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var rows []map[string]string
		for _, r := range recs[1:] {
			m := map[string]string{}
			for i, h := range recs[0] {
				m[h] = r[i]
			}
			rows = append(rows, m)
		}
		return rows
	}
	date := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	enrolled := map[string]map[time.Month]bool{}
	for _, r := range read(EnrollmentFile) {
		m := date(r["BENE_MEMBER_MONTH"])
		if m.Year() == year {
			if enrolled[r["CURRENT_BENE_MBI_ID"]] == nil {
				enrolled[r["CURRENT_BENE_MBI_ID"]] = map[time.Month]bool{}
			}
			enrolled[r["CURRENT_BENE_MBI_ID"]][m.Month()] = true
		}
	}
	var tot Totals
	sums := map[string]int64{}
	for b, ms := range enrolled {
		sums[b] = 0
		tot.MemberMonths += int64(len(ms))
	}
	deadline := time.Date(year+1, time.Month(1+runout), 1, 0, 0, 0, 0, time.UTC)
	for _, l := range Layouts {
		for _, r := range read(l.File) {
			tot.Lines++
			thru, loaded := date(r[l.Thru]), date(r["CLM_IDR_LD_DT"])
			if !loaded.Before(deadline) || r["CLM_TYPE_CD"] == excluded || thru.Year() != year || !enrolled[r["BENE_MBI_ID"]][thru.Month()] {
				continue
			}
			whole, frac, _ := strings.Cut(r[l.Amount], ".")
			d, _ := strconv.ParseInt(whole, 10, 64)
			c, _ := strconv.ParseInt(frac, 10, 64)
			cents := d*100 + c
			if r["CLM_ADJSMT_TYPE_CD"] == "1" {
				cents = -cents
			}
			sums[r["BENE_MBI_ID"]] += cents
			tot.Counted++
		}
	}
	var all []int64
	for _, s := range sums {
		all = append(all, s)
		tot.RawExpenditureCents += s
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	rank := (pct*len(all) + 99) / 100
	tot.TruncationCents = all[rank-1]
	for _, s := range all {
		tot.ExpenditureCents += min(s, tot.TruncationCents)
	}
	tot.Beneficiaries = int64(len(sums))
	return tot
}
