// Package storetest opens real databases for tests: a fresh SQLite file and
// a fresh PostgreSQL database per call, so that the same suite runs on both.
//
// PostgreSQL is found through ACCORD_TEST_POSTGRES (a URL to a server where
// databases may be created; default postgres://postgres@127.0.0.1:5432/postgres).
// When no server answers the PostgreSQL cases are skipped, unless
// ACCORD_REQUIRE_POSTGRES=1, when they fail: CI sets it. `go test -short`
// (see Quick) skips them too, unless ACCORD_REQUIRE_POSTGRES=1 or CI=true.
//
// A package whose TestMain calls Main gets its migrated databases as copies
// of one migrated template (see Template) instead of migrating each one.
package storetest

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/seal"
	"github.com/accord-alliance/accord/internal/store"
)

// DefaultPostgres is the server tried when ACCORD_TEST_POSTGRES is unset.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// KeyLine is the data key every test database is sealed under (a test's
// key: it guards nothing).
const KeyLine = "test:dGVzdC1vbmx5LWRhdGEta2V5LTMyLWJ5dGVzLSEhISE="

// Keys returns the data key ring of KeyLine, which every database this
// package opens uses.
func Keys() *seal.Ring {
	r, err := seal.Parse(KeyLine)
	if err != nil {
		panic(err) // KeyLine is a constant: it parses
	}
	return r
}

// Dialects lists the databases every store test runs against.
func Dialects() []store.Dialect { return []store.Dialect{store.SQLite, store.Postgres} }

// Each runs fn as a subtest once per dialect with a fresh, migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(string(d), func(t *testing.T) {
			fn(t, Open(t, d, nil))
		})
	}
}

// Open returns a fresh migrated database of the dialect, closed and dropped
// when the test ends. now may be nil for the real clock.
func Open(t testing.TB, d store.Dialect, now func() time.Time) *store.DB {
	t.Helper()
	if registry.enabled() {
		if d == store.Postgres {
			requirePostgres(t)
		}
		tp := registry.migrated(d)
		if err := tp.ready(); err != nil {
			t.Fatalf("prepare %s template: %v", d, err)
		}
		return openMigrated(t, tp.copyFor(t), now)
	}
	return openMigrated(t, URL(t, d), now)
}

// URL returns the address of a fresh, empty database of the dialect: a
// file in the test's temporary directory, or a new PostgreSQL database that
// is dropped when the test ends.
func URL(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return filepath.Join(t.TempDir(), "accord.db")
	}
	requirePostgres(t)
	name := "accord_test_" + randomHex()
	if _, err := admin.db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() { admin.db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	return admin.urlOf(name)
}

// Quick reports whether this is the quick local loop: `go test -short`
// outside CI. CI (CI=true) runs every test, -short or not.
func Quick() bool { return testing.Short() && os.Getenv("CI") != "true" }

// Long skips a long test (seconds of bulk work on both databases) in the
// quick local loop; everywhere else it runs.
func Long(t testing.TB) {
	t.Helper()
	if Quick() {
		t.Skip("-short: a long test, skipped in the quick loop (CI runs it)")
	}
}

// admin is the connection to the PostgreSQL server's maintenance database
// that creates and drops the tests' databases, shared by the whole binary.
var admin adminConn

type adminConn struct {
	once sync.Once
	url  *url.URL
	db   *sql.DB
	err  error // why there is no server to use
}

// requirePostgres skips the test (or fails it, under ACCORD_REQUIRE_POSTGRES=1)
// when no PostgreSQL server answers or when -short asks for a quick run.
func requirePostgres(t testing.TB) {
	t.Helper()
	required := os.Getenv("ACCORD_REQUIRE_POSTGRES") == "1"
	if Quick() && !required {
		t.Skip("-short: the PostgreSQL cases are skipped (ACCORD_REQUIRE_POSTGRES=1 runs them)")
	}
	admin.once.Do(connectAdmin)
	if admin.err == nil {
		return
	}
	if required {
		t.Fatalf("PostgreSQL is required (ACCORD_REQUIRE_POSTGRES=1) but %v", admin.err)
	}
	t.Skipf("no PostgreSQL server (set ACCORD_TEST_POSTGRES): %v", admin.err)
}

func connectAdmin() {
	raw := os.Getenv("ACCORD_TEST_POSTGRES")
	if raw == "" {
		raw = DefaultPostgres
	}
	u, err := url.Parse(raw)
	if err != nil {
		admin.err = err
		return
	}
	db, err := sql.Open("pgx", raw)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err = db.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		admin.err = &noServer{raw, err}
		return
	}
	admin.url, admin.db = u, db
}

// urlOf is the address of the named database on the admin's server.
func (a *adminConn) urlOf(name string) string {
	u := *a.url
	u.Path = "/" + name
	return u.String()
}

// noServer says which server did not answer and why.
type noServer struct {
	url string
	err error
}

func (e *noServer) Error() string { return e.url + " does not answer: " + e.err.Error() }
