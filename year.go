package skillcert

import "time"

// CalendarYear is the year of a calendar date: a Date, or a time.Time
// read as a China Standard Time day; 0 for a zero value or another type.
// Pages and lists show it beside a masked ID number instead of the birth
// date, which the mask hides.
func CalendarYear(d any) int {
	switch d := d.(type) {
	case Date:
		return d.Year
	case time.Time:
		if d.IsZero() {
			return 0
		}
		return d.In(CST).Year()
	}
	return 0
}
