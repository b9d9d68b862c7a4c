package store_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestAuditCheckpointCatchesRewrites keeps a checkpoint of the trail, lets
// the trail grow, and then tampers with it the two ways that leave a
// consistent chain — every hash recomputed after an edit, and entries cut
// from the end with the head row set back — and wants VerifyAudit to see
// nothing wrong (that is the gap) and the checkpoint to catch each.
func TestAuditCheckpointCatchesRewrites(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, db *store.DB, kept int64)
		reason string
	}{
		{"rehashed", func(t *testing.T, db *store.DB, kept int64) { rehashFrom(t, db, 2) }, "rewritten"},
		{"truncated", func(t *testing.T, db *store.DB, kept int64) { truncateTo(t, db, kept-1) }, "removed from its end"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				f := seed(t, db)
				head, err := db.AuditHead(ctx)
				if err != nil || head.Seq == 0 {
					t.Fatalf("AuditHead = %+v, %v", head, err)
				}
				_, key, _ := ed25519.GenerateKey(nil)
				cp := accord.SignAuditCheckpoint(key, head.Seq, head.Hash, head.At)
				vision := "Later"
				if _, err := db.UpdateCharter(ctx, accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}, f.alliance.ID, accord.CharterUpdate{Vision: &vision}); err != nil {
					t.Fatal(err)
				}
				if probs, err := db.CheckAuditCheckpoint(ctx, cp); err != nil || len(probs) != 0 {
					t.Fatalf("a trail that grew after the checkpoint: %v, %v; want it to extend the checkpoint", probs, err)
				}
				tc.tamper(t, db, cp.Seq)
				if r, err := db.VerifyAudit(ctx); err != nil || len(r.Problems) != 0 {
					t.Fatalf("VerifyAudit after a consistent rewrite = %+v, %v; the test needs a rewrite the chain alone misses", r.Problems, err)
				}
				probs, err := db.CheckAuditCheckpoint(ctx, cp)
				if err != nil || len(probs) != 1 || probs[0].Seq != cp.Seq || !strings.Contains(probs[0].Reason, tc.reason) {
					t.Errorf("CheckAuditCheckpoint = %+v, %v; want entry %d %s", probs, err, cp.Seq, tc.reason)
				}
			})
		})
	}
}

// TestAuditHeadRefusesAMismatch: a head row that names a hash the trail
// does not hold is not signed.
func TestAuditHeadRefusesAMismatch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		rawExec(t, db, "UPDATE audit_head SET hash = ? WHERE id = 1", accord.AuditGenesis)
		if _, err := db.AuditHead(context.Background()); err == nil {
			t.Error("AuditHead of a head row the trail does not hold: no error")
		}
	})
}

// rehashFrom edits entry seq and recomputes every hash from it to the
// end, and the head row: what someone with write access could do.
func rehashFrom(t *testing.T, db *store.DB, seq int64) {
	t.Helper()
	es, err := db.ListAudit(context.Background(), accord.AuditFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	prev := accord.AuditGenesis
	for i := len(es) - 1; i >= 0; i-- { // oldest first
		e := es[i]
		if e.Seq == seq {
			e.ActorName = "Mallory"
		}
		if e.Seq >= seq {
			e.PrevHash = prev
			e.Hash = e.ComputeHash()
			rawExec(t, db, "UPDATE audit_log SET actor_name = ?, prev_hash = ?, hash = ? WHERE seq = ?", e.ActorName, e.PrevHash, e.Hash, e.Seq)
		}
		prev = e.Hash
	}
	rawExec(t, db, "UPDATE audit_head SET hash = ? WHERE id = 1", prev)
}

// truncateTo deletes the entries after seq and sets the head row back.
func truncateTo(t *testing.T, db *store.DB, seq int64) {
	t.Helper()
	var hash string
	if err := db.SQL().QueryRow(rebindRaw(db, "SELECT hash FROM audit_log WHERE seq = ?"), seq).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	rawExec(t, db, "DELETE FROM audit_log WHERE seq > ?", seq)
	rawExec(t, db, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, hash)
}

// rawExec runs a statement behind the store's back, with ? placeholders.
func rawExec(t *testing.T, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.SQL().Exec(rebindRaw(db, q), args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// rebindRaw turns ? placeholders into PostgreSQL's $n where needed.
func rebindRaw(db *store.DB, q string) string {
	if db.Dialect() != store.Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
