package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/settle"
)

// demoYear is the performance of one settled year of the demo agreement.
type demoYear struct {
	yearsAgo int
	// members is the average attributed population; member months are
	// twelve times it.
	members int64
	// actual is the year's total cost of care, in cents.
	actual number.Money
	// hba1c, readmissions and screening are the scorecard's quality
	// measures for the year, as fractions.
	hba1c, readmissions, screening string
}

// demoYears are the three agreed years: below the 2% gate in the first
// (savings of 1.6% against a $500 target), savings shared in the next two
// (3.8% against $500, then 2.5% against the rebased $470).
var demoYears = []demoYear{
	{3, 38_000, 224_352_417_36, "0.61", "0.142", "0.71"},
	{2, 38_400, 221_645_108_20, "0.64", "0.131", "0.72"},
	{1, 38_900, 213_887_754_91, "0.66", "0.128", "0.74"},
}

// demoSigners are the executives who sign settlements off, by party; the
// last (Brightline) has yet to sign the latest year.
var demoSigners = []struct{ email, party string }{
	{"admin@accord-demo.example", "Valley Health Plan"}, {"elena.vasquez@riversidepg.example", "Riverside Physician Group"},
	{"jonathan.reyes@cedarridge.example", "Cedar Ridge Health Partners"}, {"leo.brandt@brightline.example", "Brightline Telehealth"},
}

// Settlements settles the demo agreement's three agreed years, each under
// the version in force on 1 January of its year, as the finance lead of
// the payer would at year end. An executive of every party signed the two
// earlier years off, so they are final; the latest year is a draft that
// awaits Brightline Telehealth's sign-off.
func Settlements(ctx context.Context, svc accord.Services, allianceID string, parties map[string]string, people map[string]accord.Actor, now time.Time) error {
	c, err := svc.ContractByKey(ctx, allianceID, "shared-savings")
	if err != nil {
		return fmt.Errorf("demo settlements: %w", err)
	}
	actor := people["priya.raman@valleyhealthplan.example"]
	for _, y := range demoYears {
		from := time.Date(now.Year()-y.yearsAgo, 1, 1, 0, 0, 0, 0, time.UTC)
		to := time.Date(now.Year()-y.yearsAgo, 12, 31, 0, 0, 0, 0, time.UTC)
		actual := y.actual
		sum := settle.Summary{
			AssignedBeneficiaries: y.members,
			MemberMonths:          y.members * 12,
			ActualExpenditure:     &actual,
			QualityMeasures: map[string]number.Rate{
				"hba1c-control":           number.MustRate(y.hba1c),
				"readmissions-30d":        number.MustRate(y.readmissions),
				"breast-cancer-screening": number.MustRate(y.screening),
			},
		}
		st, err := svc.SettlePeriod(ctx, actor, c.ID, from, to, sum, false)
		if err != nil {
			return fmt.Errorf("demo settlement of %d: %w", from.Year(), err)
		}
		signers := demoSigners
		if y.yearsAgo == 1 {
			signers = signers[:len(signers)-1]
		}
		for _, sg := range signers {
			if _, err := svc.SignSettlement(ctx, people[sg.email], c.ID, st.ID, parties[sg.party]); err != nil {
				return fmt.Errorf("demo settlement of %d, signed off by %s: %w", from.Year(), sg.email, err)
			}
		}
	}
	return nil
}
