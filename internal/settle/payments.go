package settle

import (
	"fmt"

	"github.com/accord-alliance/accord/internal/number"
)

var paymentLabels = map[string]string{
	PaymentCareManagement: "Care-management fees",
	PaymentCapitation:     "Capitation",
	PaymentQualityBonus:   "Quality bonus pool",
}

// payments computes the amounts due besides shared savings. It runs before
// expenditure, because some payments count as expenditure.
func (e *engine) payments() error {
	for i, p := range e.t.Payments {
		field := fmt.Sprintf("payments[%d]", i)
		base := p.Amount
		formula := ""
		if p.Amount != 0 {
			formula = p.Amount.Display()
		}
		if p.PMPM > 0 {
			if e.s.MemberMonths <= 0 {
				return need("member_months", field+".pmpm is set")
			}
			base = addMoney(base, mulCount(p.PMPM, e.s.MemberMonths))
			if formula != "" {
				formula += " + "
			}
			formula += fmt.Sprintf("%s PMPM × %s member months", p.PMPM.Display(), number.GroupInt(e.s.MemberMonths))
		}
		amt := base
		switch p.Earned {
		case EarnedQualityScore:
			qs, err := e.qualityScore(field + ".earned is quality_score")
			if err != nil {
				return err
			}
			amt = base.MulRate(qs, e.mode)
			formula = fmt.Sprintf("(%s) × quality score %s", formula, qs.Percent(2))
		case EarnedQualityGate:
			if !e.quality {
				amt = 0
				formula = fmt.Sprintf("(%s) not earned: the quality standard was not met", formula)
			}
		}
		label := p.Label
		if label == "" {
			label = paymentLabels[p.Kind]
		}
		e.r.Payments = append(e.r.Payments, PaymentResult{Kind: p.Kind, Label: label, Amount: amt, Payee: p.Payee})
		e.w.money(p.Kind, label, amt, field, formula)
	}
	return nil
}
