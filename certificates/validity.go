package certificates

import "skillcert"

// validUntil is the last day of a certificate issued on issued and valid
// for months months (0: long-term, the zero Date). Like a period of months
// in Chinese law (民法典 第201、202条), the day of issue does not count and
// the period ends on the corresponding day of the last month, or on that
// month's last day when it has no such day: issued 2026-03-01 for 36
// months, valid through 2029-03-01; issued 2026-01-31 for 1 month, valid
// through 2026-02-28.
func validUntil(issued skillcert.Date, months int) skillcert.Date {
	if months <= 0 {
		return skillcert.Date{}
	}
	return issued.AddMonths(months)
}
