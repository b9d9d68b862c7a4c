package demo

import "github.com/accord-alliance/accord/internal/accord"

// The parties of the demo alliance, by organisation name.
const (
	payer    = "Valley Health Plan"
	provider = "Riverside Physician Group"
	investor = "Cedar Ridge Health Partners"
	vendor   = "Brightline Telehealth"
)

// Months of the demo calendar (index 0 is the oldest, months-1 the latest
// month whose data is due) at which the stories happen.
const (
	months           = 36
	careManagerMonth = 13 // the care-management program starts; Eastgate hires a care manager
	telehealthMonth  = 22 // the telehealth pilot starts in every clinic
	outageMonth      = 27 // Brightline's platform has a bad month
)

// Grace days: clinic systems report within two weeks of month end, claims
// need six weeks to be nearly complete, surveys a month after the quarter.
const (
	clinicGrace    = 15
	claimsGrace    = 45
	quarterlyGrace = 30
)

// measure is one demo KPI and how its figures are made: level gives the
// underlying figure for clinic c (-1 for the whole alliance) in month m of
// the calendar; noise (in the KPI's unit) and spread (relative) blur it.
type measure struct {
	accord.KPI
	owner    string
	clinics  bool // one row per clinic
	whole    bool // also a whole-alliance row, for units that cannot be added up
	den      func(c, m int) float64
	level    func(c, m int) float64
	noise    float64
	spread   float64
	seasonal float64 // added at its full size in January, subtracted in July
	places   int
	targets  []goal
	stopped  int    // the owner stopped reporting this many periods ago
	dropout  string // a clinic that stopped reporting ...
	dropped  int    // ... this many periods ago
}

// goal is a target from month index from on: green at Green, amber at Amber.
type goal struct {
	from         int
	green, amber float64
}

func measureURL(id string) string { return "https://measures.example.org/Measure/" + id }

// at picks a clinic's figure: Riverside Main, Eastgate, Hillcrest, Lakeview.
func at(c int, main, eastgate, hillcrest, lakeview float64) float64 {
	return [...]float64{main, eastgate, hillcrest, lakeview}[c]
}

// since counts the months from start on (0 before it).
func since(m, start int) float64 { return float64(max(0, m-start)) }

// step is 1 from month at on, 0 before.
func step(m, at int) float64 {
	if m >= at {
		return 1
	}
	return 0
}

const (
	ehrRegistry   = "Riverside EHR quality registry (monthly extract)"
	ehrScheduling = "Riverside EHR scheduling module"
	vhpClaims     = "Valley Health Plan claims warehouse (adjudicated medical and pharmacy claims)"
)

// qualityMeasures are the HEDIS-like measures the provider reports from its registry.
func qualityMeasures() []measure {
	return []measure{
		{KPI: accord.KPI{Key: "breast-cancer-screening", Name: "Breast cancer screening", Category: accord.CatQuality, Unit: accord.UnitPercent, Direction: accord.HigherIsBetter, IsRatio: true,
			Numerator: "Women in the denominator with a mammogram in the 27 months before the end of the period", Denominator: "Women aged 50–74 on the clinic panel at the end of the period",
			Exclusions: "Bilateral mastectomy; hospice or palliative care; aged 66+ with frailty and advanced illness", SourceSystem: ehrRegistry, MeasureURL: measureURL("breast-cancer-screening")},
			owner: provider, clinics: true, den: panelShare(0.11), noise: 0.8,
			level:   func(c, m int) float64 { return at(c, 74, 70, 71, 66) + 0.08*float64(m) },
			targets: []goal{{0, 74, 68}}},
		{KPI: accord.KPI{Key: "colorectal-cancer-screening", Name: "Colorectal cancer screening", Category: accord.CatQuality, Unit: accord.UnitPercent, Direction: accord.HigherIsBetter, IsRatio: true,
			Numerator: "Patients in the denominator with a colonoscopy (10 years), CT colonography (5), FIT-DNA (3) or FIT (1)", Denominator: "Patients aged 45–75 on the clinic panel",
			Exclusions: "Colorectal cancer or total colectomy; hospice or palliative care", SourceSystem: ehrRegistry, MeasureURL: measureURL("colorectal-cancer-screening")},
			owner: provider, clinics: true, den: panelShare(0.22), noise: 0.8,
			level:   func(c, m int) float64 { return at(c, 64, 58, 61, 55) + 0.12*float64(m) },
			targets: []goal{{0, 65, 58}}},
		{KPI: accord.KPI{Key: "bp-control", Name: "Controlling high blood pressure (<140/90)", Category: accord.CatQuality, Unit: accord.UnitPercent, Direction: accord.HigherIsBetter, IsRatio: true,
			Numerator: "Patients in the denominator whose most recent blood pressure in the period was below 140/90", Denominator: "Patients aged 18–85 with a diagnosis of hypertension",
			Exclusions: "End-stage renal disease, dialysis or kidney transplant; pregnancy; hospice", SourceSystem: ehrRegistry, MeasureURL: measureURL("controlling-blood-pressure")},
			owner: provider, clinics: true, den: panelShare(0.16), noise: 1.0,
			level:   func(c, m int) float64 { return at(c, 66, 61, 64, 60) + 0.12*float64(m) },
			targets: []goal{{0, 70, 64}}},
		{KPI: accord.KPI{Key: "depression-screening", Name: "Depression screening and follow-up", Category: accord.CatQuality, Unit: accord.UnitPercent, Direction: accord.HigherIsBetter, IsRatio: true,
			Numerator: "Patients screened with the PHQ-9 (and, if positive, with a follow-up plan documented the same day)", Denominator: "Patients aged 12+ with a visit in the period",
			Exclusions: "Active diagnosis of depression or bipolar disorder", SourceSystem: ehrRegistry, MeasureURL: measureURL("depression-screening")},
			owner: provider, clinics: true, den: panelShare(0.28), noise: 1.0,
			level:   func(c, m int) float64 { return at(c, 81, 75, 78, 70) + 0.06*float64(m) },
			targets: []goal{{0, 80, 72}}},
		{KPI: accord.KPI{Key: "referral-loop-closure", Name: "Referral loop closure", Category: accord.CatQuality, Unit: accord.UnitPercent, Direction: accord.HigherIsBetter, IsRatio: true,
			Numerator: "Referrals with the specialist's consult note received and reviewed within 30 days", Denominator: "Outgoing specialist referrals placed in the period",
			Exclusions: "Referrals cancelled by the patient before scheduling", SourceSystem: "Riverside EHR referral work queue",
			Description: "Whether what we ask of specialists comes back to the primary-care team."},
			owner: provider, clinics: true, den: panelShare(0.035), noise: 1.5,
			level:   func(c, m int) float64 { return at(c, 70, 63, 67, 59) + 0.15*float64(m) },
			targets: []goal{{0, 80, 70}}},
	}
}

// outcomeMeasures are clinical outcomes: the provider's registry and the payer's claims.
func outcomeMeasures() []measure {
	return []measure{
		{KPI: accord.KPI{Key: "hba1c-control", Name: "HbA1c control (<8%)", Category: accord.CatClinicalOutcome, Unit: accord.UnitPercent, Direction: accord.HigherIsBetter, IsRatio: true,
			Numerator: "Patients in the denominator whose most recent HbA1c in the last 12 months is below 8.0%", Denominator: "Patients aged 18–75 with diabetes (type 1 or 2) on the clinic panel",
			Exclusions: "Hospice or palliative care; aged 66+ with frailty and advanced illness", SourceSystem: ehrRegistry, MeasureURL: measureURL("hba1c-control"),
			Description: "The care-management program's first goal: the target rises each year of the agreement."},
			owner: provider, clinics: true, den: panelShare(0.085), noise: 1.2,
			level: func(c, m int) float64 {
				return at(c, 60, 55, 58, 57) + at(c, 0.45, 0.75, 0.45, 0.45)*since(m, careManagerMonth)
			},
			targets: []goal{{0, 60, 55}, {12, 64, 58}, {24, 68, 62}}},
		{KPI: accord.KPI{Key: "readmissions-30d", Name: "30-day all-cause readmissions", Category: accord.CatClinicalOutcome, Unit: accord.UnitPercent, Direction: accord.LowerIsBetter, IsRatio: true,
			Numerator: "Index stays followed by an unplanned acute readmission within 30 days of discharge", Denominator: "Acute inpatient discharges of attributed members aged 18+ in the period",
			Exclusions: "Planned admissions (chemotherapy, transplant, rehabilitation); deaths during the index stay; transfers", SourceSystem: vhpClaims,
			MeasureURL: measureURL("plan-all-cause-readmissions"), GraceDays: claimsGrace},
			owner: payer, clinics: true, den: memberShare(0.006), noise: 1.0,
			level:   func(c, m int) float64 { return at(c, 13.5, 14.5, 13, 12.5) - 0.06*since(m, careManagerMonth) },
			targets: []goal{{0, 12, 14}}},
		{KPI: accord.KPI{Key: "ed-visits", Name: "ED visits per 1,000 member months", Category: accord.CatClinicalOutcome, Unit: accord.UnitRate, Direction: accord.LowerIsBetter, IsRatio: true,
			Numerator: "Emergency-department visits not resulting in admission", Denominator: "Member months of members attributed to the clinic",
			Exclusions: "Visits for mental-health or chemical-dependency principal diagnoses", SourceSystem: vhpClaims,
			MeasureURL: measureURL("emergency-department-utilization"), GraceDays: claimsGrace},
			owner: payer, clinics: true, den: memberShare(1), noise: 1.2, seasonal: 3,
			level:   func(c, m int) float64 { return at(c, 38, 44, 40, 35) - 3*step(m, telehealthMonth) - 0.05*float64(m) },
			targets: []goal{{0, 38, 42}}},
	}
}

// panelShare makes a denominator that is a share of the clinic's patients.
func panelShare(s float64) func(c, m int) float64 {
	return func(c, m int) float64 { return s * patients(c, m) }
}

// memberShare makes a denominator that is a share of the clinic's health-plan members.
func memberShare(s float64) func(c, m int) float64 {
	return func(c, m int) float64 { return s * members(c, m) }
}

// patients is a clinic's active panel in month m (c = -1: every clinic),
// growing slowly; 38,000 in all at the start.
func patients(c, m int) float64 {
	if c < 0 {
		return patients(0, m) + patients(1, m) + patients(2, m) + patients(3, m)
	}
	return at(c, 14000, 9000, 8000, 7000) * (1 + 0.002*float64(m))
}

// members is how many Valley Health Plan members are attributed to a clinic.
func members(c, m int) float64 {
	if c < 0 {
		return members(0, m) + members(1, m) + members(2, m) + members(3, m)
	}
	return at(c, 8400, 5400, 4800, 4200) * (1 + 0.003*float64(m))
}

// pmpm is the underlying cost per member per month: medical inflation,
// bent down once care management takes hold.
func pmpm(c, m int) float64 {
	return at(c, 430, 470, 450, 440) + 1.1*float64(m) - 1.9*since(m, careManagerMonth)
}

// accessMeasures are patient access: where the telehealth pilot shows.
func accessMeasures() []measure {
	return []measure{
		{KPI: accord.KPI{Key: "same-week-access", Name: "Same-week appointment access", Category: accord.CatPatientAccess, Unit: accord.UnitPercent, Direction: accord.HigherIsBetter, IsRatio: true,
			Numerator: "Requests for a routine or urgent appointment offered a slot (in person or video) within 7 calendar days", Denominator: "Appointment requests logged by the call centre and the portal",
			Exclusions: "Requests where the patient asked for a later date; annual wellness visits booked ahead", SourceSystem: ehrScheduling},
			owner: provider, clinics: true, den: panelShare(0.09), noise: 1.2,
			level:   func(c, m int) float64 { return at(c, 57, 52, 55, 50) + 17*step(m, telehealthMonth) + 0.08*float64(m) },
			targets: []goal{{0, 70, 62}}},
		{KPI: accord.KPI{Key: "third-next-available", Name: "Third next available appointment", Category: accord.CatPatientAccess, Unit: accord.UnitDays, Direction: accord.LowerIsBetter,
			Numerator: "Calendar days from the day of measurement to the third open 20-minute slot, averaged over each clinic's physicians", Denominator: "Measured on the first Monday of the month",
			Exclusions: "Physicians on leave for the whole month", SourceSystem: ehrScheduling},
			owner: provider, clinics: true, whole: true, places: 1, noise: 0.7,
			level:   func(c, m int) float64 { return at(c, 11, 14, 12, 13) - 5*step(m, telehealthMonth) + 0.03*float64(m) },
			targets: []goal{{0, 7, 10}}},
		{KPI: accord.KPI{Key: "telehealth-visits", Name: "Telehealth visits", Category: accord.CatPatientAccess, Unit: accord.UnitCount, Direction: accord.HigherIsBetter,
			Numerator: "Completed video visits between a Riverside clinician and a patient", Exclusions: "Test calls; visits under 3 minutes; telephone-only calls",
			SourceSystem: "Brightline platform visit log (daily export)"},
			owner: vendor, clinics: true, spread: 0.06,
			level: func(c, m int) float64 {
				return patients(c, m) / 9000 * (25 + 330*step(m, telehealthMonth) + 12*since(m, telehealthMonth))
			},
			targets: []goal{{telehealthMonth, 1500, 1000}}},
		{KPI: accord.KPI{Key: "no-show-rate", Name: "Appointment no-show rate", Category: accord.CatPatientAccess, Unit: accord.UnitPercent, Direction: accord.LowerIsBetter, IsRatio: true,
			Numerator: "Scheduled appointments the patient did not attend and did not cancel 24 hours ahead", Denominator: "Scheduled appointments in the period",
			Exclusions: "Appointments the clinic cancelled", SourceSystem: ehrScheduling},
			owner: provider, clinics: true, den: panelShare(0.17), noise: 0.5, seasonal: 0.6,
			level:   func(c, m int) float64 { return at(c, 7.5, 9.5, 8, 11) - 1.2*step(m, telehealthMonth) },
			targets: []goal{{0, 8, 10}}},
	}
}

// engagementMeasures are patient engagement.
func engagementMeasures() []measure {
	return []measure{
		{KPI: accord.KPI{Key: "portal-activation", Name: "Patient portal activation", Category: accord.CatPatientEngagement, Unit: accord.UnitPercent, Direction: accord.HigherIsBetter, IsRatio: true,
			Numerator: "Patients in the denominator with an activated portal account who signed in during the last 12 months", Denominator: "Active patients (a visit in the last 3 years)",
			Exclusions: "Patients under 12 (proxy access is counted under the parent)", SourceSystem: "Riverside EHR patient portal administration report"},
			owner: provider, clinics: true, den: panelShare(1), noise: 0.4,
			level:   func(c, m int) float64 { return at(c, 52, 47, 50, 41) + 0.45*float64(m) },
			targets: []goal{{0, 65, 55}}},
		{KPI: accord.KPI{Key: "patient-experience", Name: "Patient experience score", Category: accord.CatPatientEngagement, Unit: accord.UnitScore, Direction: accord.HigherIsBetter,
			Numerator: "Mean top-box score (0–100) of the CG-CAHPS composite: access, communication, office staff and overall rating", Denominator: "Completed surveys returned in the period (about 120 per clinic)",
			Exclusions: "Surveys returned more than 90 days after the visit", SourceSystem: "Patient-experience survey vendor file, via Riverside"},
			owner: provider, clinics: true, whole: true, places: 1, noise: 1.1,
			level:   func(c, m int) float64 { return at(c, 84, 79, 82, 80) + 0.05*float64(m) + 1.5*step(m, telehealthMonth) },
			targets: []goal{{0, 85, 80}},
			dropout: "Lakeview", dropped: 4},
		{KPI: accord.KPI{Key: "care-management-enrolment", Name: "Care-management enrolment", Category: accord.CatPatientEngagement, Unit: accord.UnitPercent, Direction: accord.HigherIsBetter, IsRatio: true,
			Numerator: "High-risk members with an active care plan and a care-manager contact in the last 60 days", Denominator: "Attributed members in the top 5% of predicted risk",
			Exclusions: "Members who declined care management; hospice", SourceSystem: "Valley Health Plan care-management platform"},
			owner: payer, clinics: true, den: memberShare(0.05), noise: 1.2,
			level: func(c, m int) float64 {
				return 8 + at(c, 24, 32, 24, 22)*(1-1/(1+since(m, careManagerMonth)/6))
			},
			targets: []goal{{careManagerMonth, 30, 22}}},
	}
}
