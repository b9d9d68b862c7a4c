// Command portfolio measures the portfolio page against issue 15's
// figures, on SQLite or PostgreSQL, and prints a Markdown table for
// docs/benchmarks.md:
//
//	go run ./bench/portfolio                         # a new SQLite file
//	go run ./bench/portfolio -database postgres://…  # an empty PostgreSQL database
//
// The portfolio is 200 initiatives with 1,000 phases (five each, one to
// twelve months long, at one to three of 50 sites) over five years, and a
// commitment per initiative. The page is asked for the whole five years
// (60 months, the longest window it offers). Times are server times (from
// the handler's first byte in to its last byte out), compared with the
// same server serving a static file of the page's size.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

func main() {
	var (
		database    = flag.String("database", "", "SQLite file or postgres:// URL of an empty database (default: a new SQLite file in a temporary folder)")
		requests    = flag.Int("requests", 300, "repeat views measured")
		cold        = flag.Int("cold", 20, "first views after a change measured")
		initiatives = flag.Int("initiatives", 200, "initiatives of the portfolio")
		phases      = flag.Int("phases", 5, "phases per initiative")
		sites       = flag.Int("sites", 50, "sites of the portfolio")
		profile     = flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
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
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "accord-bench-portfolio-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db := *database
	if db == "" {
		db = filepath.Join(dir, "portfolio.db")
	}
	if err := bench(ctx, db, dir, shape{*initiatives, *phases, *sites}, *requests, *cold); err != nil {
		log.Print(err)
	}
}

// timings records server time per kind of request.
type timings struct {
	mu sync.Mutex
	d  map[string][]time.Duration
}

func (t *timings) add(kind string, d time.Duration) {
	t.mu.Lock()
	t.d[kind] = append(t.d[kind], d)
	t.mu.Unlock()
}

func (t *timings) pct(kind string, p float64) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	ds := append([]time.Duration(nil), t.d[kind]...)
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[int(p*float64(len(ds)-1)+0.5)]
}

func bench(ctx context.Context, database, dir string, sh shape, requests, cold int) error {
	db, err := store.Open(ctx, database, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	fmt.Printf("generating the portfolio on %s: %d initiatives, %d phases, %d sites\n", db.Dialect(), sh.initiatives, sh.initiatives*sh.phases, sh.sites)
	start := time.Now()
	p, err := makePortfolio(ctx, db, sh, time.Now().UTC())
	if err != nil {
		return err
	}
	fmt.Printf("generated in %.1f s\n", time.Since(start).Seconds())
	srv, err := server.New(server.Config{}, db, slog.New(slog.NewTextHandler(io.Discard, nil)), prometheus.NewRegistry(), nil)
	if err != nil {
		return err
	}
	static := filepath.Join(dir, "static")
	if err := os.MkdirAll(static, 0o755); err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/bench-static/", http.StripPrefix("/bench-static/", http.FileServer(http.Dir(static))))
	mux.Handle("/", srv.Handler(prometheus.NewRegistry()))
	tm := &timings{d: map[string][]time.Duration{}}
	label := ""
	timed := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		mux.ServeHTTP(w, r)
		kind := label + "page"
		if strings.HasPrefix(r.URL.Path, "/bench-static/") {
			kind = "static"
		}
		tm.add(kind, time.Since(t0))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: timed}
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	token, err := db.CreateSession(ctx, p.user.ID, time.Hour)
	if err != nil {
		return err
	}
	get := func(path string) (string, error) {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.AddCookie(&http.Cookie{Name: "accord_session", Value: token})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			return "", fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
		}
		return string(b), err
	}
	fmt.Printf("\n| %s | p50 | p95 | static file p95 (same size) | ratio p95 |\n|---|---|---|---|---|\n", db.Dialect())
	for _, months := range []int{12, 60} {
		page := fmt.Sprintf("/a/%s/portfolio?from=%s&months=%d", p.slug, p.from, months)
		if err := measure(ctx, db, p, tm, &label, get, static, page, months, requests, cold); err != nil {
			return err
		}
	}
	return nil
}

// measure times first views after a change and repeat views of one
// window of the page, and the static file of its size, and prints them.
func measure(ctx context.Context, db *store.DB, p *portfolio, tm *timings, label *string, get func(string) (string, error),
	static, page string, months, requests, cold int) error {
	tm.d = map[string][]time.Duration{}
	*label = "cold-"
	body, err := get(page)
	if err != nil {
		return err
	}
	if !strings.Contains(body, "over capacity") {
		return fmt.Errorf("the page shows no site over capacity: the generated portfolio should overload some")
	}
	if err := os.WriteFile(filepath.Join(static, "portfolio.html"), []byte(strings.Repeat("x", len(body))), 0o644); err != nil {
		return err
	}
	// First views after a change: each after a new commitment, which bumps
	// the data version as any change to the portfolio does.
	for i := 0; i < cold; i++ {
		if err := p.change(ctx, db, i); err != nil {
			return err
		}
		if _, err := get(page); err != nil {
			return err
		}
	}
	*label = ""
	for i := 0; i < requests; i++ {
		for _, path := range []string{page, "/bench-static/portfolio.html"} {
			if _, err := get(path); err != nil {
				return err
			}
		}
	}
	s95 := tm.pct("static", 0.95)
	for _, r := range []struct{ name, kind string }{
		{fmt.Sprintf("%d months, repeat views (%d requests)", months, requests), "page"},
		{fmt.Sprintf("%d months, first view after a change (%d requests)", months, cold+1), "cold-page"},
	} {
		p95 := tm.pct(r.kind, 0.95)
		fmt.Printf("| portfolio page, %s, %d KiB | %s | %s | %s | %.1f× |\n", r.name, len(body)/1024, ms(tm.pct(r.kind, 0.5)), ms(p95), ms(s95), float64(p95)/float64(s95))
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
