package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/views"
)

// benefitSpec is a KPI benefit as the demo agrees it: proposed by one
// party's finance or executive, approved by another's.
type benefitSpec struct {
	initiative, kpi    string
	baselineMonths     [2]int // the baseline: the mean of these months (first, last)
	from               int    // the first month counted
	unitValue          number.Money
	shares             map[string]int64 // party → percent
	proposer, approver string
	on                 time.Time
}

// benefits: the parties agree what two initiatives bring back, measured
// from the scorecard at their clinics. The care-manager programme is worth
// $150 a month for each patient with diabetes brought under HbA1c control
// against the six months before it started, from its fourth month (the plan's avoided claims,
// 80% to the plan, 20% to the physician group as the quality bonus it pays
// on them); the telehealth pilot $35 for each video visit above the
// clinics' 25 a month before it, which the plan pays into the pilot's
// pool, 60% to the investor and 40% to the vendor. Then the plan's finance
// lead submits the care-manager programme's ROI assessment and its
// clinical lead agrees; the investor submits the telehealth pilot's, which
// awaits Dr Kim's review, so its waiting gate cannot go to a vote yet.
func (p *portfolio) benefits(ctx context.Context) error {
	hba1c, err := p.kpiID(ctx, "hba1c-control")
	if err != nil {
		return err
	}
	visits, err := p.kpiID(ctx, "telehealth-visits")
	if err != nil {
		return err
	}
	specs := []benefitSpec{
		{initiative: p.out.CareManager, kpi: hba1c, baselineMonths: [2]int{careManagerMonth - 6, careManagerMonth - 1}, from: careManagerMonth + 3,
			unitValue: number.Dollars(150), shares: map[string]int64{payer: 80, provider: 20}, proposer: priya, approver: marcus,
			on: p.sm[0].StartsAt.AddDate(0, 0, -7)},
		{initiative: p.out.Telehealth, kpi: visits, baselineMonths: [2]int{telehealthMonth - 3, telehealthMonth - 1}, from: telehealthMonth,
			unitValue: number.Dollars(35), shares: map[string]int64{investor: 60, vendor: 40}, proposer: jonathan, approver: priya,
			on: p.cal.month(telehealthMonth).AddDate(0, 0, -20)},
	}
	for _, s := range specs {
		if err := p.agree(ctx, s); err != nil {
			return err
		}
	}
	care, err := p.assessROI(ctx, priya, p.out.CareManager, p.now.AddDate(0, 0, -12))
	if err != nil {
		return err
	}
	if _, err := p.at(p.now.AddDate(0, 0, -9)).ReviewROIAssessment(ctx, p.actors[elena], p.alliance, care.ID, accord.ReviewAgree,
		"The benefit counts only patients brought under control at our clinics, against the six months before; I agree with it going to the next gate."); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	tele, err := p.assessROI(ctx, jonathan, p.out.Telehealth, p.now.AddDate(0, 0, -2))
	if err != nil {
		return err
	}
	p.out.ROIAwaitingReview = tele.ID
	return nil
}

// agree proposes a benefit and has another party approve it.
func (p *portfolio) agree(ctx context.Context, s benefitSpec) error {
	from, to, measure := p.cal.month(s.baselineMonths[0]), p.cal.month(s.baselineMonths[1]), p.cal.month(s.from)
	b := accord.Benefit{AllianceID: p.alliance, InitiativeID: s.initiative, Kind: accord.BenefitKPI, KPIID: s.kpi,
		BaselineFrom: &from, BaselineTo: &to, MeasureFrom: &measure, UnitValue: s.unitValue}
	for _, party := range []string{payer, provider, investor, vendor} {
		if pct, ok := s.shares[party]; ok {
			b.Shares = append(b.Shares, accord.BenefitShare{PartyID: p.parties[party], Percent: number.DecimalFromInt(pct)})
		}
	}
	if err := p.at(s.on).ProposeBenefit(ctx, p.actors[s.proposer], &b); err != nil {
		return fmt.Errorf("benefit: %w", err)
	}
	if _, err := p.at(s.on.AddDate(0, 0, 4)).ApproveBenefit(ctx, p.actors[s.approver], p.alliance, b.ID); err != nil {
		return fmt.Errorf("approve benefit: %w", err)
	}
	return nil
}

// assessROI submits an initiative's returns as the ledger values them
// (8%, the plan at its own 6%) as an ROI assessment.
func (p *portfolio) assessROI(ctx context.Context, who, initiativeID string, on time.Time) (accord.ROIAssessment, error) {
	svc := p.at(on)
	l := views.Loader{Edge: &edge.Edge{Svc: svc}}
	lv, err := l.LoadLedger(ctx, p.alliance, initiativeID, views.LedgerRates{Common: views.DefaultDiscountRate, Party: map[string]float64{p.parties[payer]: 0.06}}, views.Sharing{})
	if err != nil {
		return accord.ROIAssessment{}, fmt.Errorf("ledger: %w", err)
	}
	a := lv.Assessment()
	if err := svc.SubmitROIAssessment(ctx, p.actors[who], &a); err != nil {
		return a, fmt.Errorf("ROI assessment: %w", err)
	}
	return a, nil
}
