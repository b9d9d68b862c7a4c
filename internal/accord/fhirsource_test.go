package accord

import (
	"testing"
	"time"
)

func TestFHIRSourceValidate(t *testing.T) {
	ok := FHIRSource{BaseURL: "https://fhir.example.org/r4", TokenFile: "north-valley.token", EveryHours: 24}
	for _, tc := range []struct {
		name      string
		change    func(*FHIRSource)
		wantField string
	}{
		{"valid", func(*FHIRSource) {}, ""},
		{"no token file", func(s *FHIRSource) { s.TokenFile = "" }, ""},
		{"not http", func(s *FHIRSource) { s.BaseURL = "file:///etc/passwd" }, "base_url"},
		{"no host", func(s *FHIRSource) { s.BaseURL = "https:///r4" }, "base_url"},
		{"with a query", func(s *FHIRSource) { s.BaseURL = "https://fhir.example.org/r4?_count=10" }, "base_url"},
		{"with credentials", func(s *FHIRSource) { s.BaseURL = "https://u:p@fhir.example.org/r4" }, "base_url"},
		{"token file in a folder", func(s *FHIRSource) { s.TokenFile = "../secrets/key" }, "token_file"},
		{"token file absolute", func(s *FHIRSource) { s.TokenFile = "/etc/shadow" }, "token_file"},
		{"hidden token file", func(s *FHIRSource) { s.TokenFile = ".env" }, "token_file"},
		{"every 0 hours", func(s *FHIRSource) { s.EveryHours = 0 }, "every_hours"},
		{"every 169 hours", func(s *FHIRSource) { s.EveryHours = 169 }, "every_hours"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ok
			tc.change(&s)
			err := s.Validate()
			if got := ErrorField(err); (err == nil) != (tc.wantField == "") || got != tc.wantField {
				t.Errorf("got %v (field %q), want field %q", err, got, tc.wantField)
			}
		})
	}
}

func TestFHIRSourceDue(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	ran := func(ago time.Duration) *FHIRSourceRun { return &FHIRSourceRun{At: now.Add(-ago)} }
	for _, tc := range []struct {
		name string
		src  FHIRSource
		want bool
	}{
		{"off", FHIRSource{EveryHours: 1}, false},
		{"never run", FHIRSource{Enabled: true, EveryHours: 24}, true},
		{"ran an hour ago, daily", FHIRSource{Enabled: true, EveryHours: 24, LastRun: ran(time.Hour)}, false},
		{"ran a day ago, daily", FHIRSource{Enabled: true, EveryHours: 24, LastRun: ran(24 * time.Hour)}, true},
		{"ran 2 hours ago, hourly", FHIRSource{Enabled: true, EveryHours: 1, LastRun: ran(2 * time.Hour)}, true},
	} {
		if got := tc.src.Due(now); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}
