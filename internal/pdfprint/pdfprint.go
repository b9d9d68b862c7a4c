// Package pdfprint prints self-contained HTML documents, such as the
// check-in packet of a meeting, to PDF with a headless Chromium.
//
// Each call starts its own browser and stops it before returning, so a
// crash or a hang of one print cannot affect the next, and nothing is left
// running when the caller gives up. The document is set into a blank page
// with scripts disabled and every network request refused: a packet must
// carry its styles and charts inline (inline <style>, inline SVG, data:
// URLs), and nothing in it can reach out of the machine.
package pdfprint

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/chromedp/chromedp"
)

// ErrNoChromium is returned by PDF when no Chromium binary is found. A caller
// can offer the HTML packet instead.
var ErrNoChromium = errors.New("pdf: chromium not found; install Debian's chromium package")

// DefaultTimeout bounds a print when Options.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Printer prints HTML documents to PDF with a headless Chromium.
type Printer struct {
	// Path is the path of the Chromium binary; "" means look up "chromium",
	// "chromium-browser" and "google-chrome" on PATH.
	Path string
}

// Options shape one print.
type Options struct {
	// Landscape turns the paper sideways.
	Landscape bool
	// PaperWidth and PaperHeight are in inches; 0 means US Letter, 8.5 by 11.
	PaperWidth, PaperHeight float64
	// Timeout bounds the whole print, browser start included; 0 means
	// DefaultTimeout.
	Timeout time.Duration
}

// Available returns the path of the Chromium binary that PDF would run, and
// whether it exists and is executable.
func (p Printer) Available() (string, bool) {
	if p.Path != "" {
		path, err := exec.LookPath(p.Path)
		if err != nil {
			return p.Path, false
		}
		return path, true
	}
	for _, name := range [...]string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, true
		}
	}
	return "", false
}

// Print prints html to PDF with the default Options: with it a Printer
// prints check-in packets (it is an internal/packet Printer).
func (p Printer) Print(ctx context.Context, html []byte) ([]byte, error) {
	return p.PDF(ctx, html, Options{})
}

// PDF prints html to PDF and returns the file. The document's <title>
// becomes the title of the PDF. The browser is killed when ctx ends or the
// timeout passes, and PDF returns only after it has stopped.
func (p Printer) PDF(ctx context.Context, html []byte, opts Options) ([]byte, error) {
	return p.print(ctx, html, opts)
}

// print is PDF with extra options for the browser, which tests use to turn
// off protections of Chromium that would hide a fault of accord's own.
func (p Printer) print(ctx context.Context, html []byte, opts Options, extra ...chromedp.ExecAllocatorOption) ([]byte, error) {
	path, ok := p.Available()
	if !ok {
		if p.Path != "" {
			return nil, fmt.Errorf("%w (looked for %s)", ErrNoChromium, p.Path)
		}
		return nil, ErrNoChromium
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	// Chromium keeps its shared memory files in TMPDIR and its caches in
	// HOME, and a killed browser leaves them there. A directory of our own
	// for both goes away whole, after the browser has stopped.
	dir, err := os.MkdirTemp("", "accord-pdf-")
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	defer os.RemoveAll(dir)
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// The browser lives as long as tctx: chromedp kills it, and the child
	// processes that still use its temporary profile, when tctx ends. The
	// deferred cancels run in reverse order and wait for that.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(tctx, append(allocatorOptions(path, dir), extra...)...)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()

	pdf, err := chromedp.Run(browserCtx, printAction(string(html), opts))
	switch {
	case err == nil && len(pdf) == 0:
		return nil, errors.New("pdf: chromium returned an empty file")
	case err == nil:
		return pdf, nil
	case ctx.Err() == nil && errors.Is(tctx.Err(), context.DeadlineExceeded):
		return nil, fmt.Errorf("pdf: no PDF within %s: %w", timeout, err)
	}
	return nil, fmt.Errorf("pdf: print with %s: %w", path, err)
}

// allocatorOptions are chromedp's defaults for a headless browser plus what
// a server or a container needs. The browser gets a bare environment, with
// dir as its home and temporary directory, rather than the server's, which
// holds secrets such as the database URL.
func allocatorOptions(path, dir string) []chromedp.ExecAllocatorOption {
	env := []string{"HOME=" + dir, "TMPDIR=" + dir}
	for _, name := range []string{"PATH", "LANG", "LC_ALL", "TZ"} {
		if v, ok := os.LookupEnv(name); ok {
			env = append(env, name+"="+v)
		}
	}
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoInheritEnv,
		chromedp.Env(env...),
		// Containers often run as root or lack the user namespaces that the
		// sandbox needs. The page runs no script and reaches no network, and
		// its HTML comes from accord's own templates, so the sandbox buys
		// little here.
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-pings", true),
	)
}
