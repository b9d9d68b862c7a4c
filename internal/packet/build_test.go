package packet_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/packet"
)

// TestBuild: the packet keeps the seat-holders serving on the day, the
// open and acknowledged signals with improvements apart, the concerns not
// closed without who raised them, and the decisions taken between the last
// meeting and this one.
func TestBuild(t *testing.T) {
	since := starts.AddDate(0, -1, 0)
	at := func(d time.Time) *time.Time { return &d }
	ended := since
	in := packet.Input{
		Alliance: accord.Alliance{Slug: "north-valley"}, Base: "https://accord.example.org", Since: since, Now: starts.AddDate(0, 0, -1),
		Committee: accord.Committee{Seats: []accord.Seat{
			{HolderName: "Serving", MemberID: "u1", TermStart: since.AddDate(-1, 0, 0)},
			{HolderName: "Gone", MemberID: "u2", TermStart: since.AddDate(-1, 0, 0), TermEnd: &ended},
			{HolderName: "Vacant"},
		}},
		Meeting: accord.Meeting{ID: "m9", StartsAt: starts},
		Signals: []accord.Signal{
			{Sentence: "open problem", Status: accord.SignalOpen},
			{Sentence: "acknowledged problem", Status: accord.SignalAcknowledged},
			{Sentence: "resolved problem", Status: accord.SignalResolved},
			{Sentence: "dismissed problem", Status: accord.SignalDismissed},
			{Sentence: "open improvement", Status: accord.SignalOpen, Effect: accord.EffectImprovement},
		},
		Concerns: []accord.Concern{
			{Body: "named", Status: "open", ReporterID: "u7", ReporterName: "Dee"},
			{Body: "closed", Status: accord.ConcernClosed},
		},
		Decided: []accord.Motion{
			{Title: "before the last meeting", DecidedAt: at(since.AddDate(0, 0, -1))},
			{Title: "between", DecidedAt: at(since.AddDate(0, 0, 3))},
			{Title: "after this meeting", DecidedAt: at(starts.AddDate(0, 0, 1))},
			{Title: "undated"},
		},
	}
	v := packet.Build(in)
	sentences := func(gs []accord.Signal) string {
		var out []string
		for _, g := range gs {
			out = append(out, g.Sentence)
		}
		return strings.Join(out, ",")
	}
	if len(v.Seats) != 1 || v.Seats[0].HolderName != "Serving" {
		t.Errorf("seats %+v; want only the one serving", v.Seats)
	}
	if got := sentences(v.Signals); got != "open problem,acknowledged problem" {
		t.Errorf("signals %q; want the open and acknowledged problems", got)
	}
	if got := sentences(v.Improvements); got != "open improvement" {
		t.Errorf("improvements %q; want the open improvement", got)
	}
	if len(v.Concerns) != 1 || v.Concerns[0].Body != "named" || v.Concerns[0].ReporterID != "" || v.Concerns[0].ReporterName != "" {
		t.Errorf("concerns %+v; want the open one without its reporter", v.Concerns)
	}
	if len(v.Decisions) != 1 || v.Decisions[0].Title != "between" {
		t.Errorf("decisions %+v; want only the one since the last meeting", v.Decisions)
	}
	if v.URL != "https://accord.example.org/a/north-valley/meetings/m9" || !v.Generated.Equal(in.Now) || !v.Since.Equal(since) {
		t.Errorf("URL %q, generated %v, since %v", v.URL, v.Generated, v.Since)
	}
}
