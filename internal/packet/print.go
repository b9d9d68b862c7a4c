package packet

import (
	"context"
	"errors"
	"fmt"

	"github.com/accord-alliance/accord/internal/accord"
)

// Printer prints an HTML document to PDF (pdfprint.Printer is one, with
// headless Chromium).
type Printer interface {
	// Available reports where the printer's program is and whether it
	// can print at all.
	Available() (string, bool)
	// Print returns html printed to PDF.
	Print(ctx context.Context, html []byte) ([]byte, error)
}

// ErrNoPrinter means no PDF can be printed here: no printer is configured
// or its program is missing. The printable HTML page works without it.
var ErrNoPrinter = accord.Errorf(accord.EUNAVAILABLE, "PDF packets need Chromium on the server (Debian's chromium package, or --chromium); the printable page works without it")

// PDF prints the packet v to PDF with p.
func PDF(ctx context.Context, p Printer, v View) ([]byte, error) {
	if p == nil {
		return nil, ErrNoPrinter
	}
	if _, ok := p.Available(); !ok {
		return nil, ErrNoPrinter
	}
	v.Inline = true
	html, err := Render(v)
	if err != nil {
		return nil, err
	}
	pdf, err := p.Print(ctx, html)
	if err != nil {
		return nil, fmt.Errorf("print packet: %w", err)
	}
	return pdf, nil
}

// Attachment is the packet v as a file to e-mail: a PDF when p can print,
// the self-contained HTML page otherwise.
func Attachment(ctx context.Context, p Printer, v View) (accord.Attachment, error) {
	name := Filename(v.Meeting)
	pdf, err := PDF(ctx, p, v)
	switch {
	case err == nil:
		return accord.Attachment{Name: name + ".pdf", ContentType: "application/pdf", Data: pdf}, nil
	case !errors.Is(err, ErrNoPrinter):
		return accord.Attachment{}, err
	}
	v.Inline = true
	html, err := Render(v)
	if err != nil {
		return accord.Attachment{}, err
	}
	return accord.Attachment{Name: name + ".html", ContentType: "text/html; charset=utf-8", Data: html}, nil
}
