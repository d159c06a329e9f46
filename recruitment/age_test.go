package recruitment

import (
	"testing"
	"time"

	"skillcert"
)

func TestFullYearsAtBirthdayAroundCutoff(t *testing.T) {
	cutoff := ymd(2026, time.June, 15)
	tests := []struct {
		birth skillcert.Date
		want  int
	}{
		{ymd(1991, time.June, 14), 35}, // 35th birthday the day before the cutoff
		{ymd(1991, time.June, 15), 35}, // on the cutoff
		{ymd(1991, time.June, 16), 34}, // the day after
		{ymd(1990, time.June, 14), 36},
		{ymd(1990, time.June, 15), 36},
		{ymd(1990, time.June, 16), 35},
		{ymd(1990, time.December, 31), 35},
		{ymd(1991, time.January, 1), 35},
		{ymd(2026, time.June, 15), 0},
		{ymd(2026, time.June, 16), -1},
	}
	for _, tt := range tests {
		if got := tt.birth.FullYearsAt(cutoff); got != tt.want {
			t.Errorf("%s.FullYearsAt(%s) = %d, want %d", tt.birth.String(), cutoff.String(), got, tt.want)
		}
	}
}

func TestFullYearsAtLeapDay(t *testing.T) {
	born := ymd(1992, time.February, 29)
	tests := []struct {
		cutoff skillcert.Date
		want   int
	}{
		{ymd(2027, time.February, 28), 34}, // common year: not yet 35
		{ymd(2027, time.March, 1), 35},     // 1 March stands for 29 February
		{ymd(2028, time.February, 28), 35},
		{ymd(2028, time.February, 29), 36}, // leap year: the real anniversary
		{ymd(2028, time.March, 1), 36},
	}
	for _, tt := range tests {
		if got := born.FullYearsAt(tt.cutoff); got != tt.want {
			t.Errorf("1992-02-29.FullYearsAt(%s) = %d, want %d", tt.cutoff.String(), got, tt.want)
		}
	}
}

// anniversaryAge counts anniversaries one by one, as the domain notes define
// age: N from the N-th anniversary on, 29 February falling on 1 March.
func anniversaryAge(birth, cutoff skillcert.Date) int {
	by, bm, bd := birth.Year, birth.Month, birth.Day
	n := 0
	for !ymd(by+n+1, bm, bd).After(cutoff) { // NewDate turns 29 February into 1 March
		n++
	}
	return n
}

func TestFullYearsAtMatchesAnniversaryCount(t *testing.T) {
	cutoffs := []skillcert.Date{
		ymd(2023, time.February, 28), ymd(2023, time.March, 1), ymd(2023, time.March, 31),
		ymd(2024, time.February, 28), ymd(2024, time.February, 29), ymd(2024, time.March, 1),
		ymd(2026, time.December, 31), ymd(2027, time.January, 1),
	}
	for birth := ymd(1986, time.January, 1); birth.Year < 1993; birth = birth.AddDays(1) {
		for _, c := range cutoffs {
			if got, want := birth.FullYearsAt(c), anniversaryAge(birth, c); got != want {
				t.Fatalf("%s.FullYearsAt(%s) = %d, want %d", birth.String(), c.String(), got, want)
			}
		}
	}
}

func TestEarliestAllowedBirth(t *testing.T) {
	tests := []struct {
		cutoff   skillcert.Date
		limit    int
		earliest string
		excluded string
	}{
		{ymd(2023, time.March, 31), 35, "1987-04-01", "1987-03-31"}, // the example in the domain notes
		{ymd(2026, time.December, 31), 35, "1991-01-01", "1990-12-31"},
		{ymd(2024, time.February, 29), 35, "1988-03-01", "1988-02-29"}, // leap cutoff, leap birth year
		{ymd(2024, time.February, 29), 34, "1989-03-01", "1989-02-28"}, // leap cutoff, common birth year
		{ymd(2023, time.February, 28), 34, "1988-02-29", "1988-02-28"}, // a 29 February birth turns 35 on 1 March
		{ymd(2023, time.March, 1), 34, "1988-03-02", "1988-03-01"},
	}
	for _, tt := range tests {
		e := EarliestAllowedBirth(tt.cutoff, tt.limit)
		x := LatestExcludedBirth(tt.cutoff, tt.limit)
		if e.String() != tt.earliest || x.String() != tt.excluded {
			t.Errorf("cutoff %s limit %d: earliest %s excluded %s, want %s %s",
				tt.cutoff.String(), tt.limit, e.String(), x.String(), tt.earliest, tt.excluded)
		}
	}
	if got := BirthRequirementText(ymd(2023, time.March, 31), 35); got != "1987-04-01 及以后出生" {
		t.Errorf("BirthRequirementText = %q", got)
	}
}

func TestEarliestAllowedBirthSeparatesEveryCutoff(t *testing.T) {
	for _, limit := range []int{34, 35} {
		for c := ymd(2023, time.January, 1); c.Before(ymd(2029, time.January, 1)); c = c.AddDays(1) {
			e := EarliestAllowedBirth(c, limit)
			if got := e.FullYearsAt(c); got > limit {
				t.Fatalf("cutoff %s: earliest %s is %d, above %d", c.String(), e.String(), got, limit)
			}
			if got := e.AddDays(-1).FullYearsAt(c); got != limit+1 {
				t.Fatalf("cutoff %s: day before earliest %s is %d, want %d", c.String(), e.String(), got, limit+1)
			}
		}
	}
}
