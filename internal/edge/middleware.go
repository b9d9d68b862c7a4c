package edge

import (
	"context"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// contentSecurityPolicy allows nothing but accord's own files: no inline
// script or style, no framing, forms only to accord itself.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"

type statusRecorder struct {
	http.ResponseWriter
	code int
}

// WriteHeader notes the status before writing it.
func (r *statusRecorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Write notes an implicit 200 before the first bytes.
func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Observe logs each request (without query strings, which may hold tokens)
// and records its metrics.
func (s *Edge) Observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		r, pattern := withPatternNote(r)
		next.ServeHTTP(rec, r)
		if rec.code == 0 {
			rec.code = http.StatusOK
		}
		d := time.Since(start)
		s.Metrics.observe(r, *pattern, rec.code, d)
		if operational(r.URL.Path) || concernPath(r) || HealthAnswerPath(r.URL.Path) {
			return
		}
		s.Log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", logPath(r)),
			slog.Int("status", rec.code), slog.Duration("duration", d))
	})
}

// operational reports whether a path is one that monitoring calls: health,
// readiness and metrics. They read no credentials, so that a probe sending
// a stale header still gets its answer, and they are not logged.
func operational(p string) bool { return p == "/healthz" || p == "/readyz" || p == "/metrics" }

// concernPath reports whether a request raises or follows up a concern:
// those are never logged, so that no log line dates an anonymous report
// more finely than the day its record keeps.
func concernPath(r *http.Request) bool {
	p := r.URL.Path
	return p == "/concern" || strings.HasSuffix(p, "/concerns/new") || reporterPath(p) || raisesConcernAPI(r) || intakePath(p)
}

// HealthAnswerPath reports whether a path answers a partnership health
// survey (the page /a/{slug}/health/answer or the API's
// /api/v1/alliances/{slug}/health/answer): such requests are never logged
// and a token sent with them is looked up without noting its use, so that
// nothing dates a person's answer more finely than the round's days.
func HealthAnswerPath(p string) bool {
	for _, prefix := range []string{"/a/", "/api/v1/alliances/"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			_, sub, _ := strings.Cut(rest, "/")
			return sub == "health/answer"
		}
	}
	return false
}

// intakePath reports whether a path is under an alliance's intake link
// (the page /intake/{token} or POST /api/v1/intake/{token}/concerns), at
// which people without an account raise a concern: no credentials are
// read, nothing is logged, and the token never reaches a log line.
func intakePath(p string) bool {
	return strings.HasPrefix(p, "/intake/") || strings.HasPrefix(p, "/api/v1/intake/")
}

// reporterPath reports whether a path is the reporter's follow-up through
// the API, which needs nobody signed in: credentials sent with it are
// neither checked nor touched.
func reporterPath(p string) bool { return strings.HasPrefix(p, "/api/v1/concerns/") }

// raisesConcernAPI reports whether a request raises a concern through the
// API (POST /api/v1/alliances/{slug}/concerns): its token is looked up
// without noting its use, which would date an anonymous report.
func raisesConcernAPI(r *http.Request) bool {
	rest, ok := strings.CutPrefix(r.URL.Path, "/api/v1/alliances/")
	if !ok || r.Method != http.MethodPost {
		return false
	}
	_, sub, _ := strings.Cut(rest, "/")
	return sub == "concerns"
}

// logPath hides the secrets that travel in paths: one-time tokens
// (invitations, resets) and calendar-feed links, which are a lasting key.
func logPath(r *http.Request) string {
	p := r.URL.Path
	for _, prefix := range []string{"/invite/", "/reset/", "/feeds/", "/intake/", "/api/v1/intake/"} {
		if strings.HasPrefix(p, prefix) {
			return prefix + "…"
		}
	}
	return p
}

// RecoverPanics turns a panic into a logged 500 instead of a dropped connection.
func (s *Edge) RecoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.Error("panic", "path", logPath(r), "panic", v, "stack", string(debug.Stack()))
				s.Fail(w, r, accord.Errorf(accord.EINTERNAL, "internal error"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Secure sets the security headers, bounds request bodies and refuses
// cross-origin state-changing requests (Sec-Fetch-Site / Origin checks).
func (s *Edge) Secure(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Fail(w, r, accord.Errorf(accord.EFORBIDDEN, "cross-origin request refused"))
	}))
	inner := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if s.Cfg.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		limit := s.Cfg.MaxBodyBytes
		if isUpload(r) {
			limit = maxUploadBytes
		}
		if isClaimsUpload(r) {
			limit = MaxClaimsUpload
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		inner.ServeHTTP(w, r)
	})
}

// isUpload reports whether a request carries a data file (an import), whose
// body may be larger than a form's.
func isUpload(r *http.Request) bool {
	p := r.URL.Path
	return r.Method == http.MethodPost && (strings.HasSuffix(p, "/import") || strings.HasSuffix(p, "/imports") ||
		(strings.HasPrefix(p, "/api/") && strings.HasSuffix(p, "/observations")))
}

// session is who is asking, resolved once per request.
type session struct {
	User  *accord.User
	Actor accord.Actor
	Token string // session cookie value, for sign-out
	// preloaded is the alliance the request is about and the viewer's
	// membership, read with the session when the path names one.
	preloaded *AllianceCtx
}

// cookieSession resolves a browser session. On a page or API path under an
// alliance it reads the alliance and membership in the same statement, so
// the page needs one round trip to the database instead of two.
func (s *Edge) cookieSession(r *http.Request, token string) session {
	via := "web"
	if strings.HasPrefix(r.URL.Path, "/api/") {
		via = "api"
	}
	var u accord.User
	var pre *AllianceCtx
	if slug := pathSlug(r.URL.Path); slug != "" && Storable(slug) {
		user, a, m, err := s.Svc.SessionMember(r.Context(), token, slug)
		if err != nil {
			return session{}
		}
		u = user
		pre = &AllianceCtx{} // resolved: an empty one means "not a member"
		if a != nil && m != nil {
			pre = &AllianceCtx{Alliance: *a, Member: *m}
		}
	} else {
		user, err := s.Svc.SessionUser(r.Context(), token)
		if err != nil {
			return session{}
		}
		u = user
	}
	return session{User: &u, Token: token, preloaded: pre, Actor: accord.Actor{UserID: u.ID, Name: u.Name, SuperAdmin: u.SuperAdmin, Via: via}}
}

// pathSlug returns the alliance slug a path is under, or "".
func pathSlug(p string) string {
	for _, prefix := range []string{"/a/", "/api/v1/alliances/"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			slug, _, _ := strings.Cut(rest, "/")
			return slug
		}
	}
	return ""
}

type ctxKey int

const (
	sessionKey ctxKey = iota
	allianceKey
)

// SessionCookie is the name of the cookie that carries a browser's session.
const SessionCookie = "accord_session"

// Authenticate resolves a bearer token (API) or session cookie (browser)
// into the request's session. Handlers decide who may do what; only an
// invalid bearer token is refused here. Bearer tokens count only under
// /api/: pages know nobody but the session cookie's holder, so a token,
// whatever its scope, can never post a page's form (and a stale token
// cannot send a page to the sign-in page, which would send it there
// again). The reporter's follow-up, the intake link and the operational
// paths are served without resolving anyone: nothing about who sent them
// is read.
func (s *Edge) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var sess session
		if reporterPath(r.URL.Path) || operational(r.URL.Path) || intakePath(r.URL.Path) {
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sessionKey, &sess)))
			return
		}
		if h := r.Header.Get("Authorization"); isAPI(r) && strings.HasPrefix(h, "Bearer ") {
			lookup := s.Svc.TokenUser
			if raisesConcernAPI(r) || HealthAnswerPath(r.URL.Path) {
				lookup = s.Svc.TokenUserUnnoted
			}
			u, t, err := lookup(r.Context(), strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")))
			if err != nil {
				s.Fail(w, r, err)
				return
			}
			sess = session{User: &u, Actor: accord.Actor{UserID: u.ID, Name: u.Name, SuperAdmin: u.SuperAdmin, Via: "api", Scope: t.Scope}}
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			sess = s.cookieSession(r, c.Value)
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sessionKey, &sess)))
	})
}

// SessionOf is who the request comes from, as authentication found it.
func SessionOf(r *http.Request) *session {
	if s, ok := r.Context().Value(sessionKey).(*session); ok {
		return s
	}
	return &session{}
}
