package packet_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/packet"
	"github.com/accord-alliance/accord/internal/pdfprint"
	"github.com/accord-alliance/accord/internal/pdfprint/pdftest"
)

// TestPDFWithChromium prints a packet with the printer cli wires
// (pdfprint, headless Chromium) and reads the PDF back: titled with the
// committee, the cover and the scorecard on pages of their own. Without
// Chromium it is skipped, except where a browser is required (CI, or
// ACCORD_REQUIRE_BROWSER=1).
func TestPDFWithChromium(t *testing.T) {
	p := pdfprint.Printer{Path: os.Getenv("ACCORD_CHROMIUM")}
	if path, ok := p.Available(); !ok {
		if os.Getenv("CI") == "true" || os.Getenv("ACCORD_REQUIRE_BROWSER") == "1" {
			t.Fatalf("no Chromium (looked for %q): install Debian's chromium package", path)
		}
		t.Skip("no Chromium: install Debian's chromium package to run the PDF tests")
	}
	pdf, err := packet.PDF(context.Background(), p, sampleView())
	if err != nil {
		t.Fatal(err)
	}
	if pages, title := pdftest.Info(t, pdf); pages < 2 || !strings.Contains(title, "Steering committee") || !strings.Contains(title, "check-in packet") {
		t.Errorf("the packet PDF: %d pages titled %q; want at least 2 titled with the committee", pages, title)
	}
}
