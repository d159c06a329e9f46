package certificates

import "time"

// validUntil is the last day of a certificate issued on issued and valid
// for months months (0: long-term, the zero time). Like a period of months
// in Chinese law (民法典 第201、202条), the day of issue does not count and
// the period ends on the corresponding day of the last month, or on that
// month's last day when it has no such day: issued 2026-03-01 for 36
// months, valid through 2029-03-01; issued 2026-01-31 for 1 month, valid
// through 2026-02-28.
func validUntil(issued time.Time, months int) time.Time {
	if months <= 0 {
		return time.Time{}
	}
	y, m, d := issued.In(shanghai).Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, shanghai)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, shanghai)
}

// dayOf is midnight of t's day in China Standard Time; zero stays zero.
func dayOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.In(shanghai).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, shanghai)
}
