// Package pdftest reads PDF files back in tests, so that a test can check
// the PDF that accord printed rather than trust that printing returned bytes.
// It uses pdfcpu, which only test binaries import: the accord binary does not
// carry a PDF reader.
package pdftest

import (
	"bytes"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

func init() {
	// Without this pdfcpu writes a configuration directory under the home
	// of whoever runs the tests. Doing it once, before any test starts,
	// keeps parallel tests free of a race on pdfcpu's package variable.
	api.DisableConfigDir()
}

// Info parses pdf, validating it as pdfcpu's relaxed mode does, and returns
// its page count and the Title of its Info dictionary. It fails the test when
// pdf is not a readable PDF.
func Info(t testing.TB, pdf []byte) (pages int, title string) {
	t.Helper()
	if len(pdf) == 0 {
		t.Fatal("pdftest: empty PDF")
	}
	info, err := api.PDFInfo(bytes.NewReader(pdf), "printed.pdf", nil, false, model.NewDefaultConfiguration())
	if err != nil {
		t.Fatalf("pdftest: read PDF of %d bytes: %v", len(pdf), err)
	}
	return info.PageCount, info.Title
}
