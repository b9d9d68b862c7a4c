// Package storetest opens real databases for tests: a fresh SQLite file and
// a fresh PostgreSQL database per call, so that the same suite runs on both.
//
// PostgreSQL is found through ACCORD_TEST_POSTGRES (a URL to a server where
// databases may be created; default postgres://postgres@127.0.0.1:5432/postgres).
// When no server answers the PostgreSQL cases are skipped, unless
// ACCORD_REQUIRE_POSTGRES=1, when they fail: CI sets it.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/store"
)

// DefaultPostgres is the server tried when ACCORD_TEST_POSTGRES is unset.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

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
	dsn := URL(t, d)
	db, err := store.Open(context.Background(), dsn, store.Options{Now: now})
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	return db
}

// URL returns the address of a fresh, empty database of the dialect: a
// file in the test's temporary directory, or a new PostgreSQL database that
// is dropped when the test ends.
func URL(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return filepath.Join(t.TempDir(), "accord.db")
	}
	admin := os.Getenv("ACCORD_TEST_POSTGRES")
	if admin == "" {
		admin = DefaultPostgres
	}
	adb, err := sql.Open("pgx", admin)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err = adb.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if os.Getenv("ACCORD_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL is required (ACCORD_REQUIRE_POSTGRES=1) but %s does not answer: %v", admin, err)
		}
		t.Skipf("no PostgreSQL server at %s (set ACCORD_TEST_POSTGRES): %v", admin, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "accord_test_" + hex.EncodeToString(b)
	if _, err := adb.Exec("CREATE DATABASE " + name); err != nil {
		adb.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		adb.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		adb.Close()
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("parse ACCORD_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}
