package seal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func mustLine(t *testing.T, id string) string {
	t.Helper()
	l, err := NewKeyLine(id)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestSealOpen(t *testing.T) {
	k1, k2 := mustLine(t, "k1"), mustLine(t, "k2")
	old, err := Parse(k1)
	if err != nil {
		t.Fatal(err)
	}
	both, err := Parse("# ring\n" + k1 + "\n\n" + k2 + "\n")
	if err != nil {
		t.Fatal(err)
	}
	onlyNew, err := Parse(k2)
	if err != nil {
		t.Fatal(err)
	}
	if both.Current() != "k2" || strings.Join(both.IDs(), ",") != "k1,k2" {
		t.Fatalf("current %q, ids %v", both.Current(), both.IDs())
	}
	underOld, err := old.Seal("concerns.body", "Falls are not reported")
	if err != nil {
		t.Fatal(err)
	}
	underNew, err := both.Seal("concerns.body", "Falls are not reported")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := both.Seal("concerns.body", "Falls are not reported")
	if again == underNew {
		t.Error("two seals of one value are equal: the nonce is not fresh")
	}
	if id, ok := IsSealed(underOld); !ok || id != "k1" || strings.Contains(underOld, "Falls") {
		t.Errorf("sealed under the old key: %q (id %q)", underOld, id)
	}
	if id, _ := IsSealed(underNew); id != "k2" {
		t.Errorf("sealed under %q, want the current k2", id)
	}
	for _, c := range []struct {
		name             string
		ring             *Ring
		purpose, stored  string
		want, errContain string
	}{
		{"old value, ring with both", both, "concerns.body", underOld, "Falls are not reported", ""},
		{"new value, ring with both", both, "concerns.body", underNew, "Falls are not reported", ""},
		{"new value, new key only", onlyNew, "concerns.body", underNew, "Falls are not reported", ""},
		{"old value, old key gone", onlyNew, "concerns.body", underOld, "", `"k1", which is not in the key ring`},
		{"another purpose", both, "webhooks.secret", underNew, "", "does not open"},
		{"plaintext read as it is", onlyNew, "concerns.body", "written before sealing", "written before sealing", ""},
		{"empty", onlyNew, "concerns.body", "", "", ""},
		{"damaged", both, "concerns.body", underNew[:len(underNew)-6] + "AAAAAA", "", "does not open"},
		{"not base64", both, "concerns.body", Prefix + "k2:***", "", "damaged"},
		{"no ring", nil, "concerns.body", underNew, "", "no data key is loaded"},
	} {
		got, err := c.ring.Open(c.purpose, c.stored)
		if c.errContain != "" {
			if err == nil || !strings.Contains(err.Error(), c.errContain) {
				t.Errorf("%s: error %v, want one containing %q", c.name, err, c.errContain)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	if empty, err := both.Seal("x", ""); empty != "" || err != nil {
		t.Errorf("sealing the empty value: %q, %v", empty, err)
	}
	if _, err := (*Ring)(nil).Seal("x", "y"); err != ErrNoRing {
		t.Errorf("sealing with no ring: %v", err)
	}
	for stored, want := range map[string]bool{underOld: true, underNew: false, "plain": true, "": false} {
		if got := both.Stale(stored); got != want {
			t.Errorf("Stale(%.20q) = %v, want %v", stored, got, want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	k := mustLine(t, "a")
	for name, text := range map[string]string{
		"empty":         "\n# nothing\n",
		"no id":         strings.TrimPrefix(k, "a"),
		"bad id":        "a b" + strings.TrimPrefix(k, "a"),
		"short key":     "a:AAAA",
		"not base64":    "a:***",
		"id used twice": k + "\n" + k,
	} {
		if _, err := Parse(text); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := NewKeyLine("no spaces"); err == nil {
		t.Error("a key id with a space accepted")
	}
}

func TestLoadFileAndDirectory(t *testing.T) {
	dir := t.TempDir()
	k1, k2 := mustLine(t, "k1"), mustLine(t, "k2")
	file := filepath.Join(dir, "ring")
	if err := os.WriteFile(file, []byte(k1+"\n"+k2+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := Load(file)
	if err != nil || r.Current() != "k2" {
		t.Fatalf("file: %v, %v", r, err)
	}
	keys := filepath.Join(dir, "keys")
	os.Mkdir(keys, 0o700)
	os.WriteFile(filepath.Join(keys, "2026-01"), []byte(k1), 0o600)
	os.WriteFile(filepath.Join(keys, "2026-07"), []byte(k2), 0o600)
	os.WriteFile(filepath.Join(keys, ".swap"), []byte("junk"), 0o600)
	r, err = Load(keys)
	if err != nil || r.Current() != "k2" || len(r.IDs()) != 2 {
		t.Fatalf("directory: %v, %v", r, err)
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing file loaded")
	}
}

func TestLoadedRingFollowsItsFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "ring")
	k1, k2 := mustLine(t, "k1"), mustLine(t, "k2")
	os.WriteFile(file, []byte(k1+"\n"), 0o600)
	server, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	// The key is added, and another process (the rotate command) seals
	// under it before the server has sealed anything.
	os.WriteFile(file, []byte(k1+"\n"+k2+"\n"), 0o600)
	rotate, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	underNew, _ := rotate.Seal("p", "seed")
	if got, err := server.Open("p", underNew); err != nil || got != "seed" {
		t.Fatalf("the server opens a value under the added key: %q, %v", got, err)
	}
	server.checked = time.Time{}
	if server.Current() != "k2" {
		t.Errorf("the server seals under %q, want the added k2", server.Current())
	}
	// A half-written file leaves the keys as they were.
	os.WriteFile(file, []byte("k3:"), 0o600)
	server.checked = time.Time{}
	if server.Current() != "k2" {
		t.Errorf("after a broken file the current key is %q", server.Current())
	}
}
