package health

import (
	"math"
	"testing"
)

// TestStudentQuantileTable checks quantiles against the printed table of
// Student's t (e.g. NIST/SEMATECH e-Handbook of Statistical Methods,
// 1.3.6.7.2, "Critical values of the Student's t distribution"), which
// gives three decimals.
func TestStudentQuantileTable(t *testing.T) {
	tests := []struct {
		p, df, want float64
	}{
		{0.975, 1, 12.706}, {0.975, 2, 4.303}, {0.975, 4, 2.776}, {0.975, 5, 2.571},
		{0.975, 10, 2.228}, {0.975, 20, 2.086}, {0.975, 30, 2.042}, {0.975, 100, 1.984},
		{0.95, 5, 2.015}, {0.95, 10, 1.812}, {0.99, 10, 2.764}, {0.995, 20, 2.845},
		{0.90, 3, 1.638}, {0.999, 2, 22.327},
	}
	for _, tt := range tests {
		if got := StudentQuantile(tt.p, tt.df); math.Abs(got-tt.want) > 0.0005 {
			t.Errorf("StudentQuantile(%v, %v): got %.4f, want %.3f", tt.p, tt.df, got, tt.want)
		}
		if got := StudentQuantile(1-tt.p, tt.df); math.Abs(got+tt.want) > 0.0005 {
			t.Errorf("StudentQuantile(%v, %v): got %.4f, want %.3f", 1-tt.p, tt.df, got, -tt.want)
		}
	}
}

// TestStudentPrecise checks full precision against SciPy 1.10's
// scipy.stats.t and scipy.special.betainc (values printed with repr),
// including a fractional df as Welch's test gives.
func TestStudentPrecise(t *testing.T) {
	quantiles := []struct{ p, df, want float64 }{
		{0.975, 4, 2.7764451051977987}, {0.975, 10, 2.2281388519649385},
		{0.975, 30, 2.0422724563012373}, {0.975, 120, 1.9799304050527766},
		{0.975, 7.5, 2.333039626555376}, {0.975, 1, 12.706204736432095},
	}
	for _, tt := range quantiles {
		if got := StudentQuantile(tt.p, tt.df); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("StudentQuantile(%v, %v): got %.12f, want %.12f", tt.p, tt.df, got, tt.want)
		}
	}
	cdfs := []struct{ t, df, want float64 }{
		{2.0, 10, 0.9633059826146297}, {-1.5, 4, 0.104}, {0.5, 1, 0.6475836176504333},
		{3.2, 7.3, 0.9928801659806709}, {10, 2, 0.9950737714883371}, {0, 3, 0.5},
		{math.Inf(1), 3, 1}, {math.Inf(-1), 3, 0},
	}
	for _, tt := range cdfs {
		if got := StudentCDF(tt.t, tt.df); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("StudentCDF(%v, %v): got %.15f, want %.15f", tt.t, tt.df, got, tt.want)
		}
	}
	betas := []struct{ a, b, x, want float64 }{
		{2, 3, 0.4, 0.5248}, {0.5, 0.5, 0.3, 0.3690101195655454},
		{5, 0.5, 0.9, 0.316642915020012}, {10, 20, 0.3, 0.3640040810719437},
		{2, 3, 0, 0}, {2, 3, 1, 1},
	}
	for _, tt := range betas {
		if got := RegIncBeta(tt.a, tt.b, tt.x); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("RegIncBeta(%v, %v, %v): got %.15f, want %.15f", tt.a, tt.b, tt.x, got, tt.want)
		}
	}
}

// TestStudentRoundTrip checks that the quantile inverts the CDF.
func TestStudentRoundTrip(t *testing.T) {
	for _, df := range []float64{1, 2.5, 4, 9, 33.3, 500} {
		for _, p := range []float64{0.001, 0.025, 0.1, 0.5, 0.8, 0.975, 0.9999} {
			if got := StudentCDF(StudentQuantile(p, df), df); math.Abs(got-p) > 1e-12 {
				t.Errorf("StudentCDF(StudentQuantile(%v, %v)): got %.15f, want %v", p, df, got, p)
			}
		}
	}
}

// TestStudentRefusesNonsense checks NaN for arguments out of range.
func TestStudentRefusesNonsense(t *testing.T) {
	for name, got := range map[string]float64{
		"quantile p=0":    StudentQuantile(0, 4),
		"quantile p=1":    StudentQuantile(1, 4),
		"quantile df=0":   StudentQuantile(0.9, 0),
		"cdf df<0":        StudentCDF(1, -1),
		"cdf NaN":         StudentCDF(math.NaN(), 3),
		"beta x>1":        RegIncBeta(1, 1, 1.5),
		"beta a=0":        RegIncBeta(0, 1, 0.5),
		"quantile p=NaN":  StudentQuantile(math.NaN(), 3),
		"quantile df=NaN": StudentQuantile(0.9, math.NaN()),
	} {
		if !math.IsNaN(got) {
			t.Errorf("%s: got %v, want NaN", name, got)
		}
	}
}
