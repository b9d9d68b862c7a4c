package spc

import (
	"errors"
	"fmt"
	"math"
)

// d2 is the bias-correction constant for moving ranges of two points: the
// expected range of two independent normal values is d2 = 1.128 sigma.
const d2 = 1.128

// Kind is a kind of Shewhart chart.
type Kind string

// The Shewhart charts the engine computes.
const (
	// Individuals is the XmR chart of single measurements.
	Individuals Kind = "i"
	// Proportion is the p-chart of numerator/denominator with numerator ≤ denominator.
	Proportion Kind = "p"
	// Rate is the u-chart of counts per unit of exposure.
	Rate Kind = "u"
)

// Options say where a chart's centre line and limits come from.
type Options struct {
	// Baseline is how many points at the start of each phase its centre
	// line and sigma are computed from; 0 means every point of the phase.
	// A phase shorter than Baseline uses all of its points.
	Baseline int
	// Phases are the 0-based indices at which a recorded change starts a
	// new phase, strictly ascending, each greater than 0 and less than the
	// number of points. Each phase is re-based on its own baseline.
	Phases []int
}

// Phase is a stretch of points [Start, End) with its own centre line.
type Phase struct {
	// Start is the index of the phase's first point, End one past its last.
	Start, End int
	// BaselineEnd is the index after the last baseline point of the phase.
	BaselineEnd int
}

// Chart is a Shewhart chart: the plotted value, centre line and one sigma
// of every point, and the 3-sigma limits drawn on it.
type Chart struct {
	Kind Kind
	// Values are the plotted values: the data for an XmR chart,
	// numerator/denominator for p- and u-charts.
	Values []float64
	// Centre is the centre line at each point: its phase's baseline mean
	// (XmR) or pooled proportion or rate (p, u).
	Centre []float64
	// Sigma is per point: constant within a phase for an XmR chart, varying
	// with the denominator for p- and u-charts.
	Sigma []float64
	// UCL and LCL are centre ± 3 sigma, clipped to what the measure can
	// take (0 for p and u, 1 for p). The rules use Centre and Sigma, not
	// these, so clipping never changes a signal.
	UCL, LCL []float64
	Phases   []Phase
}

// phases checks opt against n points and returns the phases it describes.
func (opt Options) phases(n int) ([]Phase, error) {
	if n == 0 {
		return nil, errors.New("no points")
	}
	if opt.Baseline < 0 {
		return nil, fmt.Errorf("baseline %d is negative", opt.Baseline)
	}
	starts := append([]int{0}, opt.Phases...)
	out := make([]Phase, 0, len(starts))
	for i, s := range starts {
		end := n
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		if i > 0 && (s <= starts[i-1] || s >= n) {
			return nil, fmt.Errorf("phase start %d must be ascending and within 1..%d", s, n-1)
		}
		base := end
		if opt.Baseline > 0 && s+opt.Baseline < end {
			base = s + opt.Baseline
		}
		out = append(out, Phase{Start: s, End: end, BaselineEnd: base})
	}
	return out, nil
}

// IChart computes an XmR individuals chart: per phase, centre = mean of the
// baseline values and sigma = mean moving range of the baseline / 1.128.
func IChart(values []float64, opt Options) (*Chart, error) {
	if err := finite("value", values); err != nil {
		return nil, fmt.Errorf("individuals chart: %w", err)
	}
	ph, err := opt.phases(len(values))
	if err != nil {
		return nil, fmt.Errorf("individuals chart: %w", err)
	}
	c := newChart(Individuals, values, ph)
	for _, p := range ph {
		if p.BaselineEnd-p.Start < 2 {
			return nil, fmt.Errorf("individuals chart: phase starting at point %d has %d baseline point(s); a moving range needs 2", p.Start, p.BaselineEnd-p.Start)
		}
		var sum, mr float64
		for i := p.Start; i < p.BaselineEnd; i++ {
			sum += values[i]
			if i > p.Start {
				mr += math.Abs(values[i] - values[i-1])
			}
		}
		n := float64(p.BaselineEnd - p.Start)
		centre, sigma := sum/n, mr/(n-1)/d2
		for i := p.Start; i < p.End; i++ {
			c.set(i, centre, sigma)
		}
	}
	if err := c.checkLimits(); err != nil {
		return nil, fmt.Errorf("individuals chart: %w", err)
	}
	return c, nil
}

// PChart computes a p-chart of numerator/denominator: per phase,
// centre p̄ = Σnumerator/Σdenominator over the baseline, and each point's
// sigma = √(p̄(1−p̄)/denominator).
func PChart(num, den []float64, opt Options) (*Chart, error) {
	c, err := attributeChart(Proportion, num, den, opt, func(centre, n float64) float64 {
		return math.Sqrt(centre * (1 - centre) / n)
	})
	if err != nil {
		return nil, fmt.Errorf("p-chart: %w", err)
	}
	for i := range c.UCL {
		c.UCL[i] = math.Min(c.UCL[i], 1)
	}
	return c, nil
}

// UChart computes a u-chart of counts per unit: per phase,
// centre ū = Σnumerator/Σdenominator over the baseline, and each point's
// sigma = √(ū/denominator).
func UChart(num, den []float64, opt Options) (*Chart, error) {
	c, err := attributeChart(Rate, num, den, opt, func(centre, n float64) float64 {
		return math.Sqrt(centre / n)
	})
	if err != nil {
		return nil, fmt.Errorf("u-chart: %w", err)
	}
	return c, nil
}

// attributeChart is what p- and u-charts share: a pooled centre per phase
// and a sigma per point from its own denominator.
func attributeChart(k Kind, num, den []float64, opt Options, sigma func(centre, n float64) float64) (*Chart, error) {
	if len(num) != len(den) {
		return nil, fmt.Errorf("%d numerators but %d denominators", len(num), len(den))
	}
	if err := finite("numerator", num); err != nil {
		return nil, err
	}
	if err := finite("denominator", den); err != nil {
		return nil, err
	}
	values := make([]float64, len(num))
	for i := range num {
		switch {
		case num[i] < 0:
			return nil, fmt.Errorf("point %d: numerator %v is negative", i, num[i])
		case den[i] <= 0:
			return nil, fmt.Errorf("point %d: denominator %v is not positive", i, den[i])
		case k == Proportion && num[i] > den[i]:
			return nil, fmt.Errorf("point %d: numerator %v exceeds denominator %v", i, num[i], den[i])
		}
		values[i] = num[i] / den[i]
	}
	ph, err := opt.phases(len(values))
	if err != nil {
		return nil, err
	}
	c := newChart(k, values, ph)
	for _, p := range ph {
		var sn, sd float64
		for i := p.Start; i < p.BaselineEnd; i++ {
			sn += num[i]
			sd += den[i]
		}
		centre := sn / sd
		for i := p.Start; i < p.End; i++ {
			c.set(i, centre, sigma(centre, den[i]))
		}
	}
	if err := c.checkLimits(); err != nil {
		return nil, err
	}
	for i := range c.LCL {
		c.LCL[i] = math.Max(c.LCL[i], 0)
	}
	return c, nil
}

func newChart(k Kind, values []float64, ph []Phase) *Chart {
	n := len(values)
	return &Chart{
		Kind: k, Values: values, Phases: ph,
		Centre: make([]float64, n), Sigma: make([]float64, n),
		UCL: make([]float64, n), LCL: make([]float64, n),
	}
}

func (c *Chart) set(i int, centre, sigma float64) {
	c.Centre[i], c.Sigma[i] = centre, sigma
	c.UCL[i], c.LCL[i] = centre+3*sigma, centre-3*sigma
}

// checkLimits reports limits that overflowed: finite data so large (or
// denominators so small) that a sum or a quotient left the float64 range.
func (c *Chart) checkLimits() error {
	for i := range c.Centre {
		if err := finite("limit", []float64{c.Centre[i], c.Sigma[i], c.UCL[i], c.LCL[i]}); err != nil {
			return fmt.Errorf("point %d: limits overflow; rescale the data", i)
		}
	}
	return nil
}

// finite reports the first value that is NaN or infinite.
func finite(what string, xs []float64) error {
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("point %d: %s %v is not a finite number", i, what, x)
		}
	}
	return nil
}

// Signals evaluates rule set rs on the chart, phase by phase. Only the
// Shewhart rule sets (Nelson, WesternElectric) apply to a Chart.
func (c *Chart) Signals(rs RuleSet) ([]Signal, error) {
	var rules []zoneRule
	switch rs {
	case Nelson:
		rules = nelsonRules
	case WesternElectric:
		rules = westernElectricRules
	default:
		return nil, fmt.Errorf("rule set %q reads run charts, not Shewhart charts", rs)
	}
	z := newZoned(c.Values, c.Centre, c.Sigma)
	out := []Signal{}
	for _, r := range rules {
		for _, p := range c.Phases {
			out = append(out, r(z, p.Start, p.End)...)
		}
	}
	return out, nil
}
