package pdfprint_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/accord-alliance/accord/internal/pdfprint"
	"github.com/accord-alliance/accord/internal/pdfprint/pdftest"
)

// printer returns a Printer with a Chromium, or skips the test when there is
// none, except in CI (CI=true), where a missing browser is a failure: the
// PDF packet must not go untested there. ACCORD_CHROMIUM picks a binary, as
// it does for the browser tests of internal/server.
func printer(t *testing.T) pdfprint.Printer {
	t.Helper()
	p := pdfprint.Printer{Path: os.Getenv("ACCORD_CHROMIUM")}
	if path, ok := p.Available(); !ok {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no Chromium (looked for %q): install Debian's chromium package", path)
		}
		t.Skip("no Chromium: install Debian's chromium package to run the PDF tests")
	}
	return p
}

// packet is a small self-contained document like a check-in packet.
func packet(title, body string) []byte {
	return []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>` + title + `</title>
<style>body{font:12pt sans-serif} th{background:#e8eef6} .page{break-after:page}</style></head>
<body><h1>Quality committee — check-in</h1>
<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" role="img" aria-label="Readmissions">
<polyline points="0,60 60,40 120,50 180,20 240,30" fill="none" stroke="#1d4ed8" stroke-width="3"/>
<rect x="0" y="70" width="240" height="10" fill="#e5e7eb"/></svg>
<table><tr><th>Measure</th><th>Rate</th></tr><tr><td>Readmissions</td><td>12.4%</td></tr></table>` +
		body + `</body></html>`)
}

func TestPDF(t *testing.T) {
	p := printer(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // see TestPDFStops
	tests := []struct {
		name          string
		title, body   string
		opts          pdfprint.Options
		pages         int
		width, height float64 // points
	}{
		{name: "letter portrait", title: "Check-in packet", pages: 1, width: 612, height: 792},
		{
			name:  "landscape A4, two pages, non-ASCII title",
			title: "Check-in packet — Qualité 日本",
			body:  `<p class="page">First page.</p><p>Second page.</p>`,
			opts:  pdfprint.Options{Landscape: true, PaperWidth: 8.27, PaperHeight: 11.69},
			pages: 2, width: 842, height: 595,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf, err := p.PDF(context.Background(), packet(tt.title, tt.body), tt.opts)
			if err != nil {
				t.Fatalf("PDF: %v", err)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Fatalf("got %q at the start, want %%PDF-", pdf[:min(len(pdf), 16)])
			}
			pages, title := pdftest.Info(t, pdf)
			if pages != tt.pages {
				t.Errorf("got %d pages, want %d", pages, tt.pages)
			}
			if title != tt.title {
				t.Errorf("got title %q, want %q", title, tt.title)
			}
			w, h := pageSize(t, pdf)
			if math.Abs(w-tt.width) > 1 || math.Abs(h-tt.height) > 1 {
				t.Errorf("got page size %.0fx%.0f pt, want %.0fx%.0f", w, h, tt.width, tt.height)
			}
			wantNoBrowser(t, tmp)
		})
	}
}

// pageSize returns the size of the first page in points.
func pageSize(t *testing.T, pdf []byte) (w, h float64) {
	t.Helper()
	info, err := api.PDFInfo(bytes.NewReader(pdf), "printed.pdf", nil, false, model.NewDefaultConfiguration())
	if err != nil {
		t.Fatalf("read PDF: %v", err)
	}
	if len(info.PageBoundaries) == 0 || info.PageBoundaries[0].Media == nil {
		t.Fatal("PDF has no media box")
	}
	r := info.PageBoundaries[0].Media.Rect
	return r.Width(), r.Height()
}

// TestPDFStops checks that a print that runs out of time or whose context
// ends returns an error and leaves no browser process and no profile behind.
func TestPDFStops(t *testing.T) {
	p := printer(t)
	// chromedp makes each browser's temporary profile under TMPDIR, and every
	// Chromium process carries it in --user-data-dir, so a private TMPDIR
	// finds this test's processes and no one else's.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	tests := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		opts pdfprint.Options
		want error
	}{
		{
			name: "timeout too short",
			ctx:  func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) },
			opts: pdfprint.Options{Timeout: 50 * time.Millisecond},
			want: context.DeadlineExceeded,
		},
		{
			name: "context already cancelled",
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx, cancel
			},
			want: context.Canceled,
		},
		{
			name: "context cancelled while the browser runs",
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(300*time.Millisecond, cancel)
				return ctx, cancel
			},
			want: context.Canceled,
		},
		{
			name: "caller's deadline",
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 300*time.Millisecond)
			},
			want: context.DeadlineExceeded,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx()
			defer cancel()
			started := time.Now()
			pdf, err := p.PDF(ctx, packet("Never printed", ""), tt.opts)
			if err == nil {
				t.Fatalf("got a PDF of %d bytes, want an error", len(pdf))
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("got error %v, want one that wraps %v", err, tt.want)
			}
			if d := time.Since(started); d > 15*time.Second {
				t.Errorf("PDF returned after %s, want soon after the context ended", d)
			}
			wantNoBrowser(t, tmp)
		})
	}
}

// wantNoBrowser fails the test when a process still uses a browser profile
// under dir, or a profile is left there.
func wantNoBrowser(t *testing.T, dir string) {
	t.Helper()
	procs, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil || len(procs) == 0 {
		t.Logf("cannot list processes (%v): not checking for leftovers", err)
	}
	for _, f := range procs {
		cmdline, err := os.ReadFile(f)
		if err == nil && bytes.Contains(cmdline, []byte("--user-data-dir="+dir)) {
			t.Errorf("%s still runs: %s", filepath.Dir(f), strings.ReplaceAll(string(cmdline), "\x00", " "))
		}
	}
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left behind in the temporary directory: %s", e.Name())
	}
}

func TestNoChromium(t *testing.T) {
	notProgram := filepath.Join(t.TempDir(), "chromium")
	if err := os.WriteFile(notProgram, []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		printer  pdfprint.Printer
		path     string // PATH for the test
		wantPath string
	}{
		{name: "missing path", printer: pdfprint.Printer{Path: "/nonexistent/chromium"}, wantPath: "/nonexistent/chromium"},
		{name: "not executable", printer: pdfprint.Printer{Path: notProgram}, wantPath: notProgram},
		{name: "nothing on PATH", path: t.TempDir(), wantPath: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.path != "" {
				t.Setenv("PATH", tt.path)
			}
			path, ok := tt.printer.Available()
			if ok || path != tt.wantPath {
				t.Errorf("Available: got %q, %t, want %q, false", path, ok, tt.wantPath)
			}
			_, err := tt.printer.PDF(context.Background(), packet("x", ""), pdfprint.Options{})
			if !errors.Is(err, pdfprint.ErrNoChromium) {
				t.Errorf("PDF: got error %v, want ErrNoChromium", err)
			}
		})
	}
}

func TestAvailableOnPath(t *testing.T) {
	p := printer(t)
	want, _ := p.Available()
	dir := t.TempDir()
	link := filepath.Join(dir, "chromium-browser")
	if err := os.Symlink(want, link); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	if got, ok := (pdfprint.Printer{}).Available(); !ok || got != link {
		t.Errorf("got %q, %t, want %q, true", got, ok, link)
	}
}
