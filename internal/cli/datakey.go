package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/accord-alliance/accord/internal/seal"
)

// dataKeyFlag is where the installation's data key ring lives: the keys
// that seal concern texts, webhook secrets and TOTP seeds in the database
// (docs/running.md, "Data keys"). Like the audit key it lives outside the
// database, so that a copy of the database alone reveals none of them.
type dataKeyFlag struct {
	path string
	// inline is a ring given in the environment (ACCORD_DATA_KEYS).
	inline string
}

func (f *dataKeyFlag) register(fs *flag.FlagSet, env *Env) {
	fs.StringVar(&f.path, "data-key-file", env.Getenv("ACCORD_DATA_KEY_FILE"),
		"file (or directory of files) holding the data keys that seal concern texts, webhook secrets and TOTP seeds, one id:base64key a line, the last one current; made by serve on first start (env ACCORD_DATA_KEY_FILE, or the keys themselves in ACCORD_DATA_KEYS; default: beside a SQLite database, DB.data-keys; for PostgreSQL accord-data.keys in the working directory)")
	f.inline = env.Getenv("ACCORD_DATA_KEYS")
}

// file returns the ring's path for the database.
func (f *dataKeyFlag) file(database string) string {
	if f.path != "" {
		return f.path
	}
	if strings.HasPrefix(database, "postgres://") || strings.HasPrefix(database, "postgresql://") {
		return "accord-data.keys"
	}
	return strings.TrimPrefix(strings.TrimPrefix(database, "sqlite:"), "file:") + ".data-keys"
}

// describe names where the ring came from, for a message.
func (f *dataKeyFlag) describe(database string) string {
	if f.path == "" && f.inline != "" {
		return "in ACCORD_DATA_KEYS"
	}
	return "at " + f.file(database)
}

// load reads the ring: the environment's keys when given and no file is
// named, else the file. With create, a missing file is made with a first
// key (serve and demo, on first start); without, a missing file at the
// default place means no ring: the command then refuses only what needs one.
func (f *dataKeyFlag) load(database string, create bool) (*seal.Ring, error) {
	if f.path == "" && f.inline != "" {
		r, err := seal.Parse(strings.ReplaceAll(f.inline, ",", "\n"))
		if err != nil {
			return nil, fmt.Errorf("ACCORD_DATA_KEYS: %w", err)
		}
		return r, nil
	}
	path := f.file(database)
	r, err := seal.Load(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return r, err
	}
	if !create {
		if f.path != "" {
			return nil, err
		}
		return nil, nil
	}
	if err := addDataKey(path, "k1"); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	return seal.Load(path) // ours, or another server's made meanwhile
}

// addDataKey adds a new key, current from now on, to the ring at path: a
// new file in a directory, or a line appended to a file (made, readable by
// its owner only, if missing). Appending keeps the file's owner and mode;
// a server that reads it half-written keeps the keys it had (seal.Load).
func addDataKey(path, id string) error {
	line, err := seal.NewKeyLine(id)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return writeNew(filepath.Join(path, id), line+"\n")
	}
	old, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return writeNew(path, line+"\n")
	}
	if err != nil {
		return fmt.Errorf("data keys: %w", err)
	}
	if ring, err := seal.Parse(string(old)); err == nil && slices.Contains(ring.IDs(), id) {
		return usageErrorf("the data key ring %s already has a key %q", path, id)
	}
	if len(old) > 0 && old[len(old)-1] != '\n' {
		line = "\n" + line
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("data keys: %w", err)
	}
	_, err = f.WriteString(line + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("data keys: write %s: %w", path, err)
	}
	return nil
}

// writeNew writes a file that must not exist yet (fs.ErrExist if it does).
func writeNew(path, text string) error {
	tmp, err := writeTemp(path, text)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); err != nil {
		return fmt.Errorf("data keys: %w", err)
	}
	return nil
}

// writeTemp writes text to a new owner-only file beside path.
func writeTemp(path, text string) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".data-keys-*")
	if err != nil {
		return "", fmt.Errorf("data keys: %w", err)
	}
	_, err = tmp.WriteString(text)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("data keys: write %s: %w", path, err)
	}
	return tmp.Name(), nil
}
