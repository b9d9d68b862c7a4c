package api

import (
	"net/http"
	"strconv"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/views"
)

func (s *API) apiSites(w http.ResponseWriter, r *http.Request) error {
	sites, err := s.Svc.ListSites(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	if sites == nil {
		sites = []accord.Site{}
	}
	edge.WriteJSON(w, http.StatusOK, listOf(sites))
	return nil
}

// siteRequest declares a party's site or team with its capacity.
type siteRequest struct {
	PartyID    string         `json:"party_id"`
	Name       string         `json:"name"`
	Kind       string         `json:"kind"`
	Segment    string         `json:"segment"`
	MaxActive  int            `json:"max_active_initiatives"`
	StaffHours number.Decimal `json:"staff_hours_per_week"`
}

func (s *API) apiSiteCreate(w http.ResponseWriter, r *http.Request) error {
	var q siteRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	st := accord.Site{AllianceID: edge.AllianceOf(r).Alliance.ID, PartyID: q.PartyID, Name: q.Name, Kind: q.Kind, Segment: q.Segment,
		MaxActive: q.MaxActive, StaffHours: q.StaffHours}
	if err := s.Svc.CreateSite(r.Context(), edge.SessionOf(r).Actor, &st); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, st)
	return nil
}

func (s *API) apiSiteUpdate(w http.ResponseWriter, r *http.Request) error {
	var u accord.SiteUpdate
	if err := edge.DecodeJSON(r, &u); err != nil {
		return err
	}
	st, err := s.Svc.UpdateSite(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), u)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, st)
	return nil
}

// apiInitiativeItem is an initiative in the list, with the phase a gate
// would start next and whether its readiness gate passes today.
type apiInitiativeItem struct {
	accord.Initiative
	NextPhase *views.PhaseDetail `json:"next_phase,omitempty"`
}

func (s *API) apiInitiatives(w http.ResponseWriter, r *http.Request) error {
	b, err := s.LoadInitiatives(r)
	if err != nil {
		return err
	}
	out := []apiInitiativeItem{}
	for _, in := range b.Portfolio.Initiatives {
		d, err := s.InitiativeDetail(r, b, in.ID)
		if err != nil {
			return err
		}
		it := apiInitiativeItem{Initiative: in}
		if d.Next >= 0 {
			it.NextPhase = &d.Phases[d.Next]
		}
		out = append(out, it)
	}
	edge.WriteJSON(w, http.StatusOK, listOf(out))
	return nil
}

// effectRequest is a KPI an initiative means to move and its expected
// effect; by_date is a day.
type effectRequest struct {
	KPIID     string         `json:"kpi_id"`
	Direction string         `json:"direction"`
	Size      number.Decimal `json:"size"`
	ByDate    string         `json:"by_date"`
}

// initiativeKPIs reads the request's KPIs (the domain checks them).
func initiativeKPIs(ks []effectRequest) ([]accord.InitiativeKPI, error) {
	out := []accord.InitiativeKPI{}
	for i, k := range ks {
		by, err := views.ParseDate(indexed("kpis", i, "by_date"), k.ByDate)
		if err != nil {
			return nil, err
		}
		ik := accord.InitiativeKPI{KPIID: k.KPIID, Direction: k.Direction, Size: k.Size}
		if by != nil {
			ik.ByDate = *by
		}
		out = append(out, ik)
	}
	return out, nil
}

// initiativeRequest proposes an initiative.
type initiativeRequest struct {
	Name           string          `json:"name"`
	Kind           string          `json:"kind"`
	Purpose        string          `json:"purpose"`
	SponsorIDs     []string        `json:"sponsor_party_ids"`
	ClinicalLeadID string          `json:"clinical_lead_member_id"`
	SiteIDs        []string        `json:"site_ids"`
	KPIs           []effectRequest `json:"kpis"`
}

func (s *API) apiInitiativeCreate(w http.ResponseWriter, r *http.Request) error {
	var q initiativeRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	in := accord.Initiative{AllianceID: edge.AllianceOf(r).Alliance.ID, Name: q.Name, Kind: q.Kind, Purpose: q.Purpose, SponsorIDs: q.SponsorIDs,
		ClinicalLeadID: q.ClinicalLeadID, SiteIDs: q.SiteIDs}
	kpis, err := initiativeKPIs(q.KPIs)
	if err != nil {
		return err
	}
	in.KPIs = kpis
	if err := s.Svc.ProposeInitiative(r.Context(), edge.SessionOf(r).Actor, &in); err != nil {
		return err
	}
	return s.writeInitiative(w, r, http.StatusCreated, in.ID)
}

// initiativePatch changes an initiative: the fields given replace what it
// had (a list, the whole list); the others are kept.
type initiativePatch struct {
	Name           *string          `json:"name"`
	Kind           *string          `json:"kind"`
	Purpose        *string          `json:"purpose"`
	SponsorIDs     *[]string        `json:"sponsor_party_ids"`
	ClinicalLeadID *string          `json:"clinical_lead_member_id"`
	SiteIDs        *[]string        `json:"site_ids"`
	KPIs           *[]effectRequest `json:"kpis"`
}

func (s *API) apiInitiativeUpdate(w http.ResponseWriter, r *http.Request) error {
	var q initiativePatch
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	u := accord.InitiativeUpdate{Name: q.Name, Kind: q.Kind, Purpose: q.Purpose, SponsorIDs: q.SponsorIDs, ClinicalLeadID: q.ClinicalLeadID, SiteIDs: q.SiteIDs}
	if q.KPIs != nil {
		kpis, err := initiativeKPIs(*q.KPIs)
		if err != nil {
			return err
		}
		u.KPIs = &kpis
	}
	in, err := s.Svc.UpdateInitiative(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), u)
	if err != nil {
		return err
	}
	return s.writeInitiative(w, r, http.StatusOK, in.ID)
}

// writeInitiative answers with everything about one initiative.
func (s *API) writeInitiative(w http.ResponseWriter, r *http.Request, status int, id string) error {
	b, err := s.LoadInitiatives(r)
	if err != nil {
		return err
	}
	d, err := s.InitiativeDetail(r, b, id)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, status, d)
	return nil
}

func (s *API) apiInitiative(w http.ResponseWriter, r *http.Request) error {
	return s.writeInitiative(w, r, http.StatusOK, r.PathValue("id"))
}

// adoptRequest names the passed motion that adopted the initiative.
type adoptRequest struct {
	MotionID string `json:"motion_id"`
}

func (s *API) apiInitiativeAdopt(w http.ResponseWriter, r *http.Request) error {
	var q adoptRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	if q.MotionID == "" {
		return accord.FieldError("motion_id", "is required: an initiative is adopted by a passed motion")
	}
	in, err := s.Svc.AdoptInitiative(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), q.MotionID)
	if err != nil {
		return err
	}
	return s.writeInitiative(w, r, http.StatusOK, in.ID)
}

// indexed names a field of the i-th element of a list, as the domain's
// errors do: kpis[0].by_date.
func indexed(list string, i int, field string) string {
	return list + "[" + strconv.Itoa(i) + "]." + field
}
