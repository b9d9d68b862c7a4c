// Package packet builds the check-in packet of a meeting — what attendees
// read before it — into an HTML document and, given a printer, a PDF, and
// e-mails it to the committee's seat-holders before the meeting. It knows
// neither HTTP nor the database: the server gathers a packet's data for a
// reader (applying the alliance's data-sharing rules) and cli wires the
// scheduled job that mails packets onto the job runner.
package packet

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/scorecard"
)

//go:embed packet.html packet.css
var files embed.FS

// Assets holds the packet's style sheet, packet.css, which the server
// serves under /static/ for the printable page.
var Assets fs.FS = files

// Stylesheet returns the packet's style sheet.
func Stylesheet() []byte {
	css, err := files.ReadFile("packet.css")
	if err != nil {
		panic(err) // embedded above: cannot be missing
	}
	return css
}

var page = template.Must(template.New("packet").Funcs(template.FuncMap{
	"label":     label,
	"roleLabel": func(r accord.Role) string { return r.Label() },
}).ParseFS(files, "packet.html"))

// View is the check-in packet: what attendees read before a meeting.
type View struct {
	// Health is the latest survey round's page; nil when none has closed.
	Health     *Health
	Alliance   accord.Alliance
	Meeting    accord.Meeting
	Committee  accord.Committee
	Seats      []accord.Seat
	Agenda     []accord.AgendaItem
	Categories []Category
	// Signals are the open problems; Improvements, good news, are listed
	// apart and not counted with them.
	Signals      []accord.Signal
	Improvements []accord.Signal
	Concerns     []accord.Concern
	Decisions    []accord.Motion
	Actions      []accord.ActionItem
	Portfolio    Portfolio
	Since        time.Time
	Generated    time.Time
	Now          time.Time
	URL          string
	// Inline puts the style sheet into the document, for printing to PDF
	// and e-mail, where there is no server to fetch it from.
	Inline bool
	CSS    template.CSS
}

// Category is a group of scorecard tiles.
type Category struct {
	Label string
	Tiles []Tile
}

// Tile is one KPI on the packet's scorecard, as its reader may see it.
type Tile struct {
	KPI     accord.KPI
	Value   string
	Period  string
	Target  string
	Status  scorecard.Status
	Spark   template.HTML
	Late    string
	NoValue string
	// Provisional marks a latest figure from a report its sender has not
	// finalised (a pending FHIR report), as the scorecard's tile does.
	Provisional bool
}

// Render writes the packet as a whole HTML document.
func Render(v View) ([]byte, error) {
	if v.Inline {
		v.CSS = template.CSS(Stylesheet())
	}
	var buf bytes.Buffer
	if err := page.ExecuteTemplate(&buf, "packet", v); err != nil {
		return nil, fmt.Errorf("render packet: %w", err)
	}
	return buf.Bytes(), nil
}

// Filename is the packet's file name without its extension.
func Filename(m accord.Meeting) string {
	return "packet-" + m.CommitteeKey + "-" + m.StartsAt.Format("2006-01-02")
}

// ServingSeats returns the seats of c held on the meeting's day.
func ServingSeats(c accord.Committee, day time.Time) []accord.Seat {
	var out []accord.Seat
	for _, s := range c.Seats {
		if s.Serving(accord.Day(day)) {
			out = append(out, s)
		}
	}
	return out
}

// label turns a stored code into words ("patient_safety" → "Patient
// safety"), as the application's pages do.
func label(s string) string {
	parts := strings.Split(s, "_")
	for i, w := range parts {
		if a, ok := acronyms[w]; ok {
			parts[i] = a
		}
	}
	s = strings.Join(parts, " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// acronyms are the code words people read in capitals.
var acronyms = map[string]string{"kpi": "KPI", "kpis": "KPIs", "spc": "SPC", "pmpm": "PMPM", "id": "ID", "fhir": "FHIR", "csv": "CSV"}
