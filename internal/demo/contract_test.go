package demo

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

func TestDemoContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hash, _ := password.Hash(Password, password.Fast)
		now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
		res, err := Generate(ctx, db, hash, now)
		if err != nil {
			t.Fatal(err)
		}
		a, err := db.AllianceBySlug(ctx, res.AllianceSlug)
		if err != nil {
			t.Fatal(err)
		}
		c, err := db.ContractByKey(ctx, a.ID, "shared-savings")
		if err != nil {
			t.Fatal(err)
		}
		versions, _ := db.ContractVersions(ctx, c.ID)
		if len(versions) != 3 || c.Open != 1 {
			t.Fatalf("versions %d, open amendments %d; want 3 agreed versions and 1 waiting", len(versions), c.Open)
		}
		v, err := db.VersionAt(ctx, c.ID, time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC))
		if err != nil || v.Number != 2 {
			t.Errorf("version in force on 30 June 2024 = %d, %v; want 2 (in force from 1 January 2024)", v.Number, err)
		}
		amends, _ := db.ListAmendments(ctx, c.ID)
		if last := amends[len(amends)-1]; last.Status == "adopted" {
			t.Errorf("the last amendment is %s; it should still wait for two parties", last.Status)
		}
	})
}
