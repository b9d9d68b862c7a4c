package views

import (
	"net/http"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/scorecard"
	"github.com/accord-alliance/accord/internal/settle"
)

// QualityGateView is the quality gate of the terms that govern a period,
// read from the scorecard for that period as the viewer's party may see
// it: what the settle form is prefilled with, and how it was derived.
type QualityGateView struct {
	Version  int
	Measures []gateMeasureView
	// Values are the figures read, by KPI key.
	Values map[string]number.Rate
	// Known says every measure was read, so that Met is decided; Formula
	// says how ("2 of 3 measures pass, 2 required").
	Known, Met bool
	Formula    string
	// ByProtocol says the alliance shares data by protocol, so that what
	// was read is what the viewer's party may see.
	ByProtocol bool
}

// gateMeasureView is one measure of the gate: the KPI, its bound(s) in the
// terms, and the figure read (or why none could be).
type gateMeasureView struct {
	KPI, Label, KPIName, Bounds string
	Read                        bool
	Value, Method, Why, Result  string
}

// ReadQualityGate reads the quality gate of the version in force on from
// over the period from..to; nil when no version governs from or its terms
// have no gate.
func (s *Loader) ReadQualityGate(r *http.Request, contractID string, from, to time.Time) (*QualityGateView, error) {
	ctx, ac := r.Context(), edge.AllianceOf(r)
	v, err := s.Svc.VersionAt(ctx, contractID, from)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	terms, err := settle.DecodeTerms(strings.NewReader(v.Terms))
	if err != nil || terms.QualityGate == nil {
		return nil, nil
	}
	kpis, err := s.Svc.ListKPIs(ctx, ac.Alliance.ID, accord.KPIFilter{})
	if err != nil {
		return nil, err
	}
	sh, err := s.SharingFor(r, kpis)
	if err != nil {
		return nil, err
	}
	totals, err := s.Svc.PeriodTotals(ctx, ac.Alliance.ID, accord.Day(from), "")
	if err != nil {
		return nil, err
	}
	totals = sh.Totals(kpis, totals, "")
	g := &QualityGateView{Version: v.Number, Values: map[string]number.Rate{}, ByProtocol: sh.On}
	byKey := map[string]accord.KPI{}
	for _, k := range kpis {
		byKey[k.Key] = k
	}
	for _, m := range terms.QualityGate.Measures {
		mv := gateMeasureView{KPI: m.KPI, Label: FirstOf(m.Label, m.KPI), Bounds: settle.GateBounds(m)}
		k, ok := byKey[m.KPI]
		if !ok {
			mv.Why = "no KPI with the key " + m.KPI + " is on the scorecard"
			g.Measures = append(g.Measures, mv)
			continue
		}
		mv.KPIName = k.Name
		rd := scorecard.ReadGate(k, totals, from, to, func(p time.Time) bool { return sh.SeesPeriod(k, "", p) })
		if rd.OK {
			g.Values[m.KPI] = rd.Value
			mv.Read, mv.Value, mv.Method = true, rd.Value.Decimal(4), rd.Method
		} else {
			mv.Why = rd.Why
		}
		g.Measures = append(g.Measures, mv)
	}
	res := settle.EvaluateGate(terms.QualityGate, g.Values)
	g.Known, g.Met, g.Formula = res.Known, res.Met, res.Formula
	for i, o := range res.Measures {
		if o.Known {
			g.Measures[i].Result = map[bool]string{true: "pass", false: "fail"}[o.Pass]
		}
	}
	return g, nil
}

// MeasureLines writes the figures read as the form's "kpi = value" lines.
func (g *QualityGateView) MeasureLines() string {
	var b strings.Builder
	for _, m := range g.Measures {
		if m.Read {
			b.WriteString(m.KPI + " = " + m.Value + "\n")
		}
	}
	return b.String()
}

// ApplyGate puts the scorecard's figures into a summary settled from the
// form: a figure the scorecard gave cannot be typed over (the parties'
// data is what is settled), only the measures it could not read may be
// typed, and a departure from the gate's result is an override of the
// quality standard with its reason, recorded on the worksheet.
func ApplyGate(sum *settle.Summary, g *QualityGateView, override, reason string) error {
	if g != nil {
		for key, v := range g.Values {
			if typed, ok := sum.QualityMeasures[key]; ok && typed.Cmp(v) != 0 {
				return accord.FieldError("quality_measures", "%s is %s on the scorecard for this period and cannot be typed over; to depart from the quality gate, override the quality standard with a reason", key, v.Decimal(4))
			}
			if sum.QualityMeasures == nil {
				sum.QualityMeasures = map[string]number.Rate{}
			}
			sum.QualityMeasures[key] = v
		}
	}
	reason = strings.TrimSpace(reason)
	switch override {
	case "":
		if reason != "" {
			return accord.FieldError("quality_override", "choose whether the quality standard was met, or leave the reason empty")
		}
		return nil
	case "yes", "no":
		if reason == "" {
			return accord.FieldError("quality_override_reason", "is required: say why the quality standard is overridden")
		}
		sum.QualityOverride = &settle.QualityOverride{Met: override == "yes", Reason: reason}
		return nil
	}
	return accord.FieldError("quality_override", "must be yes, no or empty")
}

// DefaultPeriod suggests the next period to settle: the one after the
// latest settlement, as long as it, or else last calendar year.
func DefaultPeriod(sts []accord.Settlement, today time.Time) (from, to time.Time) {
	if len(sts) == 0 {
		y := today.Year() - 1
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	last := sts[0]
	from = last.PeriodEnd.AddDate(0, 0, 1)
	if last.PeriodStart.Day() == 1 && from.Day() == 1 {
		months := (from.Year()-last.PeriodStart.Year())*12 + int(from.Month()-last.PeriodStart.Month())
		return from, from.AddDate(0, months, -1)
	}
	return from, from.Add(last.PeriodEnd.Sub(last.PeriodStart))
}

// SettlePeriodOf reads the period the settle form is shown for:
// ?period_start and ?period_end, or the default.
func SettlePeriodOf(r *http.Request, sts []accord.Settlement, today time.Time) (from, to time.Time, asked bool, err error) {
	q := r.URL.Query()
	if q.Get("period_start") == "" && q.Get("period_end") == "" {
		from, to = DefaultPeriod(sts, today)
		return from, to, false, nil
	}
	p, err := SettlementPeriod(q.Get("period_start"), q.Get("period_end"))
	return p.Start, p.End, true, err
}
