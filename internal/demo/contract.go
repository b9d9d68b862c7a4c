package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// contractTerms writes the demo agreement's terms in the settlement
// engine's format, with the figures that change from version to version.
func contractTerms(msr, targetPMPM string) string {
	return `{
  "name": "north-valley-shared-savings",
  "title": "North Valley shared savings: target PMPM, minimum savings rate as a gate, quality gate from the scorecard",
  "description": "Benchmark = target cost per member per month × member months. Savings of at least the minimum savings rate are shared at 50% from the first dollar, up to 10% of the benchmark, if at least two of three scorecard measures meet their targets. Split 70/20/10 among the physician group, the investor and the telehealth vendor.",
  "benchmark": {"source": "target_pmpm", "target_pmpm": ` + targetPMPM + `},
  "savings": {
    "minimum": {"method": "fixed", "rate": "` + msr + `", "apply": "gate"},
    "rate": "0.5",
    "quality": "gate",
    "cap": "0.10"
  },
  "quality_gate": {
    "measures": [
      {"kpi": "hba1c-control", "label": "HbA1c control (<8%)", "at_least": "0.60"},
      {"kpi": "readmissions-30d", "label": "30-day readmissions", "at_most": "0.15"},
      {"kpi": "breast-cancer-screening", "label": "Breast cancer screening", "at_least": "0.70"}
    ],
    "minimum_passing": 2
  },
  "parties": [
    {"name": "Riverside Physician Group", "role": "provider", "share": "0.70"},
    {"name": "Cedar Ridge Health Partners", "role": "investor", "share": "0.20"},
    {"name": "Brightline Telehealth", "role": "vendor", "share": "0.10"}
  ],
  "rounding": {"mode": "half_up", "final": "cent"},
  "citations": {
    "minimum_savings_rate": "Agreement §4.2",
    "sharing_rate": "Agreement §4.3",
    "quality_standard": "Agreement §5.1"
  }
}`
}

func contractText(msr, pmpm, extra string) string {
	return `# North Valley shared-savings agreement

## 1. Purpose
Valley Health Plan, Riverside Physician Group, Cedar Ridge Health Partners and Brightline Telehealth agree to
share the savings they achieve together on the total cost of care of the members attributed to the Riverside
clinics, while keeping quality at the level the shared scorecard sets.

## 4. Shared savings
4.1 The benchmark is a target of $` + pmpm + ` per member per month, times the member months of the year.

4.2 Savings are shared only if they reach ` + msr + ` of the benchmark (the minimum savings rate), and then from the first dollar.

4.3 Savings are shared at 50%, up to 10% of the benchmark.

## 5. Quality
5.1 Savings are shared only if at least two of three measures meet their targets: HbA1c control, 30-day
readmissions and breast cancer screening, as reported on the alliance's scorecard.

## 6. Split
6.1 The shared savings are split 70% to Riverside Physician Group, 20% to Cedar Ridge Health Partners and 10%
to Brightline Telehealth.
` + extra
}

// contractStep is one amendment of the demo agreement.
type contractStep struct {
	summary, msr, pmpm, extra string
	yearsAgo                  int
	signers                   []string // e-mails, in the order they sign
}

// Contract adds the alliance's living contract: the original agreement and
// two amendments every party signed, and a third still waiting for two
// parties' sign-off. Versions take effect on 1 January.
func Contract(ctx context.Context, svc accord.Services, allianceID string, parties map[string]string, people map[string]accord.Actor, now time.Time) error {
	everyone := []string{"admin@accord-demo.example", "elena.vasquez@riversidepg.example", "jonathan.reyes@cedarridge.example", "leo.brandt@brightline.example"}
	steps := []contractStep{
		{"The agreement as first signed", "2%", "500", "", 3, everyone},
		{"Lower the minimum savings rate to 1.5% now that attribution is stable", "1.5%", "500", "", 2, everyone},
		{"Rebase the target PMPM on the 2024 regional trend", "1.5%", "470", "", 1, everyone},
		{"Add a telehealth quality measure and review the split", "1.5%", "470",
			"\n## 7. Telehealth\n7.1 From this amendment on, the parties report telehealth visits on the scorecard and review the split of §6 each year.\n", -1,
			[]string{"leo.brandt@brightline.example", "elena.vasquez@riversidepg.example"}},
	}
	partyOf := map[string]string{
		"admin@accord-demo.example": parties["Valley Health Plan"], "elena.vasquez@riversidepg.example": parties["Riverside Physician Group"],
		"jonathan.reyes@cedarridge.example": parties["Cedar Ridge Health Partners"], "leo.brandt@brightline.example": parties["Brightline Telehealth"],
	}
	review := now.AddDate(0, 5, 0)
	c := accord.Contract{AllianceID: allianceID, Key: "shared-savings", Title: "North Valley shared-savings agreement", ReviewOn: &review}
	for i, st := range steps {
		a := accord.Amendment{Summary: st.summary, Text: contractText(st.msr, st.pmpm, st.extra),
			Terms: contractTerms(fmtRate(st.msr), st.pmpm), EffectiveFrom: time.Date(now.Year()-st.yearsAgo, 1, 1, 0, 0, 0, 0, time.UTC)}
		first := people[st.signers[0]]
		var err error
		if i == 0 {
			err = svc.CreateContract(ctx, first, partyOf[st.signers[0]], &c, &a)
		} else {
			a.ContractID = c.ID
			err = svc.ProposeAmendment(ctx, first, partyOf[st.signers[0]], &a)
		}
		if err != nil {
			return fmt.Errorf("demo contract, %s: %w", st.summary, err)
		}
		for _, email := range st.signers[1:] {
			if _, err := svc.SignAmendment(ctx, people[email], c.ID, a.Number, partyOf[email]); err != nil {
				return fmt.Errorf("demo contract, %s, signed by %s: %w", st.summary, email, err)
			}
		}
	}
	return nil
}

// fmtRate turns "1.5%" into "0.015" for the terms.
func fmtRate(pct string) string {
	d, err := number.ParseDecimal(strings.TrimSuffix(pct, "%"))
	if err != nil {
		return "0"
	}
	return (d / 100).String()
}
