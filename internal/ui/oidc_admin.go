package ui

import (
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// oidcAdminProvider is a provider on the installation admins' page, with
// its domain rules and the parties that require it.
type oidcAdminProvider struct {
	accord.OIDCProvider
	Rules    []accord.OIDCJoinRule
	Required []accord.OIDCRequirement
}

// oidcAdminPage lists the identity providers and offers to add one
// (installation admins only).
func (s *App) oidcAdminPage(w http.ResponseWriter, r *http.Request) error {
	if err := edge.RequireSuperAdmin(r); err != nil {
		return err
	}
	ps, err := s.Svc.ListOIDCProviders(r.Context())
	if err != nil {
		return err
	}
	list := make([]oidcAdminProvider, len(ps))
	for i, p := range ps {
		list[i].OIDCProvider = p
		if list[i].Rules, err = s.Svc.ListOIDCJoinRules(r.Context(), p.ID); err != nil {
			return err
		}
		if list[i].Required, err = s.Svc.ListOIDCRequirements(r.Context(), p.ID); err != nil {
			return err
		}
	}
	s.render(w, r, "oidc_admin", views.PageData{Title: "Sign-in providers", Data: map[string]any{
		"Providers": list, "Callback": s.BaseURL(r) + "/login/oidc/<name>/callback"}})
	return nil
}

// oidcProviderCreate adds an identity provider from the page's form.
func (s *App) oidcProviderCreate(w http.ResponseWriter, r *http.Request) error {
	if err := edge.RequireSuperAdmin(r); err != nil {
		return err
	}
	p := accord.OIDCProvider{Name: r.PostFormValue("name"), Label: r.PostFormValue("label"), Issuer: r.PostFormValue("issuer"),
		ClientID: r.PostFormValue("client_id"), SecretRef: r.PostFormValue("secret_ref"), EmailClaim: r.PostFormValue("email_claim"),
		NameClaim: r.PostFormValue("name_claim"), Domains: strings.FieldsFunc(r.PostFormValue("domains"), func(c rune) bool { return c == ',' || c == ' ' || c == '\n' })}
	if err := s.Svc.CreateOIDCProvider(r.Context(), edge.SessionOf(r).Actor, &p); err != nil {
		return backTo("/admin/sign-in", err)
	}
	flash(w, "People can now sign in with "+p.Label+". Register "+s.oidcRedirect(r, p)+" as the redirect address at the provider.")
	http.Redirect(w, r, "/admin/sign-in", http.StatusSeeOther)
	return nil
}

// oidcProviderRemove removes an identity provider, once confirmed.
func (s *App) oidcProviderRemove(w http.ResponseWriter, r *http.Request) error {
	if err := edge.RequireSuperAdmin(r); err != nil {
		return err
	}
	if !confirmed(r) {
		return backTo("/admin/sign-in", errNotConfirmed("remove this provider"))
	}
	if err := s.Svc.DeleteOIDCProvider(r.Context(), edge.SessionOf(r).Actor, r.PathValue("name")); err != nil {
		return backTo("/admin/sign-in", err)
	}
	flash(w, "The provider has been removed. People who signed in with it sign in with a password or another provider.")
	http.Redirect(w, r, "/admin/sign-in", http.StatusSeeOther)
	return nil
}
