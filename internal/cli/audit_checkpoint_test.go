package cli

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestAuditVerifyAgainstCheckpoint keeps a checkpoint signed with the
// installation's key file, lets the trail grow, and then rewrites it the
// two ways a plain `audit verify` cannot see — every hash recomputed after
// an edit, and entries cut from the end with the head set back — and wants
// `audit verify --against` to fail on each, and on a checkpoint that is
// altered or signed by another key.
func TestAuditVerifyAgainstCheckpoint(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			for _, tc := range []struct {
				name   string
				tamper func(t *testing.T, dsn string, kept int64)
				want   string
			}{
				{"rehashed", func(t *testing.T, dsn string, kept int64) { rehashTrail(t, d, dsn) }, "was rewritten"},
				{"truncated", func(t *testing.T, dsn string, kept int64) {
					tamper(t, d, dsn, fmt.Sprintf("DELETE FROM audit_log WHERE seq >= %d", kept))
					tamper(t, d, dsn, fmt.Sprintf("UPDATE audit_head SET seq = %[1]d, hash = (SELECT hash FROM audit_log WHERE seq = %[1]d) WHERE id = 1", kept-1))
				}, "removed from its end"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					dsn, dir := storetest.URL(t, d), t.TempDir()
					keyFile := filepath.Join(dir, "audit.key")
					for _, email := range []string{"a@x.example", "b@x.example"} {
						if code, _, e := run(t, "", nil, "user", "create", "--database", dsn, "--email", email, "--name", "A"); code != 0 {
							t.Fatalf("user create: %s", e)
						}
					}
					kept := keepCheckpoint(t, dsn, keyFile, filepath.Join(dir, "checkpoint.json"))
					run(t, "", nil, "user", "create", "--database", dsn, "--email", "c@x.example", "--name", "C")
					verify := func() (int, string) {
						code, out, errs := run(t, "", nil, "audit", "verify", "--database", dsn, "--audit-key", keyFile, "--against", filepath.Join(dir, "checkpoint.json"))
						return code, out + errs
					}
					if code, out := verify(); code != 0 || !strings.Contains(out, fmt.Sprintf("extends the checkpoint of entry %d", kept.Seq)) {
						t.Fatalf("verify against the kept checkpoint of a grown trail: exit %d %q", code, out)
					}
					tc.tamper(t, dsn, kept.Seq)
					if code, out, _ := run(t, "", nil, "audit", "verify", "--database", dsn); code != 0 {
						t.Fatalf("plain verify after a consistent rewrite: exit %d %q; the test needs a rewrite the chain alone misses", code, out)
					}
					if code, out := verify(); code != 1 || !strings.Contains(out, tc.want) || !strings.Contains(out, fmt.Sprintf("entry %d", kept.Seq)) {
						t.Errorf("verify against the checkpoint after the rewrite: exit %d %q; want 1 and entry %d %s", code, out, kept.Seq, tc.want)
					}
				})
			}
		})
	}
}

// TestAuditVerifyRefusesForeignCheckpoints: a checkpoint altered after
// signing, or signed by a key that is not the installation's, is refused.
func TestAuditVerifyRefusesForeignCheckpoints(t *testing.T) {
	dsn, dir := storetest.URL(t, store.SQLite), t.TempDir()
	keyFile := filepath.Join(dir, "audit.key")
	run(t, "", nil, "user", "create", "--database", dsn, "--email", "a@x.example", "--name", "A")
	cp := keepCheckpoint(t, dsn, keyFile, filepath.Join(dir, "kept.json"))
	altered := cp
	altered.Seq--
	_, other, _ := ed25519.GenerateKey(nil)
	for name, c := range map[string]struct {
		cp   accord.AuditCheckpoint
		want string
	}{
		"altered":   {altered, "signature does not match"},
		"other key": {accord.SignAuditCheckpoint(other, cp.Seq, cp.Hash, cp.At), "not by this installation's key"},
	} {
		file := filepath.Join(dir, name+".json")
		writeCheckpoint(t, file, c.cp)
		code, _, errs := run(t, "", nil, "audit", "verify", "--database", dsn, "--audit-key", keyFile, "--against", file)
		if code != 1 || !strings.Contains(errs, c.want) {
			t.Errorf("%s: exit %d %q; want 1 saying %q", name, code, errs, c.want)
		}
	}
}

// keepCheckpoint signs the trail's head with the key file (made if need
// be, as serve does) and writes the checkpoint to file, as a party would
// keep it.
func keepCheckpoint(t *testing.T, dsn, keyFile, file string) accord.AuditCheckpoint {
	t.Helper()
	ctx := context.Background()
	kf := auditKeyFlag{path: keyFile}
	key, err := kf.loadOrCreate(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := db.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cp := accord.SignAuditCheckpoint(key, h.Seq, h.Hash, h.At)
	writeCheckpoint(t, file, cp)
	return cp
}

func writeCheckpoint(t *testing.T, file string, cp accord.AuditCheckpoint) {
	t.Helper()
	b, _ := json.Marshal(cp)
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// rehashTrail edits the first entry and recomputes every hash after it
// and the head row: a consistent chain that no longer holds what was kept.
func rehashTrail(t *testing.T, d store.Dialect, dsn string) {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	es, err := db.ListAudit(context.Background(), accord.AuditFilter{Limit: 500})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	prev := accord.AuditGenesis
	for i := len(es) - 1; i >= 0; i-- { // oldest first
		e := es[i]
		if e.Seq == 1 {
			e.ActorName = "Mallory"
		}
		e.PrevHash = prev
		e.Hash = e.ComputeHash()
		tamper(t, d, dsn, fmt.Sprintf("UPDATE audit_log SET actor_name = '%s', prev_hash = '%s', hash = '%s' WHERE seq = %d", e.ActorName, e.PrevHash, e.Hash, e.Seq))
		prev = e.Hash
	}
	tamper(t, d, dsn, fmt.Sprintf("UPDATE audit_head SET hash = '%s' WHERE id = 1", prev))
}
