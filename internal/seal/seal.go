// Package seal encrypts the values accord keeps that a copy of the database
// must not reveal (concern texts, webhook secrets, TOTP seeds): AES-256-GCM
// under a key ring. Each sealed value names the key that sealed it, so a
// ring holding the old and the new key opens both while values are
// re-sealed under the new one (docs/running.md, "Data keys").
//
// A sealed value reads "sealed:v1:<key id>:<base64 of nonce|ciphertext>".
// The purpose (e.g. "webhooks.secret") is bound to the ciphertext as
// additional data, so a value copied into another column does not open.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Prefix begins every sealed value; a stored value without it is plaintext
// written before sealing began, read as it is until re-sealed.
const Prefix = "sealed:v1:"

// KeySize is the length of a key: AES-256.
const KeySize = 32

// Ring is a set of keys by id, one of them current: Seal uses the
// current key, Open any key of the ring.
type Ring struct {
	// mu guards the keys, which a ring loaded from files re-reads when
	// they change (refresh).
	mu      sync.Mutex
	current string
	aeads   map[string]cipher.AEAD
	// path and stamp are where a loaded ring came from and the files'
	// modification times and sizes when it was read.
	path, stamp string
	checked     time.Time
}

// ErrNoRing is returned when a value must be sealed or opened and no key
// ring was loaded.
var ErrNoRing = errors.New("no data key is loaded: pass --data-key-file (env ACCORD_DATA_KEY_FILE)")

// validID reports whether id may name a key: 1 to 32 letters, digits, '-' or '_'.
func validID(id string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Parse reads a ring from text: one key a line, "id:base64key" (a 32-byte
// key in standard base64). Blank lines and lines starting with '#' are
// skipped. The last key is the current one: to rotate, add a line.
func Parse(text string) (*Ring, error) {
	r := &Ring{aeads: map[string]cipher.AEAD{}}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, b64, ok := strings.Cut(line, ":")
		if !ok || !validID(id) {
			return nil, fmt.Errorf("data key line %d: want id:base64key, the id of 1 to 32 letters, digits, - or _", n+1)
		}
		if _, dup := r.aeads[id]; dup {
			return nil, fmt.Errorf("data key line %d: key id %q is used twice", n+1, id)
		}
		key, err := base64.StdEncoding.DecodeString(b64)
		if err != nil || len(key) != KeySize {
			return nil, fmt.Errorf("data key %q (line %d): want %d bytes in standard base64", id, n+1, KeySize)
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, fmt.Errorf("data key %q: %w", id, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("data key %q: %w", id, err)
		}
		r.aeads[id], r.current = aead, id
	}
	if r.current == "" {
		return nil, errors.New("the data key ring holds no key")
	}
	return r, nil
}

// Load reads a ring from a file, or from every file of a directory in
// name order (hidden files skipped): the last key read is current.
//
// A loaded ring follows its files: when they change, the next Seal, or an
// Open that meets a key the ring does not hold, reads them again, so that
// running servers take up a key added for rotation without a restart.
func Load(path string) (*Ring, error) {
	files, stamp, err := ringFiles(path)
	if err != nil {
		return nil, err
	}
	r, err := parseFiles(path, files)
	if err != nil {
		return nil, err
	}
	r.path, r.stamp = path, stamp
	return r, nil
}

// ringFiles lists the ring's files and stamps them with their modification
// times and sizes.
func ringFiles(path string) ([]string, string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, "", fmt.Errorf("data keys: %w", err)
	}
	files := []string{path}
	if fi.IsDir() {
		entries, err := os.ReadDir(path)
		if err != nil {
			return nil, "", fmt.Errorf("data keys: %w", err)
		}
		files = files[:0]
		for _, e := range entries {
			if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
				files = append(files, filepath.Join(path, e.Name()))
			}
		}
	}
	var stamp strings.Builder
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			return nil, "", fmt.Errorf("data keys: %w", err)
		}
		fmt.Fprintf(&stamp, "%s %d %d\n", f, fi.ModTime().UnixNano(), fi.Size())
	}
	return files, stamp.String(), nil
}

func parseFiles(path string, files []string) (*Ring, error) {
	var text strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("data keys: %w", err)
		}
		text.Write(b)
		text.WriteByte('\n')
	}
	r, err := Parse(text.String())
	if err != nil {
		return nil, fmt.Errorf("data keys %s: %w", path, err)
	}
	return r, nil
}

// refresh re-reads a loaded ring's files when they changed since it last
// read them: looking at most once a second, unless forced (a value under
// a key the ring does not hold). A ring that cannot be read keeps the
// keys it has: the files may be half-written. Call with mu held.
func (r *Ring) refresh(force bool) {
	if r.path == "" || !force && time.Since(r.checked) < time.Second {
		return
	}
	r.checked = time.Now()
	files, stamp, err := ringFiles(r.path)
	if err != nil || stamp == r.stamp {
		return
	}
	next, err := parseFiles(r.path, files)
	if err != nil {
		return
	}
	r.current, r.aeads, r.stamp = next.current, next.aeads, stamp
}

// NewKeyLine returns a ring line with a new random key under the id.
func NewKeyLine(id string) (string, error) {
	if !validID(id) {
		return "", fmt.Errorf("key id %q: want 1 to 32 letters, digits, - or _", id)
	}
	key := make([]byte, KeySize)
	rand.Read(key) // never fails: crypto/rand panics on a broken system source
	return id + ":" + base64.StdEncoding.EncodeToString(key), nil
}

// Current is the id of the key Seal uses.
func (r *Ring) Current() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh(false)
	return r.current
}

// IDs lists the ring's key ids, sorted.
func (r *Ring) IDs() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	ids := make([]string, 0, len(r.aeads))
	for id := range r.aeads {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Seal encrypts plain for the purpose under the current key.
// The empty value stays empty: it holds nothing to hide.
func (r *Ring) Seal(purpose, plain string) (string, error) {
	if plain == "" {
		return "", nil
	}
	if r == nil {
		return "", ErrNoRing
	}
	r.mu.Lock()
	r.refresh(false)
	current, aead := r.current, r.aeads[r.current]
	r.mu.Unlock()
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	rand.Read(nonce)
	out := aead.Seal(nonce, nonce, []byte(plain), []byte(purpose))
	return Prefix + current + ":" + base64.StdEncoding.EncodeToString(out), nil
}

// IsSealed reports whether a stored value is sealed, and under which key.
func IsSealed(stored string) (keyID string, ok bool) {
	rest, ok := strings.CutPrefix(stored, Prefix)
	if !ok {
		return "", false
	}
	id, _, ok := strings.Cut(rest, ":")
	return id, ok
}

// Open decrypts a stored value sealed for the purpose under any key of the
// ring. A value that is not sealed (written before sealing began) is
// returned as it is.
func (r *Ring) Open(purpose, stored string) (string, error) {
	id, sealed := IsSealed(stored)
	if !sealed {
		return stored, nil
	}
	if r == nil {
		return "", ErrNoRing
	}
	r.mu.Lock()
	aead, ok := r.aeads[id]
	if !ok {
		r.refresh(true)
		aead, ok = r.aeads[id]
	}
	r.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("a value is sealed under data key %q, which is not in the key ring", id)
	}
	raw, err := base64.StdEncoding.DecodeString(stored[len(Prefix)+len(id)+1:])
	if err != nil || len(raw) < aead.NonceSize()+aead.Overhead() {
		return "", fmt.Errorf("a %s value sealed under data key %q is damaged", purpose, id)
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(purpose))
	if err != nil {
		return "", fmt.Errorf("a %s value sealed under data key %q does not open: wrong key or damaged", purpose, id)
	}
	return string(plain), nil
}

// Stale reports whether a stored value must be re-sealed to be under the
// current key: it is plaintext or sealed under another key. The empty
// value is never sealed.
func (r *Ring) Stale(stored string) bool {
	if stored == "" {
		return false
	}
	id, sealed := IsSealed(stored)
	return !sealed || id != r.Current()
}
