package fhir

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// figure is one observation's worth of a report: the whole population of a
// group (segment "") or one stratum.
type figure struct {
	target   Target
	segment  string
	value    number.Decimal
	num, den number.Decimal
	field    string // FHIRPath of the group or stratum, for errors
}

// report reads one MeasureReport found at l.
func (c *collector) report(raw json.RawMessage, l loc) {
	c.reports = true
	c.res.Summary.MeasureReports++
	var mr measureReport
	if err := json.Unmarshal(raw, &mr); err != nil {
		var h head
		_ = json.Unmarshal(raw, &h)
		c.reject(l, label("MeasureReport", h.ID), []problem{typeProblem(err)})
		return
	}
	what := label("MeasureReport", mr.ID)
	d, skipped, dropped, probs := c.read(&mr)
	if len(probs) > 0 {
		c.reject(l, what, probs)
		return
	}
	d.where = l.String() + ", " + what
	d.line = l.line
	d.source = "fhir:" + what
	if mr.ID == "" {
		d.source += " (" + l.String() + ")"
	}
	if c.commit(l, what, d) {
		c.res.Summary.SkippedGroups += skipped
		if d.individual {
			c.res.Summary.Individual++
		}
		if d.provisional {
			c.res.Summary.Pending++
		}
		parts := map[string]bool{}
		for _, p := range dropped {
			parts[p.field] = true
			c.fail(l, what, p.field, "left out: %s", p.msg)
		}
		c.res.Summary.LeftOutParts += len(parts)
	}
}

// read checks a report and extracts its figures. It returns the groups
// left out by the caller's choice, the parts (groups' own figures or
// strata) that are unusable, which Options.Partial leaves out and keeps
// the rest, and the problems that sink the whole report.
func (c *collector) read(mr *measureReport) (d reportDone, skipped int, dropped, probs []problem) {
	if p, ok := c.checkStatus(mr.Status); !ok {
		return reportDone{}, 0, nil, []problem{p}
	}
	d, probs = readHeader(mr)
	if len(probs) > 0 {
		return d, 0, nil, probs
	}
	d.provisional = mr.Status == "pending"
	measure := strings.TrimSpace(mr.Measure)
	targets, skipped, probs := c.match.groups(measure, mr.Group)
	if len(probs) > 0 {
		return d, 0, nil, probs
	}
	for i, g := range mr.Group {
		if targets[i] == nil {
			continue
		}
		t := *targets[i]
		if p, ok := checkPeriod(d, t); !ok {
			probs = append(probs, p)
		}
		if p, ok := checkImprovement(mr.ImprovementNotation, t); !ok {
			probs = append(probs, p)
		}
		figs, ps := readGroup(g, t, fmt.Sprintf("group[%d]", i), d.individual)
		d.figures = append(d.figures, figs...)
		dropped = append(dropped, ps...)
	}
	// An individual report is one patient: half of it would skew the sum.
	// A report none of whose parts is usable is refused as a whole.
	if len(probs) > 0 || d.individual || !c.opt.Partial || len(d.figures) == 0 {
		probs, dropped = append(probs, dropped...), nil
	}
	if d.individual && mr.Subject != nil && mr.Subject.Reference != "" {
		d.subject = measure + "\x00" + d.period + "\x00" + mr.Subject.Reference
	}
	return d, skipped, dropped, probs
}

// readHeader checks the type, measure, period and groups of a report, all
// of them, so that one pass names every problem.
func readHeader(mr *measureReport) (reportDone, []problem) {
	var probs []problem
	var d reportDone
	switch mr.Type {
	case "individual":
		d.individual = true
	case "summary", "data-collection", "subject-list":
	case "":
		probs = append(probs, problemf("type", "type is missing (want summary, data-collection or individual)"))
	default:
		probs = append(probs, problemf("type", "type %q is not a MeasureReport type (want summary, data-collection or individual)", mr.Type))
	}
	if strings.TrimSpace(mr.Measure) == "" {
		probs = append(probs, problemf("measure", "measure is missing: accord matches reports to KPIs by the Measure's canonical URL"))
	}
	var err error
	if mr.Period == nil || mr.Period.Start == "" {
		probs = append(probs, problemf("period.start", "period.start is missing: accord files the figures under the period's start date"))
	} else if d.period, err = periodDate(mr.Period.Start); err != nil {
		probs = append(probs, problemf("period.start", "period.start %s", err.Error()))
	}
	if mr.Period != nil && strings.TrimSpace(mr.Period.End) != "" {
		if d.end, d.endMidnight, err = periodEnd(mr.Period.End); err != nil {
			probs = append(probs, problemf("period.end", "period.end %s", err.Error()))
		} else if d.period != "" && d.end < d.period {
			probs = append(probs, problemf("period.end", "the period ends (%s) before it starts (%s)", d.end, d.period))
		}
	}
	if len(mr.Group) == 0 {
		probs = append(probs, problemf("group", "the report has no group: it carries no figures"))
	}
	return d, probs
}

func (c *collector) checkStatus(status string) (problem, bool) {
	switch status {
	case "complete":
		return problem{}, true
	case "pending":
		if c.opt.AllowPending {
			return problem{}, true
		}
		return problemf("status", "status is pending: the figures are not final yet (import pending reports only when asked to)"), false
	case "error":
		return problemf("status", "status is error: the sending system marked this report as failed; fix it there and export again"), false
	case "":
		return problemf("status", "status is missing (want complete)"), false
	}
	return problemf("status", "status %q is not a MeasureReport status (want complete)", status), false
}

// periodDate reads a FHIR date or dateTime and returns its calendar date
// as written (YYYY-MM-DD). The date is not moved to UTC: a month that
// starts at midnight in the reporting site's time zone stays that month.
// A partial date names its first day ("2024-03" is 2024-03-01).
func periodDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	date, _, hasTime := strings.Cut(s, "T")
	full := date
	switch len(date) {
	case 4:
		full += "-01-01"
	case 7:
		full += "-01"
	}
	if _, err := time.Parse(time.DateOnly, full); err != nil || hasTime && len(date) != len(time.DateOnly) {
		return "", fmt.Errorf("%q is not a FHIR date or dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss+hh:mm)", s)
	}
	if hasTime {
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			return "", fmt.Errorf("%q is not a FHIR dateTime: a time needs seconds and a time zone (Z or +hh:mm)", s)
		}
	}
	return full, nil
}

// readGroup extracts the figures of one group: its whole population, then
// each stratum of each stratifier.
func readGroup(g group, t Target, path string, individual bool) ([]figure, []problem) {
	var figs []figure
	var probs []problem
	f, ps := readPart(g.Population, g.MeasureScore, t, path, individual)
	f.field = path
	if len(ps) == 0 {
		figs = append(figs, f)
	}
	probs = append(probs, ps...)
	for si, s := range g.Stratifier {
		dim := stratifierName(s, t.SegmentBy)
		for ti, st := range s.Stratum {
			p := fmt.Sprintf("%s.stratifier[%d].stratum[%d]", path, si, ti)
			seg, ps := segment(st, dim, p)
			if len(ps) > 0 {
				probs = append(probs, ps...)
				continue
			}
			f, ps := readPart(st.Population, st.MeasureScore, t, p, individual)
			f.field, f.segment = p, seg
			if len(ps) == 0 {
				figs = append(figs, f)
			}
			probs = append(probs, ps...)
		}
	}
	return figs, probs
}

// readPart reads the populations (ratio KPIs) or the measureScore (value
// KPIs) of a group or stratum.
func readPart(pops []population, score *quantity, t Target, path string, individual bool) (figure, []problem) {
	f := figure{target: t}
	if t.Ratio {
		counts, probs := readCounts(pops, path, individual)
		if len(probs) > 0 {
			return f, probs
		}
		if f.num, f.den, probs = ratio(counts, path, t); len(probs) > 0 {
			return f, probs
		}
		return f, plausible(f.num, f.den, t, path)
	}
	if individual {
		return f, []problem{problemf(path, "an individual report can only feed a KPI reported as numerator and denominator; KPI %s takes a value", t.KPI)}
	}
	if score == nil && t.Unit == accord.UnitCount {
		var probs []problem
		f.value, probs = cohort(pops, t, path)
		return f, probs
	}
	if score == nil {
		return f, []problem{problemf(path+".measureScore", "measureScore is missing: KPI %s takes a value, read from measureScore (only a count KPI takes a cohort's initial-population count)", t.KPI)}
	}
	v, err := parseNumber(score.Value)
	if err == nil {
		v, err = scaleScore(v, score, t.Scale)
	}
	if err != nil {
		return f, []problem{problemf(path+".measureScore.value", "measureScore %s", err.Error())}
	}
	f.value = v
	return f, nil
}
