package chart

import "strconv"

// monthHeader writes the month labels above a grid of months: each month's
// three letters when there is room, otherwise only the first month of each
// quarter or of each year; the year sits on a second line under the first
// label and under each January. xs are the months' left edges and ends
// their right edges; periods name the months as 2027-03 (other names are
// written as given). y is the baseline of the top line.
func monthHeader(s *svg, xs, ends []float64, periods []string, y float64) {
	const font = 10
	every := 1
	for _, e := range []int{1, 3, 6, 12} {
		every = e
		if narrowest(xs, ends)*float64(e) >= textWidth("Mar", font)+4 {
			break
		}
	}
	s.open("g", "class", "x-labels", "fill", colMuted, "font-size", "10")
	for i, p := range periods {
		kind, year, month := parsePeriod(p)
		if kind != monthPeriods {
			if i%every == 0 {
				s.text(xs[i]+1, y+12, p)
			}
			continue
		}
		if month%every != 0 && i != 0 {
			continue
		}
		// The first month, when it is not one labelled in turn, is
		// named only if its name ends well before the next label.
		next := i + (every-month%every)%every
		if month%every == 0 || next >= len(xs) || xs[next]-xs[i] >= textWidth(monthNames[month], font)+8 {
			if every < 12 {
				s.text(xs[i]+1, y, monthNames[month])
			}
		}
		if i == 0 || month == 0 {
			s.text(xs[i]+1, y+12, strconv.Itoa(year), "font-weight", "600")
			s.line(xs[i], y+14, xs[i], y+18, "stroke", colAxis, "stroke-width", "1")
		}
	}
	s.close("g")
}

// narrowest returns the narrowest column's width: the room a label has.
func narrowest(xs, ends []float64) float64 {
	w := 0.0
	for i := range xs {
		if d := ends[i] - xs[i]; i == 0 || d < w {
			w = d
		}
	}
	return w
}
