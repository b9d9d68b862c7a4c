package views

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

func TestFigureText(t *testing.T) {
	for in, want := range map[number.Decimal]string{0: "0.00", 59_966413: "59.97", 5000: "0.01", -5000: "−0.01", -4999: "0.00", 1_234_000000: "1234.00", -2_005000: "−2.01"} {
		if got := FigureText(in); got != want {
			t.Errorf("FigureText(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestBenefitForm(t *testing.T) {
	b, err := BenefitForm(url.Values{"kind": {"kpi"}, "kpi_id": {"k"}, "baseline_from": {"2026-01"}, "baseline_to": {"2026-06-15"}, "measure_from": {"2026-07"},
		"unit_value": {"$1,250.50"}, "share_p2": {"40%"}, "share_p1": {"60"}, "share_p3": {""}})
	if err != nil {
		t.Fatal(err)
	}
	if b.Baseline != nil || b.BaselineFrom.Format(time.DateOnly) != "2026-01-01" || b.BaselineTo.Format(time.DateOnly) != "2026-06-15" ||
		b.UnitValue != number.Money(125050) || len(b.Shares) != 2 || b.Shares[0].PartyID != "p1" || b.Shares[1].Percent != number.DecimalFromInt(40) {
		t.Errorf("BenefitForm = %+v", b)
	}
	for field, f := range map[string]url.Values{
		"baseline":        {"baseline": {"lots"}},
		"measure_from":    {"measure_from": {"July"}},
		"unit_value":      {"unit_value": {"1.234"}},
		"savings_percent": {"savings_percent": {"a quarter"}},
		"shares":          {"share_p1": {"half"}},
	} {
		if _, err := BenefitForm(f); accord.ErrorField(err) != field {
			t.Errorf("BenefitForm(%v): err = %v, want on %s", f, err, field)
		}
	}
}

// TestROIForGate: a gate that commits more money waits for the latest
// assessment's review, scaling needs an assessment, pause and stop never
// wait; the evidence names the assessment and its review, or says there
// is none.
func TestROIForGate(t *testing.T) {
	in := accord.Initiative{Name: "Care-manager programme", ClinicalLeadName: "Dr. Vasquez"}
	irr, pay := 0.1585, "2026-09-30"
	open := accord.ROIAssessment{SubmittedByName: "Priya Raman", PartyID: "p1", SubmittedAt: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), Rates: accord.ROIRates{Common: 0.08},
		Parties: []accord.ROIFigure{{Party: "Valley Health Plan", Rate: 0.06, NPV: number.Dollars(31424), IRR: &irr, Payback: &pay, Invested: number.Dollars(480000), Returned: number.Dollars(534781)}}}
	done := open
	done.Review, done.ReviewNote, done.ReviewedByName = accord.ReviewConcerns, "Too kind a baseline.", "Dr. Vasquez"
	for _, c := range []struct {
		decision string
		as       []accord.ROIAssessment
		refused  string
	}{
		{"advance", nil, ""},
		{"scale", nil, "scaling Care-manager programme needs an ROI assessment reviewed by its clinical lead, Dr. Vasquez"},
		{"advance", []accord.ROIAssessment{open, done}, "awaits its review by the clinical lead, Dr. Vasquez"},
		{"extend", []accord.ROIAssessment{open}, "awaits its review"},
		{"scale", []accord.ROIAssessment{done, open}, ""},
		{"pause", []accord.ROIAssessment{open}, ""},
		{"stop", nil, ""},
	} {
		err := checkROIForGate(in, c.decision, c.as)
		if c.refused == "" && err != nil || c.refused != "" && (accord.ErrorField(err) != "decision" || !strings.Contains(accord.ErrorMessage(err), c.refused)) {
			t.Errorf("%s with %d assessments: err = %v, want %q", c.decision, len(c.as), err, c.refused)
		}
	}
	party := func(string) string { return "Valley Health Plan" }
	if got := ROIEvidence(nil, party); !strings.Contains(got, "- no ROI assessment") {
		t.Errorf("evidence without an assessment = %q", got)
	}
	got := ROIEvidence([]accord.ROIAssessment{done}, party)
	for _, want := range []string{"submitted by Priya Raman (Valley Health Plan) on 2026-11-25, at a common rate of 8.00%",
		"Valley Health Plan: NPV $31,424.00 at 6.00%, IRR 15.85%, payback 2026-09-30", "the clinical lead, Dr. Vasquez, has concerns: Too kind a baseline."} {
		if !strings.Contains(got, want) {
			t.Errorf("evidence %q does not say %q", got, want)
		}
	}
	if got := ROIEvidence([]accord.ROIAssessment{open}, party); !strings.Contains(got, "not reviewed by the clinical lead yet") {
		t.Errorf("evidence of an open assessment = %q", got)
	}
}
