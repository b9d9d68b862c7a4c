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
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/ingest"
	"github.com/accord-alliance/accord/internal/store"
)

// benchImport writes a CSV of n observations for an alliance's KPIs,
// times accord's import of it (parse, check every row, write), and times
// sqlite3's .import of the same file into a bare table, in the same run.
// It does so reps times, each into a new alliance of the same database
// (so accord's tables grow by n rows each time) and a new reference
// database, and compares the medians: one run on a shared two-core
// machine can be off by half. Beside it, it times accord importing the
// last file again (every row unchanged) and importing as many rows again
// for the next five years of the same KPIs (rows that go between others,
// not after them), and, for what the database alone costs, sqlite3
// writing the same rows into accord's observations table (and, on
// PostgreSQL, the server copying accord's rows into a table like it).
func benchImport(ctx context.Context, database, dir string, n, reps int) error {
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
	file := filepath.Join(dir, "observations.csv")
	var l *large
	var actor accord.Actor
	var content []byte
	var ours, refs, ratios []time.Duration
	for rep := 0; rep < reps; rep++ {
		fmt.Printf("generating alliance %d of %d KPIs for the import on %s\n", rep+1, kpis, db.Dialect())
		if l, err = makeAlliance(ctx, db, shape{kpis: kpis}, time.Now().UTC(), fmt.Sprint("-", rep+1)); err != nil {
			return err
		}
		actor = accord.Actor{UserID: l.user.ID, Name: "Bench", Via: "bench"}
		if content, err = writeCSV(file, l.keys, 0, months, segs, n); err != nil {
			return err
		}
		took, parsed, err := importFile(ctx, db, l.alliance.ID, actor, content, n, false)
		if err != nil {
			return err
		}
		ref, err := sqliteImport(dir, file)
		if err != nil {
			return err
		}
		ours, refs, ratios = append(ours, took), append(refs, ref), append(ratios, took*1000/ref)
		fmt.Printf("  run %d: sqlite3 .import %.2f s, accord %.2f s (parsing %.2f s): %.2f×\n", rep+1, ref.Seconds(), took.Seconds(), parsed.Seconds(), took.Seconds()/ref.Seconds())
	}
	fmt.Printf("\n| import of %d rows (%d MiB CSV), %d runs | sqlite3 .import into a bare table | accord on %s | ÷ |\n|---|---|---|---|\n", n, len(content)>>20, reps, db.Dialect())
	for i := range ours {
		fmt.Printf("| run %d | %.2f s | %.2f s | %.2f× |\n", i+1, refs[i].Seconds(), ours[i].Seconds(), ours[i].Seconds()/refs[i].Seconds())
	}
	fmt.Printf("| median | %.2f s | %.2f s | **%.2f×** |\n", median(refs).Seconds(), median(ours).Seconds(), float64(median(ratios))/1000)

	ref := median(refs)
	again, _, err := importFile(ctx, db, l.alliance.ID, actor, content, n, true)
	if err != nil {
		return err
	}
	made, err := db.ListKPIs(ctx, l.alliance.ID, accord.KPIFilter{})
	if err != nil {
		return err
	}
	same, err := sqliteSameWrites(ctx, dir, made)
	if err != nil {
		return err
	}
	if content, err = writeCSV(file, l.keys, months, months, segs, n); err != nil {
		return err
	}
	later, _, err := importFile(ctx, db, l.alliance.ID, actor, content, n, false)
	if err != nil {
		return err
	}
	fmt.Printf("\n| beside it | time | ÷ median sqlite3 .import |\n|---|---|---|\n")
	row := func(what string, d time.Duration) {
		fmt.Printf("| %s | %.2f s | %.2f× |\n", what, d.Seconds(), d.Seconds()/ref.Seconds())
	}
	row("accord, the last file again (every row unchanged)", again)
	row("accord, the next five years of the same KPIs (rows written between others)", later)
	row("sqlite3 (C) writing the last file's rows into accord's observations table", same)
	if db.Dialect() == store.Postgres {
		copied, err := postgresSameWrites(ctx, db)
		if err != nil {
			return err
		}
		row(fmt.Sprintf("PostgreSQL copying accord's %d rows into a table like accord's (INSERT … SELECT in the server)", (reps+1)*n), copied)
	}
	return nil
}

// median returns the middle of the durations (the upper one of an even count).
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// postgresSameWrites times PostgreSQL writing the rows accord wrote into a
// table like accord's observations table, by INSERT … SELECT inside the
// server: what PostgreSQL itself needs for accord's writes, with no
// client, parsing or checks.
func postgresSameWrites(ctx context.Context, db *store.DB) (time.Duration, error) {
	for _, q := range []string{"DROP TABLE IF EXISTS bench_observations",
		"CREATE TABLE bench_observations (LIKE observations INCLUDING DEFAULTS INCLUDING INDEXES)"} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("%s: %w", q, err)
		}
	}
	start := time.Now()
	if _, err := db.SQL().ExecContext(ctx, "INSERT INTO bench_observations SELECT * FROM observations"); err != nil {
		return 0, err
	}
	took := time.Since(start)
	_, err := db.SQL().ExecContext(ctx, "DROP TABLE bench_observations")
	return took, err
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
	res, err := ingest.Read(bytes.NewReader(content), "observations.csv", "", all, start)
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

// writeCSV writes n rows for the KPIs, months months from the month
// offset months after January 2020, segs segments each, and returns them.
func writeCSV(file string, keys []string, offset, months, segs, n int) ([]byte, error) {
	rng := rand.New(rand.NewPCG(5, 6))
	var b bytes.Buffer
	b.WriteString("kpi,period,segment,numerator,denominator,value\n")
	// Both files lie within the ten years before today that a KPI takes:
	// the first starts 119 months back, the next five years end this month.
	now := time.Now().UTC()
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -119, 0)
	written := 0
	for ki, key := range keys {
		for mo := 0; mo < months && written < n; mo++ {
			period := first.AddDate(0, offset+mo, 0).Format("2006-01")
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
		return nil, fmt.Errorf("only %d rows fit %d KPIs × %d months × %d segments", written, len(keys), months, segs)
	}
	return b.Bytes(), os.WriteFile(file, b.Bytes(), 0o644)
}

// sqliteImport times the sqlite3 shell loading the file into a bare table.
func sqliteImport(dir, file string) (time.Duration, error) {
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		return 0, fmt.Errorf("the reference needs the sqlite3 command (apt-get install sqlite3)")
	}
	ref := filepath.Join(dir, "reference.db")
	for _, f := range []string{ref, ref + "-wal", ref + "-shm"} {
		os.Remove(f)
	}
	start := time.Now()
	cmd := exec.Command(bin, ref, ".mode csv", ".import "+file+" bare")
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("sqlite3: %v: %s", err, out)
	}
	return time.Since(start), nil
}

// sqliteSameWrites times the sqlite3 shell (C) writing the rows of the bare
// table left by sqliteImport into accord's observations table on SQLite
// (as the migrations make it, read from a new accord database: one B-tree
// keyed by KPI number, period, segment and revision), with the figures
// accord writes, in one transaction, in WAL mode with synchronous=NORMAL as
// accord opens SQLite: what SQLite itself needs for accord's writes, with
// no parsing, checks or Go.
func sqliteSameWrites(ctx context.Context, dir string, kpis []accord.KPI) (time.Duration, error) {
	table, err := sqliteObservationsTable(ctx, filepath.Join(dir, "schema.db"))
	if err != nil {
		return 0, err
	}
	ref := filepath.Join(dir, "reference.db")
	var setup strings.Builder
	setup.WriteString("PRAGMA journal_mode = WAL;\nCREATE TABLE kpis (seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);\n" + table + ";\n")
	for i, k := range kpis {
		fmt.Fprintf(&setup, "INSERT INTO kpis VALUES (%d, '%s');\n", i+1, k.Key)
	}
	if out, err := exec.Command("sqlite3", ref, setup.String()).CombinedOutput(); err != nil {
		return 0, fmt.Errorf("sqlite3: %v: %s", err, out)
	}
	insert := `BEGIN;
INSERT INTO observations (kpi_seq, period, segment, value, numerator, denominator, revision, import_seq)
SELECT k.seq, unixepoch(b.period || '-01') / 86400, b.segment,
	NULLIF(b.value, '') * 1000000, NULLIF(b.numerator, '') * 1000000, NULLIF(b.denominator, '') * 1000000, 1, 1
FROM bare b JOIN kpis k ON k.key = b.kpi;
COMMIT;`
	start := time.Now()
	cmd := exec.Command("sqlite3", "-cmd", "PRAGMA synchronous = NORMAL", ref, insert)
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

// sqliteObservationsTable returns the statement that creates accord's
// observations table on SQLite, from a database the migrations made.
func sqliteObservationsTable(ctx context.Context, file string) (string, error) {
	db, err := store.Open(ctx, file, store.Options{})
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return "", err
	}
	var q string
	err = db.SQL().QueryRowContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'observations'").Scan(&q)
	return q, err
}
