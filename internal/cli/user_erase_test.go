package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestUserExportAndErase exports a person as JSON, refuses an erasure
// without --confirm, erases them with it, and finds the trail verifying,
// against a checkpoint kept before too, and the export naming them no more.
func TestUserExportAndErase(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			dsn, dir := storetest.URL(t, d), t.TempDir()
			for _, p := range [][2]string{{"op@x.example", "Olga Petrova"}, {"ivo@x.example", "Ivo Marquardt"}} {
				if code, _, e := run(t, "", nil, "user", "create", "--database", dsn, "--email", p[0], "--name", p[1]); code != 0 {
					t.Fatalf("user create: %s", e)
				}
			}
			keyFile, cpFile := filepath.Join(dir, "audit.key"), filepath.Join(dir, "checkpoint.json")
			kept := keepCheckpoint(t, dsn, keyFile, cpFile)
			code, out, errs := run(t, "", nil, "user", "export", "--database", dsn, "--email", "ivo@x.example")
			var data accord.PersonData
			if code != 0 || json.Unmarshal([]byte(out), &data) != nil || data.Account.Name != "Ivo Marquardt" || strings.Contains(out, "op@x.example") {
				t.Fatalf("user export: exit %d %q %q", code, out, errs)
			}
			if code, _, errs := run(t, "", nil, "user", "erase", "--database", dsn, "--email", "ivo@x.example"); code == 0 || !strings.Contains(errs, "--confirm") {
				t.Errorf("erase without --confirm: exit %d %q; want refused", code, errs)
			}
			code, out, errs = run(t, "", nil, "user", "erase", "--database", dsn, "--email", "ivo@x.example", "--confirm")
			if code != 0 || !strings.Contains(out, "Former member") {
				t.Fatalf("user erase: exit %d %q %q", code, out, errs)
			}
			if code, out, errs := run(t, "", nil, "audit", "verify", "--database", dsn, "--audit-key", keyFile, "--against", cpFile); code != 0 || !strings.Contains(out, fmt.Sprintf("extends the checkpoint of entry %d", kept.Seq)) {
				t.Errorf("audit verify after the erasure: exit %d %q %q", code, out, errs)
			}
			if code, _, errs := run(t, "", nil, "user", "export", "--database", dsn, "--email", "ivo@x.example"); code == 0 {
				t.Errorf("the old address still finds the person: %q", errs)
			}
			code, out, _ = run(t, "", nil, "user", "list", "--database", dsn)
			if code != 0 || strings.Contains(out, "Ivo") || !strings.Contains(out, "Former member") {
				t.Errorf("user list after the erasure: %q", out)
			}
		})
	}
}
