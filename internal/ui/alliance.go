package ui

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// homePage lists the viewer's alliances; with exactly one it goes straight there.
func (s *App) homePage(w http.ResponseWriter, r *http.Request) error {
	u := edge.SessionOf(r).User
	list, err := s.Svc.AlliancesForUser(r.Context(), u.ID)
	if err != nil {
		return err
	}
	if len(list) == 1 && !u.SuperAdmin {
		http.Redirect(w, r, "/a/"+list[0].Slug, http.StatusSeeOther)
		return nil
	}
	s.render(w, r, "home", views.PageData{Title: "Your alliances", Alliances: list})
	return nil
}

func (s *App) newAlliancePage(w http.ResponseWriter, r *http.Request) error {
	if err := edge.RequireSuperAdmin(r); err != nil {
		return err
	}
	s.render(w, r, "alliance_new", views.PageData{Title: "New alliance", Data: views.NewAllianceForm{PartyRole: string(accord.PartyProvider)}})
	return nil
}

func (s *App) newAllianceSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := edge.RequireSuperAdmin(r); err != nil {
		return err
	}
	f := views.NewAllianceForm{Name: r.PostFormValue("name"), Slug: r.PostFormValue("slug"), Vision: r.PostFormValue("vision"),
		Values: r.PostFormValue("values"), Organization: r.PostFormValue("organization"), PartyRole: r.PostFormValue("party_role")}
	a, err := s.CreateAlliance(r, f)
	if err != nil {
		w.WriteHeader(edge.StatusOf(accord.ErrorCode(err)))
		s.render(w, r, "alliance_new", views.PageData{Title: "New alliance", Error: accord.ErrorMessage(err), Field: accord.ErrorField(err), Data: f})
		return nil
	}
	flash(w, "The alliance has been created. Add the other parties and invite people.")
	http.Redirect(w, r, "/a/"+a.Slug, http.StatusSeeOther)
	return nil
}

func (s *App) alliancePage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	parties, err := s.Svc.ListParties(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	members, err := s.Svc.ListMembers(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
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
	mine, err := s.WhatNeedsYou(r)
	if err != nil {
		return err
	}
	now := s.Now().UTC()
	sh, err := s.SharingFor(r, nil)
	if err != nil {
		return err
	}
	brief, err := s.BuildPortfolioBrief(r.Context(), ac.Alliance, now.AddDate(0, -3, 0), now, sh)
	if err != nil {
		return err
	}
	health, err := s.healthGlance(r)
	if err != nil {
		return err
	}
	s.render(w, r, "alliance", views.PageData{Title: ac.Alliance.Name, Nav: "home", Data: map[string]any{
		"Parties": parties, "Counts": counts, "Members": active, "Clinical": clinical, "Mine": mine, "Portfolio": brief, "Health": health,
	}})
	return nil
}

func (s *App) charterEditPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	settings, err := s.Svc.SPCSettings(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	s.render(w, r, "charter_edit", views.PageData{Title: "Edit charter", Nav: "home", Data: charterView{ac.Alliance, settings}})
	return nil
}

// renderCharterError shows the charter form again with what was typed
// and why it was not saved.
func (s *App) renderCharterError(w http.ResponseWriter, r *http.Request, typed accord.Alliance, err error) error {
	settings, serr := s.Svc.SPCSettings(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if serr != nil {
		return serr
	}
	w.WriteHeader(edge.StatusOf(accord.ErrorCode(err)))
	s.render(w, r, "charter_edit", views.PageData{Title: "Edit charter", Nav: "home", Error: accord.ErrorMessage(err), Field: accord.ErrorField(err),
		Data: charterView{typed, settings}})
	return nil
}

// charterView is what charter_edit.html shows: the charter and how the
// alliance reads its charts.
type charterView struct {
	accord.Alliance
	SPC accord.SPCSettings
}

func (s *App) charterSubmit(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	name, vision, values := r.PostFormValue("name"), r.PostFormValue("vision"), r.PostFormValue("values")
	u := accord.CharterUpdate{Name: &name, Vision: &vision, Values: &values}
	byProtocol := ac.Alliance.SharingByProtocol
	switch r.PostFormValue("sharing") {
	case "open":
		byProtocol = false
		u.SharingByProtocol = &byProtocol
	case "protocol":
		byProtocol = true
		u.SharingByProtocol = &byProtocol
	case "":
	default:
		return s.renderCharterError(w, r, accord.Alliance{Name: name, Vision: vision, Values: values, Slug: ac.Alliance.Slug, SharingByProtocol: byProtocol},
			accord.FieldError("sharing", "must be open or protocol"))
	}
	_, err := s.Svc.UpdateCharter(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, u)
	if err != nil {
		return s.renderCharterError(w, r, accord.Alliance{Name: name, Vision: vision, Values: values, Slug: ac.Alliance.Slug, SharingByProtocol: byProtocol}, err)
	}
	flash(w, "The charter has been saved.")
	http.Redirect(w, r, "/a/"+ac.Alliance.Slug, http.StatusSeeOther)
	return nil
}

func (s *App) partyCreate(w http.ResponseWriter, r *http.Request) error {
	ac, sess := edge.AllianceOf(r), edge.SessionOf(r)
	o, err := s.Svc.EnsureOrganization(r.Context(), sess.Actor, r.PostFormValue("organization"))
	if err != nil {
		return backTo("/a/"+ac.Alliance.Slug, err)
	}
	p := accord.Party{AllianceID: ac.Alliance.ID, OrgID: o.ID, Role: accord.PartyRole(r.PostFormValue("role")),
		Brings: r.PostFormValue("brings"), Expects: r.PostFormValue("expects")}
	if err := s.Svc.AddParty(r.Context(), sess.Actor, &p); err != nil {
		return backTo("/a/"+ac.Alliance.Slug, err)
	}
	flash(w, o.Name+" has joined the alliance as a party.")
	http.Redirect(w, r, "/a/"+ac.Alliance.Slug+"#parties", http.StatusSeeOther)
	return nil
}

// failBack reports an invalid form submitted from a page that shows many
// things: that page (to) is shown again with the error next to its field
// and the entries kept (showFormError), or failing that the message goes
// back with a redirect.
func (s *App) failBack(w http.ResponseWriter, r *http.Request, to string, err error) {
	if code := accord.ErrorCode(err); code == accord.EINTERNAL || code == accord.ENOTFOUND {
		s.Fail(w, r, err)
		return
	}
	if s.showFormError(w, r, to, err) {
		return
	}
	flashError(w, accord.ErrorField(err), accord.ErrorMessage(err))
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *App) partyEditPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	p, err := s.Svc.Party(r.Context(), ac.Alliance.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	s.render(w, r, "party_edit", views.PageData{Title: "Edit " + p.OrgName, Nav: "home", Data: p})
	return nil
}

func (s *App) partySubmit(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	role := accord.PartyRole(r.PostFormValue("role"))
	brings, expects := r.PostFormValue("brings"), r.PostFormValue("expects")
	p, err := s.Svc.UpdateParty(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, r.PathValue("id"), accord.PartyUpdate{Role: &role, Brings: &brings, Expects: &expects})
	if err != nil {
		if accord.ErrorCode(err) != accord.EINVALID {
			return err
		}
		w.WriteHeader(http.StatusUnprocessableEntity)
		p, _ = s.Svc.Party(r.Context(), ac.Alliance.ID, r.PathValue("id"))
		p.Role, p.Brings, p.Expects = role, brings, expects
		s.render(w, r, "party_edit", views.PageData{Title: "Edit " + p.OrgName, Nav: "home", Error: accord.ErrorMessage(err), Field: accord.ErrorField(err), Data: p})
		return nil
	}
	flash(w, p.OrgName+" has been updated.")
	http.Redirect(w, r, "/a/"+ac.Alliance.Slug+"#parties", http.StatusSeeOther)
	return nil
}
