package roster

import (
	"time"

	"skillcert"
)

// shanghai is the zone of every date people see (skillcert.CST).
var shanghai = skillcert.CST

// FullYearsAt returns the age in full years (周岁) at the cutoff, 0 when
// the cutoff precedes the birth; see skillcert.Date.FullYearsAt.
func FullYearsAt(birth, cutoff skillcert.Date) int {
	return max(0, birth.FullYearsAt(cutoff))
}

// daysIn returns the number of days of month m in year y.
func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
