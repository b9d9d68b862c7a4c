package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/packet"
	"github.com/accord-alliance/accord/internal/store"
)

// TestPacketPageStylesheet: the printable packet links its style sheet,
// which now lives with internal/packet, and the server serves that very
// sheet at the address the page links.
func TestPacketPageStylesheet(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	c := a.login(roleAccounts["executive"])
	status, page := a.get(c, "/a/north-valley/meetings/"+a.demo.Governance.NextCheckIn+"/packet")
	if status != http.StatusOK || !strings.Contains(page, `<link rel="stylesheet" href="/static/packet.css">`) {
		t.Fatalf("the packet page: status %d; want 200 linking /static/packet.css", status)
	}
	status, css := a.get(http.DefaultClient, "/static/packet.css")
	if status != http.StatusOK || css != string(packet.Stylesheet()) {
		t.Errorf("/static/packet.css: status %d, %d bytes; want 200 and the packet's style sheet (%d bytes)", status, len(css), len(packet.Stylesheet()))
	}
}
