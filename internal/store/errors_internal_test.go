package store

import (
	"database/sql"
	"errors"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/accord-alliance/accord/internal/accord"
)

// TestTranslateSQLiteErrorsByCode makes SQLite itself refuse a duplicate
// key, a duplicate unique value and a missing parent, and checks each maps
// to its domain code; an error that only reads like a violation (the same
// text, not the driver's error) passes through unchanged, and so do other
// driver errors.
func TestTranslateSQLiteErrorsByCode(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "e.db")+"?_pragma="+url.QueryEscape("foreign_keys(1)"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		"CREATE TABLE parent (id TEXT PRIMARY KEY, name TEXT UNIQUE)",
		"CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parent (id))",
		"INSERT INTO parent VALUES ('p1', 'one')",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, tt := range []struct {
		name, q string
		want    string
	}{
		{"primary key", "INSERT INTO parent VALUES ('p1', 'two')", accord.ECONFLICT},
		{"unique", "INSERT INTO parent VALUES ('p2', 'one')", accord.ECONFLICT},
		{"foreign key", "INSERT INTO child VALUES ('c1', 'nobody')", accord.EINVALID},
		{"not null", "INSERT INTO child VALUES ('c2', NULL)", ""},
		{"syntax", "INSERT INTO nowhere VALUES (1)", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.Exec(tt.q)
			if err == nil {
				t.Fatalf("%s succeeded; want a driver error", tt.q)
			}
			checkTranslated(t, SQLite, err, tt.want)
		})
	}
	for _, text := range []string{"UNIQUE constraint failed: parent.name", "FOREIGN KEY constraint failed", "database is locked (5) (SQLITE_BUSY)"} {
		checkTranslated(t, SQLite, errors.New(text), "")
	}
}

// TestTranslatePostgresErrorsByCode maps PostgreSQL's SQLSTATE codes.
func TestTranslatePostgresErrorsByCode(t *testing.T) {
	for code, want := range map[string]string{
		"23505": accord.ECONFLICT, "23503": accord.EINVALID, "22021": accord.EINVALID, "22P05": accord.EINVALID, "23502": "", "40001": "",
	} {
		checkTranslated(t, Postgres, &pgconn.PgError{Code: code, Message: "duplicate key value violates unique constraint"}, want)
	}
}

// checkTranslated wants err translated to the code want, or, when want is
// empty, passed through as it was.
func checkTranslated(t *testing.T, d Dialect, err error, want string) {
	t.Helper()
	got := translate(d, err)
	var de *accord.Error
	switch {
	case want == "" && got != err:
		t.Errorf("%s: translate(%v) = %v; want it unchanged", d, err, got)
	case want != "" && (!errors.As(got, &de) || de.Code != want || !errors.Is(got, err)):
		t.Errorf("%s: translate(%v) = %v; want code %s wrapping the driver error", d, err, got, want)
	}
}
