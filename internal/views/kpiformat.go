package views

import (
	"math"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/chart"
	"github.com/accord-alliance/accord/internal/number"
)

// chartFormat is how a KPI's values are written on its charts.
func chartFormat(k accord.KPI) chart.Format {
	switch k.Unit {
	case accord.UnitPercent:
		return chart.Format{Unit: chart.Percent, Decimals: 1}
	case accord.UnitMoney:
		return chart.Format{Unit: chart.Currency, Symbol: "$", Decimals: decimalsFor(k)}
	case accord.UnitRate:
		return chart.Format{Decimals: 1, Suffix: " /1k"}
	case accord.UnitDays:
		return chart.Format{Decimals: 1, Suffix: " d"}
	case accord.UnitMinutes:
		return chart.Format{Decimals: 0, Suffix: " min"}
	case accord.UnitScore:
		return chart.Format{Decimals: 1}
	}
	return chart.Format{Decimals: 0}
}

func decimalsFor(k accord.KPI) int {
	if k.Formula != "" {
		return 2
	}
	return 0
}

// FormatValue writes a KPI value for people: "72.4%", "$1,234", "3.2 days".
func FormatValue(k accord.KPI, v float64) string {
	switch k.Unit {
	case accord.UnitPercent:
		return trimFloat(v, 1) + "%"
	case accord.UnitMoney:
		return "$" + thousands(v, decimalsFor(k))
	case accord.UnitRate:
		return trimFloat(v, 1) + " per 1,000"
	case accord.UnitDays:
		return trimFloat(v, 1) + " days"
	case accord.UnitMinutes:
		return thousands(v, 0) + " min"
	case accord.UnitScore:
		return trimFloat(v, 1)
	}
	return thousands(v, 0)
}

func trimFloat(v float64, dec int) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// thousands writes v with thousands separators and dec decimals.
func thousands(v float64, dec int) string {
	out := number.Group(strconv.FormatFloat(math.Abs(v), 'f', dec, 64))
	if v < 0 {
		out = "−" + out
	}
	return out
}

// UnitLabel names a unit for people.
func UnitLabel(u accord.Unit) string {
	switch u {
	case accord.UnitRate:
		return "rate per 1,000"
	case accord.UnitMoney:
		return "currency"
	}
	return string(u)
}

// DirectionLabel says which way is good.
func DirectionLabel(d accord.Direction) string {
	switch d {
	case accord.HigherIsBetter:
		return "higher is better"
	case accord.LowerIsBetter:
		return "lower is better"
	}
	return "best within a range"
}
