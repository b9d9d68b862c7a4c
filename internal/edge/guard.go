package edge

import (
	"context"
	"net/http"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
)

// ErrNotFound is the one "page not found" every missing or hidden thing answers.
var ErrNotFound = accord.Errorf(accord.ENOTFOUND, "page not found")

// AllianceCtx is the alliance a request is about and the viewer's place in it.
type AllianceCtx struct {
	Alliance accord.Alliance
	Member   accord.Membership
}

// AllianceOf is the alliance the request is about and the viewer's place in
// it, as InAlliance found them; nil outside an alliance's routes.
func AllianceOf(r *http.Request) *AllianceCtx {
	ac, _ := r.Context().Value(allianceKey).(*AllianceCtx)
	return ac
}

// SignedIn sends anonymous browsers to the sign-in page.
func (s *Edge) SignedIn(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if SessionOf(r).User == nil {
			s.Fail(w, r, accord.Errorf(accord.EUNAUTHORIZED, "sign in to continue"))
			return
		}
		h(w, r)
	}
}

// InAlliance loads the alliance named by {slug} and the viewer's active
// membership, then asks the access policy. A person who is not an active
// member gets the same 404 as for an alliance that does not exist, so that
// nobody learns which alliances exist; a member without the right gets 403.
func (s *Edge) InAlliance(act access.Action, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := SessionOf(r)
		var a accord.Alliance
		var m accord.Membership
		if pre := sess.preloaded; pre != nil && pathSlug(r.URL.Path) == r.PathValue("slug") {
			if pre.Alliance.ID == "" {
				s.Fail(w, r, ErrNotFound)
				return
			}
			a, m = pre.Alliance, pre.Member
		} else {
			var err error
			if a, m, err = s.Svc.MemberAlliance(r.Context(), r.PathValue("slug"), sess.User.ID); err != nil {
				s.Fail(w, r, HideNotFound(err))
				return
			}
		}
		if !m.Active {
			s.Fail(w, r, ErrNotFound)
			return
		}
		if !access.Allowed(m.Roles, sess.Actor.Scope, act) {
			msg := "your roles in this alliance do not allow this"
			if sess.Actor.Scope == accord.ScopeRead && access.Writes(act) {
				msg = "this API token is read-only"
			}
			s.Fail(w, r, accord.Errorf(accord.EFORBIDDEN, "%s", msg))
			return
		}
		ctx := context.WithValue(r.Context(), allianceKey, &AllianceCtx{Alliance: a, Member: m})
		h(w, r.WithContext(ctx))
	}
}

// HideNotFound turns a "not found" of something inside an alliance into the
// plain ErrNotFound, so that its message names nothing.
func HideNotFound(err error) error {
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return ErrNotFound
	}
	return err
}

// RequireSuperAdmin guards installation-level actions (creating alliances).
func RequireSuperAdmin(r *http.Request) error {
	sess := SessionOf(r)
	if sess.User == nil || !sess.User.SuperAdmin {
		return accord.Errorf(accord.EFORBIDDEN, "only installation admins can do this")
	}
	if sess.Actor.Scope == accord.ScopeRead {
		return accord.Errorf(accord.EFORBIDDEN, "this API token is read-only")
	}
	return nil
}

// RequireWrite refuses changes through read-only tokens outside alliances.
func RequireWrite(r *http.Request) error {
	if SessionOf(r).Actor.Scope == accord.ScopeRead {
		return accord.Errorf(accord.EFORBIDDEN, "this API token is read-only")
	}
	return nil
}
