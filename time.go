package skillcert

import "time"

// CST is China Standard Time, UTC+8 all year. Every calendar date of the
// platform — birth dates from ID numbers, course days, cutoffs, issue dates —
// is a day in this zone. It is a fixed zone on purpose: the tz database's
// Asia/Shanghai has daylight saving in 1986–1991, and a birth date stored as
// midnight there reads as the previous day at UTC+8, which shifts an age on
// the very boundary the recruitment rules test.
var CST = time.FixedZone("CST", 8*60*60)
