package store

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Backup writes a consistent copy of the live database to path while the
// server keeps running. SQLite uses VACUUM INTO (a transactionally
// consistent, compacted copy); PostgreSQL uses pg_dump in its custom format
// (a consistent snapshot), which must be installed.
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file", path)
	}
	switch db.dialect {
	case SQLite:
		if _, err := db.write.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		return nil
	case Postgres:
		bin, err := exec.LookPath("pg_dump")
		if err != nil {
			return fmt.Errorf("backup: pg_dump is needed to back up PostgreSQL and was not found on PATH")
		}
		cmd := exec.CommandContext(ctx, bin, "--format=custom", "--no-owner", "--file="+path, "--dbname="+db.dsn)
		if out, err := cmd.CombinedOutput(); err != nil {
			os.Remove(path)
			return fmt.Errorf("backup: pg_dump: %v: %s", err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	return fmt.Errorf("backup: unknown dialect %q", db.dialect)
}
