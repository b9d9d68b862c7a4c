package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/views"
)

// initiativesView is what initiatives.html shows: the list, and what the
// proposal form offers.
type initiativesView struct {
	Items   []initiativeRow
	Kinds   []string
	Parties []accord.Party
	Leads   []accord.Membership
	Sites   []accord.Site
	KPIs    []accord.KPI
	// KPIRows numbers the form's rows of KPIs with their expected effect.
	KPIRows []int
}

// initiativeRow is one initiative with the phase a gate would start next.
type initiativeRow struct {
	Initiative accord.Initiative
	Next       *views.PhaseDetail
	Sites      int
}

// initiativesPage lists the alliance's initiatives with their status and
// next gate, and the form to propose one.
func (s *App) initiativesPage(w http.ResponseWriter, r *http.Request) error {
	b, err := s.LoadInitiatives(r)
	if err != nil {
		return err
	}
	v := initiativesView{Kinds: accord.InitiativeKinds(), Parties: b.Parties, Leads: b.ClinicalLeads(), Sites: b.Portfolio.Sites, KPIs: b.KPIs, KPIRows: []int{1, 2, 3}}
	for _, in := range b.Portfolio.Initiatives {
		d, err := s.InitiativeDetail(r, b, in.ID)
		if err != nil {
			return err
		}
		row := initiativeRow{Initiative: in, Sites: len(in.SiteIDs)}
		if d.Next >= 0 {
			row.Next = &d.Phases[d.Next]
		}
		v.Items = append(v.Items, row)
	}
	s.render(w, r, "initiatives", views.PageData{Title: "Initiatives", Nav: "initiatives", Data: v})
	return nil
}

// initiativeCreate proposes an initiative from the list page's form: up
// to three KPIs, each with its expected effect.
func (s *App) initiativeCreate(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/initiatives"
	if err := r.ParseForm(); err != nil {
		return err
	}
	in := accord.Initiative{AllianceID: ac.Alliance.ID, Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind"), Purpose: r.PostFormValue("purpose"),
		SponsorIDs: r.PostForm["sponsor_party_ids"], ClinicalLeadID: r.PostFormValue("clinical_lead_member_id"), SiteIDs: r.PostForm["site_ids"]}
	kpis, err := initiativeKPIs(r)
	if err != nil {
		return backTo(back, err)
	}
	in.KPIs = kpis
	if err := s.Svc.ProposeInitiative(r.Context(), edge.SessionOf(r).Actor, &in); err != nil {
		return backTo(back, err)
	}
	flash(w, in.Name+" is proposed. Its adoption is put to a motion on its page.")
	http.Redirect(w, r, back+"/"+in.ID, http.StatusSeeOther)
	return nil
}

// initiativeKPIs reads the proposal's KPI rows (kpi_id, direction, size,
// by_date, each posted once per row); a row without a KPI is left out.
func initiativeKPIs(r *http.Request) ([]accord.InitiativeKPI, error) {
	var out []accord.InitiativeKPI
	f := r.PostForm
	for i, id := range f["kpi_id"] {
		if strings.TrimSpace(id) == "" {
			continue
		}
		at := func(name string) string {
			if i < len(f[name]) {
				return strings.TrimSpace(f[name][i])
			}
			return ""
		}
		field := func(name string) string { return "kpis[" + strconv.Itoa(len(out)) + "]." + name }
		k := accord.InitiativeKPI{KPIID: id, Direction: at("direction")}
		size, err := number.ParseDecimal(at("size"))
		if err != nil {
			return nil, accord.FieldError(field("size"), "must be a number in the KPI's unit, such as 3 or 2.5")
		}
		k.Size = size
		by, err := views.ParseDate(field("by_date"), at("by_date"))
		if err != nil {
			return nil, err
		}
		if by != nil {
			k.ByDate = *by
		}
		out = append(out, k)
	}
	return out, nil
}
