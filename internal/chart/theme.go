package chart

// The palette. Text colours reach 4.5:1 on white, lines and markers that
// carry meaning 3:1 (WCAG 1.4.3 and 1.4.11); gridlines are decoration.
const (
	colSeries  = "#0f5e66" // the product's teal
	colInk     = "#14232b"
	colMuted   = "#55656e" // secondary text
	colAxis    = "#c3ccd1"
	colGrid    = "#e7ebee"
	colCentre  = "#55656e"
	colLimit   = "#7d8b93"
	colBand    = "#0f5e66" // control band, drawn at low opacity
	colTarget  = "#6a4c9c" // violet: apart from the teal and the status colours
	colMissing = "#9aa7ae"
	colNote    = "#3c4b53"
	colGreen   = "#1d6b3f"
	colAmber   = "#b26a00"
	colRed     = "#a8231c"
	colWhite   = "#ffffff"
)

// Status is a KPI's status against its thresholds.
type Status int

// The statuses of a KPI.
const (
	StatusNone Status = iota
	StatusGreen
	StatusAmber
	StatusRed
)

// colour returns the status colour, or the series colour for StatusNone.
func (st Status) colour() string {
	switch st {
	case StatusGreen:
		return colGreen
	case StatusAmber:
		return colAmber
	case StatusRed:
		return colRed
	}
	return colSeries
}

// String names the status for descriptions.
func (st Status) String() string {
	switch st {
	case StatusGreen:
		return "on target"
	case StatusAmber:
		return "near target"
	case StatusRed:
		return "off target"
	}
	return ""
}

// effectColour returns the colour of a signal marker.
func effectColour(e Effect) string {
	switch e {
	case Improvement:
		return colGreen
	case Deterioration:
		return colRed
	}
	return colAmber
}
