package packet_test

import (
	"context"
	"errors"
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/packet"
	"github.com/accord-alliance/accord/internal/scorecard"
)

var starts = time.Date(2026, 12, 10, 14, 0, 0, 0, time.UTC)

// sampleView is a small packet: one seat, one tile, one signal, one
// concern, one decision and one action item.
func sampleView() packet.View {
	c := accord.Committee{Key: "steering", Name: "Steering committee"}
	m := accord.Meeting{ID: "m1", CommitteeKey: "steering", StartsAt: starts, Minutes: 60, Location: "Board room", Status: accord.MeetingScheduled}
	return packet.View{
		Alliance: accord.Alliance{Slug: "north-valley", Name: "North Valley <Alliance>"}, Committee: c, Meeting: m,
		Seats:  []accord.Seat{{HolderName: "Ada Chair", PartyName: "Plan", Role: accord.RoleClinicalLeader, Chair: true}},
		Agenda: []accord.AgendaItem{{Title: "HbA1c control is red", Detail: "Below target for 3 months"}},
		Categories: []packet.Category{{Label: "Quality", Tiles: []packet.Tile{{KPI: accord.KPI{Name: "HbA1c control"}, Value: "61.5%", Period: "Nov 2026",
			Target: "target 70%", Status: scorecard.Red, Spark: template.HTML(`<svg class="spark"></svg>`)},
			{KPI: accord.KPI{Name: "Breast cancer screening"}, Value: "70.1%", Period: "Nov 2026", Target: "target 75%", Status: scorecard.Amber, Provisional: true}}}},
		Signals:   []accord.Signal{{Sentence: "HbA1c control is below its lower limit", OwnerName: "Ada Chair", Status: accord.SignalOpen}},
		Concerns:  []accord.Concern{{Category: accord.ConcernPatientSafety, Severity: "high", Status: "open", RaisedOn: starts.AddDate(0, 0, -3), AckDueAt: starts.AddDate(0, 0, 1)}},
		Decisions: []accord.Motion{{Number: 4, Title: "Fund the outreach nurse", CommitteeName: "Steering committee", Status: "passed"}},
		Actions:   []accord.ActionItem{{Title: "Call the clinics", OwnerName: "Bo", DueOn: starts.AddDate(0, 0, -1)}},
		Generated: starts.AddDate(0, 0, -2), Now: starts.AddDate(0, 0, -2), URL: "https://accord.example.org/a/north-valley/meetings/m1",
	}
}

// TestRender: the packet is one HTML document with every section, the
// style sheet linked for the page and inlined for print and e-mail, and
// what people typed escaped.
func TestRender(t *testing.T) {
	v := sampleView()
	page, err := packet.Render(v)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{"<title>Steering committee — 10 December 2026 — check-in packet</title>",
		`<link rel="stylesheet" href="/static/packet.css">`, "North Valley &lt;Alliance&gt;", "Ada Chair", "Clinical leader, chair",
		"HbA1c control is red", "61.5%", `<svg class="spark"></svg>`, "1 open problem)", "HbA1c control is below its lower limit",
		"Patient safety", "4. Fund the outreach nurse", "Passed", "Call the clinics", "Board room", v.URL,
		`70.1% <span class="p-muted">Nov 2026</span> <span class="p-provisional">provisional</span>`} {
		if !strings.Contains(html, want) {
			t.Errorf("the packet lacks %q", want)
		}
	}
	if strings.Contains(html, "<style>") {
		t.Error("the page for the browser inlines its style sheet; want it linked")
	}
	v.Inline = true
	page, err = packet.Render(v)
	if err != nil {
		t.Fatal(err)
	}
	if html := string(page); !strings.Contains(html, "<style>"+string(packet.Stylesheet())) || strings.Contains(html, "/static/packet.css") {
		t.Error("the packet for print does not carry its own style sheet")
	}
}

// TestRenderEmpty: an empty packet says so in words, section by section.
func TestRenderEmpty(t *testing.T) {
	v := sampleView()
	v.Agenda, v.Categories, v.Signals, v.Concerns, v.Decisions, v.Actions = nil, nil, nil, nil, nil, nil
	v.Meeting.Status = accord.MeetingCancelled
	page, err := packet.Render(v)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"This meeting was cancelled.", "Nothing on the agenda.", "No open problems.", "No open concerns.",
		"No decisions since the last meeting.", "No open action items."} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the empty packet lacks %q", want)
		}
	}
}

// printer is a Printer that records what it was given.
type printer struct {
	available bool
	err       error
	got       []byte
}

func (p *printer) Available() (string, bool) { return "/usr/bin/fake", p.available }

func (p *printer) Print(_ context.Context, html []byte) ([]byte, error) {
	p.got = html
	return []byte("%PDF-1.4 fake"), p.err
}

// TestAttachment: the e-mailed packet is a PDF when the printer can print,
// the self-contained HTML page when there is none or it is missing, and a
// printer's failure is an error, not a quiet fallback.
func TestAttachment(t *testing.T) {
	ctx := context.Background()
	v := sampleView()
	for _, tc := range []struct {
		name     string
		p        packet.Printer
		wantName string
		wantType string
	}{
		{"printer", &printer{available: true}, "packet-steering-2026-12-10.pdf", "application/pdf"},
		{"no printer", nil, "packet-steering-2026-12-10.html", "text/html; charset=utf-8"},
		{"printer missing", &printer{}, "packet-steering-2026-12-10.html", "text/html; charset=utf-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := packet.Attachment(ctx, tc.p, v)
			if err != nil {
				t.Fatal(err)
			}
			if a.Name != tc.wantName || a.ContentType != tc.wantType {
				t.Errorf("got %s (%s), want %s (%s)", a.Name, a.ContentType, tc.wantName, tc.wantType)
			}
			if tc.wantType != "application/pdf" && !strings.Contains(string(a.Data), "<style>") {
				t.Error("the HTML packet does not carry its style sheet")
			}
		})
	}
	p := &printer{available: true}
	if _, err := packet.Attachment(ctx, p, v); err != nil || !strings.Contains(string(p.got), "<style>") {
		t.Errorf("the printer was given a document without its style sheet (err %v)", err)
	}
	boom := errors.New("chromium crashed")
	if _, err := packet.Attachment(ctx, &printer{available: true, err: boom}, v); !errors.Is(err, boom) {
		t.Errorf("a failed print: got %v, want the printer's error", err)
	}
	if _, err := packet.PDF(ctx, nil, v); !errors.Is(err, packet.ErrNoPrinter) {
		t.Errorf("PDF without a printer: got %v, want ErrNoPrinter", err)
	}
}
