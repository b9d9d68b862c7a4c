package storetest_test

import (
	"context"
	"flag"
	"sync/atomic"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestTemplateCopiesAreIsolated builds a template once, opens three copies
// and wants each to hold what the build wrote, with the build's value, and
// a change in one copy to stay out of the others and out of the template.
func TestTemplateCopiesAreIsolated(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx, actor := context.Background(), accord.SystemActor("test")
			var builds atomic.Int32
			tp := storetest.NewTemplate(d, func(ctx context.Context, db *store.DB) (string, error) {
				builds.Add(1)
				a := accord.Alliance{Slug: "built", Name: "Built Alliance"}
				err := db.CreateAlliance(ctx, actor, &a)
				return a.ID, err
			})
			first, id := tp.Open(t, nil)
			if got, err := first.AllianceBySlug(ctx, "built"); err != nil || got.ID != id {
				t.Fatalf("the copy holds %+v, %v; want the built alliance %s", got, err, id)
			}
			changed := accord.Alliance{Slug: "only-in-first", Name: "Only In First"}
			if err := first.CreateAlliance(ctx, actor, &changed); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 2; i++ {
				db, id2 := tp.Open(t, nil)
				if id2 != id {
					t.Errorf("copy %d got build value %q, want %q", i+2, id2, id)
				}
				if _, err := db.AllianceBySlug(ctx, "built"); err != nil {
					t.Errorf("copy %d lacks the built alliance: %v", i+2, err)
				}
				if _, err := db.AllianceBySlug(ctx, "only-in-first"); accord.ErrorCode(err) != accord.ENOTFOUND {
					t.Errorf("copy %d sees another copy's change: %v", i+2, err)
				}
			}
			if n := builds.Load(); n != 1 {
				t.Errorf("the template was built %d times, want once", n)
			}
		})
	}
}

// TestQuickLoopNeverSkipsInCI: -short makes Quick true on a developer's
// machine, and CI=true makes it false whatever the flags.
func TestQuickLoopNeverSkipsInCI(t *testing.T) {
	short := flag.Lookup("test.short").Value.String()
	t.Cleanup(func() { flag.Set("test.short", short) })
	flag.Set("test.short", "true")
	t.Setenv("CI", "")
	if !storetest.Quick() {
		t.Error("Quick() = false under -short outside CI, want true")
	}
	t.Setenv("CI", "true")
	if storetest.Quick() {
		t.Error("Quick() = true under CI=true, want false: CI must run every test")
	}
	flag.Set("test.short", "false")
	t.Setenv("CI", "")
	if storetest.Quick() {
		t.Error("Quick() = true without -short, want false")
	}
}
