package recruitment

import (
	"time"

	"skillcert"
)

// shanghai is China Standard Time (skillcert.CST).
var shanghai = skillcert.CST

// Date returns midnight of the calendar day y-m-d in Asia/Shanghai.
func Date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, shanghai)
}

// DayOf returns midnight (Asia/Shanghai) of the calendar day t falls on in
// Asia/Shanghai. Every rule here works on such days, never on instants.
func DayOf(t time.Time) time.Time {
	y, m, d := t.In(shanghai).Date()
	return Date(y, m, d)
}

// FormatDate writes the Asia/Shanghai calendar day of t as 2006-01-02.
func FormatDate(t time.Time) string {
	return t.In(shanghai).Format("2006-01-02")
}

// dayKey is a calendar day as one comparable int, yyyymmdd.
func dayKey(t time.Time) int {
	y, m, d := t.In(shanghai).Date()
	return y*10000 + int(m)*100 + d
}
