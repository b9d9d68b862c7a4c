package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/store"
)

// A Template is a database built once per test binary and copied for every
// test that opens it: a file copy on SQLite, CREATE DATABASE ... TEMPLATE on
// PostgreSQL. Each test gets its own copy, so tests stay isolated while the
// build (migrations, a demo) is paid once.
//
// Templates are kept only while Main runs the package's tests, which removes
// them at the end; without Main, Open builds a fresh database every time, as
// if there were no template.
type Template[T any] struct {
	dialect store.Dialect
	build   func(ctx context.Context, db *store.DB) (T, error)
	value   T // what build returned

	once sync.Once
	err  error
	path string // SQLite: the prepared file
	name string // PostgreSQL: the prepared database, which nobody connects to
}

// NewTemplate returns a template of the dialect whose content is a fresh
// migrated database after build (nil for none) has run on it with the real
// clock; Open hands each copy what build returned (the ids it made, say).
// Nothing is built until the first Open.
func NewTemplate[T any](d store.Dialect, build func(ctx context.Context, db *store.DB) (T, error)) *Template[T] {
	return &Template[T]{dialect: d, build: build}
}

// Open returns the test's own copy of the template, migrated, reading now
// (nil for the real clock), closed and dropped when the test ends, with
// what build returned.
func (tp *Template[T]) Open(t testing.TB, now func() time.Time) (*store.DB, T) {
	t.Helper()
	db, v, _ := tp.OpenURL(t, now)
	return db, v
}

// OpenURL is Open that also returns the copy's address, for a test that
// opens the same database a second way (the command line, say).
func (tp *Template[T]) OpenURL(t testing.TB, now func() time.Time) (*store.DB, T, string) {
	t.Helper()
	if tp.dialect == store.Postgres {
		requirePostgres(t)
	}
	if !registry.enabled() {
		dsn := URL(t, tp.dialect)
		db := openMigrated(t, dsn, now)
		var v T
		if tp.build != nil {
			var err error
			if v, err = tp.build(context.Background(), db); err != nil {
				t.Fatalf("build %s database: %v", tp.dialect, err)
			}
		}
		return db, v, dsn
	}
	if err := tp.ready(); err != nil {
		t.Fatalf("prepare %s template: %v", tp.dialect, err)
	}
	dsn := tp.copyFor(t)
	return openMigrated(t, dsn, now), tp.value, dsn
}

// prepare builds the template: a copy of the migrated template (or, for that
// one, a fresh database) that build fills, then closes.
func (tp *Template[T]) prepare() error {
	ctx := context.Background()
	dsn, err := tp.create(ctx)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, dsn, store.Options{Keys: Keys()})
	if err != nil {
		return err
	}
	_, err = db.Migrate(ctx)
	if err == nil && tp.build != nil {
		tp.value, err = tp.build(ctx, db)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil && tp.dialect == store.Postgres {
		// A template may have no connections while it is copied; refusing
		// them keeps a stray one from breaking every test after it.
		_, err = admin.db.ExecContext(ctx, "ALTER DATABASE "+tp.name+" WITH ALLOW_CONNECTIONS false")
	}
	return err
}

// create makes the template's database, a copy of the migrated template
// unless it is that one, and returns its address.
func (tp *Template[T]) create(ctx context.Context) (string, error) {
	var base *Template[struct{}]
	if !tp.isBase() {
		base = registry.migrated(tp.dialect)
		if err := base.ready(); err != nil {
			return "", err
		}
	}
	if tp.dialect == store.SQLite {
		tp.path = filepath.Join(registry.dir(), "template-"+randomHex()+".db")
		if base != nil {
			if err := copyFile(base.path, tp.path); err != nil {
				return "", err
			}
		}
		return tp.path, nil
	}
	tp.name = "accord_test_template_" + randomHex()
	create := "CREATE DATABASE " + tp.name
	if base != nil {
		create += " TEMPLATE " + base.name
	}
	if _, err := admin.db.ExecContext(ctx, create); err != nil {
		return "", fmt.Errorf("create template: %w", err)
	}
	registry.dropLater(tp.name)
	return admin.urlOf(tp.name), nil
}

// isBase reports whether tp is the migrated template every other one starts
// from: the one template built without a build function.
func (tp *Template[T]) isBase() bool { return tp.build == nil }

// ready builds the template if no test has yet.
func (tp *Template[T]) ready() error {
	tp.once.Do(func() { tp.err = tp.prepare() })
	return tp.err
}

// copyFor makes the test's copy and returns its address.
func (tp *Template[T]) copyFor(t testing.TB) string {
	t.Helper()
	if tp.dialect == store.SQLite {
		path := filepath.Join(t.TempDir(), "accord.db")
		if err := copyFile(tp.path, path); err != nil {
			t.Fatalf("copy template: %v", err)
		}
		return path
	}
	name := "accord_test_" + randomHex()
	if _, err := admin.db.Exec("CREATE DATABASE " + name + " TEMPLATE " + tp.name); err != nil {
		t.Fatalf("create database from template: %v", err)
	}
	t.Cleanup(func() { admin.db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	return admin.urlOf(name)
}

// openMigrated opens a copied database and runs Migrate, which finds
// nothing to do but keeps Open's promise exactly.
func openMigrated(t testing.TB, dsn string, now func() time.Time) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, store.Options{Now: now, Keys: Keys()})
	if err != nil {
		t.Fatalf("open copy: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate copy: %v", err)
	}
	return db
}

// copyFile copies a closed SQLite database (Close checkpoints its WAL into
// the main file, so the file alone is the whole database).
func copyFile(from, to string) error {
	if _, err := os.Stat(from + "-wal"); err == nil {
		return fmt.Errorf("copy %s: its write-ahead log is still there; close it first", from)
	}
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

func randomHex() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// registry holds what Main sets up and tears down: the folder of SQLite
// templates, the migrated template per dialect, and the PostgreSQL
// templates to drop.
var registry = &templates{}

type templates struct {
	mu     sync.Mutex
	on     bool
	folder string
	base   map[store.Dialect]*Template[struct{}]
	drop   []string
}

func (r *templates) enabled() bool { r.mu.Lock(); defer r.mu.Unlock(); return r.on }

func (r *templates) dir() string { r.mu.Lock(); defer r.mu.Unlock(); return r.folder }

// migrated returns the dialect's template of an empty migrated database.
func (r *templates) migrated(d store.Dialect) *Template[struct{}] {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.base[d] == nil {
		r.base[d] = NewTemplate[struct{}](d, nil)
	}
	return r.base[d]
}

func (r *templates) dropLater(name string) { r.mu.Lock(); r.drop = append(r.drop, name); r.mu.Unlock() }

// Main runs the package's tests with templates (see Template) and removes
// them afterwards. A package opts in with
//
//	func TestMain(m *testing.M) { storetest.Main(m) }
//
// whose tests then start from copies instead of migrating every database.
func Main(m *testing.M) {
	dir, err := os.MkdirTemp("", "accord-storetest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "storetest: no folder for templates, building every database:", err)
		m.Run()
		return
	}
	registry.mu.Lock()
	registry.on, registry.folder, registry.base = true, dir, map[store.Dialect]*Template[struct{}]{}
	registry.mu.Unlock()
	defer os.RemoveAll(dir)
	defer registry.dropAll()
	m.Run()
}

// dropAll drops the PostgreSQL templates and closes the shared admin pool.
func (r *templates) dropAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, name := range r.drop {
		if _, err := admin.db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "storetest: drop %s: %v\n", name, err)
		}
	}
	if admin.db != nil {
		admin.db.Close()
	}
}
