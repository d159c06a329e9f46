package recruitment

import (
	"time"

	"skillcert"
)

// ymd is the calendar day y-m-d.
func ymd(y int, m time.Month, d int) skillcert.Date { return skillcert.NewDate(y, m, d) }

// shanghai is China Standard Time, the zone of the tests' clock.
var shanghai = skillcert.CST
