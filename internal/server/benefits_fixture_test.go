package server_test

import (
	"context"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// matrixBenefits proposes, for the physician group, a benefit of the
// demo's care-manager programme (so that the plan's members may approve
// it: the first allowed account does, the others meet 409), and returns
// the access matrix's replacements for {bin} (the programme), {bn} (the
// benefit) and {ra} (the telehealth pilot's ROI assessment, awaiting its
// review).
func (a *app) matrixBenefits() []string {
	a.t.Helper()
	ctx := context.Background()
	al := mustAlliance(a.t, a)
	enrol, err := a.db.KPIByKey(ctx, al.ID, "care-management-enrolment")
	if err != nil {
		a.t.Fatal(err)
	}
	var group string
	parties, err := a.db.ListParties(ctx, al.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	for _, p := range parties {
		if p.OrgName == "Riverside Physician Group" {
			group = p.ID
		}
	}
	base, from := number.DecimalFromInt(40), day(2026, 1, 1)
	b := accord.Benefit{AllianceID: al.ID, InitiativeID: a.demo.Portfolio.CareManager, Kind: accord.BenefitKPI, KPIID: enrol.ID, Baseline: &base,
		MeasureFrom: &from, UnitValue: number.Dollars(20), Shares: []accord.BenefitShare{{PartyID: group, Percent: number.DecimalFromInt(100)}}}
	if err := a.db.ProposeBenefit(ctx, a.memberActor(groupFinance), &b); err != nil {
		a.t.Fatalf("ProposeBenefit: %v", err)
	}
	return []string{"{bin}", a.demo.Portfolio.CareManager, "{bn}", b.ID, "{ra}", a.demo.Portfolio.ROIAwaitingReview}
}
