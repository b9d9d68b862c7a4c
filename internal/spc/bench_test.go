package spc

import (
	"math/rand"
	"testing"
)

// BenchmarkAllRules evaluates every rule set on one KPI-segment series of 60
// monthly points; the benchmark alliance has 300 KPIs × 20 segments = 6000.
func BenchmarkAllRules(b *testing.B) {
	r := rand.New(rand.NewSource(4))
	values := make([]float64, 60)
	num, den := make([]float64, 60), make([]float64, 60)
	for i := range values {
		values[i] = 50 + r.NormFloat64()*5
		den[i] = float64(80 + r.Intn(40))
		num[i] = float64(r.Intn(int(den[i])))
	}
	b.ReportAllocs()
	for b.Loop() {
		ic, _ := IChart(values, Options{Baseline: 24})
		pc, _ := PChart(num, den, Options{Baseline: 24})
		rc, _ := NewRunChart(values, Options{Baseline: 24})
		for _, c := range []*Chart{ic, pc} {
			c.Signals(Nelson)
			c.Signals(WesternElectric)
		}
		rc.Signals(IHI)
		rc.Signals(Anhoj)
	}
}
