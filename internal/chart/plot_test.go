package chart

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

var nan = math.NaN()

func TestStepPath(t *testing.T) {
	// Four periods of 100 px each from x=0; y = 100 - value.
	f := frame{left: 0, right: 400, top: 0, bottom: 100, n: 4, lo: 0, hi: 100}
	tests := []struct {
		name string
		l    Line
		want string
	}{
		{"none", nil, ""},
		{"constant spans the plot", Line{40}, "M0 60H400"},
		{"constant NaN", Line{nan}, ""},
		{"per point, equal values make one segment", Line{40, 40, 40, 40}, "M0 60H100H200H300H400"},
		{"per point limits step with risers", Line{30, 35, 20, 20}, "M0 70H100V65H200V80H300H400"},
		{"a NaN breaks the line", Line{30, nan, 20, 25}, "M0 70H100M200 80H300V75H400"},
		{"shorter than the series", Line{10, 20}, "M0 90H100V80H200"},
	}
	for _, tt := range tests {
		if got := stepPath(f, tt.l); got != tt.want {
			t.Errorf("%s: stepPath(%v): got %q, want %q", tt.name, tt.l, got, tt.want)
		}
	}
}

func TestBandPath(t *testing.T) {
	f := frame{left: 0, right: 300, top: 0, bottom: 100, n: 3, lo: 0, hi: 100}
	got := bandPath(f, Line{10, 20, nan}, Line{30, 40, 50})
	want := "M0 70V70H100V60H200V80H100V90H0Z"
	if got != want {
		t.Errorf("bandPath: got %q, want %q", got, want)
	}
	if got := bandPath(f, nil, Line{30}); got != "" {
		t.Errorf("bandPath without a lower limit: got %q, want none", got)
	}
}

func TestSeriesPathsGaps(t *testing.T) {
	f := frame{left: 0, right: 600, top: 0, bottom: 100, n: 6, lo: 0, hi: 100}
	tests := []struct {
		name               string
		vals               []float64
		wantLine, wantGaps string
	}{
		{"no gaps", []float64{10, 20, 30}, "M50 90L150 80L250 70", ""},
		{"one gap bridged", []float64{10, nan, 30, 40}, "M50 90M250 70L350 60", "M50 90L250 70"},
		{"leading and trailing gaps are not bridged", []float64{nan, 20, 30, nan}, "M150 80L250 70", ""},
		{"two gaps", []float64{10, nan, nan, 40, nan, 60}, "M50 90M350 60M550 40", "M50 90L350 60M350 60L550 40"},
		{"all missing", []float64{nan, nan}, "", ""},
	}
	for _, tt := range tests {
		line, gaps := seriesPaths(f, Series{Values: tt.vals})
		if line != tt.wantLine || gaps != tt.wantGaps {
			t.Errorf("%s: got line %q gaps %q, want line %q gaps %q", tt.name, line, gaps, tt.wantLine, tt.wantGaps)
		}
	}
}

func TestSeriesGapsAndRange(t *testing.T) {
	tests := []struct {
		vals             []float64
		gaps             bool
		first, last      int
		hasData          bool
		periods, wantLen int
	}{
		{[]float64{1, 2, 3}, false, 0, 2, true, 0, 3},
		{[]float64{nan, 1, nan, 3, nan}, true, 1, 3, true, 0, 5},
		{[]float64{nan, 1, 2, nan}, false, 1, 2, true, 0, 4},
		{[]float64{nan}, false, -1, -2, false, 0, 1},
		{nil, false, -1, -2, false, 3, 3},
		{[]float64{5}, false, 0, 0, true, 4, 4},
	}
	for _, tt := range tests {
		s := Series{Values: tt.vals, Periods: make([]string, tt.periods)}
		first, last := s.dataRange()
		if s.hasGaps() != tt.gaps || first != tt.first || last != tt.last || s.hasData() != tt.hasData || s.len() != tt.wantLen {
			t.Errorf("%v: got gaps %v range %d..%d data %v len %d, want %v %d..%d %v %d", tt.vals,
				s.hasGaps(), first, last, s.hasData(), s.len(), tt.gaps, tt.first, tt.last, tt.hasData, tt.wantLen)
		}
	}
}

func TestMarksWorstWins(t *testing.T) {
	s := Series{Values: make([]float64, 5), Signals: []Signal{
		{Points: []int{0, 1, 2}, Effect: Improvement, Label: "shift"},
		{Points: []int{2, 3, -1, 9}, Effect: Deterioration, Label: "beyond limit"},
		{Points: []int{3, 4}, Effect: Unclear},
	}}
	eff, labels, ok := s.marks()
	wantEff := []Effect{Improvement, Improvement, Deterioration, Deterioration, Unclear}
	if !slices.Equal(eff, wantEff) || !slices.Equal(ok, []bool{true, true, true, true, true}) {
		t.Errorf("marks: got %v %v, want %v all marked", eff, ok, wantEff)
	}
	if labels[2] != "shift; beyond limit" {
		t.Errorf("marks label of a point in two signals: got %q, want %q", labels[2], "shift; beyond limit")
	}
}

func TestXTicks(t *testing.T) {
	months := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = []string{"2022", "2023", "2024", "2025"}[i/12] + "-" + []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"}[i%12]
		}
		return out
	}
	tests := []struct {
		name    string
		periods []string
		width   float64
		want    []string
	}{
		{"36 months wide: quarters, year under January", months(36), 680,
			[]string{"Jan 2022", "Apr", "Jul", "Oct", "Jan 2023", "Apr", "Jul", "Oct", "Jan 2024", "Apr", "Jul", "Oct"}},
		{"36 months narrow: years", months(36), 200, []string{"Jan 2022", "Jan 2023", "Jan 2024"}},
		{"12 months from March: every month fits", months(15)[2:], 900,
			[]string{"Mar 2022", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan 2023", "Feb", "Mar"}},
		{"36 months in 280 px: half years", months(36), 280,
			[]string{"Jan 2022", "Jul", "Jan 2023", "Jul", "Jan 2024", "Jul"}},
		{"quarters", []string{"2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2"}, 400, []string{"Q3 2023", "Q4", "Q1 2024", "Q2"}},
		{"raw labels every other", []string{"a-1", "a-2", "a-3", "a-4", "a-5"}, 120, []string{"a-1", "a-3", "a-5"}},
		{"weeks: every 13th, restarting each year", weeks(2024, 60), 600,
			[]string{"W1 2024", "W14", "W27", "W40", "W1 2025"}},
		{"12 weeks in 150 px: every 4th", weeks(2024, 12), 150, []string{"W1 2024", "W5", "W9"}},
		{"mixed kinds are raw", []string{"2024-01", "Q2"}, 400, []string{"2024-01", "Q2"}},
	}
	for _, tt := range tests {
		s := Series{Periods: tt.periods}
		f := frame{left: 0, right: tt.width, n: len(tt.periods)}
		var got []string
		for _, tk := range xTicks(s, f, 12) {
			got = append(got, tk.main+map[bool]string{true: " " + tk.year}[tk.year != ""])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// weeks returns n ISO weeks from year-W01, with 52 weeks a year.
func weeks(year, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%d-W%02d", year+i/52, i%52+1)
	}
	return out
}

func TestPlaceNotes(t *testing.T) {
	f := frame{left: 0, right: 600, n: 12}
	s := Series{Periods: []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"},
		Annotations: []Annotation{
			{Period: "b", Label: "Telehealth pilot started"},
			{Period: "c", Label: "EHR upgrade"},
			{Period: "l", Label: "New contract"},
			{Period: "zz", Label: "not a period of the series"},
		}}
	notes, rows := placeNotes(f, s, 12)
	if len(notes) != 3 || rows != 2 {
		t.Fatalf("placeNotes: got %d notes in %d rows, want 3 in 2", len(notes), rows)
	}
	if notes[0].row != 0 || notes[1].row != 1 {
		t.Errorf("overlapping labels: got rows %d and %d, want 0 and 1", notes[0].row, notes[1].row)
	}
	if notes[2].anchor != "end" || notes[2].row != 0 {
		t.Errorf("label at the right edge: got anchor %q row %d, want end, 0", notes[2].anchor, notes[2].row)
	}
}
