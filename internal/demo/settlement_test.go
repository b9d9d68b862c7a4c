package demo

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestDemoSettlements checks the demo's three settled years: each under the
// version of its year, one below the gate and two with shared savings.
func TestDemoSettlements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hash, _ := password.Hash(Password, password.Fast)
		now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
		res, err := Generate(ctx, db, hash, now)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := db.AllianceBySlug(ctx, res.AllianceSlug)
		c, err := db.ContractByKey(ctx, a.ID, "shared-savings")
		if err != nil {
			t.Fatal(err)
		}
		list, err := db.ListSettlements(ctx, c.ID)
		if err != nil || len(list) != 3 {
			t.Fatalf("settlements = %d, %v; want 3", len(list), err)
		}
		shared := 0
		for i, st := range list {
			year := 2025 - i
			if st.PeriodStart.Year() != year || st.Version != 3-i {
				t.Errorf("settlement %d: %s under version %d; want %d under version %d", i, st.PeriodStart.Format(time.DateOnly), st.Version, year, 3-i)
			}
			if st.Result.SharedSavings > 0 {
				shared++
			}
		}
		if shared != 2 || list[2].Result.Qualified {
			t.Errorf("%d years with shared savings, first year qualified %v; want 2 and the first below the gate", shared, list[2].Result.Qualified)
		}
	})
}
