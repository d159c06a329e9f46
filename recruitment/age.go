package recruitment

import "time"

// FullYearsAt returns the age in full years (周岁) at the cutoff day of a
// person born on birth: a person born on D is N from the N-th anniversary
// of D on. Both are taken as calendar days in Asia/Shanghai.
//
// Someone born on 29 February has their anniversary on 1 March in common
// years (the day after 28 February), so they turn N on 1 March. A cutoff
// before the birth gives a negative number.
func FullYearsAt(birth, cutoff time.Time) int {
	by, bm, bd := birth.In(shanghai).Date()
	cy, cm, cd := cutoff.In(shanghai).Date()
	years := cy - by
	if cm < bm || (cm == bm && cd < bd) {
		years-- // this year's anniversary (1 March for a 29 February birth) is still ahead
	}
	return years
}

// EarliestAllowedBirth returns the earliest birth date of a person who is
// at most ageLimit full years old at the cutoff ("ageLimit周岁以下"): everyone
// born on that day or later passes. With cutoff 2023-03-31 and limit 35 it
// is 1987-04-01.
func EarliestAllowedBirth(cutoff time.Time, ageLimit int) time.Time {
	return LatestExcludedBirth(cutoff, ageLimit).AddDate(0, 0, 1)
}

// LatestExcludedBirth returns the latest birth date of a person older than
// ageLimit full years at the cutoff: the day ageLimit+1 years before the
// cutoff, or 28 February when that would be 29 February of a common year.
func LatestExcludedBirth(cutoff time.Time, ageLimit int) time.Time {
	cy, cm, cd := cutoff.In(shanghai).Date()
	y := cy - (ageLimit + 1)
	if cm == time.February && cd == 29 && !isLeap(y) {
		cd = 28
	}
	return Date(y, cm, cd)
}

// BirthRequirementText says the age limit as a birth-date range for the
// UI, e.g. "1987-04-01 及以后出生".
func BirthRequirementText(cutoff time.Time, ageLimit int) string {
	return FormatDate(EarliestAllowedBirth(cutoff, ageLimit)) + " 及以后出生"
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }
