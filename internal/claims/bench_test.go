package claims

import "testing"

// BenchmarkFromDir reads 1,000,000 claim lines for 100,000 beneficiaries
// (a tenth of the issue's benchmark size; `accord gen claims
// --beneficiaries 1000000 --lines 10000000` writes the full one).
func BenchmarkFromDir(b *testing.B) {
	dir := b.TempDir()
	if _, err := Generate(dir, GenOptions{Beneficiaries: 100_000, Lines: 1_000_000, Year: 2022, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := FromDir(dir, DefaultOptions(2022)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(1_000_000*b.N)/b.Elapsed().Seconds(), "lines/s")
}
