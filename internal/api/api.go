package api

import (
	"net/http"
	"strconv"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// list wraps collections so that fields can be added without breaking clients.
type list[T any] struct {
	Items []T `json:"items"`
}

func listOf[T any](items []T) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items}
}

func (s *API) apiMe(w http.ResponseWriter, r *http.Request) error {
	edge.WriteJSON(w, http.StatusOK, edge.SessionOf(r).User)
	return nil
}

func (s *API) apiAlliances(w http.ResponseWriter, r *http.Request) error {
	as, err := s.Svc.AlliancesForUser(r.Context(), edge.SessionOf(r).User.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(as))
	return nil
}

// allianceCreateRequest creates an alliance with the caller's organisation
// as its first party.
type allianceCreateRequest struct {
	Name         string `json:"name"`
	Slug         string `json:"slug"`
	Vision       string `json:"vision"`
	Values       string `json:"values"`
	Organization string `json:"organization"`
	PartyRole    string `json:"party_role"`
}

func (s *API) apiAllianceCreate(w http.ResponseWriter, r *http.Request) error {
	if err := edge.RequireSuperAdmin(r); err != nil {
		return err
	}
	var req allianceCreateRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	a, err := s.CreateAlliance(r, views.NewAllianceForm(req))
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, a)
	return nil
}

func (s *API) apiOrganizations(w http.ResponseWriter, r *http.Request) error {
	// Listing is a read: read-scoped tokens of installation admins may do it.
	if !edge.SessionOf(r).User.SuperAdmin {
		return accord.Errorf(accord.EFORBIDDEN, "only installation admins can do this")
	}
	os, err := s.Svc.ListOrganizations(r.Context())
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(os))
	return nil
}

func (s *API) apiAlliance(w http.ResponseWriter, r *http.Request) error {
	edge.WriteJSON(w, http.StatusOK, edge.AllianceOf(r).Alliance)
	return nil
}

func (s *API) apiCharterUpdate(w http.ResponseWriter, r *http.Request) error {
	var u accord.CharterUpdate
	if err := edge.DecodeJSON(r, &u); err != nil {
		return err
	}
	a, err := s.Svc.UpdateCharter(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, u)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, a)
	return nil
}

func (s *API) apiParties(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.Svc.ListParties(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(ps))
	return nil
}

type partyCreateRequest struct {
	Organization string           `json:"organization"`
	Role         accord.PartyRole `json:"role"`
	Brings       string           `json:"brings"`
	Expects      string           `json:"expects"`
}

func (s *API) apiPartyCreate(w http.ResponseWriter, r *http.Request) error {
	var req partyCreateRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	sess, ac := edge.SessionOf(r), edge.AllianceOf(r)
	p := accord.Party{AllianceID: ac.Alliance.ID, Role: req.Role, Brings: req.Brings, Expects: req.Expects}
	if !p.Role.Valid() {
		return accord.FieldError("role", "must be one of payer, provider, investor, health_system, vendor, other")
	}
	if org := (accord.Organization{Name: req.Organization}); org.Validate() != nil {
		return accord.FieldError("organization", "%s", accord.ErrorMessage(org.Validate()))
	}
	o, err := s.Svc.EnsureOrganization(r.Context(), sess.Actor, req.Organization)
	if err != nil {
		return err
	}
	p.OrgID = o.ID
	if err := s.Svc.AddParty(r.Context(), sess.Actor, &p); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, p)
	return nil
}

func (s *API) apiPartyUpdate(w http.ResponseWriter, r *http.Request) error {
	var u accord.PartyUpdate
	if err := edge.DecodeJSON(r, &u); err != nil {
		return err
	}
	p, err := s.Svc.UpdateParty(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), u)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, p)
	return nil
}

func (s *API) apiMembers(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.Svc.ListMembers(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(ms))
	return nil
}

func (s *API) apiMemberUpdate(w http.ResponseWriter, r *http.Request) error {
	var u accord.MemberUpdate
	if err := edge.DecodeJSON(r, &u); err != nil {
		return err
	}
	m, err := s.Svc.UpdateMember(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), u)
	if err != nil {
		return err
	}
	s.ForgetAlliances(m.UserID)
	edge.WriteJSON(w, http.StatusOK, m)
	return nil
}

func (s *API) apiInvitations(w http.ResponseWriter, r *http.Request) error {
	is, err := s.Svc.ListInvitations(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(is))
	return nil
}

type invitationCreateRequest struct {
	Email   string        `json:"email"`
	PartyID string        `json:"party_id"`
	Roles   []accord.Role `json:"roles"`
}

// invitationCreated carries the one-time link alongside the invitation,
// and whether it was e-mailed.
type invitationCreated struct {
	accord.Invitation
	URL     string `json:"url"`
	Emailed bool   `json:"emailed"`
}

func (s *API) apiInvitationCreate(w http.ResponseWriter, r *http.Request) error {
	var req invitationCreateRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	inv := accord.Invitation{AllianceID: edge.AllianceOf(r).Alliance.ID, Email: req.Email, PartyID: req.PartyID, Roles: req.Roles}
	if err := s.Svc.CreateInvitation(r.Context(), edge.SessionOf(r).Actor, &inv); err != nil {
		return err
	}
	link := s.BaseURL(r) + "/invite/" + inv.Token
	edge.WriteJSON(w, http.StatusCreated, invitationCreated{Invitation: inv, URL: link, Emailed: s.MailInvitation(r, inv, link)})
	return nil
}

func (s *API) apiInvitationRevoke(w http.ResponseWriter, r *http.Request) error {
	if err := s.Svc.RevokeInvitation(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *API) apiAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	for _, k := range []string{"entity", "action", "q"} {
		if !edge.Storable(q.Get(k)) {
			return accord.FieldError(k, "is not valid text")
		}
	}
	f := accord.AuditFilter{AllianceID: edge.AllianceOf(r).Alliance.ID, Entity: q.Get("entity"), Action: q.Get("action"), Query: q.Get("q")}
	var err error
	if v := q.Get("before"); v != "" {
		if f.BeforeSeq, err = strconv.ParseInt(v, 10, 64); err != nil || f.BeforeSeq < 0 {
			return accord.FieldError("before", "must be a positive whole number")
		}
	}
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 1 || f.Limit > 500 {
			return accord.FieldError("limit", "must be a whole number from 1 to 500")
		}
	}
	es, err := s.Svc.ListAudit(r.Context(), f)
	if err == nil {
		es, err = s.ShareAudit(r, es)
	}
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(es))
	return nil
}

func (s *API) apiTokens(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.Svc.ListAPITokens(r.Context(), edge.SessionOf(r).User.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(ts))
	return nil
}

type tokenCreateRequest struct {
	Name  string `json:"name"`
	Scope string `json:"scope"`
}

func (s *API) apiTokenCreate(w http.ResponseWriter, r *http.Request) error {
	if err := edge.RequireWrite(r); err != nil {
		return err
	}
	var req tokenCreateRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	sess := edge.SessionOf(r)
	t := accord.APIToken{UserID: sess.User.ID, Name: req.Name, Scope: req.Scope}
	if err := s.Svc.CreateAPIToken(r.Context(), sess.Actor, &t); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, t)
	return nil
}

func (s *API) apiTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	if err := edge.RequireWrite(r); err != nil {
		return err
	}
	sess := edge.SessionOf(r)
	if err := s.Svc.RevokeAPIToken(r.Context(), sess.Actor, sess.User.ID, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
