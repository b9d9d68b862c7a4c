package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

// timings records server time per kind of request.
type timings struct {
	mu    sync.Mutex
	d     map[string][]time.Duration
	label string // prefixes the kind of what is timed now
}

func (t *timings) wrap(kind func(*http.Request) string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h.ServeHTTP(w, r)
		d := time.Since(start)
		t.mu.Lock()
		k := kind(r)
		if t.label != "" {
			k = t.label + "-" + k
		}
		t.d[k] = append(t.d[k], d)
		t.mu.Unlock()
	})
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

func benchPages(ctx context.Context, database, dir string, sh shape, requests int) error {
	db, err := store.Open(ctx, database, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	fmt.Printf("generating the large alliance on %s\n", db.Dialect())
	l, err := makeAlliance(ctx, db, sh, time.Now().UTC(), "")
	if err != nil {
		return err
	}
	srv, err := server.New(server.Config{}, db, slog.New(slog.NewTextHandler(io.Discard, nil)), prometheus.NewRegistry(), nil)
	if err != nil {
		return err
	}
	static := filepath.Join(dir, "static")
	os.MkdirAll(static, 0o755)
	mux := http.NewServeMux()
	mux.Handle("/bench-static/", http.StripPrefix("/bench-static/", http.FileServer(http.Dir(static))))
	mux.Handle("/", srv.Handler(prometheus.NewRegistry()))
	tm := &timings{d: map[string][]time.Duration{}}
	kind := func(r *http.Request) string {
		p := r.URL.Path
		switch {
		case strings.HasPrefix(p, "/bench-static/scorecard"):
			return "static-scorecard"
		case strings.HasPrefix(p, "/bench-static/kpi"):
			return "static-kpi"
		case strings.HasSuffix(p, "/scorecard"):
			return "scorecard"
		}
		return "kpi"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: tm.wrap(kind, mux)}
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	token, err := db.CreateSession(ctx, l.user.ID, time.Hour)
	if err != nil {
		return err
	}
	get := func(path string) (int, error) {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.AddCookie(&http.Cookie{Name: "accord_session", Value: token})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			return 0, fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
		}
		return len(b), err
	}
	sizes := map[string]int{}
	tm.label = "cold" // the first view of each page after the data changed
	for _, name := range []string{"scorecard", "kpi"} {
		path := map[string]string{"scorecard": "/a/bench/scorecard", "kpi": "/a/bench/kpis/" + l.keys[0]}[name]
		n, err := get(path)
		if err != nil {
			return err
		}
		sizes[name] = n
		if err := os.WriteFile(filepath.Join(static, name+".html"), []byte(strings.Repeat("x", n)), 0o644); err != nil {
			return err
		}
	}
	// Cold: KPI pages picked at random among 300, most never rendered
	// since the data last changed. Warm: the views people repeat — the
	// scorecard and the same 20 KPI pages — after one visit of each.
	rng := rand.New(rand.NewPCG(3, 4))
	tm.label = "cold"
	for i := 0; i < requests; i++ {
		if _, err := get("/a/bench/kpis/" + l.keys[rng.IntN(len(l.keys))]); err != nil {
			return err
		}
	}
	hot := l.keys[:20]
	for _, k := range hot {
		get("/a/bench/kpis/" + k)
	}
	tm.label = ""
	for i := 0; i < requests; i++ {
		for _, p := range []string{"/a/bench/scorecard", "/a/bench/kpis/" + hot[i%len(hot)], "/bench-static/scorecard.html", "/bench-static/kpi.html"} {
			if _, err := get(p); err != nil {
				return err
			}
		}
	}
	report(db.Dialect(), tm, sizes, requests)
	return nil
}

func report(d store.Dialect, tm *timings, sizes map[string]int, n int) {
	fmt.Printf("\n| %s, %d requests each | page p50 | page p95 | static file p95 (same size) | ratio p95 |\n|---|---|---|---|---|\n", d, n)
	rows := []struct{ name, kind, static string }{
		{"scorecard page, repeat views", "scorecard", "scorecard"},
		{"scorecard page, first view after a change (one request)", "cold-scorecard", "scorecard"},
		{"KPI page, repeat views", "kpi", "kpi"},
		{"KPI page, first view after a change", "cold-kpi", "kpi"},
	}
	for _, r := range rows {
		p95, s95 := tm.pct(r.kind, 0.95), tm.pct("static-"+r.static, 0.95)
		fmt.Printf("| %s (%d KiB) | %s | %s | %s | %.1f× |\n", r.name, sizes[r.static]/1024, ms(tm.pct(r.kind, 0.5)), ms(p95), ms(s95), float64(p95)/float64(s95))
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
