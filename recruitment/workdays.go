package recruitment

import (
	"time"

	"skillcert"
)

// HolidayCalendar lists the days that break the Monday–Friday week: public
// holidays off (法定节假日, including weekdays taken off in lieu) and weekend
// days worked instead (调休上班). The zero value has neither: every weekday
// works, every weekend day is off. The city keeps one per year as data.
type HolidayCalendar struct {
	DaysOff         []skillcert.Date `bson:"daysOff" json:"daysOff"`
	WorkingWeekends []skillcert.Date `bson:"workingWeekends" json:"workingWeekends"`
}

// Validate checks that every working weekend day is a Saturday or Sunday and
// that no day is both off and worked.
func (c HolidayCalendar) Validate() error {
	off := map[skillcert.Date]bool{}
	for _, d := range c.DaysOff {
		off[d] = true
	}
	for _, d := range c.WorkingWeekends {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			return skillcert.Invalid("workingWeekends", "%s 不是周末，不能设为调休上班日", d.String())
		}
		if off[d] {
			return skillcert.Invalid("workingWeekends", "%s 既是放假日又是调休上班日", d.String())
		}
	}
	return nil
}

// workingDays is a calendar prepared for repeated lookups.
type workingDays struct{ off, on map[skillcert.Date]bool }

func (c HolidayCalendar) prepare() workingDays {
	w := workingDays{off: map[skillcert.Date]bool{}, on: map[skillcert.Date]bool{}}
	for _, d := range c.DaysOff {
		w.off[d] = true
	}
	for _, d := range c.WorkingWeekends {
		w.on[d] = true
	}
	return w
}

func (w workingDays) is(day skillcert.Date) bool {
	switch {
	case w.on[day]:
		return true
	case w.off[day]:
		return false
	}
	wd := day.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// IsWorkingDay reports whether day is a working day.
func (c HolidayCalendar) IsWorkingDay(day skillcert.Date) bool { return c.prepare().is(day) }

// AddWorkingDays returns the day n working days after start, not counting
// start itself: from Friday, 1 working day is the next Monday. n = 0 gives
// start; a negative n counts backwards.
func AddWorkingDays(start skillcert.Date, n int, cal HolidayCalendar) skillcert.Date {
	w := cal.prepare()
	day, step := start, 1
	if n < 0 {
		n, step = -n, -1
	}
	for n > 0 {
		day = day.AddDays(step)
		if w.is(day) {
			n--
		}
	}
	return day
}

// NoticeEnd returns the last day of a public notice (公示) of days working
// days that starts on start. The start day counts as the first day when it
// is a working day; otherwise the notice begins on the next working day.
// Five working days from Monday 2026-04-13 end on Friday 2026-04-17. The hire
// may become final from the day after the end.
func NoticeEnd(start skillcert.Date, days int, cal HolidayCalendar) skillcert.Date {
	if days < 1 {
		return start
	}
	if cal.IsWorkingDay(start) {
		days--
	}
	return AddWorkingDays(start, days, cal)
}
