package server

import (
	"context"
	"net/http"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
)

var errNotFound = accord.Errorf(accord.ENOTFOUND, "page not found")

// allianceCtx is the alliance a request is about and the viewer's place in it.
type allianceCtx struct {
	alliance accord.Alliance
	member   accord.Membership
}

func allianceOf(r *http.Request) *allianceCtx {
	ac, _ := r.Context().Value(allianceKey).(*allianceCtx)
	return ac
}

// signedIn sends anonymous browsers to the sign-in page.
func (s *Server) signedIn(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if sessionOf(r).user == nil {
			s.fail(w, r, accord.Errorf(accord.EUNAUTHORIZED, "sign in to continue"))
			return
		}
		h(w, r)
	}
}

// apiAuth answers 401 for API calls without a valid token or session.
func (s *Server) apiAuth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if sessionOf(r).user == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="accord"`)
			s.fail(w, r, accord.Errorf(accord.EUNAUTHORIZED, "authentication required: send a session cookie or an Authorization: Bearer token"))
			return
		}
		// Nothing is named with NUL or invalid UTF-8, and PostgreSQL would
		// answer such a lookup with an error rather than no rows.
		if !storable(r.URL.Path) {
			s.fail(w, r, errNotFound)
			return
		}
		h(w, r)
	}
}

// inAlliance loads the alliance named by {slug} and the viewer's active
// membership, then asks the access policy. A person who is not an active
// member gets the same 404 as for an alliance that does not exist, so that
// nobody learns which alliances exist; a member without the right gets 403.
func (s *Server) inAlliance(act access.Action, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := sessionOf(r)
		var a accord.Alliance
		var m accord.Membership
		if pre := sess.preloaded; pre != nil && pathSlug(r.URL.Path) == r.PathValue("slug") {
			if pre.alliance.ID == "" {
				s.fail(w, r, errNotFound)
				return
			}
			a, m = pre.alliance, pre.member
		} else {
			var err error
			if a, m, err = s.svc.MemberAlliance(r.Context(), r.PathValue("slug"), sess.user.ID); err != nil {
				s.fail(w, r, hideNotFound(err))
				return
			}
		}
		if !m.Active {
			s.fail(w, r, errNotFound)
			return
		}
		if !access.Allowed(m.Roles, sess.actor.Scope, act) {
			msg := "your roles in this alliance do not allow this"
			if sess.actor.Scope == accord.ScopeRead && access.Writes(act) {
				msg = "this API token is read-only"
			}
			s.fail(w, r, accord.Errorf(accord.EFORBIDDEN, "%s", msg))
			return
		}
		ctx := context.WithValue(r.Context(), allianceKey, &allianceCtx{alliance: a, member: m})
		h(w, r.WithContext(ctx))
	}
}

func hideNotFound(err error) error {
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return errNotFound
	}
	return err
}

// requireSuperAdmin guards installation-level actions (creating alliances).
func requireSuperAdmin(r *http.Request) error {
	sess := sessionOf(r)
	if sess.user == nil || !sess.user.SuperAdmin {
		return accord.Errorf(accord.EFORBIDDEN, "only installation admins can do this")
	}
	if sess.actor.Scope == accord.ScopeRead {
		return accord.Errorf(accord.EFORBIDDEN, "this API token is read-only")
	}
	return nil
}

// requireWrite refuses changes through read-only tokens outside alliances.
func requireWrite(r *http.Request) error {
	if sessionOf(r).actor.Scope == accord.ScopeRead {
		return accord.Errorf(accord.EFORBIDDEN, "this API token is read-only")
	}
	return nil
}
