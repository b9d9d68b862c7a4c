package roi

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

// schedule is a set of flows by day: the days in order, each with the
// net amount of its flows.
type schedule struct {
	day0  int64   // the earliest day, in days since 1970-01-01
	days  []int64 // days after day0, ascending, each once
	cents []int64 // the net amount of each day
	in    number.Money
	out   number.Money
}

// dayNumber returns the days from 1970-01-01 to t's date.
func dayNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func newSchedule(flows []Flow) (*schedule, error) {
	type dayAmount struct{ day, cents int64 }
	all := make([]dayAmount, len(flows))
	s := &schedule{}
	var abs int64
	for i, f := range flows {
		a := int64(f.Amount)
		if a > MaxAbsTotal || a < -MaxAbsTotal {
			return nil, tooLarge()
		}
		if abs += max(a, -a); abs > MaxAbsTotal {
			return nil, tooLarge()
		}
		if a < 0 {
			s.out -= f.Amount
		} else {
			s.in += f.Amount
		}
		all[i] = dayAmount{dayNumber(f.Date), a}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].day < all[j].day })
	s.day0 = all[0].day
	for _, f := range all {
		d := f.day - s.day0
		if n := len(s.days); n > 0 && s.days[n-1] == d {
			s.cents[n-1] += f.cents
			continue
		}
		s.days = append(s.days, d)
		s.cents = append(s.cents, f.cents)
	}
	return s, nil
}

func tooLarge() error {
	return fmt.Errorf("the amounts add up to more than %s (in absolute value): too large to discount exactly to the cent",
		number.Money(MaxAbsTotal).Currency())
}

// date returns the date of the i-th day.
func (s *schedule) date(i int) time.Time {
	return time.Unix((s.day0+s.days[i])*86400, 0).UTC()
}

// years returns the time of the i-th day from the first, Actual/365.
func (s *schedule) years(i int) float64 { return float64(s.days[i]) / 365 }

// discount returns XNPV(rate) rounded to the cent and the index of the
// discounted payback day (-1 for none): the first day from which the
// discounted cumulative sum, rounded to the cent, is never negative again.
func (s *schedule) discount(rate float64) (number.Money, int, error) {
	var sum neumaier
	pb := -1
	for i, c := range s.cents {
		sum.add(float64(c) * math.Pow(1+rate, -s.years(i)))
		switch {
		case math.Round(sum.value()) < 0:
			pb = -1
		case pb < 0:
			pb = i
		}
	}
	v := sum.value()
	if math.IsNaN(v) || math.Abs(v) > 1<<53 {
		return 0, 0, fmt.Errorf("the NPV at a rate of %v is too large to compute to the cent", rate)
	}
	return number.Money(int64(math.Round(v))), pb, nil
}

// payback returns the index of the payback day: the first day from which
// the cumulative sum is never negative again, or -1 if it ends negative.
func (s *schedule) payback() int {
	pb := -1
	var cum int64
	for i, c := range s.cents {
		cum += c
		switch {
		case cum < 0:
			pb = -1
		case pb < 0:
			pb = i
		}
	}
	return pb
}

// neumaier is a compensated sum (Neumaier's variant of Kahan's): the
// rounding error of each addition is carried, so that a long sum of large
// flows of both signs keeps its cents.
type neumaier struct{ s, c float64 }

func (k *neumaier) add(x float64) {
	t := k.s + x
	if math.Abs(k.s) >= math.Abs(x) {
		k.c += (k.s - t) + x
	} else {
		k.c += (x - t) + k.s
	}
	k.s = t
}

func (k *neumaier) value() float64 { return k.s + k.c }
