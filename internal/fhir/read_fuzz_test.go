package fhir

import (
	"bytes"
	"testing"
)

// FuzzReadLimited feeds Read arbitrary bytes, seeded from the fixtures
// (testdata/fuzz/FuzzReadLimited), with few errors allowed and pending
// reports accepted. Beyond FuzzRead's checks: the errors kept never pass
// MaxErrors and the rest are counted; the counts of the summary add up
// (no more rejected than read, no observations from a file whose every
// report was rejected); every observation goes to a KPI the options map,
// names a period, and its line is one the file has; and reading the same
// bytes again gives the same result.
func FuzzReadLimited(f *testing.F) {
	f.Add([]byte(mr() + "\n" + mr(set("status", "pending")) + "\n" + mr(set("measure", levelsURL+"|1.4.0")) + "\n"))
	opt := Options{File: "up.ndjson", AllowPending: true, MaxErrors: 3, Measures: map[string]Target{
		hba1cURL: {KPI: "hba1c", Ratio: true}, levelsURL + "#hba1c-above-9": {KPI: "above-9", Scale: 100},
		levelsURL + "|1.4.0#hba1c-below-7": {KPI: "below-7", Scale: 1000}}}
	kpis := map[string]bool{"hba1c": true, "above-9": true, "below-7": true}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Read(bytes.NewReader(data), opt)
		if err != nil {
			t.Fatalf("got error %v from a bytes.Reader", err)
		}
		s := res.Summary
		switch {
		case len(res.Errors) > opt.MaxErrors:
			t.Fatalf("got %d errors, want at most %d", len(res.Errors), opt.MaxErrors)
		case s.MoreErrors > 0 && len(res.Errors) != opt.MaxErrors:
			t.Fatalf("got %d errors and %d more, want %d kept first", len(res.Errors), s.MoreErrors, opt.MaxErrors)
		case s.Rejected > s.MeasureReports || s.Individual > s.MeasureReports || s.MoreErrors < 0:
			t.Fatalf("summary does not add up: %+v", s)
		case len(res.Observations) > 0 && s.Rejected == s.MeasureReports:
			t.Fatalf("got %d observations from %d reports, all rejected", len(res.Observations), s.MeasureReports)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, o := range res.Observations {
			if !kpis[o.KPI] || o.Period == "" || o.Line < 1 || o.Line > lines {
				t.Fatalf("got observation %s, want a mapped KPI, a period and a line of the file (1..%d)", show(o), lines)
			}
		}
		again, err := Read(bytes.NewReader(data), opt)
		if err != nil || len(again.Observations) != len(res.Observations) || len(again.Errors) != len(res.Errors) {
			t.Fatalf("a second read differs: %d observations and %d errors, then %d and %d (%v)",
				len(res.Observations), len(res.Errors), len(again.Observations), len(again.Errors), err)
		}
		for i := range res.Observations {
			if show(res.Observations[i]) != show(again.Observations[i]) {
				t.Fatalf("a second read differs: %s, then %s", show(res.Observations[i]), show(again.Observations[i]))
			}
		}
	})
}
