package server

import (
	"net/http"
	"strconv"

	"github.com/accord-alliance/accord/internal/accord"
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

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, sessionOf(r).user)
}

func (s *Server) apiAlliances(w http.ResponseWriter, r *http.Request) {
	as, err := s.svc.AlliancesForUser(r.Context(), sessionOf(r).user.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(as))
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

func (s *Server) apiAllianceCreate(w http.ResponseWriter, r *http.Request) {
	if err := requireSuperAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var req allianceCreateRequest
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.createAlliance(r, newAllianceForm(req))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, a)
}

func (s *Server) apiOrganizations(w http.ResponseWriter, r *http.Request) {
	// Listing is a read: read-scoped tokens of installation admins may do it.
	if !sessionOf(r).user.SuperAdmin {
		s.fail(w, r, accord.Errorf(accord.EFORBIDDEN, "only installation admins can do this"))
		return
	}
	os, err := s.svc.ListOrganizations(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(os))
}

func (s *Server) apiAlliance(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, allianceOf(r).alliance)
}

func (s *Server) apiCharterUpdate(w http.ResponseWriter, r *http.Request) {
	var u accord.CharterUpdate
	if err := decodeJSON(r, &u); err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.svc.UpdateCharter(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) apiParties(w http.ResponseWriter, r *http.Request) {
	ps, err := s.svc.ListParties(r.Context(), allianceOf(r).alliance.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(ps))
}

type partyCreateRequest struct {
	Organization string           `json:"organization"`
	Role         accord.PartyRole `json:"role"`
	Brings       string           `json:"brings"`
	Expects      string           `json:"expects"`
}

func (s *Server) apiPartyCreate(w http.ResponseWriter, r *http.Request) {
	var req partyCreateRequest
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	sess, ac := sessionOf(r), allianceOf(r)
	p := accord.Party{AllianceID: ac.alliance.ID, Role: req.Role, Brings: req.Brings, Expects: req.Expects}
	if !p.Role.Valid() {
		s.fail(w, r, accord.FieldError("role", "must be one of payer, provider, investor, health_system, vendor, other"))
		return
	}
	if org := (accord.Organization{Name: req.Organization}); org.Validate() != nil {
		s.fail(w, r, accord.FieldError("organization", "%s", accord.ErrorMessage(org.Validate())))
		return
	}
	o, err := s.svc.EnsureOrganization(r.Context(), sess.actor, req.Organization)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.OrgID = o.ID
	if err := s.svc.AddParty(r.Context(), sess.actor, &p); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) apiPartyUpdate(w http.ResponseWriter, r *http.Request) {
	var u accord.PartyUpdate
	if err := decodeJSON(r, &u); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.svc.UpdateParty(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id"), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiMembers(w http.ResponseWriter, r *http.Request) {
	ms, err := s.svc.ListMembers(r.Context(), allianceOf(r).alliance.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(ms))
}

func (s *Server) apiMemberUpdate(w http.ResponseWriter, r *http.Request) {
	var u accord.MemberUpdate
	if err := decodeJSON(r, &u); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.svc.UpdateMember(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id"), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.forgetAlliances(m.UserID)
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) apiInvitations(w http.ResponseWriter, r *http.Request) {
	is, err := s.svc.ListInvitations(r.Context(), allianceOf(r).alliance.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(is))
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

func (s *Server) apiInvitationCreate(w http.ResponseWriter, r *http.Request) {
	var req invitationCreateRequest
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	inv := accord.Invitation{AllianceID: allianceOf(r).alliance.ID, Email: req.Email, PartyID: req.PartyID, Roles: req.Roles}
	if err := s.svc.CreateInvitation(r.Context(), sessionOf(r).actor, &inv); err != nil {
		s.fail(w, r, err)
		return
	}
	link := s.baseURL(r) + "/invite/" + inv.Token
	writeJSON(w, http.StatusCreated, invitationCreated{Invitation: inv, URL: link, Emailed: s.mailInvitation(r, inv, link)})
}

func (s *Server) apiInvitationRevoke(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.RevokeInvitation(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for _, k := range []string{"entity", "action", "q"} {
		if !storable(q.Get(k)) {
			s.fail(w, r, accord.FieldError(k, "is not valid text"))
			return
		}
	}
	f := accord.AuditFilter{AllianceID: allianceOf(r).alliance.ID, Entity: q.Get("entity"), Action: q.Get("action"), Query: q.Get("q")}
	var err error
	if v := q.Get("before"); v != "" {
		if f.BeforeSeq, err = strconv.ParseInt(v, 10, 64); err != nil || f.BeforeSeq < 0 {
			s.fail(w, r, accord.FieldError("before", "must be a positive whole number"))
			return
		}
	}
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 1 || f.Limit > 500 {
			s.fail(w, r, accord.FieldError("limit", "must be a whole number from 1 to 500"))
			return
		}
	}
	es, err := s.svc.ListAudit(r.Context(), f)
	if err == nil {
		es, err = s.shareAudit(r, es)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(es))
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request) {
	ts, err := s.svc.ListAPITokens(r.Context(), sessionOf(r).user.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(ts))
}

type tokenCreateRequest struct {
	Name  string `json:"name"`
	Scope string `json:"scope"`
}

func (s *Server) apiTokenCreate(w http.ResponseWriter, r *http.Request) {
	if err := requireWrite(r); err != nil {
		s.fail(w, r, err)
		return
	}
	var req tokenCreateRequest
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	sess := sessionOf(r)
	t := accord.APIToken{UserID: sess.user.ID, Name: req.Name, Scope: req.Scope}
	if err := s.svc.CreateAPIToken(r.Context(), sess.actor, &t); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, t)
}

func (s *Server) apiTokenRevoke(w http.ResponseWriter, r *http.Request) {
	if err := requireWrite(r); err != nil {
		s.fail(w, r, err)
		return
	}
	sess := sessionOf(r)
	if err := s.svc.RevokeAPIToken(r.Context(), sess.actor, sess.user.ID, r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
