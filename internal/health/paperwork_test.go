package health

import (
	"math"
	"strings"
	"testing"
)

var nanV = math.NaN()

// TestPaperwork checks the index and its parts, the caps, the parts left
// out when there is nothing to measure, and the trend.
func TestPaperwork(t *testing.T) {
	months := []PaperworkMonth{
		{Party: "physicians", Month: "2026-02", Manual: 30, Upload: 10, API: 0, Feed: 60, LatencyDays: []int{40, 10, 20, -3}, Forms: 12, Members: 6},
		{Party: "physicians", Month: "2026-01", Manual: 80, Upload: 20, LatencyDays: []int{90, 45, 70}, Forms: 30, Members: 6},
		{Party: "payer", Month: "2026-01", API: 50, LatencyDays: []int{2, 4}},
		{Party: "payer", Month: "2026-02"},
	}
	got, err := Paperwork(months)
	if err != nil {
		t.Fatal(err)
	}
	want := []PaperworkPoint{
		{Party: "payer", Month: "2026-01", Observations: 50, HandShare: 0, MedianLatency: 3, FormsPerMember: nanV, Hand: 0, Lateness: 5, FormsLoad: nanV, Index: 2.5, Change: nanV},
		{Party: "payer", Month: "2026-02", HandShare: nanV, MedianLatency: nanV, FormsPerMember: nanV, Hand: nanV, Lateness: nanV, FormsLoad: nanV, Index: nanV, Change: nanV},
		{Party: "physicians", Month: "2026-01", Observations: 100, HandShare: 1, MedianLatency: 70, FormsPerMember: 5, Hand: 100, Lateness: 100, FormsLoad: 100, Index: 100, Change: nanV},
		{Party: "physicians", Month: "2026-02", Observations: 100, HandShare: 0.4, MedianLatency: 15, FormsPerMember: 2, Hand: 40, Lateness: 25, FormsLoad: 50, Index: 115.0 / 3, Change: 115.0/3 - 100},
	}
	if len(got) != len(want) {
		t.Fatalf("points: got %d, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Party != w.Party || g.Month != w.Month || g.Observations != w.Observations ||
			!near(g.HandShare, w.HandShare) || !near(g.MedianLatency, w.MedianLatency) || !near(g.FormsPerMember, w.FormsPerMember) ||
			!near(g.Hand, w.Hand) || !near(g.Lateness, w.Lateness) || !near(g.FormsLoad, w.FormsLoad) ||
			!near(g.Index, w.Index) || !near(g.Change, w.Change) {
			t.Errorf("point %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

// TestPaperworkRefuses checks bad months, negative counts and repeats.
func TestPaperworkRefuses(t *testing.T) {
	for _, tt := range []struct {
		months []PaperworkMonth
		want   string
	}{
		{[]PaperworkMonth{{Party: "a", Month: "2026-13"}}, "not YYYY-MM"},
		{[]PaperworkMonth{{Party: "a", Month: "March"}}, "not YYYY-MM"},
		{[]PaperworkMonth{{Party: "a", Month: "2026-03", Manual: -1}}, "below zero"},
		{[]PaperworkMonth{{Party: "a", Month: "2026-03"}, {Party: "a", Month: "2026-03"}}, "there twice"},
	} {
		if _, err := Paperwork(tt.months); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Paperwork(%+v): got %v, want an error containing %q", tt.months, err, tt.want)
		}
	}
}

// TestMedian checks odd and even counts and negative delays.
func TestMedian(t *testing.T) {
	for _, tt := range []struct {
		days []int
		want float64
	}{{[]int{5}, 5}, {[]int{9, 1, 5}, 5}, {[]int{1, 2, 3, 10}, 2.5}, {[]int{-4, -2, 6}, 0}} {
		if got := median(tt.days); got != tt.want {
			t.Errorf("median(%v): got %v, want %v", tt.days, got, tt.want)
		}
	}
}
