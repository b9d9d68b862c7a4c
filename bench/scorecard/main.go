// Command scorecard measures the scorecard against issue 3's figures, on
// SQLite or PostgreSQL, and prints a Markdown table for docs/benchmarks.md:
//
//	go run ./bench/scorecard -pages              # page times, large alliance
//	go run ./bench/scorecard -import             # 1,000,000-row CSV import vs sqlite3 .import
//	go run ./bench/scorecard -signals            # every signal rule on every KPI (issue 4)
//	go run ./bench/scorecard -database postgres://… -pages -import
//
// The large alliance is 300 KPIs × 60 months × 20 segments (360,000
// observations) plus 10% revisions. Page times are server times (from the
// handler's first byte in to its last byte out) over many requests,
// compared with the same server serving a static file of the page's size.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"
)

func main() {
	var (
		database = flag.String("database", "", "SQLite file or postgres:// URL (default: a new SQLite file in a temporary folder)")
		pages    = flag.Bool("pages", false, "measure the scorecard and KPI pages")
		imports  = flag.Bool("import", false, "measure importing 1,000,000 observations from CSV")
		signals  = flag.Bool("signals", false, "measure evaluating every signal rule on every KPI of the large alliance")
		rows     = flag.Int("rows", 1_000_000, "rows in the import benchmark")
		reps     = flag.Int("reps", 3, "runs of the import benchmark, of which the median counts")
		requests = flag.Int("requests", 300, "requests per page in the page benchmark")
		kpis     = flag.Int("kpis", 300, "KPIs of the large alliance")
		months   = flag.Int("months", 60, "months of the large alliance")
		segments = flag.Int("segments", 20, "segments of the large alliance")
		profile  = flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	)
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if !*pages && !*imports && !*signals {
		flag.Usage()
		os.Exit(2)
	}
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "accord-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := run(ctx, dir, *database, *pages, *imports, *rows, *reps, *requests, shape{*kpis, *months, *segments}); err != nil {
		log.Print(err)
	}
	if *signals {
		db := *database
		if db == "" {
			db = filepath.Join(dir, "signals.db")
		}
		if err := benchSignals(ctx, db, shape{*kpis, *months, *segments}); err != nil {
			log.Print(err)
		}
	}
}

func run(ctx context.Context, dir, database string, pages, imports bool, rows, reps, requests int, sh shape) error {
	if pages {
		db := database
		if db == "" {
			db = filepath.Join(dir, "pages.db")
		}
		if err := benchPages(ctx, db, dir, sh, requests); err != nil {
			return err
		}
	}
	if imports {
		db := database
		if db == "" {
			db = filepath.Join(dir, "import.db")
		}
		return benchImport(ctx, db, dir, rows, max(reps, 1))
	}
	return nil
}

// shape is the size of the generated alliance.
type shape struct{ kpis, months, segments int }

func since(t time.Time) string { return fmt.Sprintf("%.2f s", time.Since(t).Seconds()) }
