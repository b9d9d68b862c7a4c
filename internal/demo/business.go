package demo

import (
	"slices"

	"github.com/accord-alliance/accord/internal/accord"
)

// allMeasures lists the demo KPIs in the order they are proposed: a
// derived KPI after the KPIs its formula names.
func allMeasures() []measure {
	return slices.Concat(qualityMeasures(), outcomeMeasures(), accessMeasures(), engagementMeasures(), financialMeasures(), operationsMeasures())
}

// financialMeasures are cost and revenue: claims from the payer, accounts
// receivable from the provider.
func financialMeasures() []measure {
	return []measure{
		{KPI: accord.KPI{Key: "member-months", Name: "Member months", Category: accord.CatFinancial, Unit: accord.UnitCount, Direction: accord.HigherIsBetter,
			Numerator: "Members attributed to a Riverside clinic, counted once for each month of enrolment", Exclusions: "Members with less than a full month of enrolment",
			SourceSystem: "Valley Health Plan eligibility and attribution file", GraceDays: claimsGrace},
			owner: payer, clinics: true, spread: 0.003,
			level: members},
		{KPI: accord.KPI{Key: "total-cost", Name: "Total cost of care", Category: accord.CatFinancial, Unit: accord.UnitMoney, Direction: accord.LowerIsBetter,
			Numerator:  "Allowed amounts of medical and pharmacy claims of attributed members, by month of service, with 45 days of run-out",
			Exclusions: "Claims above $250,000 per member per year (stop-loss); capitated dental and vision", SourceSystem: vhpClaims, GraceDays: claimsGrace},
			owner: payer, clinics: true, spread: 0.025, places: 2,
			level: func(c, m int) float64 { return members(c, m) * pmpm(c, m) }},
		{KPI: accord.KPI{Key: "cost-pmpm", Name: "Cost per member per month", Category: accord.CatFinancial, Unit: accord.UnitMoney, Direction: accord.LowerIsBetter,
			Formula: "total-cost / member-months", Description: "Total cost of care divided by member months: the benchmark the shared-savings settlement compares against.",
			SourceSystem: "Computed by accord from total-cost and member-months", GraceDays: claimsGrace},
			owner: payer, targets: []goal{{0, 440, 460}}},
		{KPI: accord.KPI{Key: "claims-denial-rate", Name: "Claims denial rate", Category: accord.CatFinancial, Unit: accord.UnitPercent, Direction: accord.LowerIsBetter, IsRatio: true,
			Numerator: "Professional claims denied in full on first submission", Denominator: "Professional claims adjudicated in the period",
			Exclusions: "Duplicate submissions; claims for members not eligible on the date of service", SourceSystem: "Valley Health Plan claims adjudication (835 remittance advice)",
			GraceDays: 30, Description: "Denials cost both sides rework; the partners agreed to bring them below 5%."},
			owner: payer, clinics: true, den: panelShare(0.55), noise: 0.4,
			level:   func(c, m int) float64 { return at(c, 8.2, 9.5, 8.8, 10.1) - 0.03*float64(m) },
			targets: []goal{{0, 5, 7}}},
		{KPI: accord.KPI{Key: "generic-dispensing-rate", Name: "Generic dispensing rate", Category: accord.CatFinancial, Unit: accord.UnitPercent, Direction: accord.HigherIsBetter, IsRatio: true,
			Frequency: accord.Quarterly, Numerator: "Pharmacy claims for generic drugs", Denominator: "All pharmacy claims of attributed members in the quarter",
			Exclusions: "Specialty drugs with no generic equivalent", SourceSystem: vhpClaims, GraceDays: quarterlyGrace},
			owner: payer, den: memberShare(3), noise: 0.3,
			level:   func(_, m int) float64 { return 83.5 + 0.07*float64(m) },
			targets: []goal{{0, 85, 82}}},
		{KPI: accord.KPI{Key: "days-in-ar", Name: "Days in accounts receivable", Category: accord.CatFinancial, Unit: accord.UnitDays, Direction: accord.LowerIsBetter,
			Numerator: "Outstanding receivables at month end divided by the average daily charges of the last 90 days", Exclusions: "Patient self-pay balances in collections",
			SourceSystem: "Riverside practice-management system"},
			owner: provider, places: 1, noise: 0.9,
			level:   func(_, m int) float64 { return 42 - 0.15*float64(m) },
			targets: []goal{{0, 38, 45}}},
	}
}

// operationsMeasures are operations and workload: whether the clinics can
// absorb what the partnership asks of them.
func operationsMeasures() []measure {
	return []measure{
		{KPI: accord.KPI{Key: "staff-vacancy-rate", Name: "Staff vacancy rate", Category: accord.CatOperations, Unit: accord.UnitPercent, Direction: accord.LowerIsBetter, IsRatio: true,
			Numerator: "Budgeted clinical and front-desk positions vacant at month end (FTE)", Denominator: "Budgeted clinical and front-desk positions (FTE)",
			Exclusions: "Positions on hold by decision of the operating committee", SourceSystem: "Riverside HR system position report"},
			owner: provider, clinics: true, den: panelShare(0.0045), noise: 1.2,
			level:   func(c, m int) float64 { return at(c, 7, 9, 10, 8) + at(c, 0, 0, 0.2, 0)*float64(m) },
			targets: []goal{{0, 6, 9}}},
		{KPI: accord.KPI{Key: "after-hours-ehr-time", Name: "Clinician after-hours EHR time", Category: accord.CatOperations, Unit: accord.UnitMinutes, Direction: accord.LowerIsBetter,
			Numerator: "Minutes of EHR activity outside 7:00–19:00 and on unscheduled days, per clinician per scheduled day", Denominator: "Scheduled clinic days of physicians and advanced practice clinicians",
			Exclusions: "Clinicians with fewer than 4 scheduled days in the month", SourceSystem: "Riverside EHR audit-log (signal) report"},
			owner: provider, clinics: true, whole: true, places: 1, noise: 2.5,
			level:   func(c, m int) float64 { return at(c, 62, 70, 66, 58) + 6*step(m, telehealthMonth) + 0.1*float64(m) },
			targets: []goal{{0, 60, 75}}},
		{KPI: accord.KPI{Key: "platform-uptime", Name: "Telehealth platform availability", Category: accord.CatOperations, Unit: accord.UnitPercent, Direction: accord.HigherIsBetter, IsRatio: true,
			Numerator: "Minutes in the month the video-visit service was available", Denominator: "Minutes in the month",
			Exclusions: "Maintenance windows announced 7 days ahead", SourceSystem: "Brightline status page and monthly SLA report", GraceDays: 10},
			owner: vendor, den: func(int, int) float64 { return 30 * 24 * 60 }, noise: 0.08,
			level: func(_, m int) float64 {
				if m == outageMonth {
					return 98.7
				}
				return 99.8
			},
			targets: []goal{{0, 99.5, 99}}, stopped: 3},
		{KPI: accord.KPI{Key: "clinician-burnout", Name: "Clinician burnout", Category: accord.CatOperations, Unit: accord.UnitPercent, Direction: accord.LowerIsBetter, IsRatio: true,
			Frequency: accord.Quarterly, Numerator: "Respondents reporting one or more symptoms of burnout (Mini-Z item 3)", Denominator: "Physicians and advanced practice clinicians who answered the survey",
			Exclusions: "Locum clinicians", SourceSystem: "Quarterly Mini-Z survey", GraceDays: quarterlyGrace},
			owner: provider, den: func(int, int) float64 { return 84 }, noise: 2,
			level:   func(_, m int) float64 { return 28 + 4*step(m, telehealthMonth) + 0.05*float64(m) },
			targets: []goal{{0, 25, 32}}},
	}
}

// proposal is the KPI Brightline proposed and only Riverside has approved
// so far: what co-creation looks like before everyone has agreed.
func proposal() accord.KPI {
	return accord.KPI{Key: "rpm-enrolment", Name: "Remote monitoring enrolment", Category: accord.CatPatientEngagement, Unit: accord.UnitPercent,
		Direction: accord.HigherIsBetter, Frequency: accord.Monthly, IsRatio: true, SegmentBy: "clinic", GraceDays: clinicGrace,
		Numerator: "Patients with at least 16 days of transmitted blood-pressure or weight readings in the month", Denominator: "Patients with uncontrolled hypertension or heart failure",
		Exclusions: "Patients in hospice or long-term care", SourceSystem: "Brightline remote-monitoring platform",
		Description: "Proposed by Brightline for the remote-monitoring phase of the telehealth pilot."}
}
