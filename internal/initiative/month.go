package initiative

import (
	"fmt"
	"time"
)

// Month is a calendar month, counted from year 0 (year×12 + month−1), so
// that months are consecutive integers: m+1 is the next month.
type Month int

// MonthOf returns the month that contains t (read in UTC).
func MonthOf(t time.Time) Month {
	y, m, _ := t.UTC().Date()
	return Month(y*12 + int(m) - 1)
}

// Year returns the month's year.
func (m Month) Year() int { return int(m) / 12 }

// Start returns the first day of the month, midnight UTC.
func (m Month) Start() time.Time {
	return time.Date(m.Year(), time.Month(int(m)%12+1), 1, 0, 0, 0, 0, time.UTC)
}

// Days returns how many days the month has.
func (m Month) Days() int { return daysIn(int(m)/12, int(m)%12+1) }

// String writes the month as 2027-03.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), int(m)%12+1) }

// Label writes the month for people: "Mar 2027".
func (m Month) Label() string { return m.Start().Format("Jan 2006") }

// daysIn returns the days of month (1–12) in year, without building a time.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// day is a date as a count of days since 1970-01-01, for fast spans.
type day int64

// dayOf returns t's date as a day (read in UTC).
func dayOf(t time.Time) day {
	s := t.Unix() // seconds since the epoch, the same in every zone
	d := s / 86400
	if s%86400 < 0 {
		d-- // floor, for days before 1970
	}
	return day(d)
}

// firstDay returns the month's first day as a day.
func (m Month) firstDay() day { return dayOf(m.Start()) }

// dateOnly drops the time of day from t, in UTC.
func dateOnly(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
