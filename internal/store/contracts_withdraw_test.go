package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// yamlTerms is a small terms document in YAML, with a comment.
const yamlTerms = `# Agreed at the March steering committee.
name: services-yaml
benchmark: {source: summary}
savings:
  minimum: {method: fixed, rate: "2%"}
  rate: 0.5   # half of the savings
  quality: none
`

// TestWithdrawAmendment: the proposer's party or an alliance admin withdraws
// a proposed amendment; it can then be neither signed nor withdrawn again,
// an adopted one cannot be withdrawn, and the withdrawal is audited.
func TestWithdrawAmendment(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		c := accord.Contract{AllianceID: f.alliance.ID, Key: "services", Title: "Services agreement"}
		orig := accord.Amendment{Summary: "Original", Text: "Share 50%.\n", Terms: yamlTerms, EffectiveFrom: date("2024-01-01")}
		if err := db.CreateContract(ctx, admin, f.payer.ID, &c, &orig); err != nil {
			t.Fatalf("CreateContract: %v", err)
		}
		if _, err := db.SignAmendment(ctx, cli, c.ID, 1, f.provider.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.WithdrawAmendment(ctx, admin, c.ID, 1, f.payer.ID, "too late"); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("withdrawing the adopted original agreement: %v, want conflict", err)
		}
		// The YAML as written is kept with the version; the canonical JSON is what is settled.
		vs, err := db.ContractVersions(ctx, c.ID)
		if err != nil || len(vs) != 1 {
			t.Fatalf("versions = %v, %v", vs, err)
		}
		if !strings.Contains(vs[0].TermsSource, "# half of the savings") || !strings.HasPrefix(vs[0].Terms, "{\n  \"name\": \"services-yaml\"") {
			t.Errorf("version 1 terms = %q, source %q; want canonical JSON and the YAML with its comments", vs[0].Terms, vs[0].TermsSource)
		}

		am := accord.Amendment{ContractID: c.ID, Summary: "Raise the share", Text: "Share 60%.\n", Terms: strings.Replace(yamlTerms, "rate: 0.5", "rate: 0.6", 1), EffectiveFrom: date("2025-01-01")}
		if err := db.ProposeAmendment(ctx, cli, f.provider.ID, &am); err != nil {
			t.Fatalf("ProposeAmendment: %v", err)
		}
		if _, err := db.WithdrawAmendment(ctx, cli, c.ID, am.Number, f.payer.ID, "not ours"); accord.ErrorCode(err) != accord.EFORBIDDEN {
			t.Errorf("another party withdraws: %v, want forbidden", err)
		}
		if _, err := db.WithdrawAmendment(ctx, cli, c.ID, am.Number, f.provider.ID, "  "); accord.ErrorField(err) != "reason" {
			t.Errorf("withdrawal without a reason: %v, want a reason error", err)
		}
		// The admin belongs to the payer, not the proposer's party, and may.
		a, err := db.WithdrawAmendment(ctx, admin, c.ID, am.Number, f.payer.ID, "Superseded by the new rate card")
		if err != nil || a.Status != accord.AmendmentWithdrawn || a.WithdrawnBy != "Ada" || a.WithdrawnAt == nil || a.WithdrawReason != "Superseded by the new rate card" {
			t.Fatalf("WithdrawAmendment = %+v, %v; want withdrawn by Ada with the reason", a, err)
		}
		if _, err := db.SignAmendment(ctx, admin, c.ID, am.Number, f.payer.ID); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("signing a withdrawn amendment: %v, want conflict", err)
		}
		if _, err := db.WithdrawAmendment(ctx, admin, c.ID, am.Number, f.payer.ID, "again"); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("withdrawing twice: %v, want conflict", err)
		}
		if cs, err := db.ContractByKey(ctx, f.alliance.ID, "services"); err != nil || cs.Open != 0 {
			t.Errorf("open amendments after the withdrawal = %d, %v; want 0", cs.Open, err)
		}
		// A withdrawn amendment does not block the next one.
		next := am
		next.Terms = yamlTerms
		if err := db.ProposeAmendment(ctx, cli, f.provider.ID, &next); err != nil || next.Number != am.Number+1 {
			t.Fatalf("proposing after a withdrawal: number %d, %v", next.Number, err)
		}
		entries, err := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID, Entity: "amendment", Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range entries {
			if e.Action == "withdraw" && e.EntityID == a.ID && e.ActorName == "Ada" && strings.Contains(string(e.After), "Superseded") {
				found = true
			}
		}
		if !found {
			t.Error("no audit entry for the withdrawal")
		}
	})
}
