package accord

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/accord-alliance/accord/internal/number"
)

// MaxSegmentLength bounds segment names ("Riverside Main clinic").
const MaxSegmentLength = 100

// BackfillYears is how far before a KPI was proposed its data may go:
// alliances load years of history as a baseline when they start.
const BackfillYears = 10

// PeriodBounds returns the first and the last period of k that take data
// at the moment now: the period BackfillYears before the KPI was proposed,
// and the period after the one now is in (a period may be reported while
// it runs and a week, month or quarter ahead, never later). A period
// outside them is a typing error ("9999-12"), and one such row would
// otherwise be the KPI's latest period for good.
func (k *KPI) PeriodBounds(now time.Time) (first, last time.Time) {
	if !k.CreatedAt.IsZero() {
		first = k.Frequency.PeriodStart(k.CreatedAt.AddDate(-BackfillYears, 0, 0))
	}
	return first, k.Frequency.Next(k.Frequency.PeriodStart(now))
}

// Resolve checks one imported row against its KPI at the moment now and
// returns the observation it describes (without id, revision or
// submitter), or the reason it is refused, naming the field.
func (k *KPI) Resolve(in ObservationInput, file string, now time.Time) (Observation, *RowError) {
	bad := func(field, format string, args ...any) (Observation, *RowError) {
		return Observation{}, &RowError{File: file, Line: in.Line, Field: field, Message: Errorf(EINVALID, format, args...).Message}
	}
	if k.Status != KPIApproved {
		return bad("kpi", "KPI %q is not approved yet: data can be reported once every party has approved it", k.Key)
	}
	if k.Formula != "" {
		return bad("kpi", "KPI %q is derived from other KPIs (%s) and takes no data of its own", k.Key, k.Formula)
	}
	period, err := k.Frequency.ParsePeriod(in.Period)
	if err != nil {
		return bad("period", "%s", ErrorMessage(err))
	}
	if first, last := k.PeriodBounds(now); period.Before(first) {
		return bad("period", "%s is more than %d years before KPI %q was proposed: the earliest period it takes is %s",
			k.Frequency.FormatPeriod(period), BackfillYears, k.Key, k.Frequency.FormatPeriod(first))
	} else if period.After(last) {
		return bad("period", "%s lies in the future: the latest period KPI %q takes today is %s",
			k.Frequency.FormatPeriod(period), k.Key, k.Frequency.FormatPeriod(last))
	}
	seg := strings.TrimSpace(in.Segment)
	if err := CheckDisplayText("segment", seg, false, MaxSegmentLength); err != nil {
		return bad("segment", "%s", ErrorMessage(err))
	}
	if seg != "" && k.SegmentBy == "" {
		// A KPI without a segment dimension has no segments: a segment
		// here would be a series nobody can choose on the scorecard.
		return bad("segment", "KPI '%s' has no segments; leave segment empty", k.Name)
	}
	o := Observation{KPIID: k.ID, Period: period, Segment: seg, Source: in.Source, Provisional: in.Provisional}
	if k.IsRatio {
		switch {
		case in.Numerator == nil || in.Denominator == nil:
			return bad("numerator", "KPI %q is a rate: give numerator and denominator, not a value", k.Key)
		case *in.Denominator < 0:
			return bad("denominator", "must not be negative")
		case *in.Numerator < 0:
			return bad("numerator", "must not be negative")
		case *in.Denominator == 0 && *in.Numerator != 0:
			// 0 of 0 is a real observation (nobody was eligible this
			// period); a numerator over nobody is a mistake.
			return bad("denominator", "is 0 but the numerator is %s: with nobody in the denominator the numerator is 0 too (0 of 0 is kept)", in.Numerator)
		case k.Unit == UnitPercent && *in.Numerator > *in.Denominator:
			return bad("numerator", "%s of %s is over 100%%: a percentage counts part of its denominator", in.Numerator, in.Denominator)
		}
		o.Numerator, o.Denominator = in.Numerator, in.Denominator
		return o, nil
	}
	if in.Value == nil {
		return bad("value", "is required for KPI %q", k.Key)
	}
	if in.Numerator != nil || in.Denominator != nil {
		return bad("numerator", "KPI %q takes a value, not numerator and denominator", k.Key)
	}
	if k.Unit == UnitCount && *in.Value < 0 {
		return bad("value", "a count cannot be negative")
	}
	if k.Unit == UnitPercent && (*in.Value < 0 || *in.Value > 100*number.DecimalScale) {
		return bad("value", "%s%% is not a percentage: give a number from 0 to 100", in.Value)
	}
	o.Value = in.Value
	return o, nil
}

// SameFigures reports whether two observations carry the same numbers, and
// are both provisional or both final, so that re-importing a file creates
// no new revision while a final figure replaces a provisional one.
func (o Observation) SameFigures(p Observation) bool {
	eq := func(a, b *number.Decimal) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
	return eq(o.Value, p.Value) && eq(o.Numerator, p.Numerator) && eq(o.Denominator, p.Denominator) && o.Provisional == p.Provisional
}

// ObservationKey identifies the series point an observation belongs to.
type ObservationKey struct {
	KPIID   string
	Period  time.Time
	Segment string
}

// Key returns the observation's series point.
func (o Observation) Key() ObservationKey { return ObservationKey{o.KPIID, o.Period, o.Segment} }

// Figure is the observation's number: the value, or numerator/denominator
// times the KPI's scale. ok is false when it has none.
func (o Observation) Figure(scale int64) (float64, bool) {
	if o.Value != nil {
		return o.Value.Float(), true
	}
	if o.Numerator != nil && o.Denominator != nil && *o.Denominator != 0 {
		return o.Numerator.Float() / o.Denominator.Float() * float64(scale), true
	}
	return 0, false
}

// Withdrawal asks to withdraw the current figure of one series point: an
// alliance admin's way to take back a figure that should never have been
// reported (a wrong period, a test row). It writes a new revision without
// figures, so the history keeps the figure and who withdrew it, and views
// as of earlier dates still show it.
type Withdrawal struct {
	AllianceID string
	KPIKey     string
	Period     string // as people write it, parsed by the KPI's frequency
	Segment    string // "" for the whole alliance's figure
	Reason     string
}

// MaxWithdrawalReason bounds a withdrawal's reason.
const MaxWithdrawalReason = 500

// Check trims the withdrawal and checks its reason; the period is read
// against the KPI.
func (w *Withdrawal) Check() error {
	w.Segment, w.Reason = strings.TrimSpace(w.Segment), strings.TrimSpace(w.Reason)
	if w.Reason == "" {
		return FieldError("reason", "say why the figure is withdrawn: the history shows it")
	}
	if !utf8.ValidString(w.Reason) || utf8.RuneCountInString(w.Reason) > MaxWithdrawalReason {
		return FieldError("reason", "must be text of at most %d characters", MaxWithdrawalReason)
	}
	return nil
}
