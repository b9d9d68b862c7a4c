package store

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestBatchInsertSQL(t *testing.T) {
	for _, tt := range []struct {
		d    Dialect
		want string
	}{
		{SQLite, "INSERT INTO t VALUES (?3, ?2, ?, ?1), (?, ?2, ?, ?1)"},
		{Postgres, "INSERT INTO t VALUES ($3, $2, $4, $1), ($5, $2, $6, $1)"},
	} {
		b := (&Tx{dialect: tt.d}).newBatchInsert("INSERT INTO t VALUES ", "(?, ?2, ?, ?1)", 4, "a", "b")
		if got := b.sql(2); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.d, got, tt.want)
		}
		if len(b.args) != 2 || cap(b.args) != 2+2*4 {
			t.Errorf("%s: args %v (cap %d), want the 2 shared values and room for 4 rows of 2", tt.d, b.args, cap(b.args))
		}
	}
}

// TestSortRows checks the bucketed sort against a plain sort, for rows in
// file order, with segments out of order, and shuffled.
func TestSortRows(t *testing.T) {
	rank := []int32{2, 0, 1} // KPI 1's id sorts first
	var rows []importRow
	for k := int32(0); k < 3; k++ {
		for day := int32(100); day < 130; day++ {
			for s := 0; s < 12; s++ {
				rows = append(rows, importRow{in: int32(len(rows)), kpi: k, day: day, segment: fmt.Sprint("Clinic ", s)})
			}
		}
	}
	rows = append(rows, importRow{in: int32(len(rows)), kpi: 2, day: 101, segment: "Clinic 3"}) // a repeat
	want := slices.Clone(rows)
	slices.SortStableFunc(want, func(a, b importRow) int {
		if c := cmp.Compare(rank[a.kpi], rank[b.kpi]); c != 0 {
			return c
		}
		return byPeriodSegment(a, b)
	})
	shuffled := slices.Clone(rows)
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for name, in := range map[string][]importRow{"file order": rows, "shuffled": shuffled} {
		if got := sortRows(slices.Clone(in), rank); !slices.Equal(got, want) {
			t.Errorf("%s: sortRows gives another order than a plain sort", name)
		}
	}
}
