package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// TestAuditCheckpointDownload: an executive finds the checkpoint on the
// alliance page and downloads it; the file is signed, names the trail's
// head, and the API gives the same head under the same key. A plain
// member sees no offer.
func TestAuditCheckpointDownload(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			exec := a.login(roleAccounts["executive"])
			if _, page := a.get(exec, "/a/north-valley"); !strings.Contains(page, `href="/a/north-valley/audit/checkpoint"`) {
				t.Error("the alliance page offers an executive no audit checkpoint")
			}
			if _, page := a.get(a.login(roleAccounts["member"]), "/a/north-valley"); strings.Contains(page, "/audit/checkpoint") {
				t.Error("the alliance page offers a plain member the audit checkpoint")
			}
			resp, err := exec.Get(a.srv.URL + "/a/north-valley/audit/checkpoint")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var cp accord.AuditCheckpoint
			if err := json.NewDecoder(resp.Body).Decode(&cp); err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("download: status %d, %v", resp.StatusCode, err)
			}
			if got := resp.Header.Get("Content-Disposition"); !strings.Contains(got, "attachment") || !strings.Contains(got, ".json") {
				t.Errorf("Content-Disposition %q; want a JSON file to keep", got)
			}
			if err := cp.CheckSignature(); err != nil {
				t.Errorf("the downloaded checkpoint: %v", err)
			}
			head, err := a.db.AuditHead(context.Background())
			if err != nil || cp.Seq != head.Seq || cp.Hash != head.Hash {
				t.Errorf("checkpoint at %d %s; the head is %+v, %v", cp.Seq, cp.Hash, head, err)
			}
			var viaAPI accord.AuditCheckpoint
			if r := a.api("GET", "/api/v1/alliances/north-valley/audit/checkpoint", a.token(roleAccounts["executive"], "read"), "", &viaAPI); r.StatusCode != http.StatusOK ||
				viaAPI.PublicKey != cp.PublicKey || viaAPI.CheckSignature() != nil {
				t.Errorf("API checkpoint: status %d, %+v; want one signed with the page's key", r.StatusCode, viaAPI)
			}
		})
	}
}
