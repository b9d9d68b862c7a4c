package fhir

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

// loc is where a resource sits in the input: an NDJSON line, the line a
// single resource starts on, or a 1-based bundle entry number.
type loc struct {
	line  int
	entry bool
}

func (l loc) String() string {
	if l.entry {
		return fmt.Sprintf("bundle entry %d", l.line)
	}
	return fmt.Sprintf("line %d", l.line)
}

// obsKey is one observation's identity within an import.
type obsKey struct{ kpi, period, segment string }

// origin records who first reported an obsKey, to name it in a duplicate
// error; individual reports share one origin per key, as they add up.
type origin struct {
	where      string
	individual bool
	index      int // into Result.Observations
	reports    int // individual reports summed into it
}

// collector gathers observations and errors over one Read.
type collector struct {
	opt      Options
	match    matcher
	res      *Result
	reports  bool               // a MeasureReport was seen
	seen     map[obsKey]*origin // every observation so far
	order    []obsKey           // keys of individual sums, in order of first report
	subjects map[string]string  // measure|period|subject -> where reported
}

func newCollector(opt Options) *collector {
	return &collector{
		opt:      opt,
		match:    newMatcher(opt.Measures),
		res:      &Result{Summary: Summary{Ignored: map[string]int{}}},
		seen:     map[obsKey]*origin{},
		subjects: map[string]string{},
	}
}

// fail records an error about the resource at l. The message names the
// bundle entry (RowError.Line is then the entry number) and the resource.
func (c *collector) fail(l loc, what, field, format string, args ...any) {
	var pre []string
	if l.entry {
		pre = append(pre, l.String())
	}
	if what != "" {
		pre = append(pre, what)
	}
	msg := fmt.Sprintf(format, args...)
	if len(pre) > 0 {
		msg = strings.Join(pre, ", ") + ": " + msg
	}
	e := accord.RowError{File: c.opt.File, Line: l.line, Field: field, Message: msg}
	if c.opt.Partial {
		c.leaveOut(e)
		return
	}
	c.add(e)
}

// leaveOut records a part of the file left out (Options.Partial): one
// resource, group or stratum, while the rest is read.
func (c *collector) leaveOut(e accord.RowError) {
	if c.opt.MaxErrors > 0 && len(c.res.LeftOut) >= c.opt.MaxErrors {
		c.res.Summary.MoreLeftOut++
		return
	}
	c.res.LeftOut = append(c.res.LeftOut, e)
}

// failFile records an error about the file as a whole; line 0 means no
// line applies.
func (c *collector) failFile(line int, format string, args ...any) {
	c.add(accord.RowError{File: c.opt.File, Line: line, Message: fmt.Sprintf(format, args...)})
}

func (c *collector) add(e accord.RowError) {
	if c.opt.MaxErrors > 0 && len(c.res.Errors) >= c.opt.MaxErrors {
		c.res.Summary.MoreErrors++
		return
	}
	c.res.Errors = append(c.res.Errors, e)
}

func (c *collector) ignore(resourceType string) {
	if resourceType == "" {
		resourceType = "(no resourceType)"
	}
	c.res.Summary.Ignored[resourceType]++
}

// finish names the individual sums and flags a file with nothing to read.
func (c *collector) finish() {
	for _, k := range c.order {
		o := c.seen[k]
		c.res.Observations[o.index].Source = fmt.Sprintf("fhir:%d individual MeasureReports", o.reports)
	}
	if !c.reports && len(c.res.Errors) == 0 && c.res.Summary.MoreErrors == 0 && len(c.res.LeftOut) == 0 {
		c.failFile(0, "the file holds no MeasureReport%s", c.ignoredText())
	}
}

func (c *collector) ignoredText() string {
	if len(c.res.Summary.Ignored) == 0 {
		return ""
	}
	var parts []string
	for t, n := range c.res.Summary.Ignored {
		parts = append(parts, fmt.Sprintf("%d %s", n, t))
	}
	sort.Strings(parts)
	return " (only " + strings.Join(parts, ", ") + ")"
}

// reportDone is what a good report contributes.
type reportDone struct {
	where       string // "line 4, MeasureReport/abc", for duplicate errors
	source      string
	line        int
	period      string
	end         string // period.end's date, "" when not given
	endMidnight bool   // period.end is a dateTime at 00:00:00 (an exclusive end)
	individual  bool
	provisional bool   // status pending
	subject     string // individual reports: measure|period|subject.reference
	figures     []figure
}

// commit adds a good report's figures, or rejects the report when one of
// them was already reported: a report adds all its figures or none.
func (c *collector) commit(l loc, what string, d reportDone) bool {
	var dups []problem
	if d.subject != "" {
		if prev, ok := c.subjects[d.subject]; ok {
			dups = append(dups, problemf("subject", "this patient was already reported for this measure and period (%s)", prev))
		}
	}
	local := map[obsKey]string{}
	for _, f := range d.figures {
		k := obsKey{f.target.KPI, d.period, f.segment}
		if prev, ok := local[k]; ok {
			dups = append(dups, problemf(f.field, "KPI %s, period %s, segment %q is reported twice in this report (also %s)", k.kpi, k.period, k.segment, prev))
			continue
		}
		local[k] = f.field
		o, ok := c.seen[k]
		switch {
		case ok && !(o.individual && d.individual):
			dups = append(dups, problemf(f.field, "KPI %s, period %s, segment %q was already reported by %s", k.kpi, k.period, k.segment, o.where))
		case ok && !c.fits(o, f):
			dups = append(dups, problemf(f.field, "the sum of the individual reports for KPI %s, period %s is too large", k.kpi, k.period))
		}
	}
	if len(dups) > 0 {
		c.reject(l, what, dups)
		return false
	}
	if d.subject != "" {
		c.subjects[d.subject] = d.where
	}
	for _, f := range d.figures {
		c.put(obsKey{f.target.KPI, d.period, f.segment}, f, d)
	}
	return true
}

// fits reports whether adding f to an individual sum stays in range.
func (c *collector) fits(o *origin, f figure) bool {
	obs := c.res.Observations[o.index]
	return int64(*obs.Numerator) <= math.MaxInt64-int64(f.num) && int64(*obs.Denominator) <= math.MaxInt64-int64(f.den)
}

func (c *collector) put(k obsKey, f figure, d reportDone) {
	if o, ok := c.seen[k]; ok { // an individual sum
		obs := &c.res.Observations[o.index]
		*obs.Numerator += f.num
		*obs.Denominator += f.den
		obs.Provisional = obs.Provisional || d.provisional
		o.reports++
		return
	}
	obs := accord.ObservationInput{KPI: k.kpi, Period: k.period, Segment: k.segment, Line: d.line, Source: d.source, Provisional: d.provisional}
	if f.target.Ratio {
		num, den := f.num, f.den
		obs.Numerator, obs.Denominator = &num, &den
	} else {
		v := f.value
		obs.Value = &v
	}
	c.seen[k] = &origin{where: d.where, individual: d.individual, index: len(c.res.Observations), reports: 1}
	if d.individual {
		c.seen[k].where = "individual reports from " + d.where
		c.order = append(c.order, k)
	}
	c.res.Observations = append(c.res.Observations, obs)
}

// reject records every problem of a report, which then contributes nothing.
func (c *collector) reject(l loc, what string, probs []problem) {
	c.res.Summary.Rejected++
	for _, p := range probs {
		c.fail(l, what, p.field, "%s", p.msg)
	}
}

// problem is one thing wrong with a report, before its location is known.
type problem struct{ field, msg string }

func problemf(field, format string, args ...any) problem {
	return problem{field: field, msg: fmt.Sprintf(format, args...)}
}
