package chart

import (
	"math"
	"testing"
)

func TestFormatValue(t *testing.T) {
	tests := []struct {
		f    Format
		v    float64
		want string
	}{
		{Format{Unit: Percent, Decimals: 1}, 87.46, "87.5%"},
		{Format{Unit: Percent}, 87.5, "88%"},
		{Format{Unit: Percent, Decimals: 1}, 0, "0.0%"},
		{Format{Unit: Currency}, 1250000, "$1,250,000"},
		{Format{Unit: Currency, Decimals: 2}, 1162.5, "$1,162.50"},
		{Format{Unit: Currency, Symbol: "€"}, 999, "€999"},
		{Format{Unit: Currency}, -1200, "−$1,200"},
		{Format{Unit: Currency}, -0.2, "$0"},
		{Format{}, 1234567.891, "1,234,568"},
		{Format{Decimals: 2}, 1234.5, "1,234.50"},
		{Format{Decimals: 1, Suffix: " days"}, 12.25, "12.3 days"},
		{Format{}, 100, "100"},
		{Format{}, 1000, "1,000"},
		{Format{Unit: Percent}, math.NaN(), "–"},
		{Format{}, math.Inf(-1), "–"},
		{Format{Decimals: 99}, 1.5, "1.500000"},
		{Format{Decimals: -3}, 1.5, "2"},
		{Format{Decimals: 1}, -12.25, "−12.3"},
	}
	for _, tt := range tests {
		if got := tt.f.Value(tt.v); got != tt.want {
			t.Errorf("%+v.Value(%v): got %q, want %q", tt.f, tt.v, got, tt.want)
		}
	}
}

func TestFormatTick(t *testing.T) {
	tests := []struct {
		f          Format
		v, step    float64
		want       string
		wantDigits int
	}{
		{Format{Unit: Percent, Decimals: 1}, 60, 5, "60%", 0},
		{Format{Unit: Percent}, 12.5, 2.5, "12.5%", 1},
		{Format{}, 0.30000000000000004, 0.1, "0.3", 1},
		{Format{}, 0.25, 0.05, "0.25", 2},
		{Format{Unit: Currency}, 1250, 50, "$1,250", 0},
		{Format{Unit: Currency}, 200000, 100000, "$200,000", 0},
	}
	for _, tt := range tests {
		if got := tt.f.tick(tt.v, tt.step); got != tt.want {
			t.Errorf("tick(%v, %v): got %q, want %q", tt.v, tt.step, got, tt.want)
		}
		if got := stepDecimals(tt.step); got != tt.wantDigits {
			t.Errorf("stepDecimals(%v): got %d, want %d", tt.step, got, tt.wantDigits)
		}
	}
}

func TestEscAndIDs(t *testing.T) {
	escTests := map[string]string{
		`<script>alert(1)</script>`: "&lt;script&gt;alert(1)&lt;/script&gt;",
		`A & B`:                     "A &amp; B",
		`"double" 'single'`:         "&#34;double&#34; &#39;single&#39;",
		"nul\x00esc\x1b":            "nul\uFFFDesc\uFFFD",
		"ok é ✓":                    "ok é ✓",
	}
	for in, want := range escTests {
		if got := esc(in); got != want {
			t.Errorf("esc(%q): got %q, want %q", in, got, want)
		}
	}
	idTests := map[string]string{
		"kpi-42":            "kpi-42",
		`"><script>x</s>`:   "scriptxs",
		"42":                "c42",
		"":                  "def",
		"éé":                "def",
		"a b\tc":            "abc",
		"_private":          "c_private",
		"Clinic A/B (2024)": "ClinicAB2024",
	}
	for in, want := range idTests {
		if got := cleanID(in, "def"); got != want {
			t.Errorf("cleanID(%q): got %q, want %q", in, got, want)
		}
	}
}

func TestNum(t *testing.T) {
	for v, want := range map[float64]string{0: "0", -0.04: "0", 12.345: "12.3", 100: "100", -7.25: "-7.3", 3.96: "4"} {
		if got := num(v); got != want {
			t.Errorf("num(%v): got %q, want %q", v, got, want)
		}
	}
}

func TestWrapAndClip(t *testing.T) {
	lines := wrap("Patients with controlled HbA1c (< 8%) among adults with diabetes", 200, 16, 2)
	if len(lines) != 2 {
		t.Fatalf("wrap: got %d lines %q, want 2", len(lines), lines)
	}
	for _, l := range lines {
		if w := textWidth(l, 16); w > 200 {
			t.Errorf("wrap: line %q is %v wide, want at most 200", l, w)
		}
	}
	if last := lines[1]; last[len(last)-len("…"):] != "…" {
		t.Errorf("wrap: last line %q, want it to end in an ellipsis", last)
	}
	if got := wrap("Short", 200, 16, 2); len(got) != 1 || got[0] != "Short" {
		t.Errorf("wrap short text: got %q, want [Short]", got)
	}
	if got := wrap("", 200, 16, 2); len(got) != 0 {
		t.Errorf("wrap empty text: got %q, want no lines", got)
	}
	if got := clip("Telehealth pilot started", 1000, 12); got != "Telehealth pilot started" {
		t.Errorf("clip fitting text: got %q", got)
	}
	if got := clip("Telehealth pilot started", 80, 12); textWidth(got, 12) > 80 || got[len(got)-len("…"):] != "…" {
		t.Errorf("clip: got %q (%v wide), want at most 80 wide with an ellipsis", got, textWidth(got, 12))
	}
}
