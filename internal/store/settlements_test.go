package store_test

import (
	"context"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/settle"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// mssp2022Summary is a BASIC-track performance year with savings above
// the minimum savings rate and the quality standard met.
func mssp2022Summary() settle.Summary {
	bench, actual := number.Dollars(100_000_000), number.Dollars(95_000_000)
	met, q := true, number.MustRate("0.9")
	return settle.Summary{AssignedBeneficiaries: 10_000, BenchmarkExpenditure: &bench, ActualExpenditure: &actual,
		QualityScore: &q, QualityStandardMet: &met}
}

func TestSettlePeriod(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		c := accord.Contract{AllianceID: f.alliance.ID, Key: "mssp", Title: "MSSP agreement"}
		orig := accord.Amendment{Summary: "Original", Text: "# MSSP\n", Terms: builtinTerms(t, "mssp-2022-basic-a"), EffectiveFrom: date("2022-01-01")}
		if err := db.CreateContract(ctx, admin, f.payer.ID, &c, &orig); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SignAmendment(ctx, cli, c.ID, 1, f.provider.ID); err != nil {
			t.Fatal(err)
		}
		sum := mssp2022Summary()
		if _, err := db.SettlePeriod(ctx, admin, c.ID, date("2021-01-01"), date("2021-12-31"), sum, false); accord.ErrorCode(err) != accord.EINVALID {
			t.Errorf("settling before the first version: %v, want invalid", err)
		}
		st, err := db.SettlePeriod(ctx, admin, c.ID, date("2022-01-01"), date("2022-12-31"), sum, false)
		if err != nil {
			t.Fatalf("SettlePeriod: %v", err)
		}
		want, err := accord.SettleTerms(builtinTerms(t, "mssp-2022-basic-a"), sum)
		if err != nil {
			t.Fatal(err)
		}
		if st.Version != 1 || st.Result.SharedSavings != want.SharedSavings || len(st.Result.Worksheet) == 0 {
			t.Errorf("settlement = version %d, shared %s, %d lines; want version 1, shared %s", st.Version, st.Result.SharedSavings, len(st.Result.Worksheet), want.SharedSavings)
		}
		if _, err := db.SettlePeriod(ctx, admin, c.ID, date("2022-01-01"), date("2022-12-31"), sum, false); accord.ErrorCode(err) != accord.EINVALID {
			t.Errorf("settling the same period again: %v, want invalid (already settled)", err)
		}
		bad := sum
		bad.QualityScore, bad.QualityStandardMet = nil, nil
		if _, err := db.SettlePeriod(ctx, admin, c.ID, date("2023-01-01"), date("2023-12-31"), bad, false); accord.ErrorCode(err) != accord.EINVALID {
			t.Errorf("summary without the quality inputs the terms need: %v, want invalid", err)
		}
		got, err := db.Settlement(ctx, c.ID, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Result.SharedSavings != want.SharedSavings || len(got.Result.Worksheet) != len(want.Worksheet) || day(got.PeriodEnd) != "2022-12-31" || got.SettledBy != "Ada" {
			t.Errorf("read back %s, %d lines, ends %s, by %q; want %s, %d lines, 2022-12-31, Ada",
				got.Result.SharedSavings, len(got.Result.Worksheet), day(got.PeriodEnd), got.SettledBy, want.SharedSavings, len(want.Worksheet))
		}
		if *got.Summary.ActualExpenditure != *sum.ActualExpenditure {
			t.Errorf("summary read back %s, want %s", got.Summary.ActualExpenditure, sum.ActualExpenditure)
		}
		list, err := db.ListSettlements(ctx, c.ID)
		if err != nil || len(list) != 1 || list[0].ID != st.ID {
			t.Errorf("ListSettlements = %d, %v; want the one settlement", len(list), err)
		}
		if _, err := db.Settlement(ctx, c.ID, "nope"); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("unknown settlement: %v, want not found", err)
		}
		audit, err := db.ListAudit(ctx, accord.AuditFilter{AllianceID: f.alliance.ID, Entity: "settlement"})
		if err != nil || len(audit) != 1 || audit[0].EntityID != st.ID {
			t.Errorf("audit of settlements = %d entries, %v; want one for %s", len(audit), err, st.ID)
		}
	})
}
