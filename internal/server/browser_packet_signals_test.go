package server_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	packetdoc "github.com/accord-alliance/accord/internal/packet"
	"github.com/accord-alliance/accord/internal/pdfprint"
	"github.com/accord-alliance/accord/internal/pdfprint/pdftest"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserPacketSignalsOnePage prints the signals section of the demo's
// packet alone, with the packet's style sheet, and counts its pages: every
// open signal on one line of its own, the section fits on one page.
func TestBrowserPacketSignalsOnePage(t *testing.T) {
	path := chromiumPath()
	if path == "" {
		if os.Getenv("ACCORD_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium found and ACCORD_REQUIRE_BROWSER=1: install chromium or set ACCORD_CHROMIUM")
		}
		t.Skip("no Chromium found: install chromium or set ACCORD_CHROMIUM to run the browser tests")
	}
	a := newApp(t, store.SQLite)
	a.evaluate()
	ctx := context.Background()
	al := mustAlliance(t, a)
	ms, err := a.db.ListMeetings(ctx, accord.MeetingFilter{AllianceID: al.ID})
	if err != nil || len(ms) == 0 {
		t.Fatalf("no meeting in the demo: %v", err)
	}
	_, packet := a.get(a.login(roleAccounts["executive"]), "/a/north-valley/meetings/"+ms[len(ms)-1].ID+"/packet")
	start := strings.Index(packet, `<section class="p-section">`+"\n  <h2>Signals")
	if start < 0 {
		t.Fatalf("the packet has no signals section")
	}
	end := strings.Index(packet[start:], "</section>") + start + len("</section>")
	css := packetdoc.Stylesheet()
	html := `<!doctype html><html><head><meta charset="utf-8"><title>Signals</title><style>` + string(css) + `</style></head><body class="packet">` +
		packet[start:end] + `</body></html>`
	pdf, err := pdfprint.Printer{Path: path}.PDF(ctx, []byte(html), pdfprint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Count(packet[start:end], "<tr>") - strings.Count(packet[start:end], "<thead><tr>")
	if pages, _ := pdftest.Info(t, pdf); pages != 1 {
		t.Errorf("the signals section of the demo packet (%d signals) prints on %d pages, want 1", rows, pages)
	}
	if dir := os.Getenv("ACCORD_SCREENSHOTS"); dir != "" {
		os.WriteFile(dir+"/packet-signals.pdf", pdf, 0o600)
		os.WriteFile(dir+"/packet-signals.html", []byte(html), 0o600)
	}
}
