package skillcert

import "time"

// CST is China Standard Time, UTC+8 all year. Every calendar date of the
// platform — birth dates from ID numbers, course days, cutoffs, issue dates —
// is a day in this zone. It is a fixed zone on purpose: the tz database's
// Asia/Shanghai has daylight saving in 1986–1991, and a birth date stored as
// midnight there reads as the previous day at UTC+8, which shifts an age on
// the very boundary the recruitment rules test.
var CST = time.FixedZone("CST", 8*60*60)

// FullYearsAt returns the age in full years (周岁) at the cutoff of a person
// born on birth, both read as calendar days in CST: a person born on D is N
// from the N-th anniversary of D on, and the anniversary of 29 February in a
// common year is 1 March. A cutoff before the birth gives a negative number.
func FullYearsAt(birth, cutoff time.Time) int {
	by, bm, bd := birth.In(CST).Date()
	cy, cm, cd := cutoff.In(CST).Date()
	years := cy - by
	if cm < bm || (cm == bm && cd < bd) {
		years-- // this year's anniversary (1 March for 29 February) is still ahead
	}
	return years
}
