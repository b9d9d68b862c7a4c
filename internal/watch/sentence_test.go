package watch

import (
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

func month(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }

func TestSentence(t *testing.T) {
	hba1c := SentenceParts{KPIName: "HbA1c control", Direction: accord.HigherIsBetter, Frequency: accord.Monthly, Kind: accord.SignalSPC}
	ed := SentenceParts{KPIName: "ED visits per 1,000", Direction: accord.LowerIsBetter, Frequency: accord.Monthly, Kind: accord.SignalSPC}
	with := func(p SentenceParts, f func(*SentenceParts)) SentenceParts { f(&p); return p }
	tests := []struct {
		name string
		in   SentenceParts
		want string
	}{
		{"shift, improvement, higher is better", with(hba1c, func(p *SentenceParts) {
			p.Rule, p.Effect, p.First, p.Last = "ihi-shift,we-4", accord.EffectImprovement, month(2025, 7), month(2026, 2)
		}), "HbA1c control has been above its usual level for 8 months (Jul 2025 to Feb 2026) — better than before"},
		{"shift, deterioration, higher is better", with(hba1c, func(p *SentenceParts) {
			p.Rule, p.Effect, p.First, p.Last = "we-4", accord.EffectDeterioration, month(2025, 7), month(2026, 2)
		}), "HbA1c control has been below its usual level for 8 months (Jul 2025 to Feb 2026) — worse than before"},
		{"one point, deterioration, lower is better", with(ed, func(p *SentenceParts) {
			p.Rule, p.Effect, p.First, p.Last = "we-1", accord.EffectDeterioration, month(2026, 3), month(2026, 3)
		}), "ED visits per 1,000 rose above its usual range in Mar 2026 — worse than before"},
		{"one point, improvement, lower is better", with(ed, func(p *SentenceParts) {
			p.Rule, p.Effect, p.First, p.Last = "nelson-1", accord.EffectImprovement, month(2026, 3), month(2026, 3)
		}), "ED visits per 1,000 fell below its usual range in Mar 2026 — better than before"},
		{"trend, improvement, lower is better", with(ed, func(p *SentenceParts) {
			p.Rule, p.Effect, p.First, p.Last = "ihi-trend", accord.EffectImprovement, month(2025, 11), month(2026, 3)
		}), "ED visits per 1,000 has been falling for 5 months (Nov 2025 to Mar 2026) — better than before"},
		{"level wins over a point", with(ed, func(p *SentenceParts) {
			p.Rule, p.Effect, p.First, p.Last = "we-1,nelson-2", accord.EffectDeterioration, month(2025, 6), month(2026, 2)
		}), "ED visits per 1,000 has been above its usual level for 9 months (Jun 2025 to Feb 2026) — worse than before"},
		{"no direction", with(hba1c, func(p *SentenceParts) {
			p.Rule, p.Effect, p.First, p.Last = "ihi-runs", accord.EffectUnclear, month(2025, 1), month(2026, 2)
		}), "HbA1c control has varied in an unusual way for 14 months (Jan 2025 to Feb 2026) — worth a look, though not clearly better or worse"},
		{"quarterly, segment", SentenceParts{KPIName: "Readmissions", Direction: accord.LowerIsBetter, Frequency: accord.Quarterly, Kind: accord.SignalSPC,
			Rule: "we-4", Effect: accord.EffectDeterioration, Segment: "eastgate", First: month(2025, 1), Last: month(2025, 10)},
			"Readmissions (eastgate) has been above its usual level for 4 quarters (Q1 2025 to Q4 2025) — worse than before"},
		{"red for one period", with(hba1c, func(p *SentenceParts) {
			p.Kind, p.Effect, p.First, p.Last = accord.SignalTargetRed, accord.EffectDeterioration, month(2026, 3), month(2026, 3)
		}), "HbA1c control was below its target in Mar 2026"},
		{"red for three periods, lower is better", with(ed, func(p *SentenceParts) {
			p.Kind, p.Effect, p.First, p.Last = accord.SignalTargetRed, accord.EffectDeterioration, month(2026, 1), month(2026, 3)
		}), "ED visits per 1,000 has been above its target for 3 months in a row (Jan 2026 to Mar 2026)"},
		{"late data", with(hba1c, func(p *SentenceParts) {
			p.Kind, p.Effect, p.Owner, p.First, p.Last = accord.SignalDataLate, accord.EffectUnclear, "Northside Clinic", month(2026, 2), month(2026, 4)
		}), "No data for HbA1c control from Northside Clinic since Feb 2026 — 3 months missing"},
		{"weekly late data", SentenceParts{KPIName: "Wait", Frequency: accord.Weekly, Kind: accord.SignalDataLate, Owner: "Riverside",
			First: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Last: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)},
			"No data for Wait from Riverside since the week of 2 Mar 2026 — 1 week missing"},
		{"periods as a file wrote them", SentenceParts{KPIName: "Wait days", Direction: accord.LowerIsBetter, Kind: accord.SignalSPC, Rule: "nelson-2",
			Effect: accord.EffectDeterioration, FirstWords: "2025-01", LastWords: "2025-09", Count: 9},
			"Wait days has been above its usual level for 9 periods (2025-01 to 2025-09) — worse than before"},
		{"not about a KPI", SentenceParts{Kind: accord.SignalActionOverdue, Subject: "Action item overdue: Share the plan (Grace Liu)"},
			"Action item overdue: Share the plan (Grace Liu)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sentence(tt.in); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
