package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

func dayp(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

// TestBenefitsAgreed: a KPI benefit is proposed by one party, with its
// periods set to the KPI's, refused for a KPI not the initiative's, a
// party or a contract not the alliance's; the proposing party cannot
// approve it, another party does, once; each step is audited.
func TestBenefitsAgreed(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			b := newInitBoard(t, d)
			in := b.proposed(t)
			kpiBenefit := func() accord.Benefit {
				return accord.Benefit{AllianceID: b.alliance.ID, InitiativeID: in.ID, Kind: accord.BenefitKPI, KPIID: b.kpi.ID,
					BaselineFrom: dayp(2026, 1, 15), BaselineTo: dayp(2026, 6, 1), MeasureFrom: dayp(2026, 7, 20), UnitValue: number.Dollars(150),
					Shares: []accord.BenefitShare{{PartyID: b.provider.ID, Percent: hours(60)}, {PartyID: b.payer.ID, Percent: hours(40)}}}
			}
			for name, c := range map[string]struct {
				change func(*accord.Benefit)
				field  string
			}{
				"a KPI not the initiative's":   {func(x *accord.Benefit) { x.KPIID = "nope" }, "kpi_id"},
				"a party not the alliance's":   {func(x *accord.Benefit) { x.Shares[1].PartyID = "nope" }, "shares"},
				"shares short of 100":          {func(x *accord.Benefit) { x.Shares[1].Percent = hours(30) }, "shares"},
				"both kinds of baseline":       {func(x *accord.Benefit) { v := hours(60); x.Baseline = &v }, "baseline"},
				"measured inside the baseline": {func(x *accord.Benefit) { x.MeasureFrom = dayp(2026, 3, 1) }, "measure_from"},
				"a contract not the alliance's": {func(x *accord.Benefit) {
					*x = accord.Benefit{AllianceID: b.alliance.ID, InitiativeID: in.ID, Kind: accord.BenefitSavingsShare, ContractID: "nope", SavingsPercent: hours(25)}
				}, "contract_id"},
			} {
				x := kpiBenefit()
				c.change(&x)
				if err := b.db.ProposeBenefit(ctx, b.actors["Ben"], &x); accord.ErrorCode(err) != accord.EINVALID || accord.ErrorField(err) != c.field {
					t.Errorf("%s: err = %v, want invalid %s", name, err, c.field)
				}
			}
			x := kpiBenefit()
			if err := b.db.ProposeBenefit(ctx, b.actors["Ben"], &x); err != nil {
				t.Fatal(err)
			}
			if x.Status != accord.BenefitProposed || x.ProposedPartyID != b.provider.ID || !x.BaselineFrom.Equal(*dayp(2026, 1, 1)) || !x.MeasureFrom.Equal(*dayp(2026, 7, 1)) {
				t.Errorf("proposed = %+v; want proposed by the provider, its periods the KPI's months", x)
			}
			if _, err := b.db.ApproveBenefit(ctx, b.actors["Dee"], b.alliance.ID, x.ID); accord.ErrorCode(err) != accord.EFORBIDDEN {
				t.Errorf("the proposing party approving: err = %v, want forbidden", err)
			}
			got, err := b.db.ApproveBenefit(ctx, b.actors["Cyd"], b.alliance.ID, x.ID)
			if err != nil || got.Status != accord.BenefitApproved || got.ApprovedByName != "Cyd" || got.ApprovedPartyID != b.payer.ID || len(got.Shares) != 2 {
				t.Errorf("ApproveBenefit = %+v, %v; want approved by Cyd for the payer", got, err)
			}
			if _, err := b.db.ApproveBenefit(ctx, b.actors["Ada"], b.alliance.ID, x.ID); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("approving again: err = %v, want conflict", err)
			}
			if _, err := b.db.ApproveBenefit(ctx, b.actors["Cyd"], b.alliance.ID, "nope"); accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Errorf("approving none: err = %v, want not found", err)
			}
			bs, err := b.db.ListBenefits(ctx, b.alliance.ID)
			if err != nil || len(bs) != 1 {
				t.Fatalf("ListBenefits = %v, %v; want one", bs, err)
			}
			l := bs[0]
			if l.Baseline != nil || !l.BaselineTo.Equal(*dayp(2026, 6, 1)) || l.UnitValue != number.Dollars(150) || l.ProposedByName != "Ben" ||
				l.ApprovedAt == nil || len(l.Shares) != 2 || l.Shares[0].Percent+l.Shares[1].Percent != hours(100) || l.Shares[0].PartyName == "" {
				t.Errorf("listed = %+v; want it as proposed and approved, with its shares named", l)
			}
			if n := auditCount(t, b.db, b.alliance.ID, "benefit", "propose"); n != 1 {
				t.Errorf("%d benefit proposals audited, want 1", n)
			}
			if n := auditCount(t, b.db, b.alliance.ID, "benefit", "approve"); n != 1 {
				t.Errorf("%d benefit approvals audited, want 1", n)
			}
		})
	}
}

// TestROIAssessmentReview: an assessment is submitted by a member of a
// sponsor party only and kept as computed; only the initiative's clinical
// lead reviews it, concerns with a note, once; the latest is listed first.
func TestROIAssessmentReview(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			b := newInitBoard(t, d)
			in := b.initiative()
			in.SponsorIDs = []string{b.provider.ID}
			if err := b.db.ProposeInitiative(ctx, b.actors["Ben"], &in); err != nil {
				t.Fatal(err)
			}
			irr, pay := 0.1234, "2027-03-31"
			snap := func() accord.ROIAssessment {
				return accord.ROIAssessment{AllianceID: b.alliance.ID, InitiativeID: in.ID, Rates: accord.ROIRates{Common: 0.08, Parties: map[string]float64{b.provider.ID: 0.06}},
					Parties: []accord.ROIFigure{{PartyID: b.provider.ID, Party: "Provider", Rate: 0.06, NPV: number.Dollars(1234), IRR: &irr, Payback: &pay, Invested: number.Dollars(100), Returned: number.Dollars(2000)}}}
			}
			a := snap()
			if err := b.db.SubmitROIAssessment(ctx, b.actors["Cyd"], &a); accord.ErrorCode(err) != accord.EFORBIDDEN {
				t.Errorf("a member of no sponsor party submitting: err = %v, want forbidden", err)
			}
			if err := b.db.SubmitROIAssessment(ctx, b.actors["Ben"], &a); err != nil {
				t.Fatal(err)
			}
			b.clk.t = b.clk.t.Add(time.Hour)
			later := snap()
			if err := b.db.SubmitROIAssessment(ctx, b.actors["Ben"], &later); err != nil {
				t.Fatal(err)
			}
			if _, err := b.db.ReviewROIAssessment(ctx, b.actors["Ben"], b.alliance.ID, a.ID, accord.ReviewAgree, ""); accord.ErrorCode(err) != accord.EFORBIDDEN {
				t.Errorf("someone else than the clinical lead reviewing: err = %v, want forbidden", err)
			}
			if _, err := b.db.ReviewROIAssessment(ctx, b.actors["Dee"], b.alliance.ID, a.ID, accord.ReviewConcerns, " "); accord.ErrorField(err) != "note" {
				t.Errorf("concerns without a note: err = %v, want invalid note", err)
			}
			got, err := b.db.ReviewROIAssessment(ctx, b.actors["Dee"], b.alliance.ID, a.ID, accord.ReviewConcerns, "The baseline is too kind.")
			if err != nil || got.Review != accord.ReviewConcerns || got.ReviewedByName != "Dee" || got.ReviewedAt == nil {
				t.Errorf("ReviewROIAssessment = %+v, %v; want concerns by Dee", got, err)
			}
			if _, err := b.db.ReviewROIAssessment(ctx, b.actors["Dee"], b.alliance.ID, a.ID, accord.ReviewAgree, ""); accord.ErrorCode(err) != accord.ECONFLICT {
				t.Errorf("reviewing again: err = %v, want conflict", err)
			}
			as, err := b.db.ROIAssessments(ctx, b.alliance.ID, in.ID)
			if err != nil || len(as) != 2 || as[0].ID != later.ID || as[0].Reviewed() || as[1].ReviewNote != "The baseline is too kind." {
				t.Fatalf("ROIAssessments = %+v, %v; want the later first, unreviewed, then the reviewed one", as, err)
			}
			f := as[1].Parties[0]
			if as[1].Rates.Parties[b.provider.ID] != 0.06 || f.IRR == nil || *f.IRR != irr || *f.Payback != pay || f.NPV != number.Dollars(1234) || as[1].SubmittedByName != "Ben" {
				t.Errorf("kept = %+v; want the figures as submitted", as[1])
			}
			if n := auditCount(t, b.db, b.alliance.ID, "roi_assessment", "submit") + auditCount(t, b.db, b.alliance.ID, "roi_assessment", "review"); n != 3 {
				t.Errorf("%d assessment entries audited, want 3", n)
			}
		})
	}
}
