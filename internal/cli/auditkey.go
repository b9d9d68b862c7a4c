package cli

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// auditKeyFlag is where the installation's audit signing key lives: a file
// outside the database, so that write access to the database is not
// enough to sign a checkpoint (docs/access.md).
type auditKeyFlag struct {
	path string
}

func (f *auditKeyFlag) register(fs *flag.FlagSet, env *Env) {
	fs.StringVar(&f.path, "audit-key", env.Getenv("ACCORD_AUDIT_KEY"),
		"file holding the Ed25519 key that signs audit checkpoints, made on first start (env ACCORD_AUDIT_KEY; default: beside a SQLite database, DB.audit-key; for PostgreSQL accord-audit.key in the working directory)")
}

// file returns the key file's path for the database.
func (f *auditKeyFlag) file(database string) string {
	if f.path != "" {
		return f.path
	}
	if strings.HasPrefix(database, "postgres://") || strings.HasPrefix(database, "postgresql://") {
		return "accord-audit.key"
	}
	return strings.TrimPrefix(strings.TrimPrefix(database, "sqlite:"), "file:") + ".audit-key"
}

// loadOrCreate reads the key file, writing a new key there first when it
// does not exist: readable by its owner only, and never overwritten. The
// key is written whole to a temporary file and then linked into place, so
// that servers starting together all read the one key that won.
func (f *auditKeyFlag) loadOrCreate(database string) (ed25519.PrivateKey, error) {
	path := f.file(database)
	key, err := readAuditKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	_, key, err = ed25519.GenerateKey(nil)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".audit-key-*")
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	defer os.Remove(tmp.Name())
	err = pem.Encode(tmp, &pem.Block{Type: "PRIVATE KEY", Bytes: der})
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("audit key: write %s: %w", path, err)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		return readAuditKey(path) // another server made it meanwhile
	} else if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	return key, nil
}

// readAuditKey reads an Ed25519 private key from a PEM (PKCS #8) file.
func readAuditKey(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("audit key %s: not a PEM private key", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("audit key %s: %w", path, err)
	}
	key, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("audit key %s: not an Ed25519 key", path)
	}
	return key, nil
}
