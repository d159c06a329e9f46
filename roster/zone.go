package roster

import (
	"time"
	_ "time/tzdata" // the zone database must be there even in a bare container
)

// shanghai is the zone of every date people see (China Standard Time).
var shanghai = mustLoadShanghai()

func mustLoadShanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic("roster: load Asia/Shanghai: " + err.Error())
	}
	return loc
}

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

func isLeapYear(y int) bool {
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

// FullYearsAt returns the age in full years (周岁) at the cutoff of a person
// born on birth, both read as dates in Asia/Shanghai: a person born on D is
// N from the N-th anniversary of D on, and the anniversary of 29 February
// in a common year is 1 March. It returns 0 when the cutoff precedes the
// birth.
func FullYearsAt(birth, cutoff time.Time) int {
	b, c := dateIn(birth), dateIn(cutoff)
	if c.before(b) {
		return 0
	}
	years := c.year - b.year
	anniversary := civilDate{c.year, b.month, b.day}
	if b.month == time.February && b.day == 29 && !isLeapYear(c.year) {
		anniversary = civilDate{c.year, time.March, 1}
	}
	if c.before(anniversary) {
		years--
	}
	return years
}

// daysIn returns the number of days of month m in year y.
func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
