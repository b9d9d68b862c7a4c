package views

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// NewAllianceForm is the new-alliance form: the alliance, and the creator's
// own organisation as its first party, with the creator as admin.
type NewAllianceForm struct {
	Name, Slug, Vision, Values, Organization, PartyRole string
}

// CreateAlliance creates an alliance with the creator's organisation as its
// first party and the creator as its admin and executive.
func (s *Loader) CreateAlliance(r *http.Request, f NewAllianceForm) (accord.Alliance, error) {
	ctx, sess := r.Context(), edge.SessionOf(r)
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
	if err := s.Svc.CreateAlliance(ctx, sess.Actor, &a); err != nil {
		return a, err
	}
	o, err := s.Svc.EnsureOrganization(ctx, sess.Actor, org.Name)
	if err != nil {
		return a, err
	}
	p := accord.Party{AllianceID: a.ID, OrgID: o.ID, Role: role}
	if err := s.Svc.AddParty(ctx, sess.Actor, &p); err != nil {
		return a, err
	}
	m := accord.Membership{AllianceID: a.ID, UserID: sess.User.ID, PartyID: p.ID, Roles: accord.Roles{accord.RoleAdmin, accord.RoleExecutive}}
	defer s.ForgetAlliances(sess.User.ID)
	return a, s.Svc.AddMember(ctx, sess.Actor, &m)
}
