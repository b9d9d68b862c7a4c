package chart

import (
	"math"
	"strconv"
)

// monthColumns lays out equal month columns right of the row labels and
// writes their header: the labels take labelW when it is above zero, else
// the widest label's width (at most 30% of w). It returns the labels'
// width, the columns' width and their left edges.
func monthColumns(s *svg, w, labelW float64, labels, months []string) (float64, float64, []float64) {
	if labelW <= 0 {
		for _, l := range labels {
			labelW = math.Max(labelW, textWidth(l, 12))
		}
		labelW = math.Min(labelW+hmGap, w*0.3)
	}
	cw := (w - labelW - hmGap) / float64(len(months))
	xs, ends := make([]float64, len(months)), make([]float64, len(months))
	for i := range xs {
		xs[i], ends[i] = labelW+float64(i)*cw, labelW+float64(i+1)*cw
	}
	monthHeader(s, xs, ends, months, 12)
	return labelW, cw, xs
}

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
