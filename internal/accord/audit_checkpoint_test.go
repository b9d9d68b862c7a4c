package accord

import (
	"crypto/ed25519"
	"encoding/json"
	"testing"
	"time"
)

// TestAuditCheckpointSignature signs a checkpoint, sends it through JSON
// as a party would keep it, and wants every altered field refused.
func TestAuditCheckpointSignature(t *testing.T) {
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	_, other, _ := ed25519.GenerateKey(nil)
	at := time.Date(2026, 12, 7, 15, 4, 5, 123456789, time.FixedZone("x", 3600))
	cp := SignAuditCheckpoint(key, 42, AuditGenesis, at)
	b, _ := json.Marshal(cp)
	var kept AuditCheckpoint
	if err := json.Unmarshal(b, &kept); err != nil {
		t.Fatal(err)
	}
	if err := kept.CheckSignature(); err != nil {
		t.Fatalf("the checkpoint as kept: %v", err)
	}
	forged := SignAuditCheckpoint(other, 42, AuditGenesis, at)
	for name, alter := range map[string]func(c *AuditCheckpoint){
		"seq":        func(c *AuditCheckpoint) { c.Seq = 41 },
		"hash":       func(c *AuditCheckpoint) { c.Hash = "1" + c.Hash[1:] },
		"time":       func(c *AuditCheckpoint) { c.At = c.At.Add(time.Second) },
		"format":     func(c *AuditCheckpoint) { c.Format = "other/1" },
		"key":        func(c *AuditCheckpoint) { c.PublicKey = forged.PublicKey },
		"signature":  func(c *AuditCheckpoint) { c.Signature = forged.Signature },
		"short hash": func(c *AuditCheckpoint) { c.Hash = "abc" },
	} {
		c := kept
		alter(&c)
		if err := c.CheckSignature(); ErrorCode(err) != EINVALID {
			t.Errorf("%s altered: err = %v, want invalid", name, err)
		}
	}
	if KeyFingerprint(cp.PublicKey) == KeyFingerprint(forged.PublicKey) || len(KeyFingerprint(cp.PublicKey)) != 16 {
		t.Errorf("fingerprints %q and %q", KeyFingerprint(cp.PublicKey), KeyFingerprint(forged.PublicKey))
	}
}
