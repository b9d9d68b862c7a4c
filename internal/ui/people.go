package ui

import (
	"net/http"
	"strconv"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

type peopleView struct {
	Members     []accord.Membership
	Invitations []accord.Invitation
	Parties     []accord.Party
	InviteLink  string
	Invite      accord.Invitation
	// SecondFactor is the alliance's second-factor rule, for its admins.
	SecondFactor string
}

func (s *App) peopleView(r *http.Request) (peopleView, error) {
	ac := edge.AllianceOf(r)
	var v peopleView
	var err error
	if v.Members, err = s.Svc.ListMembers(r.Context(), ac.Alliance.ID); err != nil {
		return v, err
	}
	if v.Parties, err = s.Svc.ListParties(r.Context(), ac.Alliance.ID); err != nil {
		return v, err
	}
	if access.Allowed(ac.Member.Roles, "", access.ViewInvitations) {
		all, err := s.Svc.ListInvitations(r.Context(), ac.Alliance.ID)
		if err != nil {
			return v, err
		}
		if v.SecondFactor, err = s.Svc.SecondFactorRule(r.Context(), ac.Alliance.ID); err != nil {
			return v, err
		}
		now := s.Now()
		for _, i := range all {
			if i.Status(now) == "pending" {
				v.Invitations = append(v.Invitations, i)
			}
		}
	}
	return v, nil
}

func (s *App) peoplePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.peopleView(r)
	if err != nil {
		return err
	}
	s.render(w, r, "people", views.PageData{Title: "People", Nav: "people", Data: v})
	return nil
}

// inviteCreate records an invitation and shows its link once, on the page
// itself rather than through a redirect, so it is never stored anywhere else.
func (s *App) inviteCreate(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	r.ParseForm()
	var roles []accord.Role
	for _, v := range r.PostForm["roles"] {
		roles = append(roles, accord.Role(v))
	}
	inv := accord.Invitation{AllianceID: ac.Alliance.ID, Email: r.PostFormValue("email"), PartyID: r.PostFormValue("party_id"), Roles: roles}
	err := s.Svc.CreateInvitation(r.Context(), edge.SessionOf(r).Actor, &inv)
	v, verr := s.peopleView(r)
	if verr != nil {
		return verr
	}
	d := views.PageData{Title: "People", Nav: "people", Data: &v}
	if err != nil {
		if accord.ErrorCode(err) == accord.EINTERNAL {
			return err
		}
		w.WriteHeader(edge.StatusOf(accord.ErrorCode(err)))
		d.Error, d.Field, v.Invite = accord.ErrorMessage(err), accord.ErrorField(err), inv
	} else {
		v.InviteLink = s.BaseURL(r) + "/invite/" + inv.Token
		d.Flash = "Invitation created for " + inv.Email + ". Send them this link; it is shown only once and works for 14 days."
		if s.MailInvitation(r, inv, v.InviteLink) {
			d.Flash = "Invitation e-mailed to " + inv.Email + ". The link is also below, shown only once; it works for 14 days."
		} else if s.Cfg.Mailer != nil {
			d.Flash = "Invitation created, but the e-mail to " + inv.Email + " could not be sent. Send them this link yourself; it is shown only once."
		}
	}
	s.render(w, r, "people", d)
	return nil
}

func (s *App) inviteRevoke(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	if err := s.Svc.RevokeInvitation(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, r.PathValue("id")); err != nil {
		return err
	}
	flash(w, "The invitation has been revoked.")
	http.Redirect(w, r, "/a/"+ac.Alliance.Slug+"/people", http.StatusSeeOther)
	return nil
}

// memberSubmit changes a member's roles and party, or (de)activates them.
func (s *App) memberSubmit(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	r.ParseForm()
	var u accord.MemberUpdate
	switch r.PostFormValue("action") {
	case "deactivate", "reactivate":
		active := r.PostFormValue("action") == "reactivate"
		u.Active = &active
	default:
		for _, v := range r.PostForm["roles"] {
			u.Roles = append(u.Roles, accord.Role(v))
		}
		if u.Roles == nil {
			u.Roles = accord.Roles{}
		}
		u.PartyID = r.PostFormValue("party_id")
	}
	m, err := s.Svc.UpdateMember(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, r.PathValue("id"), u)
	back := "/a/" + ac.Alliance.Slug + "/people"
	if err != nil {
		return backTo(back, err)
	}
	s.ForgetAlliances(m.UserID)
	flash(w, m.UserName+" has been updated.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

func (s *App) auditPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	q := r.URL.Query()
	f := accord.AuditFilter{AllianceID: ac.Alliance.ID, Entity: q.Get("entity"), Action: q.Get("action"), Query: q.Get("q"), Limit: 50}
	for _, v := range []string{f.Entity, f.Action, f.Query} {
		if !edge.Storable(v) {
			return accord.Errorf(accord.EINVALID, "the filter is not valid text")
		}
	}
	f.BeforeSeq, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	entries, err := s.Svc.ListAudit(r.Context(), f)
	if err == nil {
		entries, err = s.ShareAudit(r, entries)
	}
	if err != nil {
		return err
	}
	var more int64
	if len(entries) == f.Limit {
		more = entries[len(entries)-1].Seq
	}
	s.render(w, r, "audit", views.PageData{Title: "Audit trail", Nav: "audit", Data: map[string]any{
		"Entries": entries, "Filter": f, "More": more,
		"Entities": []string{"alliance", "charter", "party", "membership", "invitation"},
		"Actions":  []string{"create", "update", "accept", "revoke"},
	}})
	return nil
}

// secondFactorRule sets who in the alliance must have a second factor to
// sign in with a password; it applies from each person's next sign-in.
func (s *App) secondFactorRule(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	to := "/a/" + ac.Alliance.Slug + "/people"
	if err := s.Svc.SetSecondFactorRule(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, r.PostFormValue("second_factor")); err != nil {
		return backTo(to, err)
	}
	flash(w, "The second-factor rule is saved. It applies from each person's next sign-in.")
	http.Redirect(w, r, to+"#second-factor", http.StatusSeeOther)
	return nil
}
