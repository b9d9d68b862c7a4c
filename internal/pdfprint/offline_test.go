package pdfprint

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accord-alliance/accord/internal/pdfprint/pdftest"
)

// TestPDFOffline checks that a document that refers to remote resources
// and scripts still prints, without running the scripts, and that no
// request leaves the browser. Chromium's own Local Network Access checks
// would stop requests to the test server on 127.0.0.1 anyway, and hide
// requests that accord let through to a public address, so the test turns
// them off.
func TestPDFOffline(t *testing.T) {
	p := Printer{Path: os.Getenv("ACCORD_CHROMIUM")}
	if _, ok := p.Available(); !ok {
		if os.Getenv("CI") == "true" {
			t.Fatal("no Chromium: install Debian's chromium package")
		}
		t.Skip("no Chromium: install Debian's chromium package to run the PDF tests")
	}
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		t.Logf("request for %s", r.URL)
		http.NotFound(w, r)
	}))
	defer srv.Close()
	html := fmt.Sprintf(`<!doctype html><html><head><title>Offline packet</title>
<link rel="stylesheet" href="%[1]s/print.css"><script src="%[1]s/app.js"></script></head>
<body><h1>Packet</h1><img src="%[1]s/logo.png" alt="logo"><iframe src="%[1]s/frame"></iframe>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="inline">
<script>document.title = "changed"; fetch("%[1]s/beacon")</script></body></html>`, srv.URL)
	noLNA := chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,"+
		"LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights")
	pdf, err := p.print(context.Background(), []byte(html), Options{Timeout: 20 * time.Second}, noLNA)
	if err != nil {
		t.Fatalf("PDF: %v", err)
	}
	if pages, title := pdftest.Info(t, pdf); pages != 1 || title != "Offline packet" {
		t.Errorf("got %d pages titled %q, want 1 titled %q (scripts must not run)", pages, title, "Offline packet")
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("got %d requests to the server, want none", n)
	}
}
