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

// sitesView is what sites.html shows: each party's sites and teams.
type sitesView struct {
	Parties []partySites
	All     []accord.Party
}

// partySites is one party with its sites and teams.
type partySites struct {
	Party accord.Party
	Sites []accord.Site
}

// sitesPage lists every party's sites and teams with their capacity for
// change, and the forms to declare and change them.
func (s *App) sitesPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	parties, err := s.Svc.ListParties(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	sites, err := s.Svc.ListSites(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	v := sitesView{All: parties}
	for _, p := range parties {
		ps := partySites{Party: p}
		for _, st := range sites {
			if st.PartyID == p.ID {
				ps.Sites = append(ps.Sites, st)
			}
		}
		v.Parties = append(v.Parties, ps)
	}
	s.render(w, r, "sites", views.PageData{Title: "Sites and teams", Nav: "initiatives", Data: v})
	return nil
}

// siteForm reads a site's fields from a form.
func siteForm(r *http.Request) (name, kind, segment string, maxActive int, hours number.Decimal, err error) {
	name, kind, segment = r.PostFormValue("name"), r.PostFormValue("kind"), r.PostFormValue("segment")
	if maxActive, err = strconv.Atoi(strings.TrimSpace(r.PostFormValue("max_active_initiatives"))); err != nil {
		return name, kind, segment, 0, 0, accord.FieldError("max_active_initiatives", "must be a whole number of initiatives")
	}
	if hours, err = number.ParseDecimal(strings.TrimSpace(r.PostFormValue("staff_hours_per_week"))); err != nil {
		return name, kind, segment, 0, 0, accord.FieldError("staff_hours_per_week", "must be a number of hours, such as 12 or 7.5")
	}
	return name, kind, segment, maxActive, hours, nil
}

// siteCreate declares a site or team of a party.
func (s *App) siteCreate(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/sites"
	name, kind, segment, maxActive, hours, err := siteForm(r)
	if err != nil {
		return backTo(back, err)
	}
	st := accord.Site{AllianceID: ac.Alliance.ID, PartyID: r.PostFormValue("party_id"), Name: name, Kind: kind, Segment: segment, MaxActive: maxActive, StaffHours: hours}
	if err := s.Svc.CreateSite(r.Context(), edge.SessionOf(r).Actor, &st); err != nil {
		return backTo(back, err)
	}
	flash(w, st.Name+" is declared for "+st.PartyName+".")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// siteUpdate changes a site's name, kind, segment or capacity.
func (s *App) siteUpdate(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/sites"
	name, kind, segment, maxActive, hours, err := siteForm(r)
	if err != nil {
		return backTo(back, err)
	}
	u := accord.SiteUpdate{Name: &name, Kind: &kind, Segment: &segment, MaxActive: &maxActive, StaffHours: &hours}
	st, err := s.Svc.UpdateSite(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, r.PathValue("id"), u)
	if err != nil {
		return backTo(back, err)
	}
	flash(w, st.Name+" is changed.")
	http.Redirect(w, r, back+"#site-"+st.ID, http.StatusSeeOther)
	return nil
}
