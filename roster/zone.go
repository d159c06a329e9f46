package roster

import (
	"time"

	"skillcert"
)

// shanghai is the zone of every date people see (skillcert.CST).
var shanghai = skillcert.CST

// civilDate is a calendar date without a time of day.
type civilDate struct {
	year  int
	month time.Month
	day   int
}

// dateIn returns the calendar date of t in Asia/Shanghai.
func dateIn(t time.Time) civilDate {
	y, m, d := t.In(shanghai).Date()
	return civilDate{y, m, d}
}

// before reports whether a comes strictly before b.
func (a civilDate) before(b civilDate) bool {
	if a.year != b.year {
		return a.year < b.year
	}
	if a.month != b.month {
		return a.month < b.month
	}
	return a.day < b.day
}

// FullYearsAt returns the age in full years (周岁) at the cutoff, 0 when
// the cutoff precedes the birth; see skillcert.FullYearsAt.
func FullYearsAt(birth, cutoff time.Time) int {
	return max(0, skillcert.FullYearsAt(birth, cutoff))
}

// daysIn returns the number of days of month m in year y.
func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
