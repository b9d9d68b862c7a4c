package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestAuditSearchIsLiteral: % and _ (and \) in the audit search are the
// characters themselves, not LIKE wildcards.
func TestAuditSearchIsLiteral(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		names := []string{"Ann_Lee", "AnnXLee", "100% Care bot", "1000 Care bot", `Back\slash`, "Backslash"}
		for i, name := range names {
			vision := "Vision " + name
			if _, err := db.UpdateCharter(ctx, accord.Actor{Name: name, Via: "web"}, f.alliance.ID, accord.CharterUpdate{Vision: &vision}); err != nil {
				t.Fatalf("change %d: %v", i, err)
			}
		}
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"_", []string{"Ann_Lee"}},
			{"ann_lee", []string{"Ann_Lee"}},
			{"%", []string{"100% Care bot"}},
			{"100%", []string{"100% Care bot"}},
			{`\`, []string{`Back\slash`}},
			{`k\s`, []string{`Back\slash`}},
			{"care bot", []string{"1000 Care bot", "100% Care bot"}},
		} {
			es, err := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID, Query: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range es {
				got = append(got, e.ActorName)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("search %q: actors %q, want %q", tc.query, got, tc.want)
			}
		}
	})
}
