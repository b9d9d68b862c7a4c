package fhir

import (
	"fmt"
	"io"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

// Target says which KPI a Measure (or one group of it) reports into.
type Target struct {
	// KPI is the key of the KPI the figures go to.
	KPI string
	// Ratio makes the observation numerator and denominator, read from the
	// report's populations; otherwise it is a value, read from measureScore.
	Ratio bool
	// Scale converts a unitless measureScore (a proportion such as 0.82)
	// into the KPI's unit: 100 for a percent KPI, 1000 for a rate per
	// 1,000. A score whose unit is "%" is first read as a percent. 0 or 1
	// takes the score as it is. It does not apply to ratio KPIs.
	Scale int64
	// Unit is the KPI's unit: a count KPI takes a cohort report's
	// initial-population count, a percent KPI refuses a numerator above
	// its denominator. "" checks neither.
	Unit accord.Unit
	// Frequency is the KPI's: a report whose period.end is given must
	// cover exactly one of its periods. "" does not check.
	Frequency accord.Frequency
	// Direction is the KPI's: a report whose improvementNotation says the
	// opposite is refused. "" does not check.
	Direction accord.Direction
	// SegmentBy is the KPI's segment dimension: the strata of a
	// stratifier of that name are named by their value alone, those of
	// other stratifiers "<stratifier>: <value>".
	SegmentBy string
}

// Options configure one Read.
type Options struct {
	// File names the input in every RowError.
	File string
	// Measures maps a Measure canonical URL to its KPI. A key is written
	// URL, URL|version, URL#group-code or URL|version#group-code; see
	// docs/fhir.md for how a report's measure and groups are matched.
	Measures map[string]Target
	// AllowPending accepts reports whose status is pending as well as
	// complete; their observations are marked Provisional.
	AllowPending bool
	// Partial keeps what is usable: a bad stratum or group is left out of
	// its report, and a bad report out of the file, each listed in
	// Result.LeftOut with its reason, instead of Result.Errors. Without
	// it a report with any problem contributes nothing and every problem
	// is an error (all or nothing).
	Partial bool
	// MaxErrors stops recording errors after this many (0: no limit), so
	// that a wrong file of a million lines does not fill memory; the rest
	// are only counted in Summary.MoreErrors.
	MaxErrors int
}

// Form is the shape the input turned out to have.
type Form string

// The forms Read recognises.
const (
	FormResource Form = "resource" // one JSON resource (a MeasureReport)
	FormBundle   Form = "bundle"   // a Bundle of any type
	FormNDJSON   Form = "ndjson"   // one resource per line (Bulk Data)
)

// Summary counts what Read saw, for the import preview.
type Summary struct {
	// Form is "" when the file could not be read far enough to tell.
	Form Form `json:"form"`
	// MeasureReports is the number of MeasureReports read, good or bad.
	MeasureReports int `json:"measure_reports"`
	// Rejected is the number of MeasureReports that had an error: none of
	// their figures is in the result.
	Rejected int `json:"rejected"`
	// Individual is the number of accepted individual reports that were
	// summed into observations.
	Individual int `json:"individual"`
	// SkippedGroups counts report groups left out because the caller
	// mapped other groups of the same Measure by group code.
	SkippedGroups int `json:"skipped_groups"`
	// LeftOutParts counts the strata and groups' own figures left out of
	// reports that were otherwise kept (Options.Partial), each once however
	// many reasons it has.
	LeftOutParts int `json:"left_out_parts"`
	// Pending counts the accepted reports whose status is pending: their
	// observations are provisional.
	Pending int `json:"pending"`
	// Ignored counts bundle entries that are not MeasureReports, by
	// resource type ("(none)" for entries without a resource).
	Ignored map[string]int `json:"ignored"`
	// MoreErrors counts errors found beyond Options.MaxErrors, and
	// MoreLeftOut the parts left out beyond it.
	MoreErrors  int `json:"more_errors,omitempty"`
	MoreLeftOut int `json:"more_left_out,omitempty"`
}

// Result is what Read found: the observations of every good report, and an
// error for every bad one. A caller that writes only clean files writes
// Observations only when Errors is empty.
type Result struct {
	Observations []accord.ObservationInput
	Errors       []accord.RowError
	// LeftOut names, with Options.Partial, every report, group or stratum
	// left out and why; the rest of the file is in Observations.
	LeftOut []accord.RowError
	Summary Summary
}

// Read reads MeasureReports from r, in any of the three forms, and converts
// them. Problems with the content are returned in Result.Errors; the error
// is non-nil only when r itself fails.
func Read(r io.Reader, opt Options) (*Result, error) {
	c := newCollector(opt)
	if err := c.readInput(r); err != nil {
		return nil, fmt.Errorf("read fhir %s: %w", opt.File, err)
	}
	c.finish()
	return c.res, nil
}

// MeasuresFromKPIs builds Options.Measures from the KPIs that carry a
// Measure URL. Two KPIs claiming the same URL (and group) is an error:
// their figures could not be told apart.
func MeasuresFromKPIs(kpis []accord.KPI) (map[string]Target, error) {
	m := make(map[string]Target)
	for _, k := range kpis {
		url := strings.TrimSpace(k.MeasureURL)
		if url == "" {
			continue
		}
		if prev, ok := m[url]; ok {
			return nil, fmt.Errorf("measure %s is claimed by KPIs %s and %s", url, prev.KPI, k.Key)
		}
		m[url] = Target{KPI: k.Key, Ratio: k.IsRatio, Scale: k.Scale, Unit: k.Unit, Frequency: k.Frequency, Direction: k.Direction, SegmentBy: k.SegmentBy}
	}
	return m, nil
}
