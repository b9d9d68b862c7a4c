package server_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/password"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestMain lets the tests start from copies of prepared databases (see
// storetest.Main) and removes those at the end.
func TestMain(m *testing.M) { storetest.Main(m) }

// builtDemo is what building the demo database returned: the same for every
// copy, since a copy has the very same rows and ids.
type builtDemo struct {
	demo  demo.Result
	other accord.Alliance
}

// demoTemplates holds the demo databases built so far, by dialect and day.
var demoTemplates = struct {
	sync.Mutex
	m map[string]*storetest.Template[builtDemo]
}{m: map[string]*storetest.Template[builtDemo]{}}

// demoTemplate returns the database newApp copies: the demo alliance and
// the other one, built with the real clock once per test binary and day.
// The demo's dates are relative to the day it is built, so a run that
// crosses midnight (UTC) builds a new one rather than hand out yesterday's.
func demoTemplate(d store.Dialect) *storetest.Template[builtDemo] {
	key := fmt.Sprintf("%s %s", d, time.Now().UTC().Format(time.DateOnly))
	demoTemplates.Lock()
	defer demoTemplates.Unlock()
	tp := demoTemplates.m[key]
	if tp == nil {
		tp = storetest.NewTemplate(d, buildDemo)
		demoTemplates.m[key] = tp
	}
	return tp
}

// buildDemo generates the demo as `accord demo` does, plus the other alliance.
func buildDemo(ctx context.Context, db *store.DB) (builtDemo, error) {
	hash, err := password.Hash(demo.Password, password.Fast)
	if err != nil {
		return builtDemo{}, err
	}
	res, err := demo.Generate(ctx, db, hash, time.Now())
	if err != nil {
		return builtDemo{}, err
	}
	other, err := seedOther(ctx, db, hash)
	return builtDemo{demo: res, other: other}, err
}
