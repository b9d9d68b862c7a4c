package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/ingest"
	"github.com/accord-alliance/accord/internal/store"
)

// benchImport writes a CSV of n observations for a fresh alliance, times
// accord's import of it (parse, check every row, write), and times
// sqlite3's .import of the same file into a bare table, in the same run.
// For what the database alone costs, it also times sqlite3 writing the
// same rows into accord's observations table and into the narrowest table
// that could hold them (and, on PostgreSQL, the server copying accord's
// rows into a table like it), and accord importing the file a second time
// (every row unchanged).
func benchImport(ctx context.Context, database, dir string, n int) error {
	db, err := store.Open(ctx, database, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	kpis, months := 200, 60
	segs := (n + kpis*months - 1) / (kpis * months)
	fmt.Printf("generating an alliance of %d KPIs for the import on %s\n", kpis, db.Dialect())
	l, err := makeAlliance(ctx, db, shape{kpis: kpis, months: 0, segments: 0}, time.Now().UTC())
	if err != nil {
		return err
	}
	file := filepath.Join(dir, "observations.csv")
	if err := writeCSV(file, l.keys, months, segs, n); err != nil {
		return err
	}
	content, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	actor := accord.Actor{UserID: l.user.ID, Name: "Bench", Via: "bench"}
	ours, parsed, err := importFile(ctx, db, l.alliance.ID, actor, content, n, false)
	if err != nil {
		return err
	}
	ref, err := sqliteImport(dir, file)
	if err != nil {
		return err
	}
	made, err := db.ListKPIs(ctx, l.alliance.ID, accord.KPIFilter{})
	if err != nil {
		return err
	}
	same, err := sqliteSameWrites(dir, made, l.user.ID)
	if err != nil {
		return err
	}
	narrow, err := sqliteNarrowWrites(dir)
	if err != nil {
		return err
	}
	goNarrow, err := goNarrowWrites(ctx, dir, content, made)
	if err != nil {
		return err
	}
	again, _, err := importFile(ctx, db, l.alliance.ID, actor, content, n, true)
	if err != nil {
		return err
	}
	fmt.Printf("\n| import of %d rows (%d MiB CSV), same run | time | ÷ sqlite3 .import |\n|---|---|---|\n", n, len(content)>>20)
	row := func(what string, d time.Duration) {
		fmt.Printf("| %s | %.2f s | %.2f× |\n", what, d.Seconds(), d.Seconds()/ref.Seconds())
	}
	row("sqlite3 .import into a bare table (the reference)", ref)
	row(fmt.Sprintf("accord on %s (parse %.2f s, check every row, write)", db.Dialect(), parsed.Seconds()), ours)
	row("accord, the same file again (every row unchanged)", again)
	row("sqlite3 (C) writing the same rows into accord's observations table", same)
	row("sqlite3 (C) writing the same figures into the narrowest table that could hold them", narrow)
	row("the pure-Go SQLite accord uses writing them into that table (database/sql, 256-row INSERTs, nothing else)", goNarrow)
	if db.Dialect() == store.Postgres {
		withFK, withoutFK, err := postgresSameWrites(ctx, db)
		if err != nil {
			return err
		}
		row("PostgreSQL writing accord's rows into a table like accord's (INSERT … SELECT in the server)", withFK)
		row("the same without its two foreign keys", withoutFK)
	}
	return nil
}

// postgresSameWrites times PostgreSQL writing the rows accord wrote into a
// table like accord's observations table (its indexes, and its foreign
// keys to KPIs and users), by INSERT … SELECT inside the server: what
// PostgreSQL itself needs for accord's writes, with no client, parsing or
// checks. It does so again without the foreign keys, whose checks
// PostgreSQL makes row by row.
func postgresSameWrites(ctx context.Context, db *store.DB) (withFK, withoutFK time.Duration, err error) {
	for _, fk := range []bool{true, false} {
		stmts := []string{"DROP TABLE IF EXISTS bench_observations",
			"CREATE TABLE bench_observations (LIKE observations INCLUDING DEFAULTS INCLUDING INDEXES)"}
		if fk {
			stmts = append(stmts, "ALTER TABLE bench_observations ADD FOREIGN KEY (kpi_id) REFERENCES kpis(id), ADD FOREIGN KEY (submitted_by) REFERENCES users(id)")
		}
		for _, q := range stmts {
			if _, err := db.SQL().ExecContext(ctx, q); err != nil {
				return 0, 0, fmt.Errorf("%s: %w", q, err)
			}
		}
		start := time.Now()
		if _, err := db.SQL().ExecContext(ctx, "INSERT INTO bench_observations SELECT * FROM observations"); err != nil {
			return 0, 0, err
		}
		if fk {
			withFK = time.Since(start)
		} else {
			withoutFK = time.Since(start)
		}
	}
	_, err = db.SQL().ExecContext(ctx, "DROP TABLE bench_observations")
	return withFK, withoutFK, err
}

// importFile times accord's import of a file, as `accord import` does it:
// parse, check every row, write; unchanged says every row must be found
// unchanged (a re-import), else new. It also returns the parse time.
func importFile(ctx context.Context, db *store.DB, allianceID string, actor accord.Actor, content []byte, n int, unchanged bool) (time.Duration, time.Duration, error) {
	start := time.Now()
	all, err := db.ListKPIs(ctx, allianceID, accord.KPIFilter{})
	if err != nil {
		return 0, 0, err
	}
	res, err := ingest.Read(bytes.NewReader(content), "observations.csv", "", all)
	if err != nil {
		return 0, 0, err
	}
	parsed := time.Since(start)
	sum := sha256.Sum256(content)
	rep, err := db.ImportObservations(ctx, actor, accord.ImportRequest{
		AllianceID: allianceID, Format: res.Format, Filename: "observations.csv", SHA256: hex.EncodeToString(sum[:]), Rows: res.Rows})
	if err != nil {
		return 0, 0, err
	}
	if len(rep.Errors) > 0 || !unchanged && rep.New != n || unchanged && rep.Unchanged != n {
		return 0, 0, fmt.Errorf("import: %d new, %d unchanged, errors %v", rep.New, rep.Unchanged, rep.Errors)
	}
	return time.Since(start), parsed, nil
}

func writeCSV(file string, keys []string, months, segs, n int) error {
	rng := rand.New(rand.NewPCG(5, 6))
	var b bytes.Buffer
	b.WriteString("kpi,period,segment,numerator,denominator,value\n")
	first := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	written := 0
	for ki, key := range keys {
		for mo := 0; mo < months && written < n; mo++ {
			period := first.AddDate(0, mo, 0).Format("2006-01")
			for s := 0; s < segs && written < n; s++ {
				den := 200 + rng.IntN(300)
				num := den * (60 + rng.IntN(30)) / 100
				b.WriteString(key + "," + period + ",Clinic " + strconv.Itoa(s) + ",")
				if ki%2 == 0 {
					b.WriteString(strconv.Itoa(num) + "," + strconv.Itoa(den) + ",\n")
				} else {
					b.WriteString(",," + strconv.Itoa(num*10) + "\n")
				}
				written++
			}
		}
	}
	if written < n {
		return fmt.Errorf("only %d rows fit %d KPIs × %d months × %d segments", written, len(keys), months, segs)
	}
	return os.WriteFile(file, b.Bytes(), 0o644)
}

// sqliteImport times the sqlite3 shell loading the file into a bare table.
func sqliteImport(dir, file string) (time.Duration, error) {
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		return 0, fmt.Errorf("the reference needs the sqlite3 command (apt-get install sqlite3)")
	}
	ref := filepath.Join(dir, "reference.db")
	os.Remove(ref)
	start := time.Now()
	cmd := exec.Command(bin, ref, ".mode csv", ".import "+file+" bare")
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("sqlite3: %v: %s", err, out)
	}
	return time.Since(start), nil
}

// sqliteSameWrites times the sqlite3 shell (C) writing the rows of the bare
// table left by sqliteImport into a table made as accord's observations
// table is on SQLite (migrations/sqlite/0002_scorecard.sql: its three
// indexes and its foreign keys to KPIs and users), with the columns and
// figures accord writes, sorted ids, in one transaction, in WAL mode with
// synchronous=NORMAL as accord opens SQLite: what SQLite itself needs for
// accord's writes, with no parsing, checks or Go.
func sqliteSameWrites(dir string, kpis []accord.KPI, userID string) (time.Duration, error) {
	ref := filepath.Join(dir, "reference.db")
	var setup strings.Builder
	setup.WriteString(`PRAGMA journal_mode = WAL;
CREATE TABLE users (id TEXT PRIMARY KEY);
CREATE TABLE kpis (id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE observations (
	id TEXT PRIMARY KEY,
	kpi_id TEXT NOT NULL REFERENCES kpis(id),
	period TEXT NOT NULL,
	segment TEXT NOT NULL DEFAULT '',
	value INTEGER,
	numerator INTEGER,
	denominator INTEGER,
	revision INTEGER NOT NULL,
	source TEXT NOT NULL DEFAULT '',
	submitted_by TEXT REFERENCES users(id),
	submitted_name TEXT NOT NULL DEFAULT '',
	import_id TEXT,
	recorded_at TEXT NOT NULL,
	superseded_at TEXT,
	UNIQUE (kpi_id, period, segment, revision)
);
CREATE INDEX observations_current ON observations (kpi_id, superseded_at, period);
`)
	fmt.Fprintf(&setup, "INSERT INTO users VALUES ('%s');\n", userID)
	for _, k := range kpis {
		fmt.Fprintf(&setup, "INSERT INTO kpis VALUES ('%s', '%s');\n", k.ID, k.Key)
	}
	if out, err := exec.Command("sqlite3", ref, setup.String()).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("sqlite3: %v: %s", err, out)
	}
	insert := fmt.Sprintf(`BEGIN;
INSERT INTO observations (id, kpi_id, period, segment, value, numerator, denominator, revision, source, submitted_by, submitted_name, import_id, recorded_at)
SELECT printf('019ac000-0000-7%%03x-8000-%%012x', b.rowid >> 12 & 4095, b.rowid), k.id, b.period || '-01', b.segment,
	NULLIF(b.value, '') * 1000000, NULLIF(b.numerator, '') * 1000000, NULLIF(b.denominator, '') * 1000000, 1,
	'csv:observations.csv', '%s', 'Bench', '019ac000-0000-7000-8000-000000000000', '2026-01-01T00:00:00.000000Z'
FROM bare b JOIN kpis k ON k.key = b.kpi;
COMMIT;`, userID)
	start := time.Now()
	cmd := exec.Command("sqlite3", "-cmd", "PRAGMA foreign_keys = ON", "-cmd", "PRAGMA synchronous = NORMAL", ref, insert)
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("sqlite3: %v: %s", err, out)
	}
	took := time.Since(start)
	out, err := exec.Command("sqlite3", ref, "SELECT (SELECT COUNT(*) FROM observations) = (SELECT COUNT(*) FROM bare)").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "1" {
		return 0, fmt.Errorf("sqlite3 did not write every row: %v %s", err, out)
	}
	return took, nil
}

// narrowTable is the narrowest table that could hold accord's observations:
// one B-tree keyed by KPI, period, segment and revision, the three figures
// and an integer for the import that would carry who, when and from where.
const narrowTable = `CREATE TABLE narrow (
	kpi_id TEXT NOT NULL REFERENCES kpis(id),
	period TEXT NOT NULL,
	segment TEXT NOT NULL,
	revision INTEGER NOT NULL,
	value INTEGER, numerator INTEGER, denominator INTEGER,
	import INTEGER NOT NULL,
	superseded_at TEXT,
	PRIMARY KEY (kpi_id, period, segment, revision)
) WITHOUT ROWID`

// sqliteNarrowWrites times the sqlite3 shell (C) writing the figures of the
// bare table into the narrowest table that could hold accord's
// observations: one B-tree keyed by KPI, period, segment and revision
// (narrowTable) — no per-row ids, times or names, no other index. It
// bounds what any schema could give on SQLite.
func sqliteNarrowWrites(dir string) (time.Duration, error) {
	ref := filepath.Join(dir, "reference.db")
	q := "BEGIN;\n" + narrowTable + ";\n" + `INSERT INTO narrow SELECT k.id, b.period || '-01', b.segment, 1,
	NULLIF(b.value, '') * 1000000, NULLIF(b.numerator, '') * 1000000, NULLIF(b.denominator, '') * 1000000, 1, NULL
FROM bare b JOIN kpis k ON k.key = b.kpi;
COMMIT;`
	start := time.Now()
	cmd := exec.Command("sqlite3", "-cmd", "PRAGMA foreign_keys = ON", "-cmd", "PRAGMA synchronous = NORMAL", ref, q)
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("sqlite3: %v: %s", err, out)
	}
	return time.Since(start), nil
}

// goNarrowWrites times the pure-Go SQLite that accord uses, through
// database/sql as accord opens it, writing the file's figures (parsed and
// sorted beforehand, untimed) into narrowTable
// in a new database: 256-row prepared INSERTs in one transaction, with no
// checks, ids, revisions to compare or totals. What the writes alone would
// cost accord with that schema.
func goNarrowWrites(ctx context.Context, dir string, content []byte, kpis []accord.KPI) (time.Duration, error) {
	res, err := ingest.Read(bytes.NewReader(content), "observations.csv", "", kpis)
	if err != nil {
		return 0, err
	}
	ids := map[string]string{}
	for _, k := range kpis {
		ids[k.Key] = k.ID
	}
	rows := res.Rows
	sort.Slice(rows, func(i, j int) bool {
		a, b := &rows[i], &rows[j]
		if ids[a.KPI] != ids[b.KPI] {
			return ids[a.KPI] < ids[b.KPI]
		}
		if a.Period != b.Period {
			return a.Period < b.Period
		}
		return a.Segment < b.Segment
	})
	db, err := store.Open(ctx, filepath.Join(dir, "narrow.db"), store.Options{})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	raw := db.SQL()
	if _, err := raw.ExecContext(ctx, "CREATE TABLE kpis (id TEXT PRIMARY KEY)"); err != nil {
		return 0, err
	}
	for _, k := range kpis {
		if _, err := raw.ExecContext(ctx, "INSERT INTO kpis VALUES (?)", k.ID); err != nil {
			return 0, err
		}
	}
	if _, err := raw.ExecContext(ctx, narrowTable); err != nil {
		return 0, err
	}
	figure := func(d *accord.Decimal) any {
		if d == nil {
			return nil
		}
		return int64(*d)
	}
	const batch = 256
	start := time.Now()
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	insert := func(n int) string {
		return "INSERT INTO narrow (kpi_id, period, segment, revision, value, numerator, denominator, import) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, 1, ?, ?, ?, 1), ", n), ", ")
	}
	st, err := tx.PrepareContext(ctx, insert(batch))
	if err != nil {
		return 0, err
	}
	args := make([]any, 0, batch*6)
	for i := 0; i < len(rows); i += batch {
		part := rows[i:min(i+batch, len(rows))]
		args = args[:0]
		for _, r := range part {
			args = append(args, ids[r.KPI], r.Period+"-01", r.Segment, figure(r.Value), figure(r.Numerator), figure(r.Denominator))
		}
		if len(part) == batch {
			_, err = st.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, insert(len(part)), args...)
		}
		if err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}
