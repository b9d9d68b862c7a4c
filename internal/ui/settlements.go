package ui

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/settle"
	"github.com/accord-alliance/accord/internal/views"
)

// settlementView is what settlement.html shows.
type settlementView struct {
	Contract   accord.Contract
	Settlement accord.Settlement
	Headline   []termRow
	Worksheet  []views.WorksheetRow
	Chart      views.SettlementChart
	Versions   []accord.ContractVersion
	Pending    []accord.Amendment
	// CanSign shows the sign-off button to an executive whose party has
	// yet to sign this draft off.
	CanSign bool
}

// settlementPage shows one settled period: the headline, the waterfall,
// the worksheet line by line, and links to settle it under other terms.
func (s *App) settlementPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	st, err := s.Svc.Settlement(r.Context(), c.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	vs, as, err := s.ContractHistory(r, c.ID)
	if err != nil {
		return err
	}
	v := settlementView{Contract: c, Settlement: st, Headline: headline(st.Result), Worksheet: views.WorksheetRows(st.Result), Versions: vs,
		Chart: views.NewSettlementChart("wf-settled", "From the benchmark to each party's share", st.Result)}
	for _, a := range as {
		if a.Status == accord.AmendmentProposed {
			v.Pending = append(v.Pending, a)
		}
	}
	if o := st.Summary.QualityOverride; o != nil {
		v.Headline = append(v.Headline, termRow{"Quality standard overridden", map[bool]string{true: "met", false: "not met"}[o.Met] + ": " + o.Reason})
	}
	ac := edge.AllianceOf(r)
	v.CanSign = !st.Final() && !st.Provisional && !st.Signed(ac.Member.PartyID) && ac.Member.PartyID != "" &&
		access.Allowed(ac.Member.Roles, edge.SessionOf(r).Actor.Scope, access.SignSettlement)
	title := "Settlement " + periodLabel(st) + " · " + c.Title
	s.render(w, r, "settlement", views.PageData{Title: title, Nav: "contracts", Data: v})
	return nil
}

// periodLabel writes a settlement's period, e.g. "1 Jan 2024 – 31 Dec 2024".
func periodLabel(st accord.Settlement) string {
	return st.PeriodStart.Format("2 Jan 2006") + " – " + st.PeriodEnd.Format("2 Jan 2006")
}

// settlementCreate settles a period from the form: the summary's fields,
// or a summary JSON document pasted or uploaded.
func (s *App) settlementCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	back := "/a/" + edge.AllianceOf(r).Alliance.Slug + "/contracts/" + c.Key
	again := back + "#settle"
	if start, end := r.FormValue("period_start"), r.FormValue("period_end"); start != "" && end != "" {
		again = back + "?" + url.Values{"period_start": {start}, "period_end": {end}}.Encode() + "#settle"
	}
	from, to, sum, fromDoc, err := formSettlement(r)
	if err != nil {
		return backTo(again, err)
	}
	if !fromDoc {
		// The quality gate is read from the scorecard, never typed.
		g, err := s.ReadQualityGate(r, c.ID, from, to)
		if err == nil {
			err = views.ApplyGate(&sum, g, r.FormValue("quality_override"), r.FormValue("quality_override_reason"))
		}
		if err != nil {
			return backTo(again, err)
		}
	}
	provisional := r.FormValue("provisional") == "yes"
	if r.FormValue("confirm") != "yes" {
		v, err := s.settleConfirmation(r, c, from, to, sum, provisional)
		if err != nil {
			return backTo(again, err)
		}
		s.render(w, r, "settle_confirm", views.PageData{Title: "Settle " + v.Period + "?", Nav: "contracts", Data: v})
		return nil
	}
	st, err := s.Svc.SettlePeriod(r.Context(), edge.SessionOf(r).Actor, c.ID, from, to, sum, provisional)
	if err != nil {
		return backTo(again, err)
	}
	what := "Settled"
	if st.Provisional {
		what = "Settled provisionally"
	}
	flash(w, what+" under version "+strconv.Itoa(st.Version)+": shared savings "+views.Money(st.Result.SharedSavings)+". "+st.StatusLabel()+".")
	http.Redirect(w, r, back+"/settlements/"+st.ID, http.StatusSeeOther)
	return nil
}

// formSettlement reads the period and the summary from the form; fromDoc
// says the summary was a JSON document pasted or uploaded, which is taken
// as given.
func formSettlement(r *http.Request) (from, to time.Time, sum settle.Summary, fromDoc bool, err error) {
	doc, err := summaryUpload(r)
	if err != nil {
		return from, to, sum, false, err
	}
	fromDoc = doc != ""
	if !fromDoc {
		if doc, err = summaryFromFields(r.FormValue); err != nil {
			return from, to, sum, false, err
		}
	}
	if sum, err = views.DecodeSummary(doc); err != nil {
		return from, to, sum, fromDoc, err
	}
	p, err := views.SettlementPeriod(r.FormValue("period_start"), r.FormValue("period_end"))
	return p.Start, p.End, sum, fromDoc, err
}

// summaryUpload returns the summary JSON uploaded or pasted, or "".
func summaryUpload(r *http.Request) (string, error) {
	if f, _, err := r.FormFile("summary_file"); err == nil {
		defer f.Close()
		b, err := io.ReadAll(f)
		if err != nil {
			return "", err
		}
		if strings.TrimSpace(string(b)) != "" {
			return string(b), nil
		}
	} else {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return "", err
		}
	}
	return strings.TrimSpace(r.FormValue("summary_json")), nil
}

// summaryFromFields writes the form's summary fields (read with get) as a
// summary document, so that the engine's strict reader checks them and
// names the field.
func summaryFromFields(get func(string) string) (string, error) {
	doc := map[string]any{}
	for _, f := range []string{"assigned_beneficiaries", "member_months"} {
		if v := strings.ReplaceAll(strings.TrimSpace(get(f)), ",", ""); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return "", accord.FieldError(f, "must be a whole number")
			}
			doc[f] = n
		}
	}
	for _, f := range []string{"benchmark_expenditure", "actual_expenditure", "quality_score", "minimum_savings_rate", "minimum_loss_rate", "participant_revenue"} {
		if v := strings.ReplaceAll(strings.TrimSpace(get(f)), ",", ""); v != "" {
			doc[f] = strings.TrimPrefix(v, "$")
		}
	}
	switch get("quality_standard_met") {
	case "yes":
		doc["quality_standard_met"] = true
	case "no":
		doc["quality_standard_met"] = false
	}
	measures := map[string]string{}
	for _, line := range strings.Split(get("quality_measures"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return "", accord.FieldError("quality_measures", "must be one \"kpi-key = value\" per line")
		}
		measures[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	if len(measures) > 0 {
		doc["quality_measures"] = measures
	}
	b, err := json.Marshal(doc)
	return string(b), err
}

// headline picks the figures people look for first: the settled amount,
// the savings and whether they qualified, and each party's share.
func headline(res settle.Result) []termRow {
	shared := views.Money(res.SharedSavings)
	if res.SharedSavings < 0 {
		shared += " (owed)"
	}
	rows := []termRow{
		{"Shared savings", shared},
		{"Net settlement", views.Money(res.NetSettlement)},
		{"Gross savings", views.Money(res.GrossSavings) + " (" + views.RatePct(res.SavingsRate) + " of the benchmark)"},
		{"Qualified for sharing", views.YesNo(res.Qualified)},
	}
	for _, p := range res.PartyShares {
		rows = append(rows, termRow{p.Party, views.Money(p.Total)})
	}
	return rows
}
