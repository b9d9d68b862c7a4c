package accord

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"time"
)

// AuditCheckpointFormat names the checkpoint file's format and version.
const AuditCheckpointFormat = "accord-audit-checkpoint/1"

// AuditCheckpoint is the audit trail's head at a moment — its length and
// the hash of its last entry — signed by the installation's key. A party
// keeps it outside accord; later, `accord audit verify --against` proves
// that the trail still holds that entry with that hash, which a rewrite
// of the trail (re-hashed from some entry on) or a truncation below it
// cannot fake. The signature proves the checkpoint came from the
// installation, so nobody can present a made-up one as kept.
type AuditCheckpoint struct {
	Format string    `json:"format"`
	Seq    int64     `json:"seq"`
	Hash   string    `json:"hash"`
	At     time.Time `json:"at"`
	// PublicKey is the installation's Ed25519 public key (standard base64).
	PublicKey string `json:"public_key"`
	// Signature is the Ed25519 signature of the other fields (standard base64).
	Signature string `json:"signature"`
}

// signed is what the signature covers: every field but the signature,
// in a fixed layout.
func (c AuditCheckpoint) signed() []byte {
	return []byte(c.Format + "\n" + strconv.FormatInt(c.Seq, 10) + "\n" + c.Hash + "\n" +
		c.At.UTC().Format("2006-01-02T15:04:05.000000Z") + "\n" + c.PublicKey + "\n")
}

// SignAuditCheckpoint returns the checkpoint of the trail's head seq and
// hash at the time at, signed with key.
func SignAuditCheckpoint(key ed25519.PrivateKey, seq int64, hash string, at time.Time) AuditCheckpoint {
	c := AuditCheckpoint{Format: AuditCheckpointFormat, Seq: seq, Hash: hash, At: at.UTC().Truncate(time.Microsecond),
		PublicKey: base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey))}
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, c.signed()))
	return c
}

// CheckSignature checks the checkpoint's form and that its signature is
// right for the public key it names. Whether that key is the
// installation's is for the caller to compare (KeyFingerprint).
func (c AuditCheckpoint) CheckSignature() error {
	if c.Format != AuditCheckpointFormat {
		return Errorf(EINVALID, "this is not an accord audit checkpoint (format %q, want %q)", c.Format, AuditCheckpointFormat)
	}
	if c.Seq < 0 || len(c.Hash) != len(AuditGenesis) {
		return Errorf(EINVALID, "the checkpoint's entry number or hash is malformed")
	}
	pub, err := base64.StdEncoding.DecodeString(c.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return Errorf(EINVALID, "the checkpoint's public key is malformed")
	}
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	if err != nil || !ed25519.Verify(ed25519.PublicKey(pub), c.signed(), sig) {
		return Errorf(EINVALID, "the checkpoint's signature does not match its content: it was altered or not made by accord")
	}
	return nil
}

// KeyFingerprint is a short, readable name of a public key given in
// standard base64, for comparing keys by eye: the first 16 hex digits of
// its SHA-256.
func KeyFingerprint(publicKey string) string {
	sum := sha256.Sum256([]byte(publicKey))
	return hex.EncodeToString(sum[:8])
}

// AuditHead is the audit trail's last entry at a moment: what a
// checkpoint signs.
type AuditHead struct {
	Seq  int64
	Hash string
	At   time.Time
}
