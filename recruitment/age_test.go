package recruitment

import (
	"testing"
	"time"

	"skillcert"
)

func TestFullYearsAtBirthdayAroundCutoff(t *testing.T) {
	cutoff := Date(2026, time.June, 15)
	tests := []struct {
		birth time.Time
		want  int
	}{
		{Date(1991, time.June, 14), 35}, // 35th birthday the day before the cutoff
		{Date(1991, time.June, 15), 35}, // on the cutoff
		{Date(1991, time.June, 16), 34}, // the day after
		{Date(1990, time.June, 14), 36},
		{Date(1990, time.June, 15), 36},
		{Date(1990, time.June, 16), 35},
		{Date(1990, time.December, 31), 35},
		{Date(1991, time.January, 1), 35},
		{Date(2026, time.June, 15), 0},
		{Date(2026, time.June, 16), -1},
	}
	for _, tt := range tests {
		if got := skillcert.FullYearsAt(tt.birth, cutoff); got != tt.want {
			t.Errorf("skillcert.FullYearsAt(%s, %s) = %d, want %d", FormatDate(tt.birth), FormatDate(cutoff), got, tt.want)
		}
	}
}

func TestFullYearsAtLeapDay(t *testing.T) {
	born := Date(1992, time.February, 29)
	tests := []struct {
		cutoff time.Time
		want   int
	}{
		{Date(2027, time.February, 28), 34}, // common year: not yet 35
		{Date(2027, time.March, 1), 35},     // 1 March stands for 29 February
		{Date(2028, time.February, 28), 35},
		{Date(2028, time.February, 29), 36}, // leap year: the real anniversary
		{Date(2028, time.March, 1), 36},
	}
	for _, tt := range tests {
		if got := skillcert.FullYearsAt(born, tt.cutoff); got != tt.want {
			t.Errorf("skillcert.FullYearsAt(1992-02-29, %s) = %d, want %d", FormatDate(tt.cutoff), got, tt.want)
		}
	}
}

func TestFullYearsAtReadsShanghaiDays(t *testing.T) {
	birth := time.Date(1991, time.June, 15, 0, 0, 0, 0, time.UTC)            // a date stored as UTC midnight
	beforeMidnight := time.Date(2026, time.June, 14, 15, 59, 0, 0, time.UTC) // 23:59 on the 14th in Shanghai
	atMidnight := time.Date(2026, time.June, 14, 16, 0, 0, 0, time.UTC)      // 00:00 on the 15th in Shanghai
	if got := skillcert.FullYearsAt(birth, beforeMidnight); got != 34 {
		t.Errorf("before Shanghai midnight: %d, want 34", got)
	}
	if got := skillcert.FullYearsAt(birth, atMidnight); got != 35 {
		t.Errorf("at Shanghai midnight: %d, want 35", got)
	}
}

// anniversaryAge counts anniversaries one by one, as the domain notes define
// age: N from the N-th anniversary on, 29 February falling on 1 March.
func anniversaryAge(birth, cutoff time.Time) int {
	by, bm, bd := birth.Date()
	n := 0
	for !Date(by+n+1, bm, bd).After(DayOf(cutoff)) { // time.Date turns 29 February into 1 March
		n++
	}
	return n
}

func TestFullYearsAtMatchesAnniversaryCount(t *testing.T) {
	cutoffs := []time.Time{
		Date(2023, time.February, 28), Date(2023, time.March, 1), Date(2023, time.March, 31),
		Date(2024, time.February, 28), Date(2024, time.February, 29), Date(2024, time.March, 1),
		Date(2026, time.December, 31), Date(2027, time.January, 1),
	}
	for birth := Date(1986, time.January, 1); birth.Year() < 1993; birth = birth.AddDate(0, 0, 1) {
		for _, c := range cutoffs {
			if got, want := skillcert.FullYearsAt(birth, c), anniversaryAge(birth, c); got != want {
				t.Fatalf("skillcert.FullYearsAt(%s, %s) = %d, want %d", FormatDate(birth), FormatDate(c), got, want)
			}
		}
	}
}

func TestEarliestAllowedBirth(t *testing.T) {
	tests := []struct {
		cutoff   time.Time
		limit    int
		earliest string
		excluded string
	}{
		{Date(2023, time.March, 31), 35, "1987-04-01", "1987-03-31"}, // the example in the domain notes
		{Date(2026, time.December, 31), 35, "1991-01-01", "1990-12-31"},
		{Date(2024, time.February, 29), 35, "1988-03-01", "1988-02-29"}, // leap cutoff, leap birth year
		{Date(2024, time.February, 29), 34, "1989-03-01", "1989-02-28"}, // leap cutoff, common birth year
		{Date(2023, time.February, 28), 34, "1988-02-29", "1988-02-28"}, // a 29 February birth turns 35 on 1 March
		{Date(2023, time.March, 1), 34, "1988-03-02", "1988-03-01"},
	}
	for _, tt := range tests {
		e := EarliestAllowedBirth(tt.cutoff, tt.limit)
		x := LatestExcludedBirth(tt.cutoff, tt.limit)
		if FormatDate(e) != tt.earliest || FormatDate(x) != tt.excluded {
			t.Errorf("cutoff %s limit %d: earliest %s excluded %s, want %s %s",
				FormatDate(tt.cutoff), tt.limit, FormatDate(e), FormatDate(x), tt.earliest, tt.excluded)
		}
	}
	if got := BirthRequirementText(Date(2023, time.March, 31), 35); got != "1987-04-01 及以后出生" {
		t.Errorf("BirthRequirementText = %q", got)
	}
}

func TestEarliestAllowedBirthSeparatesEveryCutoff(t *testing.T) {
	for _, limit := range []int{34, 35} {
		for c := Date(2023, time.January, 1); c.Before(Date(2029, time.January, 1)); c = c.AddDate(0, 0, 1) {
			e := EarliestAllowedBirth(c, limit)
			if got := skillcert.FullYearsAt(e, c); got > limit {
				t.Fatalf("cutoff %s: earliest %s is %d, above %d", FormatDate(c), FormatDate(e), got, limit)
			}
			if got := skillcert.FullYearsAt(e.AddDate(0, 0, -1), c); got != limit+1 {
				t.Fatalf("cutoff %s: day before earliest %s is %d, want %d", FormatDate(c), FormatDate(e), got, limit+1)
			}
		}
	}
}
