// Package chart draws the scorecard's charts as self-contained SVG on the
// server: a Sparkline for a scorecard tile, a RunChart (run or control
// chart) for a KPI page, SmallMultiples of one KPI per segment, a
// Waterfall, for the initiatives' portfolio a capacity Heatmap (site by
// month) and a Timeline of phases whose months line up with it, and a
// Radar of each party's profile on the partnership survey's factors.
//
// The package is pure: no I/O, no clock, no global state. Every function
// takes an options struct and returns markup (template.HTML) that can be
// inlined in a page, printed, put in a PDF packet or attached to an e-mail.
//
// The markup uses SVG presentation attributes only (fill, stroke,
// stroke-dasharray, font-size, font-weight, font-family, text-anchor,
// fill-opacity, paint-order, …): no style attribute and no style element,
// so it renders under a Content-Security-Policy of style-src 'self' and
// with no stylesheet at all. It references nothing outside itself. Every
// piece of text is escaped for XML, and the output is well-formed XML.
//
// Parts carry a class for tests and stylesheets: series, latest, centre,
// limit (ucl, lcl), band, target, gap, stale, signal (improvement,
// deterioration), annotation, annotation-label, legend, grid, y-axis,
// x-labels, panel; cells (a heatmap row's group; its cells idle, over),
// row-label, phase (over), phase-labels (the timeline's labels, one group).
//
// # Accessibility
//
// Each chart has role="img" and a <title> and <desc> whose ids (built from
// the options' ID, which must be unique on the page) are referenced by
// aria-labelledby. The description is written from the data when the
// options give none. Table returns the same data as rows of text so that a
// page can offer a table alternative. Signals are told apart by shape as
// well as colour.
//
// # Size
//
// A RunChart or SmallMultiples is laid out for the Width it is given (in
// CSS pixels, default 760) and carries a viewBox with width="100%", so it
// scales to its container. Text stays legible when the chart is shown
// between about 0.7× and 1.5× its Width; a page that serves phones as well
// as laptops renders a second, narrow variant (Width 360, fewer labels,
// one column of multiples) and shows one or the other with a media query
// on the Class it gives each.
//
// # Values
//
// Values are float64 in the unit people read: percentage points for a
// Percent format (87.5 means 87.5%), currency units for Currency. A NaN
// value is a period with no data, drawn as a gap. Reference lines
// (centre, limits, target) are a Line: one value for the whole chart, or
// one per period, drawn as a step line.
package chart
