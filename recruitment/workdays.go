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
	DaysOff         []time.Time `bson:"daysOff" json:"daysOff"`
	WorkingWeekends []time.Time `bson:"workingWeekends" json:"workingWeekends"`
}

// Validate checks that every working weekend day is a Saturday or Sunday and
// that no day is both off and worked.
func (c HolidayCalendar) Validate() error {
	off := map[int]bool{}
	for _, d := range c.DaysOff {
		off[dayKey(d)] = true
	}
	for _, d := range c.WorkingWeekends {
		if wd := d.In(shanghai).Weekday(); wd != time.Saturday && wd != time.Sunday {
			return skillcert.Invalid("workingWeekends", "%s 不是周末，不能设为调休上班日", FormatDate(d))
		}
		if off[dayKey(d)] {
			return skillcert.Invalid("workingWeekends", "%s 既是放假日又是调休上班日", FormatDate(d))
		}
	}
	return nil
}

// workingDays is a calendar prepared for repeated lookups.
type workingDays struct{ off, on map[int]bool }

func (c HolidayCalendar) prepare() workingDays {
	w := workingDays{off: map[int]bool{}, on: map[int]bool{}}
	for _, d := range c.DaysOff {
		w.off[dayKey(d)] = true
	}
	for _, d := range c.WorkingWeekends {
		w.on[dayKey(d)] = true
	}
	return w
}

func (w workingDays) is(day time.Time) bool {
	k := dayKey(day)
	switch {
	case w.on[k]:
		return true
	case w.off[k]:
		return false
	}
	wd := day.In(shanghai).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// IsWorkingDay reports whether the calendar day of t (Asia/Shanghai) is a
// working day.
func (c HolidayCalendar) IsWorkingDay(t time.Time) bool { return c.prepare().is(t) }

// AddWorkingDays returns the day n working days after start, not counting
// start itself: from Friday, 1 working day is the next Monday. n = 0 gives
// start's day; a negative n counts backwards. The result is midnight
// (Asia/Shanghai).
func AddWorkingDays(start time.Time, n int, cal HolidayCalendar) time.Time {
	w := cal.prepare()
	day, step := DayOf(start), 1
	if n < 0 {
		n, step = -n, -1
	}
	for n > 0 {
		day = day.AddDate(0, 0, step)
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
func NoticeEnd(start time.Time, days int, cal HolidayCalendar) time.Time {
	if days < 1 {
		return DayOf(start)
	}
	if cal.IsWorkingDay(start) {
		days--
	}
	return AddWorkingDays(start, days, cal)
}
