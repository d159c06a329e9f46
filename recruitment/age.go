package recruitment

import (
	"time"

	"skillcert"
)

// EarliestAllowedBirth returns the earliest birth date of a person who is
// at most ageLimit full years old at the cutoff ("ageLimit周岁以下"): everyone
// born on that day or later passes. With cutoff 2023-03-31 and limit 35 it
// is 1987-04-01.
func EarliestAllowedBirth(cutoff skillcert.Date, ageLimit int) skillcert.Date {
	return LatestExcludedBirth(cutoff, ageLimit).AddDays(1)
}

// LatestExcludedBirth returns the latest birth date of a person older than
// ageLimit full years at the cutoff: the day ageLimit+1 years before the
// cutoff, or 28 February when that would be 29 February of a common year.
func LatestExcludedBirth(cutoff skillcert.Date, ageLimit int) skillcert.Date {
	cy, cm, cd := cutoff.Year, cutoff.Month, cutoff.Day
	y := cy - (ageLimit + 1)
	if cm == time.February && cd == 29 && !isLeap(y) {
		cd = 28
	}
	return skillcert.Date{Year: y, Month: cm, Day: cd}
}

// BirthRequirementText says the age limit as a birth-date range for the
// UI, e.g. "1987-04-01 及以后出生".
func BirthRequirementText(cutoff skillcert.Date, ageLimit int) string {
	return EarliestAllowedBirth(cutoff, ageLimit).String() + " 及以后出生"
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }
