package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/seal"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestKeysAddAndRotate adds a data key while a "server" (a store whose
// ring was loaded from the file before) runs, re-seals under it with
// `accord keys rotate` (twice: the second finds nothing to do), and then,
// with the old key removed from the file, opens every value.
func TestKeysAddAndRotate(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.URL(t, d)
			ring := filepath.Join(t.TempDir(), "ring")
			keys := func(args ...string) (int, string, string) {
				return run(t, "", nil, append(append([]string{"keys"}, args...), "--database", dsn, "--data-key-file", ring)...)
			}
			if code, _, errs := keys("rotate"); code == 0 || !strings.Contains(errs, "data keys") {
				t.Errorf("rotate with no ring file: exit %d %q", code, errs)
			}
			if code, out, errs := keys("add", "k1"); code != 0 || !strings.Contains(out, "added data key k1") {
				t.Fatalf("add k1: exit %d %q %q", code, out, errs)
			}
			if fi, err := os.Stat(ring); err != nil || fi.Mode().Perm() != 0o600 {
				t.Fatalf("the ring file: %v, %v; want readable by its owner only", fi, err)
			}
			running, err := seal.Load(ring)
			if err != nil {
				t.Fatal(err)
			}
			db, err := store.Open(ctx, dsn, store.Options{Keys: running})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			actor := accord.SystemActor("test")
			a := accord.Alliance{Slug: "north-valley", Name: "North Valley"}
			if err := db.CreateAlliance(ctx, actor, &a); err != nil {
				t.Fatal(err)
			}
			w := accord.Webhook{AllianceID: a.ID, URL: "https://hooks.example.org/a", Format: accord.WebhookSlack}
			if err := db.CreateWebhook(ctx, actor, &w); err != nil {
				t.Fatal(err)
			}
			if code, _, errs := keys("add", "k1"); code != 2 || !strings.Contains(errs, `already has a key "k1"`) {
				t.Errorf("adding k1 again: exit %d %q", code, errs)
			}
			if code, out, errs := keys("add", "k2"); code != 0 || !strings.Contains(out, "keys rotate") {
				t.Fatalf("add k2: exit %d %q %q", code, out, errs)
			}
			if code, out, errs := keys("rotate", "--batch", "1"); code != 0 || !strings.Contains(out, "webhooks.secret") || !strings.Contains(out, "1 values re-sealed under the current key k2") {
				t.Fatalf("rotate: exit %d %q %q", code, out, errs)
			}
			if code, out, _ := keys("rotate"); code != 0 || !strings.Contains(out, "nothing to do") {
				t.Errorf("rotate again: exit %d %q", code, out)
			}
			// The running server opens the value re-sealed under k2.
			if got, err := db.Webhook(ctx, a.ID, w.ID); err != nil || got.Secret != w.Secret {
				t.Errorf("the running server reads %q, %v", got.Secret, err)
			}
			// The old key leaves the ring.
			b, _ := os.ReadFile(ring)
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			if len(lines) != 2 || !strings.HasPrefix(lines[1], "k2:") {
				t.Fatalf("the ring file: %q", lines)
			}
			if err := os.WriteFile(ring, []byte(lines[1]+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			onlyNew, err := seal.Load(ring)
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := store.Open(ctx, dsn, store.Options{Keys: onlyNew})
			if err != nil {
				t.Fatal(err)
			}
			defer fresh.Close()
			if got, err := fresh.Webhook(ctx, a.ID, w.ID); err != nil || got.Secret != w.Secret {
				t.Errorf("with k2 alone: %q, %v", got.Secret, err)
			}
		})
	}
}

// TestServerMakesItsDataKeys: serve and demo make the ring beside a
// SQLite database on first start, owner-only, and keep it after.
func TestServerMakesItsDataKeys(t *testing.T) {
	db := filepath.Join(t.TempDir(), "accord.db")
	var f dataKeyFlag
	first, err := f.load(db, true)
	if err != nil || first.Current() != "k1" {
		t.Fatalf("first start: %v, %v", first, err)
	}
	fi, err := os.Stat(db + ".data-keys")
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the ring file: %v, %v", fi, err)
	}
	sealed, _ := first.Seal("p", "v")
	again, err := f.load(db, true)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := again.Open("p", sealed); err != nil || got != "v" {
		t.Errorf("the second start made another key: %q, %v", got, err)
	}
	if none, err := f.load(filepath.Join(t.TempDir(), "other.db"), false); none != nil || err != nil {
		t.Errorf("another command with no ring: %v, %v; want none and no error", none, err)
	}
	inline := dataKeyFlag{inline: storetest.KeyLine}
	if r, err := inline.load(db, true); err != nil || r.Current() != "test" {
		t.Errorf("ACCORD_DATA_KEYS: %v, %v", r, err)
	}
}

// TestServerRefusesALostDataKey: a server whose key file was lost would
// make a new ring and seal new values under a key nobody can pair with the
// old ones; it refuses to start instead, naming the key to restore, and
// starts again once the file is back.
func TestServerRefusesALostDataKey(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			ring, dsn := filepath.Join(t.TempDir(), "ring"), storetest.URL(t, d)
			start := func() (*store.DB, error) {
				f := dbFlags{database: dsn, keys: dataKeyFlag{path: ring}, makeKeys: true}
				return f.open(ctx, &Env{Getenv: func(string) string { return "" }, Now: time.Now})
			}
			db, err := start()
			if err != nil {
				t.Fatal(err)
			}
			actor := accord.SystemActor("test")
			a := accord.Alliance{Slug: "north-valley", Name: "North Valley"}
			if err := db.CreateAlliance(ctx, actor, &a); err != nil {
				t.Fatal(err)
			}
			w := accord.Webhook{AllianceID: a.ID, URL: "https://hooks.example.org/a", Format: accord.WebhookSlack}
			if err := db.CreateWebhook(ctx, actor, &w); err != nil {
				t.Fatal(err)
			}
			db.Close()
			kept, err := os.ReadFile(ring)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(ring); err != nil {
				t.Fatal(err)
			}
			if db, err := start(); err == nil || !strings.Contains(err.Error(), "sealed under data key k1") || !strings.Contains(err.Error(), "restore") {
				if db != nil {
					db.Close()
				}
				t.Fatalf("a start without the key file: %v; want a refusal naming k1", err)
			}
			// The refused start made a new k1 of its own: put the real one back.
			if err := os.WriteFile(ring, kept, 0o600); err != nil {
				t.Fatal(err)
			}
			db, err = start()
			if err != nil {
				t.Fatalf("a start with the key file restored: %v", err)
			}
			defer db.Close()
			if got, err := db.Webhook(ctx, a.ID, w.ID); err != nil || got.Secret != w.Secret {
				t.Errorf("after the restore: %q, %v", got.Secret, err)
			}
		})
	}
}
