package api

import (
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// apiProtocol is a data-sharing protocol, days as YYYY-MM-DD and its lists
// always present (empty: every KPI, every segment).
type apiProtocol struct {
	accord.Protocol
	KPIKeys    []string `json:"kpis"`
	Categories []string `json:"categories"`
	Segments   []string `json:"segments"`
	StartsOn   string   `json:"starts_on"`
	EndsOn     *string  `json:"ends_on,omitempty"`
}

func toAPIProtocol(p accord.Protocol) apiProtocol {
	list := func(l []string) []string {
		if l == nil {
			return []string{}
		}
		return l
	}
	return apiProtocol{Protocol: p, KPIKeys: list(p.KPIKeys), Categories: list(p.Categories), Segments: list(p.Segments),
		StartsOn: *dateStr(&p.StartsOn), EndsOn: dateStr(p.EndsOn)}
}

func (s *API) apiProtocols(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.Svc.ListProtocols(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	out := make([]apiProtocol, len(ps))
	for i, p := range ps {
		out[i] = toAPIProtocol(p)
	}
	edge.WriteJSON(w, http.StatusOK, listOf(out))
	return nil
}

// protocolRequest proposes a protocol and puts it to a committee under
// consent of every party, in a meeting or by ballot until closes_at.
type protocolRequest struct {
	Title       string   `json:"title"`
	FromPartyID string   `json:"from_party_id"`
	ToPartyID   string   `json:"to_party_id"`
	KPIs        []string `json:"kpis"`
	Categories  []string `json:"categories"`
	Segments    []string `json:"segments"`
	Purpose     string   `json:"purpose"`
	StartsOn    string   `json:"starts_on"`
	EndsOn      string   `json:"ends_on"`
	Committee   string   `json:"committee"`
	MeetingID   string   `json:"meeting_id"`
	ClosesAt    string   `json:"closes_at"`
}

// protocolCreated is the protocol and the motion that will decide it.
type protocolCreated struct {
	Protocol apiProtocol     `json:"protocol"`
	Motion   apiMotionDetail `json:"motion"`
}

func (q protocolRequest) protocol() (accord.Protocol, error) {
	start, err := requiredDate("starts_on", q.StartsOn)
	if err != nil {
		return accord.Protocol{}, err
	}
	end, err := views.ParseDate("ends_on", q.EndsOn)
	if err != nil {
		return accord.Protocol{}, err
	}
	// The store keeps each list as one comma-separated text.
	for _, l := range []struct {
		field string
		keys  []string
	}{{"kpis", q.KPIs}, {"segments", q.Segments}} {
		for _, v := range l.keys {
			if strings.TrimSpace(v) == "" || strings.Contains(v, ",") || len(v) > 200 {
				return accord.Protocol{}, accord.FieldError(l.field, "%q is not a key: keys are not blank, have no commas and are at most 200 characters", v)
			}
		}
	}
	return accord.Protocol{Title: q.Title, FromPartyID: q.FromPartyID, ToPartyID: q.ToPartyID, KPIKeys: q.KPIs, Categories: q.Categories,
		Segments: q.Segments, Purpose: q.Purpose, StartsOn: start, EndsOn: end}, nil
}

// checkParties names the field of a party that is not one of the alliance's.
func (s *API) checkParties(r *http.Request, p accord.Protocol) error {
	ps, err := s.Svc.ListParties(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	ours := map[string]bool{}
	for _, party := range ps {
		ours[party.ID] = true
	}
	if p.FromPartyID != "" && !ours[p.FromPartyID] {
		return accord.FieldError("from_party_id", "is not a party to this alliance")
	}
	if p.ToPartyID != "" && !ours[p.ToPartyID] {
		return accord.FieldError("to_party_id", "is not a party to this alliance")
	}
	return nil
}

func (s *API) apiProtocolCreate(w http.ResponseWriter, r *http.Request) error {
	var q protocolRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	p, err := q.protocol()
	if err == nil {
		err = s.checkParties(r, p)
	}
	if err != nil {
		return err
	}
	m, err := s.motionVenue(r, q.Committee, q.MeetingID, q.ClosesAt)
	if err != nil {
		return err
	}
	p.AllianceID = m.AllianceID
	if err := s.Svc.ProposeProtocol(r.Context(), edge.SessionOf(r).Actor, &p, &m); err != nil {
		return renameField(err, "meeting", "meeting_id")
	}
	return s.writeProtocolCreated(w, r, p.ID, m.Number)
}

// writeProtocolCreated reads back the protocol, with its parties' names,
// and its motion.
func (s *API) writeProtocolCreated(w http.ResponseWriter, r *http.Request, id string, number int) error {
	ctx, allianceID := r.Context(), edge.AllianceOf(r).Alliance.ID
	ps, err := s.Svc.ListProtocols(ctx, allianceID)
	if err != nil {
		return err
	}
	m, err := s.Svc.Motion(ctx, allianceID, number)
	if err != nil {
		return err
	}
	out := protocolCreated{Motion: apiMotionDetail{apiMotion: toAPIMotion(m), Votes: []accord.Vote{}, Proxies: []accord.Proxy{}}}
	for _, p := range ps {
		if p.ID == id {
			out.Protocol = toAPIProtocol(p)
		}
	}
	edge.WriteJSON(w, http.StatusCreated, out)
	return nil
}

// protocolEndRequest ends an active protocol from a day on.
type protocolEndRequest struct {
	On string `json:"on"`
}

func (s *API) apiProtocolEnd(w http.ResponseWriter, r *http.Request) error {
	var q protocolEndRequest
	if err := edge.DecodeJSON(r, &q); err != nil {
		return err
	}
	on, err := requiredDate("on", q.On)
	if err != nil {
		return err
	}
	p, err := s.Svc.EndProtocol(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), on)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, toAPIProtocol(p))
	return nil
}
