package server

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
)

// homePage lists the viewer's alliances; with exactly one it goes straight there.
func (s *Server) homePage(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).user
	list, err := s.svc.AlliancesForUser(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(list) == 1 && !u.SuperAdmin {
		http.Redirect(w, r, "/a/"+list[0].Slug, http.StatusSeeOther)
		return
	}
	s.render(w, r, "home", pageData{Title: "Your alliances", Alliances: list})
}

func (s *Server) newAlliancePage(w http.ResponseWriter, r *http.Request) {
	if err := requireSuperAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "alliance_new", pageData{Title: "New alliance", Data: newAllianceForm{PartyRole: string(accord.PartyProvider)}})
}

// newAllianceForm is the new-alliance form: the alliance, and the creator's
// own organisation as its first party, with the creator as admin.
type newAllianceForm struct {
	Name, Slug, Vision, Values, Organization, PartyRole string
}

func (s *Server) newAllianceSubmit(w http.ResponseWriter, r *http.Request) {
	if err := requireSuperAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := newAllianceForm{Name: r.PostFormValue("name"), Slug: r.PostFormValue("slug"), Vision: r.PostFormValue("vision"),
		Values: r.PostFormValue("values"), Organization: r.PostFormValue("organization"), PartyRole: r.PostFormValue("party_role")}
	a, err := s.createAlliance(r, f)
	if err != nil {
		w.WriteHeader(statusOf(accord.ErrorCode(err)))
		s.render(w, r, "alliance_new", pageData{Title: "New alliance", Error: accord.ErrorMessage(err), Field: accord.ErrorField(err), Data: f})
		return
	}
	flash(w, "The alliance has been created. Add the other parties and invite people.")
	http.Redirect(w, r, "/a/"+a.Slug, http.StatusSeeOther)
}

// createAlliance creates an alliance with the creator's organisation as its
// first party and the creator as its admin and executive.
func (s *Server) createAlliance(r *http.Request, f newAllianceForm) (accord.Alliance, error) {
	ctx, sess := r.Context(), sessionOf(r)
	if f.Slug == "" {
		f.Slug = accord.Slugify(f.Name)
	}
	a := accord.Alliance{Name: f.Name, Slug: f.Slug, Vision: f.Vision, Values: f.Values}
	if err := a.Validate(); err != nil {
		return a, err
	}
	role := accord.PartyRole(f.PartyRole)
	if !role.Valid() {
		return a, accord.FieldError("party_role", "choose your organisation's role in the alliance")
	}
	org := accord.Organization{Name: f.Organization}
	if err := org.Validate(); err != nil {
		return a, accord.FieldError("organization", "is required: the organisation you act for")
	}
	if err := s.svc.CreateAlliance(ctx, sess.actor, &a); err != nil {
		return a, err
	}
	o, err := s.svc.EnsureOrganization(ctx, sess.actor, org.Name)
	if err != nil {
		return a, err
	}
	p := accord.Party{AllianceID: a.ID, OrgID: o.ID, Role: role}
	if err := s.svc.AddParty(ctx, sess.actor, &p); err != nil {
		return a, err
	}
	m := accord.Membership{AllianceID: a.ID, UserID: sess.user.ID, PartyID: p.ID, Roles: accord.Roles{accord.RoleAdmin, accord.RoleExecutive}}
	defer s.forgetAlliances(sess.user.ID)
	return a, s.svc.AddMember(ctx, sess.actor, &m)
}

func (s *Server) alliancePage(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	parties, err := s.svc.ListParties(r.Context(), ac.alliance.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	members, err := s.svc.ListMembers(r.Context(), ac.alliance.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts := map[string]int{}
	clinical, active := 0, 0
	for _, m := range members {
		if m.Active {
			active++
			counts[m.PartyID]++
			if m.Roles.Has(accord.RoleClinicalLeader) {
				clinical++
			}
		}
	}
	mine, err := s.whatNeedsYou(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "alliance", pageData{Title: ac.alliance.Name, Nav: "home", Data: map[string]any{
		"Parties": parties, "Counts": counts, "Members": active, "Clinical": clinical, "Mine": mine,
	}})
}

func (s *Server) charterEditPage(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	settings, err := s.svc.SPCSettings(r.Context(), ac.alliance.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "charter_edit", pageData{Title: "Edit charter", Nav: "home", Data: charterView{ac.alliance, settings}})
}

// renderCharterError shows the charter form again with what was typed
// and why it was not saved.
func (s *Server) renderCharterError(w http.ResponseWriter, r *http.Request, typed accord.Alliance, err error) {
	settings, serr := s.svc.SPCSettings(r.Context(), allianceOf(r).alliance.ID)
	if serr != nil {
		s.fail(w, r, serr)
		return
	}
	w.WriteHeader(statusOf(accord.ErrorCode(err)))
	s.render(w, r, "charter_edit", pageData{Title: "Edit charter", Nav: "home", Error: accord.ErrorMessage(err), Field: accord.ErrorField(err),
		Data: charterView{typed, settings}})
}

// charterView is what charter_edit.html shows: the charter and how the
// alliance reads its charts.
type charterView struct {
	accord.Alliance
	SPC accord.SPCSettings
}

func (s *Server) charterSubmit(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	name, vision, values := r.PostFormValue("name"), r.PostFormValue("vision"), r.PostFormValue("values")
	u := accord.CharterUpdate{Name: &name, Vision: &vision, Values: &values}
	byProtocol := ac.alliance.SharingByProtocol
	switch r.PostFormValue("sharing") {
	case "open":
		byProtocol = false
		u.SharingByProtocol = &byProtocol
	case "protocol":
		byProtocol = true
		u.SharingByProtocol = &byProtocol
	case "":
	default:
		s.renderCharterError(w, r, accord.Alliance{Name: name, Vision: vision, Values: values, Slug: ac.alliance.Slug, SharingByProtocol: byProtocol},
			accord.FieldError("sharing", "must be open or protocol"))
		return
	}
	_, err := s.svc.UpdateCharter(r.Context(), sessionOf(r).actor, ac.alliance.ID, u)
	if err != nil {
		s.renderCharterError(w, r, accord.Alliance{Name: name, Vision: vision, Values: values, Slug: ac.alliance.Slug, SharingByProtocol: byProtocol}, err)
		return
	}
	flash(w, "The charter has been saved.")
	http.Redirect(w, r, "/a/"+ac.alliance.Slug, http.StatusSeeOther)
}

func (s *Server) partyCreate(w http.ResponseWriter, r *http.Request) {
	ac, sess := allianceOf(r), sessionOf(r)
	o, err := s.svc.EnsureOrganization(r.Context(), sess.actor, r.PostFormValue("organization"))
	if err != nil {
		s.failBack(w, r, "/a/"+ac.alliance.Slug, err)
		return
	}
	p := accord.Party{AllianceID: ac.alliance.ID, OrgID: o.ID, Role: accord.PartyRole(r.PostFormValue("role")),
		Brings: r.PostFormValue("brings"), Expects: r.PostFormValue("expects")}
	if err := s.svc.AddParty(r.Context(), sess.actor, &p); err != nil {
		s.failBack(w, r, "/a/"+ac.alliance.Slug, err)
		return
	}
	flash(w, o.Name+" has joined the alliance as a party.")
	http.Redirect(w, r, "/a/"+ac.alliance.Slug+"#parties", http.StatusSeeOther)
}

// failBack reports an invalid form submitted from a page that shows many
// things: that page (to) is shown again with the error next to its field
// and the entries kept (showFormError), or failing that the message goes
// back with a redirect.
func (s *Server) failBack(w http.ResponseWriter, r *http.Request, to string, err error) {
	if code := accord.ErrorCode(err); code == accord.EINTERNAL || code == accord.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	if s.showFormError(w, r, to, err) {
		return
	}
	flashError(w, accord.ErrorField(err), accord.ErrorMessage(err))
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *Server) partyEditPage(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	p, err := s.svc.Party(r.Context(), ac.alliance.ID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "party_edit", pageData{Title: "Edit " + p.OrgName, Nav: "home", Data: p})
}

func (s *Server) partySubmit(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	role := accord.PartyRole(r.PostFormValue("role"))
	brings, expects := r.PostFormValue("brings"), r.PostFormValue("expects")
	p, err := s.svc.UpdateParty(r.Context(), sessionOf(r).actor, ac.alliance.ID, r.PathValue("id"), accord.PartyUpdate{Role: &role, Brings: &brings, Expects: &expects})
	if err != nil {
		if accord.ErrorCode(err) != accord.EINVALID {
			s.fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusUnprocessableEntity)
		p, _ = s.svc.Party(r.Context(), ac.alliance.ID, r.PathValue("id"))
		p.Role, p.Brings, p.Expects = role, brings, expects
		s.render(w, r, "party_edit", pageData{Title: "Edit " + p.OrgName, Nav: "home", Error: accord.ErrorMessage(err), Field: accord.ErrorField(err), Data: p})
		return
	}
	flash(w, p.OrgName+" has been updated.")
	http.Redirect(w, r, "/a/"+ac.alliance.Slug+"#parties", http.StatusSeeOther)
}
