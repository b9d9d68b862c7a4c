package demo

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/scorecard"
)

// clinicNames are Riverside's clinics in the order at and patients use.
func clinicNames() []string { return []string{"Riverside Main", "Eastgate", "Hillcrest", "Lakeview"} }

// calendar places the demo's data relative to now: month index months-1 is
// the latest month whose clinic data is due, so the scorecard looks current
// on whatever day the demo starts.
type calendar struct{ now, end time.Time }

func newCalendar(now time.Time) calendar {
	k := accord.KPI{Frequency: accord.Monthly, GraceDays: clinicGrace}
	return calendar{now: now, end: scorecard.Due(k, time.Time{}, now).Expected}
}

// month returns the first day of month index i.
func (c calendar) month(i int) time.Time { return c.end.AddDate(0, i-(months-1), 0) }

// index returns the month index of the month holding t; before the
// calendar's first month it is negative.
func (c calendar) index(t time.Time) int {
	return (t.Year()-c.end.Year())*12 + int(t.Month()) - int(c.end.Month()) + months - 1
}

// periods lists the three years of periods a KPI reports, ending with the
// latest one due at now by its own frequency and grace days.
func (c calendar) periods(k accord.KPI) []time.Time {
	last := scorecard.Due(k, time.Time{}, c.now).Expected
	n, stepMonths := months, 1
	if k.Frequency == accord.Quarterly {
		n, stepMonths = months/3, 3
	}
	out := make([]time.Time, n)
	for i := range out {
		out[i] = last.AddDate(0, -stepMonths*(n-1-i), 0)
	}
	return out
}

// noiseFor returns the random stream of one series. Each series has its
// own seed, so the figures do not depend on the order they are made in.
func noiseFor(key, segment string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(key + "\x00" + segment))
	return rand.New(rand.NewPCG(20260101, h.Sum64()))
}

// figures makes every row a measure reports, clinic by clinic and period
// by period, as its owner's systems would export them.
func (ms *measure) figures(cal calendar) []accord.ObservationInput {
	periods := cal.periods(ms.KPI)
	periods = periods[:len(periods)-ms.stopped]
	if !ms.clinics {
		r := noiseFor(ms.Key, "")
		rows := make([]accord.ObservationInput, 0, len(periods))
		for _, p := range periods {
			rows = append(rows, ms.row(-1, cal.index(p), p, "", r))
		}
		return rows
	}
	type mean struct{ sum, weight float64 }
	whole := make([]mean, len(periods))
	var rows []accord.ObservationInput
	for c, name := range clinicNames() {
		r := noiseFor(ms.Key, name)
		for i, p := range periods {
			if name == ms.dropout && i >= len(periods)-ms.dropped {
				break
			}
			row := ms.row(c, cal.index(p), p, name, r)
			rows = append(rows, row)
			if ms.whole {
				w := patients(c, cal.index(p))
				whole[i].sum += row.Value.Float() * w
				whole[i].weight += w
			}
		}
	}
	if ms.whole {
		for i, p := range periods {
			v := whole[i].sum / whole[i].weight
			rows = append(rows, accord.ObservationInput{KPI: ms.Key, Period: ms.Frequency.FormatPeriod(p), Value: decimal(v, ms.places)})
		}
	}
	return rows
}

// row makes one figure: the level with its noise, as a value or, for a
// ratio, as whole-number numerator and denominator.
func (ms *measure) row(c, m int, p time.Time, segment string, r *rand.Rand) accord.ObservationInput {
	n := r.NormFloat64()
	level := ms.level(c, m) + ms.noise*n + ms.seasonal*math.Cos(2*math.Pi*float64(p.Month()-1)/12)
	level *= 1 + ms.spread*n
	in := accord.ObservationInput{KPI: ms.Key, Period: ms.Frequency.FormatPeriod(p), Segment: segment}
	if !ms.IsRatio {
		in.Value = decimal(max(level, 0), ms.places)
		return in
	}
	scale := 100.0
	if ms.Unit == accord.UnitRate {
		scale = 1000
	}
	den := max(1, math.Round(ms.den(c, m)*(1+0.01*r.NormFloat64())))
	num := math.Round(den * min(max(level, 0), scale) / scale)
	in.Numerator, in.Denominator = decimal(num, 0), decimal(den, 0)
	return in
}

// decimal rounds v to places decimals (0 to 6) as an exact Decimal.
func decimal(v float64, places int) *number.Decimal {
	unit := int64(number.DecimalScale)
	for range places {
		unit /= 10
	}
	d := number.Decimal(int64(math.Round(v*float64(number.DecimalScale/unit))) * unit)
	return &d
}
