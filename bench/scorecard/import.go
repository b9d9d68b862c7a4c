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
	"strconv"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/ingest"
	"github.com/accord-alliance/accord/internal/store"
)

// benchImport writes a CSV of n observations for a fresh alliance, times
// accord's import of it (parse, check every row, write), and times
// sqlite3's .import of the same file into a bare table, in the same run.
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
	start := time.Now()
	all, err := db.ListKPIs(ctx, l.alliance.ID, accord.KPIFilter{})
	if err != nil {
		return err
	}
	res, err := ingest.Read(bytes.NewReader(content), "observations.csv", "", all)
	if err != nil {
		return err
	}
	parsed := time.Since(start)
	sum := sha256.Sum256(content)
	rep, err := db.ImportObservations(ctx, accord.Actor{UserID: l.user.ID, Name: "Bench", Via: "bench"}, accord.ImportRequest{
		AllianceID: l.alliance.ID, Format: res.Format, Filename: "observations.csv", SHA256: hex.EncodeToString(sum[:]), Rows: res.Rows})
	if err != nil {
		return err
	}
	if len(rep.Errors) > 0 || rep.New != n {
		return fmt.Errorf("import: %d new, errors %v", rep.New, rep.Errors)
	}
	ours := time.Since(start)
	ref, err := sqliteImport(dir, file)
	if err != nil {
		return err
	}
	fmt.Printf("\n| import of %d rows (%d MiB CSV) | accord on %s | sqlite3 .import into a bare table | ratio |\n|---|---|---|---|\n", n, len(content)>>20, db.Dialect())
	fmt.Printf("| time | %.2f s (parse %.2f s) | %.2f s | %.2f× |\n", ours.Seconds(), parsed.Seconds(), ref.Seconds(), ours.Seconds()/ref.Seconds())
	return nil
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
