package views

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/initiative"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/roi"
)

// BenefitView is one benefit of an initiative as the ledger shows it:
// what was agreed, and, once approved, what it has brought in.
type BenefitView struct {
	accord.Benefit
	// Title says what the benefit is in words.
	Title string
	// KPI is a KPI benefit's KPI.
	KPI accord.KPI
	// SeesFigures is whether the viewer may see the KPI's figures under
	// the alliance's data-sharing rules. Without it the viewer sees the
	// money, never the figures it was measured from.
	SeesFigures bool
	// Measured is a KPI benefit's baseline and periods; Baselined says
	// the baseline could be set (an approved benefit with data in its
	// baseline periods, or an agreed value).
	Measured  initiative.Benefit
	Baselined bool
	// Settled are a savings share's final settlements and what each
	// credits; Pending are the drafts and provisional ones, shown apart
	// and never counted.
	Settled, Pending []SavingsCredit
	// Note says why an approved benefit brings nothing in yet.
	Note string
	// Total is what the benefit has brought in so far, every party
	// together.
	Total number.Money
	// Flows are its flows in, by party ID.
	Flows []roi.Flow
}

// SavingsCredit is one settlement of a savings share's contract and the
// initiative's share of what it pays each party.
type SavingsCredit struct {
	Settlement accord.Settlement
	Parties    []initiative.PartyAmount // by party name
	Total      number.Money
}

// Period names a settlement's period.
func (c SavingsCredit) Period() string {
	return c.Settlement.PeriodStart.Format(time.DateOnly) + " to " + c.Settlement.PeriodEnd.Format(time.DateOnly)
}

// loadBenefits reads the initiative's benefits and measures the approved
// ones.
func (l *Loader) loadBenefits(ctx context.Context, v *LedgerView, sites []accord.Site, sh Sharing) error {
	bs, err := l.Svc.ListBenefits(ctx, v.Initiative.AllianceID)
	if err != nil {
		return err
	}
	var kpis []accord.KPI
	var contracts []accord.Contract
	for _, b := range bs {
		if b.InitiativeID != v.Initiative.ID {
			continue
		}
		bv := BenefitView{Benefit: b}
		if b.Kind == accord.BenefitKPI {
			if kpis == nil {
				if kpis, err = l.Svc.ListKPIs(ctx, b.AllianceID, accord.KPIFilter{}); err != nil {
					return err
				}
			}
			err = l.kpiBenefit(ctx, v, &bv, kpis, sites, sh)
		} else {
			if contracts == nil {
				if contracts, err = l.Svc.ListContracts(ctx, b.AllianceID); err != nil {
					return err
				}
			}
			err = l.savingsBenefit(ctx, v, &bv, contracts)
		}
		if err != nil {
			return err
		}
		v.Benefits = append(v.Benefits, bv)
	}
	return nil
}

// kpiBenefit measures a KPI benefit at the initiative's sites.
func (l *Loader) kpiBenefit(ctx context.Context, v *LedgerView, bv *BenefitView, kpis []accord.KPI, sites []accord.Site, sh Sharing) error {
	i := slices.IndexFunc(kpis, func(k accord.KPI) bool { return k.ID == bv.KPIID })
	if i < 0 {
		return accord.Errorf(accord.ENOTFOUND, "the benefit's KPI is not in the alliance")
	}
	k := kpis[i]
	bv.KPI, bv.SeesFigures = k, sh.SeesAll(k)
	dir := accord.EffectIncrease
	for _, ik := range v.Initiative.KPIs {
		if ik.KPIID == k.ID {
			dir = ik.Direction
		}
	}
	bv.Title = fmt.Sprintf("%s (%s), valued at %s a unit", k.Name, dir, Money(bv.UnitValue))
	if k.IsRatio {
		bv.Title = fmt.Sprintf("%s (%s), valued at %s a case", k.Name, dir, Money(bv.UnitValue))
	}
	if bv.Status != accord.BenefitApproved {
		return nil
	}
	var segments []string
	for _, s := range sites {
		if s.Segment != "" && slices.Contains(v.Initiative.SiteIDs, s.ID) {
			segments = append(segments, s.Segment)
		}
	}
	if len(segments) == 0 {
		bv.Note = "None of the initiative's sites is a scorecard segment, so there is nothing to measure."
		return nil
	}
	obs, err := l.Svc.Observations(ctx, k.ID, nil, false)
	if err != nil {
		return err
	}
	terms := initiative.BenefitTerms{Ratio: k.IsRatio, Scale: k.Scale, Frequency: k.Frequency, Decrease: dir == accord.EffectDecrease,
		Baseline: bv.Baseline, MeasureFrom: *bv.MeasureFrom, UnitValue: bv.UnitValue}
	if bv.BaselineFrom != nil {
		terms.BaselineFrom, terms.BaselineTo = *bv.BaselineFrom, *bv.BaselineTo
	}
	for _, s := range bv.Shares {
		terms.Shares = append(terms.Shares, initiative.Share{Party: s.PartyID, Percent: s.Percent})
	}
	figs := initiative.AtSites(obs, segments, k.IsRatio)
	bv.SeesFigures = sh.seesFigures(k, segments, figs)
	m, err := initiative.MeasureBenefit(terms, figs)
	if err != nil {
		bv.Note = "Nothing is measured: " + err.Error() + "."
		return nil
	}
	bv.Measured, bv.Baselined = m, true
	if len(m.Periods) == 0 {
		bv.Note = "No period from " + k.Frequency.FormatPeriod(*bv.MeasureFrom) + " has data at the initiative's sites yet."
	}
	for _, p := range m.Periods {
		bv.Total += p.Amount
		for _, x := range p.Parties {
			bv.Flows = append(bv.Flows, roi.Flow{Date: p.PaidOn, Party: x.Party, Amount: x.Amount})
		}
	}
	return nil
}

// savingsBenefit credits a savings share with its part of each final
// settlement of its contract, paid to each party on the day the
// settlement became final.
func (l *Loader) savingsBenefit(ctx context.Context, v *LedgerView, bv *BenefitView, contracts []accord.Contract) error {
	i := slices.IndexFunc(contracts, func(c accord.Contract) bool { return c.ID == bv.ContractID })
	if i < 0 {
		return accord.Errorf(accord.ENOTFOUND, "the benefit's contract is not in the alliance")
	}
	bv.Title = fmt.Sprintf("%s%% of the shared savings of %s", bv.SavingsPercent, contracts[i].Title)
	sts, err := l.Svc.ListSettlements(ctx, bv.ContractID)
	if err != nil {
		return err
	}
	var unknown []string
	for _, st := range sts {
		var parts []initiative.PartyAmount
		for _, ps := range st.Result.PartyShares {
			parts = append(parts, initiative.PartyAmount{Party: ps.Party, Amount: ps.SharedSavings})
		}
		c := SavingsCredit{Settlement: st, Parties: initiative.SavingsShare(bv.SavingsPercent, st.Result.SharedSavings, parts)}
		for _, p := range c.Parties {
			c.Total += p.Amount
		}
		if !st.Final() || st.Provisional || st.FinalAt == nil {
			bv.Pending = append(bv.Pending, c)
			continue
		}
		bv.Settled = append(bv.Settled, c)
		if bv.Status != accord.BenefitApproved {
			continue
		}
		for _, p := range c.Parties {
			id := v.partyByName(p.Party)
			if id == "" {
				unknown = append(unknown, p.Party)
				continue
			}
			bv.Total += p.Amount
			bv.Flows = append(bv.Flows, roi.Flow{Date: accord.Day(*st.FinalAt), Party: id, Amount: p.Amount})
		}
	}
	switch {
	case len(unknown) > 0:
		slices.Sort(unknown)
		bv.Note = "Not counted: the settlement pays " + strings.Join(slices.Compact(unknown), ", ") + ", not a party of the alliance."
	case bv.Status == accord.BenefitApproved && len(bv.Settled) == 0:
		bv.Note = "No settlement of the contract is final yet."
	}
	return nil
}

// partyByName finds the alliance's party a settlement names.
func (v LedgerView) partyByName(name string) string {
	for _, p := range v.Parties {
		if strings.EqualFold(p.OrgName, name) {
			return p.ID
		}
	}
	return ""
}

// ROIFigureOf is a return as an assessment keeps it and the API answers
// it: dates YYYY-MM-DD or null, the IRR null with its reason.
func ROIFigureOf(partyID, party string, r roi.Return) accord.ROIFigure {
	day := func(t time.Time) *string {
		if t.IsZero() {
			return nil
		}
		s := t.Format(time.DateOnly)
		return &s
	}
	o := accord.ROIFigure{PartyID: partyID, Party: party, Rate: r.Rate, NPV: r.NPV, Payback: day(r.Payback),
		DiscountedPayback: day(r.DiscountedPayback), Invested: r.Invested, Returned: r.Returned}
	if r.IRR.OK {
		x := r.IRR.Rate
		o.IRR = &x
	} else {
		o.IRRReason = r.IRR.Reason
	}
	return o
}

// Assessment is the ledger's returns as an ROI assessment of them.
func (v LedgerView) Assessment() accord.ROIAssessment {
	a := accord.ROIAssessment{AllianceID: v.Initiative.AllianceID, InitiativeID: v.Initiative.ID,
		Rates: accord.ROIRates{Common: v.Rates.Common, Parties: map[string]float64{}}, Parties: []accord.ROIFigure{}}
	for id, x := range v.Rates.Party {
		a.Rates.Parties[id] = x
	}
	for _, r := range v.Returns {
		a.Parties = append(a.Parties, ROIFigureOf(r.PartyID, r.Party, r.Return))
	}
	if v.Total != nil {
		t := ROIFigureOf("", "", *v.Total)
		a.Total = &t
	}
	return a
}

// BenefitForm reads a proposed benefit from a form or a request's
// fields: kind; for a KPI benefit kpi_id, baseline or baseline_from and
// baseline_to (periods such as 2026-01 or dates), measure_from,
// unit_value (dollars) and share_{party id} (percent) for each party it
// accrues to; for a savings share contract_id and savings_percent.
func BenefitForm(f url.Values) (accord.Benefit, error) {
	b := accord.Benefit{Kind: strings.TrimSpace(f.Get("kind")), KPIID: f.Get("kpi_id"), ContractID: f.Get("contract_id")}
	var err error
	if s := strings.TrimSpace(f.Get("baseline")); s != "" {
		d, err := number.ParseDecimal(s)
		if err != nil {
			return b, accord.FieldError("baseline", "must be a number in the KPI's unit, such as 48.5")
		}
		b.Baseline = &d
	}
	for _, x := range []struct {
		field string
		to    **time.Time
	}{{"baseline_from", &b.BaselineFrom}, {"baseline_to", &b.BaselineTo}, {"measure_from", &b.MeasureFrom}} {
		if *x.to, err = parsePeriodDay(x.field, f.Get(x.field)); err != nil {
			return b, err
		}
	}
	if s := strings.TrimSpace(f.Get("unit_value")); s != "" {
		if b.UnitValue, err = number.ParseMoney(strings.ReplaceAll(strings.TrimPrefix(s, "$"), ",", "")); err != nil {
			return b, accord.FieldError("unit_value", "must be an amount in dollars, such as 1250 or 1250.00")
		}
	}
	if s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f.Get("savings_percent")), "%")); s != "" {
		if b.SavingsPercent, err = number.ParseDecimal(s); err != nil {
			return b, accord.FieldError("savings_percent", "must be a percentage, such as 25")
		}
	}
	for k, vs := range f {
		id, ok := strings.CutPrefix(k, "share_")
		if !ok || len(vs) == 0 || strings.TrimSpace(vs[0]) == "" {
			continue
		}
		p, err := number.ParseDecimal(strings.TrimSuffix(strings.TrimSpace(vs[0]), "%"))
		if err != nil {
			return b, accord.FieldError("shares", "each party's share must be a percentage, such as 50")
		}
		b.Shares = append(b.Shares, accord.BenefitShare{PartyID: id, Percent: p})
	}
	slices.SortFunc(b.Shares, func(x, y accord.BenefitShare) int { return strings.Compare(x.PartyID, y.PartyID) })
	return b, nil
}

// parsePeriodDay reads a period (2026-01) or a day (2026-01-15); the
// store moves it to the start of the KPI's period.
func parsePeriodDay(field, s string) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	for _, layout := range []string{time.DateOnly, "2006-01"} {
		if t, err := time.Parse(layout, s); err == nil {
			return &t, nil
		}
	}
	return nil, accord.FieldError(field, "must be a period such as 2026-01, or a date YYYY-MM-DD")
}

// ROIEvidence is the ROI section of a gate motion's evidence: the latest
// assessment, as submitted, and its clinical review; or that there is
// none.
func ROIEvidence(as []accord.ROIAssessment, party func(string) string) string {
	var b strings.Builder
	b.WriteString("\n\nROI assessment:\n")
	if len(as) == 0 {
		b.WriteString("- no ROI assessment\n")
		return b.String()
	}
	a := as[0]
	fmt.Fprintf(&b, "- submitted by %s (%s) on %s, at a common rate of %s\n", a.SubmittedByName, party(a.PartyID),
		a.SubmittedAt.Format(time.DateOnly), RateText(a.Rates.Common))
	for _, f := range a.Parties {
		fmt.Fprintf(&b, "- %s: %s\n", f.Party, figureText(f))
	}
	if a.Total != nil {
		fmt.Fprintf(&b, "- in total: %s\n", figureText(*a.Total))
	}
	switch a.Review {
	case accord.ReviewAgree:
		fmt.Fprintf(&b, "- the clinical lead, %s, agrees", a.ReviewedByName)
	case accord.ReviewConcerns:
		fmt.Fprintf(&b, "- the clinical lead, %s, has concerns", a.ReviewedByName)
	default:
		b.WriteString("- not reviewed by the clinical lead yet\n")
		return b.String()
	}
	if a.ReviewNote != "" {
		fmt.Fprintf(&b, ": %s", a.ReviewNote)
	}
	b.WriteString("\n")
	return b.String()
}

// figureText writes an assessment's figures for one party in a sentence.
func figureText(f accord.ROIFigure) string {
	irr := "IRR " + FigureIRRText(f)
	pay := "no payback"
	if f.Payback != nil {
		pay = "payback " + *f.Payback
	}
	return fmt.Sprintf("NPV %s at %s, %s, %s; invested %s, returned %s", Money(f.NPV), RateText(f.Rate), irr, pay, Money(f.Invested), Money(f.Returned))
}

// gateNeedsReview says whether a gate decision commits more to the
// initiative, so that it waits for the clinical lead's review of the
// latest ROI assessment (advance, scale, extend), and whether it needs an
// assessment at all (scale).
func gateNeedsReview(decision string) (review, required bool) {
	switch decision {
	case string(initiative.Advance), string(initiative.Extend):
		return true, false
	case string(initiative.Scale):
		return true, true
	}
	return false, false
}

// checkROIForGate refuses to put a gate to a vote while the latest ROI
// assessment awaits the clinical lead's review, or a scale-up with no
// assessment at all.
func checkROIForGate(in accord.Initiative, decision string, as []accord.ROIAssessment) error {
	review, required := gateNeedsReview(decision)
	switch {
	case required && len(as) == 0:
		return accord.FieldError("decision", "scaling %s needs an ROI assessment reviewed by its clinical lead, %s: submit one on the ledger first", in.Name, in.ClinicalLeadName)
	case review && len(as) > 0 && !as[0].Reviewed():
		return accord.FieldError("decision", "the latest ROI assessment of %s (submitted by %s on %s) awaits its review by the clinical lead, %s; the gate is put to a vote once it is reviewed",
			in.Name, as[0].SubmittedByName, as[0].SubmittedAt.Format(time.DateOnly), in.ClinicalLeadName)
	}
	return nil
}

// SubmitAssessment computes the initiative's returns at the rates of q
// (rate, rates or rate_{party id}) and submits them as an ROI assessment
// by the request's member.
func (l *Loader) SubmitAssessment(r *http.Request, q url.Values) (accord.ROIAssessment, error) {
	rates, err := ParseLedgerRates(q)
	if err != nil {
		return accord.ROIAssessment{}, err
	}
	sh, err := l.SharingFor(r, nil)
	if err != nil {
		return accord.ROIAssessment{}, err
	}
	lv, err := l.LoadLedger(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), rates, sh)
	if err != nil {
		return accord.ROIAssessment{}, err
	}
	a := lv.Assessment()
	return a, l.Svc.SubmitROIAssessment(r.Context(), edge.SessionOf(r).Actor, &a)
}

// FigureIRRText writes an assessment's IRR, or why there is none.
func FigureIRRText(f accord.ROIFigure) string {
	if f.IRR != nil {
		return RateText(*f.IRR)
	}
	return "none: " + f.IRRReason
}

// FigureText writes a KPI figure, a change or a count of cases on the
// ledger, rounded half away from zero to two decimals (the exact figure
// is in the API).
func FigureText(d number.Decimal) string {
	neg, x := d < 0, int64(d)
	if neg {
		x = -x
	}
	x = (x + number.DecimalScale/200) / (number.DecimalScale / 100)
	s := fmt.Sprintf("%d.%02d", x/100, x%100)
	if neg && x != 0 {
		s = "−" + s
	}
	return s
}

// seesFigures reports whether the viewer may see every figure a benefit
// is measured from: each period of each of the sites' segments.
func (sh Sharing) seesFigures(k accord.KPI, segments []string, figs []initiative.Figure) bool {
	if sh.SeesAll(k) {
		return true
	}
	for _, f := range figs {
		for _, seg := range segments {
			if !sh.SeesPeriod(k, seg, f.Period) {
				return false
			}
		}
	}
	return true
}
