package chart

import (
	"strconv"
	"strings"
)

var monthNames = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// periodKind is how a series names its periods.
type periodKind int

const (
	rawPeriods     periodKind = iota // any text, drawn as given
	monthPeriods                     // 2024-03
	quarterPeriods                   // 2024-Q1
	weekPeriods                      // 2024-W05 (ISO 8601)
)

// parsePeriod reads "2024-03", "2024-Q1" or "2024-W05" into a year and a
// 0-based month, quarter or week.
func parsePeriod(p string) (kind periodKind, year, sub int) {
	y, rest, found := strings.Cut(p, "-")
	yr, err := strconv.Atoi(y)
	if !found || err != nil || len(y) != 4 {
		return rawPeriods, 0, 0
	}
	if len(rest) == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4' {
		return quarterPeriods, yr, int(rest[1] - '1')
	}
	if len(rest) == 3 && rest[0] == 'W' {
		if w, err := strconv.Atoi(rest[1:]); err == nil && w >= 1 && w <= 53 {
			return weekPeriods, yr, w - 1
		}
	}
	if m, err := strconv.Atoi(rest); err == nil && len(rest) == 2 && m >= 1 && m <= 12 {
		return monthPeriods, yr, m - 1
	}
	return rawPeriods, 0, 0
}

// axisKind is the kind shared by every named period, raw when they differ.
func axisKind(se Series) periodKind {
	kind := rawPeriods
	for i := range se.len() {
		k, _, _ := parsePeriod(se.period(i))
		if i > 0 && k != kind {
			return rawPeriods
		}
		kind = k
	}
	return kind
}

// tickLabel is one labelled period: its main text and, on a second line
// or in place of the month, its year.
type tickLabel struct {
	i          int
	main, year string
}

// xTicks picks the labelled periods: every stride-th period, with strides
// that fall on calendar boundaries (quarters, half-years, years) for monthly
// and quarterly periods, and the smallest stride whose labels do not touch.
func xTicks(se Series, f frame, font float64) []tickLabel {
	kind := axisKind(se)
	perYear := map[periodKind]int{monthPeriods: 12, quarterPeriods: 4, weekPeriods: 53}[kind]
	widest := 0.0
	for i := range se.len() {
		main, _ := labelText(kind, se.period(i))
		widest = max(widest, textWidth(main, font))
	}
	if kind != rawPeriods {
		widest = max(widest, textWidth("2024", font))
	}
	strides := []int{1, 2, 3, 4, 5, 10, 20, 25, 50, 100, 200, 500}
	switch kind {
	case monthPeriods:
		strides = []int{1, 2, 3, 6, 12, 24, 36, 60, 120}
	case quarterPeriods:
		strides = []int{1, 2, 4, 8, 12, 20, 40}
	case weekPeriods:
		strides = []int{1, 2, 4, 13, 26, 53}
	}
	stride := strides[len(strides)-1]
	for _, s := range strides {
		if float64(s)*f.band() >= widest+12 {
			stride = s
			break
		}
	}
	var out []tickLabel
	prevYear := ""
	for i := range se.len() {
		k, yr, sub := parsePeriod(se.period(i))
		if kind == rawPeriods && i%stride != 0 {
			continue
		}
		if kind != rawPeriods && (k != kind || !onStride(kind, yr, sub, perYear, stride)) {
			continue
		}
		main, year := labelText(kind, se.period(i))
		t := tickLabel{i: i, main: main}
		if year != prevYear {
			t.year, prevYear = year, year
		}
		out = append(out, t)
	}
	return out
}

// onStride reports whether a period gets a label: months and quarters
// count across years so that strides of years work; weeks restart each
// year (a year has 52 or 53), so their strides are at most a year.
func onStride(kind periodKind, yr, sub, perYear, stride int) bool {
	if kind == weekPeriods {
		return sub%stride == 0 && (stride < 53 || sub == 0)
	}
	return (yr*perYear+sub)%stride == 0
}

// labelText splits a period into the text under its tick and its year.
func labelText(kind periodKind, p string) (main, year string) {
	k, yr, sub := parsePeriod(p)
	if k != kind || k == rawPeriods {
		return p, ""
	}
	switch k {
	case quarterPeriods:
		return "Q" + strconv.Itoa(sub+1), strconv.Itoa(yr)
	case weekPeriods:
		return "W" + strconv.Itoa(sub+1), strconv.Itoa(yr)
	}
	return monthNames[sub], strconv.Itoa(yr)
}

// xAxis draws the period labels under the plot. Two lines put the year
// under the month where it changes; one line (small panels) writes the
// year in place of January and the first label's month.
func xAxis(s *svg, f frame, se Series, font float64, twoLines bool) {
	ticks := xTicks(se, f, font)
	s.open("g", "class", "x-axis", "stroke", colAxis, "stroke-width", "1")
	for _, t := range ticks {
		x := f.x(t.i)
		s.line(x, f.bottom, x, f.bottom+4)
	}
	s.close("g")
	s.open("g", "class", "x-labels", "fill", colMuted, "font-size", num(font), "text-anchor", "middle")
	for k, t := range ticks {
		x, y := f.x(t.i), f.bottom+6+font
		if k == 0 && len(ticks) > 1 && x-textWidth(t.main, font)/2 < f.left-30 {
			x = f.left // keep the first label inside the chart
		}
		switch {
		case twoLines:
			s.text(x, y, t.main)
			if t.year != "" {
				s.text(x, y+font+3, t.year, "fill", colNote, "font-weight", "600")
			}
		case t.year != "" && (t.main == "Jan" || t.main == "Q1" || t.main == "W1"):
			s.text(x, y, t.year, "fill", colNote, "font-weight", "600")
		default:
			s.text(x, y, t.main)
		}
	}
	s.close("g")
}
