package ui

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/initiative"
	"github.com/accord-alliance/accord/internal/settle"
	"github.com/accord-alliance/accord/internal/views"
)

//go:embed all:templates static
var Assets embed.FS

// Pages are the parsed page templates, by name.
type Pages struct {
	byName map[string]*template.Template
}

func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"date":       func(t time.Time) string { return t.UTC().Format("2 Jan 2006") },
		"datetime":   func(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 UTC") },
		"paras":      paragraphs,
		"lines":      lines,
		"fields":     views.AuditFields,
		"categories": accord.AllCategories,
		"segword":    views.SegmentWord,
		"month":      func(t time.Time) string { return t.UTC().Format("Jan 2006") },
		// dueDate names the last day data may arrive: a due moment at
		// midnight is the end of the day before.
		"dueDate":      func(t time.Time) string { return t.Add(-time.Nanosecond).UTC().Format("2 Jan 2006") },
		"label":        views.Humanize,
		"initials":     initials,
		"roleLabel":    func(r accord.Role) string { return r.Label() },
		"partyRole":    func(r accord.PartyRole) string { return r.Label() },
		"roles":        accord.AllRoles,
		"partyRoles":   accord.AllPartyRoles,
		"hasRole":      func(rs accord.Roles, r accord.Role) bool { return rs.Has(r) },
		"deref":        func(t *time.Time) time.Time { return *t },
		"ruleLabel":    views.RuleLabel,
		"cadence":      views.Cadence,
		"quorumText":   views.QuorumText,
		"rolePlural":   views.RolePlural,
		"agendaKind":   views.AgendaKind,
		"quorumData":   views.QuorumData,
		"markdown":     markdown,
		"fieldLabel":   settle.PlainField,
		"concernTitle": views.ConcernTitle,
		"money":        views.Money,
		"pct":          views.RateText,
		"irrText":      views.IRRText,
		"figureIRR":    views.FigureIRRText,
		"fig":          views.FigureText,
		"dayText":      views.DayText,
		"dimLabel":     func(d string) string { return initiative.Dimension(d).Label() },
		"scoreLabel":   func(sc string) string { return initiative.Score(sc).Label() },
		"gateLabel":    func(d string) string { return initiative.Decision(d).Label() },
		"initKind":     views.KindLabel,
	}
}

// LoadPages parses each page template with the shared layout and partials.
func LoadPages() (*Pages, error) {
	shared, err := template.New("").Funcs(templateFuncs()).ParseFS(Assets, "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	files, err := fs.Glob(Assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &Pages{byName: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(shared.Clone()).ParseFS(Assets, f)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (s *App) render(w http.ResponseWriter, r *http.Request, name string, d views.PageData) {
	t, ok := s.pages.byName[name]
	if !ok {
		s.Log.Error("no such page template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	sess := edge.SessionOf(r)
	d.User = sess.User
	if ac := edge.AllianceOf(r); ac != nil {
		d.Alliance, d.Member = &ac.Alliance, &ac.Member
		d.Allow = func(a access.Action) bool { return access.Allowed(ac.Member.Roles, sess.Actor.Scope, a) }
	}
	if d.User != nil && d.Alliances == nil {
		d.Alliances, _ = s.AlliancesOf(r.Context(), d.User.ID)
	}
	failed := failureOf(r, d)
	if failed != nil && d.Error == "" {
		d.Error, d.Field = failed.Msg, failed.Field
	}
	if d.Flash == "" {
		if f := takeFlash(w, r); !f.Err {
			d.Flash = f.Msg
		} else if d.Error == "" {
			d.Error, d.Field = f.Msg, f.Field
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if body, ok := d.Data.(pageBody); ok {
		halves, err := s.pageChrome(t, name, d, sess.Actor.Scope)
		if err != nil {
			s.Log.Error("render", "page", name, "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		if failed != nil {
			s.writeFailedForm(w, r, failed, slices.Concat(halves[0], body, halves[1]))
			return
		}
		// The whole page is known: say how long it is, so it goes out in
		// one piece rather than chunked.
		w.Header().Set("Content-Length", strconv.Itoa(len(halves[0])+len(body)+len(halves[1])))
		w.Write(halves[0])
		w.Write(body)
		w.Write(halves[1])
		return
	}
	buf := s.pageBuffer()
	defer s.releasePageBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout", d); err != nil {
		s.Log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if failed != nil {
		s.writeFailedForm(w, r, failed, buf.Bytes())
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

// writeFailedForm writes a page answering a refused form, with the error
// next to its field and the entries kept (markFormError).
func (s *App) writeFailedForm(w http.ResponseWriter, r *http.Request, f *formFailure, page []byte) {
	page = markFormError(page, r.URL.Path, f)
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	if f.Status != 0 {
		w.WriteHeader(f.Status)
	}
	w.Write(page)
}

// pageChrome returns the layout of a page whose data part is a pageBody,
// cut in two where the body goes. Executing the layout (navigation, roles,
// the alliance switcher) cost more than the rest of a repeat view, so the
// halves are kept per chromeKey: everything the layout and such a page's
// "content" template read (TestChromeKeyCoversTheLayout keeps the two in
// step).
func (s *App) pageChrome(t *template.Template, name string, d views.PageData, scope string) ([2][]byte, error) {
	key, err := chromeKeyOf(name, d, scope)
	if err != nil {
		return [2][]byte{}, err
	}
	if v, ok := s.Chrome.Get(key); ok {
		return v.([2][]byte), nil
	}
	d.Data = template.HTML(bodyMarker)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", d); err != nil {
		return [2][]byte{}, err
	}
	before, after, found := bytes.Cut(buf.Bytes(), []byte(bodyMarker))
	if !found || bytes.Contains(after, []byte(bodyMarker)) {
		return [2][]byte{}, fmt.Errorf("the layout of %s must show its body exactly once", name)
	}
	halves := [2][]byte{before, after}
	s.Chrome.Put(key, halves)
	return halves, nil
}

// chromeKey is what the layout around a pageBody shows: the page, its title
// and navigation entry, the flash and error lines, the viewer, the alliance,
// the membership (party, roles, unread count) and the token's scope (which
// with the roles decide what .Can allows), and the alliances to switch to.
type chromeKey struct {
	Page, Title, Nav, Flash, Error, ErrorLead, Field, Scope string
	User                                                    *chromeUser
	Alliance                                                *chromeAlliance
	Member                                                  *chromeMember
	Alliances                                               []chromeAlliance
}

type chromeUser struct {
	Name       string
	SuperAdmin bool
}

type chromeAlliance struct{ ID, Slug, Name string }

type chromeMember struct {
	PartyName string
	Roles     accord.Roles
	Unread    int
}

// chromeKeyOf writes a page's chromeKey as JSON, which escapes whatever
// the names hold.
func chromeKeyOf(name string, d views.PageData, scope string) (string, error) {
	k := chromeKey{Page: name, Title: d.Title, Nav: d.Nav, Flash: d.Flash, Error: d.Error, ErrorLead: d.ErrorLead, Field: d.Field, Scope: scope}
	if d.User != nil {
		k.User = &chromeUser{Name: d.User.Name, SuperAdmin: d.User.SuperAdmin}
	}
	if d.Alliance != nil {
		k.Alliance = &chromeAlliance{ID: d.Alliance.ID, Slug: d.Alliance.Slug, Name: d.Alliance.Name}
	}
	if d.Member != nil {
		k.Member = &chromeMember{PartyName: d.Member.PartyName, Roles: d.Member.Roles, Unread: d.Member.Unread}
	}
	for _, a := range d.Alliances {
		k.Alliances = append(k.Alliances, chromeAlliance{ID: a.ID, Slug: a.Slug, Name: a.Name})
	}
	b, err := json.Marshal(k)
	return string(b), err
}

// pageBody is the data part of a page rendered once and cached (the
// scorecard's, a KPI page's). render writes it between the halves of the
// layout (pageChrome), rather than printing it through the template: a
// half-megabyte body is then neither copied through fmt nor into the page
// buffer on every view.
type pageBody []byte

// bodyMarker stands for a pageBody in the rendered layout. Text the
// templates print is escaped, so only the marker itself can look like it.
const bodyMarker = "<!--accord:page-body-->"

// maxPooledPage bounds the buffers kept for reuse, so one huge page does
// not pin its memory for good.
const maxPooledPage = 4 << 20

func (s *App) pageBuffer() *bytes.Buffer {
	if b, ok := s.PageBufs.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

func (s *App) releasePageBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooledPage {
		s.PageBufs.Put(b)
	}
}

// fragment renders one named template of a page on its own, for caching.
func (s *App) fragment(page, name string, d views.PageData) (template.HTML, error) {
	t, ok := s.pages.byName[page]
	if !ok {
		return "", fmt.Errorf("no page template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, d); err != nil {
		return "", fmt.Errorf("render %s/%s: %w", page, name, err)
	}
	return template.HTML(buf.String()), nil
}

const flashCookie = "accord_flash"

// flash leaves a one-line message for the next page the browser loads.
func flash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: encodeFlash(msg), Path: "/", MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// flashError leaves an error for the next page the browser loads, which
// shows it as an alert naming the field, not as a note of success.
func flashError(w http.ResponseWriter, field, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: encodeErrorFlash(field, msg), Path: "/", MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func takeFlash(w http.ResponseWriter, r *http.Request) flashNote {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return flashNote{}
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1})
	return parseFlash(c.Value)
}

func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "-•*")); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func initials(name string) string {
	var b strings.Builder
	for _, f := range strings.Fields(name) {
		if strings.HasSuffix(f, ".") && len(f) <= 5 { // a title such as Dr. or Prof.
			continue
		}
		b.WriteString(strings.ToUpper(string([]rune(f)[:1])))
		if b.Len() >= 2 {
			break
		}
	}
	return b.String()
}

// RenderError is the error page fail answers a browser with.
func (s *App) RenderError(w http.ResponseWriter, r *http.Request, status int, err error) {
	w.WriteHeader(status)
	s.render(w, r, "error", views.PageData{Title: http.StatusText(status), Data: map[string]any{"Status": status, "Message": accord.ErrorMessage(err)}})
}
