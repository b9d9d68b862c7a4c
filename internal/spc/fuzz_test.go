package spc

import (
	"encoding/binary"
	"math"
	"testing"
)

// fuzzValues reads data as small integers (so that ties, points on the
// centre line and plateaus are common) or, when the first byte is odd, as
// raw float64 bits (so that extremes are tried too).
func fuzzValues(data []byte) []float64 {
	var out []float64
	if len(data) > 0 && data[0]%2 == 1 {
		for data = data[1:]; len(data) >= 8; data = data[8:] {
			out = append(out, math.Float64frombits(binary.LittleEndian.Uint64(data)))
		}
		return out
	}
	for _, b := range data {
		out = append(out, float64(int8(b))/4)
	}
	return out
}

// checkInvariants fails unless every signal names a rule of rs, a valid side
// and a non-empty ascending list of points inside the series.
func checkInvariants(t *testing.T, rs RuleSet, n int, signals []Signal) {
	t.Helper()
	prefix := map[RuleSet]string{Nelson: "nelson-", WesternElectric: "we-", IHI: "ihi-", Anhoj: "anhoj-"}[rs]
	for _, s := range signals {
		if len(s.Rule) <= len(prefix) || string(s.Rule[:len(prefix)]) != prefix {
			t.Fatalf("rule set %s produced rule %s", rs, s.Rule)
		}
		switch s.Side {
		case Above, Below, Up, Down, Both:
		default:
			t.Fatalf("%s: invalid side %q", s.Rule, s.Side)
		}
		if len(s.Points) == 0 {
			t.Fatalf("%s: no points", s.Rule)
		}
		for i, p := range s.Points {
			if p < 0 || p >= n || (i > 0 && p <= s.Points[i-1]) {
				t.Fatalf("%s: points %v not ascending within 0..%d", s.Rule, s.Points, n-1)
			}
		}
	}
}

func FuzzSignals(f *testing.F) {
	f.Add([]byte{0, 4, 8, 4, 0, 252, 248, 252, 0, 4, 8, 12, 16, 20, 24, 4}, uint8(0), uint8(0))
	f.Add([]byte{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 200, 200}, uint8(5), uint8(6))
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0xf0, 0x7f, 0, 0, 0, 0, 0, 0, 0xf0, 0xff}, uint8(0), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, baseline, phase uint8) {
		values := fuzzValues(data)
		opt := Options{Baseline: int(baseline % 32)}
		if phase > 0 {
			opt.Phases = []int{int(phase)}
		}
		num, den := make([]float64, len(values)), make([]float64, len(values))
		for i, v := range values {
			num[i], den[i] = math.Abs(v), math.Abs(v)+math.Abs(float64(i%7))+0.5
		}
		var charts []*Chart
		if c, err := IChart(values, opt); err == nil {
			charts = append(charts, c)
		}
		if c, err := PChart(num, den, opt); err == nil {
			charts = append(charts, c)
		}
		if c, err := UChart(num, den, opt); err == nil {
			charts = append(charts, c)
		}
		for _, c := range charts {
			for _, rs := range []RuleSet{Nelson, WesternElectric} {
				got, err := c.Signals(rs)
				if err != nil {
					t.Fatalf("%s on a %s chart: %v", rs, c.Kind, err)
				}
				checkInvariants(t, rs, len(values), got)
			}
		}
		if rc, err := NewRunChart(values, opt); err == nil {
			for _, rs := range []RuleSet{IHI, Anhoj} {
				got, err := rc.Signals(rs)
				if err != nil {
					t.Fatalf("%s: %v", rs, err)
				}
				checkInvariants(t, rs, len(values), got)
			}
		}
	})
}
