package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/settle"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// builtinTerms returns a built-in terms document as JSON.
func builtinTerms(t *testing.T, name string) string {
	t.Helper()
	terms, ok := settle.Builtin(name)
	if !ok {
		t.Fatalf("no built-in terms %q", name)
	}
	b, err := json.Marshal(terms)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestContractAmendments(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		c := accord.Contract{AllianceID: f.alliance.ID, Key: "services", Title: "Services agreement"}
		orig := accord.Amendment{Summary: "Original agreement", Text: "# Services\n\nShare 40%.\n", Terms: builtinTerms(t, "mssp-2022-basic-a"), EffectiveFrom: date("2023-01-01")}
		if err := db.CreateContract(ctx, admin, f.payer.ID, &c, &orig); err != nil {
			t.Fatalf("CreateContract: %v", err)
		}
		if a, err := db.Amendment(ctx, c.ID, 1); err != nil || a.Status != accord.AmendmentProposed || !a.Signed(f.payer.ID) || a.Signed(f.provider.ID) {
			t.Fatalf("original agreement = %+v, %v; want proposed, signed by the proposer's party only", a, err)
		}
		if _, err := db.VersionAt(ctx, c.ID, date("2023-06-01")); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("VersionAt before any agreement: %v, want not found", err)
		}
		if _, err := db.SignAmendment(ctx, admin, c.ID, 1, f.payer.ID); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("second sign-off by the same party: %v, want conflict", err)
		}
		if _, err := db.SignAmendment(ctx, admin, c.ID, 1, f.provider.ID); accord.ErrorCode(err) != accord.EFORBIDDEN {
			t.Errorf("signing for another party: %v, want forbidden", err)
		}
		a, err := db.SignAmendment(ctx, cli, c.ID, 1, f.provider.ID)
		if err != nil || a.Status != accord.AmendmentAdopted || a.Version != 1 {
			t.Fatalf("last sign-off = %+v, %v; want adopted as version 1", a, err)
		}

		am := accord.Amendment{ContractID: c.ID, Summary: "Raise the share", Text: "# Services\n\nShare 50%.\n", Terms: builtinTerms(t, "mssp-2022-basic-c"), EffectiveFrom: date("2024-07-01")}
		if err := db.ProposeAmendment(ctx, admin, f.payer.ID, &am); err != nil {
			t.Fatalf("ProposeAmendment: %v", err)
		}
		early := am
		early.EffectiveFrom = date("2022-12-31")
		if err := db.ProposeAmendment(ctx, admin, f.payer.ID, &early); accord.ErrorField(err) != "effective_from" {
			t.Errorf("amendment dated before version 1: %v, want an effective_from error", err)
		}
		bad := am
		bad.Terms = `{"name": "x", "savings": {"rate": "2"}}`
		if err := db.ProposeAmendment(ctx, admin, f.payer.ID, &bad); accord.ErrorField(err) != "terms" {
			t.Errorf("amendment with bad terms: %v, want a terms error", err)
		}
		if a, err := db.SignAmendment(ctx, cli, c.ID, am.Number, f.provider.ID); err != nil || a.Version != 2 {
			t.Fatalf("sign amendment = %+v, %v; want version 2", a, err)
		}

		vs, err := db.ContractVersions(ctx, c.ID)
		if err != nil || len(vs) != 2 {
			t.Fatalf("ContractVersions = %d, %v; want 2", len(vs), err)
		}
		if vs[0].EffectiveTo == nil || day(*vs[0].EffectiveTo) != "2024-06-30" || vs[1].EffectiveTo != nil {
			t.Errorf("periods: v1 ends %v, v2 ends %v; want 2024-06-30 and open", vs[0].EffectiveTo, vs[1].EffectiveTo)
		}
		if !strings.Contains(vs[1].Terms, "\n  \"name\": \"mssp-2022-basic-c\"") {
			t.Errorf("terms are not stored in canonical indented form:\n%s", vs[1].Terms)
		}
		for _, tt := range []struct {
			on   string
			want int
		}{{"2023-01-01", 1}, {"2024-06-30", 1}, {"2024-07-01", 2}, {"2030-01-01", 2}} {
			v, err := db.VersionAt(ctx, c.ID, date(tt.on))
			if err != nil || v.Number != tt.want {
				t.Errorf("VersionAt(%s) = %d, %v; want %d", tt.on, v.Number, err, tt.want)
			}
		}
		got, err := db.ContractByKey(ctx, f.alliance.ID, "services")
		if err != nil || got.Versions != 2 || got.Open != 0 {
			t.Errorf("ContractByKey = %+v, %v; want 2 versions, none open", got, err)
		}
		review := date("2025-03-01")
		if got, err := db.SetContractReview(ctx, admin, c.ID, &review); err != nil || got.ReviewOn == nil || day(*got.ReviewOn) != "2025-03-01" {
			t.Errorf("SetContractReview = %+v, %v", got, err)
		}
		if got, _ := db.ContractByKey(ctx, f.alliance.ID, "services"); got.ReviewOn == nil || !got.ReviewOn.Equal(review) {
			t.Errorf("review date read back = %v, want %v", got.ReviewOn, review)
		}
		entries, err := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID, Entity: "contract_version"})
		if err != nil || len(entries) != 2 {
			t.Errorf("audit entries for versions = %d, %v; want 2", len(entries), err)
		}
		if r, err := db.VerifyAudit(ctx); err != nil || len(r.Problems) > 0 {
			t.Errorf("VerifyAudit = %+v, %v", r.Problems, err)
		}
	})
}

func day(t time.Time) string { return t.Format(time.DateOnly) }
