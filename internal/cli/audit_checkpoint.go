package cli

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/accord-alliance/accord/internal/accord"
)

// readCheckpoint reads a kept checkpoint and checks its signature, and,
// when the installation's key file is at keyPath, that the installation
// signed it: a checkpoint made up, or signed by another key, proves
// nothing about this trail. Without the key file it says so and goes on
// with the key the checkpoint names.
func readCheckpoint(env *Env, path, keyPath string) (accord.AuditCheckpoint, error) {
	var cp accord.AuditCheckpoint
	b, err := os.ReadFile(path)
	if err != nil {
		return cp, fmt.Errorf("read the checkpoint: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cp); err != nil {
		return cp, fmt.Errorf("%s is not an accord audit checkpoint: %v", path, err)
	}
	if err := cp.CheckSignature(); err != nil {
		return cp, fmt.Errorf("%s: %s", path, accord.ErrorMessage(err))
	}
	key, err := readAuditKey(keyPath)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(env.Stdout, "note: no audit key at %s, so the checkpoint's key (%s) was not compared with this installation's\n",
			keyPath, accord.KeyFingerprint(cp.PublicKey))
		return cp, nil
	}
	if err != nil {
		return cp, err
	}
	ours := base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey))
	if ours != cp.PublicKey {
		return cp, fmt.Errorf("%s was signed by key %s, not by this installation's key %s", path, accord.KeyFingerprint(cp.PublicKey), accord.KeyFingerprint(ours))
	}
	return cp, nil
}
