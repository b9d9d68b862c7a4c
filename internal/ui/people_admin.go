package ui

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// peopleAdminPage lists every account of the installation, filtered by a
// part of a name or an address, for an export or an erasure
// (installation admins only; docs/security.md, "A person's data").
func (s *App) peopleAdminPage(w http.ResponseWriter, r *http.Request) error {
	if err := edge.RequireSuperAdmin(r); err != nil {
		return err
	}
	all, err := s.Svc.ListUsers(r.Context())
	if err != nil {
		return err
	}
	q := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("q")))
	var list []accord.User
	for _, u := range all {
		if q == "" || strings.Contains(strings.ToLower(u.Name), q) || strings.Contains(u.Email, q) {
			list = append(list, u)
		}
	}
	s.render(w, r, "people_admin", views.PageData{Title: "People of the installation", Data: map[string]any{"People": list, "Query": q}})
	return nil
}

// personKind is one kind of record on a person's page, with its count.
type personKind struct {
	Kind  string
	Count int
}

// personAdminPage shows what accord holds about a person and offers the
// export and, behind a confirmation, the erasure.
func (s *App) personAdminPage(w http.ResponseWriter, r *http.Request) error {
	if err := edge.RequireSuperAdmin(r); err != nil {
		return err
	}
	data, err := s.Svc.PersonData(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var kinds []personKind
	for k, rows := range data.Records {
		if len(rows) > 0 {
			kinds = append(kinds, personKind{strings.ReplaceAll(k, "_", " "), len(rows)})
		}
	}
	sort.Slice(kinds, func(i, j int) bool { return kinds[i].Kind < kinds[j].Kind })
	self := edge.SessionOf(r).User.ID == data.Account.ID
	s.render(w, r, "person_admin", views.PageData{Title: data.Account.Name, Data: map[string]any{
		"Person": data.Account, "Erased": data.Erased, "Kinds": kinds, "NotHere": data.NotHere, "Self": self}})
	return nil
}

// personDataDownload sends everything accord holds about a person as a
// JSON file.
func (s *App) personDataDownload(w http.ResponseWriter, r *http.Request) error {
	if err := edge.RequireSuperAdmin(r); err != nil {
		return err
	}
	data, err := s.Svc.PersonData(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="person-data.json"`)
	_, err = w.Write(b)
	return err
}

// personErase erases a departed person's identity, once confirmed.
func (s *App) personErase(w http.ResponseWriter, r *http.Request) error {
	if err := edge.RequireSuperAdmin(r); err != nil {
		return err
	}
	page := "/admin/people/" + r.PathValue("id")
	if !confirmed(r) {
		return backTo(page, errNotConfirmed("erase this person's identity"))
	}
	u, err := s.Svc.ErasePerson(r.Context(), edge.SessionOf(r).Actor, r.PathValue("id"))
	if err != nil {
		return backTo(page, err)
	}
	flash(w, "The person's identity has been erased: they are "+u.Name+" from now on, in every decision they took part in.")
	http.Redirect(w, r, page, http.StatusSeeOther)
	return nil
}
