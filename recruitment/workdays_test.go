package recruitment

import (
	"testing"
	"time"

	"skillcert"
)

// nationalDay2025 is the 2025 National Day and Mid-Autumn break as sample
// data: 1–8 October off, Sunday 28 September and Saturday 11 October worked.
func nationalDay2025() HolidayCalendar {
	var c HolidayCalendar
	for d := 1; d <= 8; d++ {
		c.DaysOff = append(c.DaysOff, ymd(2025, time.October, d))
	}
	c.WorkingWeekends = []skillcert.Date{ymd(2025, time.September, 28), ymd(2025, time.October, 11)}
	return c
}

func TestAddWorkingDaysPlainWeeks(t *testing.T) {
	mon := ymd(2026, time.April, 13)
	if mon.Weekday() != time.Monday {
		t.Fatalf("%s is a %s", mon.String(), mon.Weekday())
	}
	fri, sat, sun := mon.AddDays(4), mon.AddDays(5), mon.AddDays(6)
	tests := []struct {
		name  string
		start skillcert.Date
		n     int
		want  string
	}{
		{"Monday +0", mon, 0, "2026-04-13"},
		{"Saturday +0 stays", sat, 0, "2026-04-18"},
		{"Monday +1", mon, 1, "2026-04-14"},
		{"Monday +4", mon, 4, "2026-04-17"},
		{"Monday +5 skips the weekend", mon, 5, "2026-04-20"},
		{"Friday +1 is Monday", fri, 1, "2026-04-20"},
		{"Saturday +1 is Monday", sat, 1, "2026-04-20"},
		{"Sunday +1 is Monday", sun, 1, "2026-04-20"},
		{"Friday +5", fri, 5, "2026-04-24"},
		{"Monday +10", mon, 10, "2026-04-27"},
		{"Monday -1 is Friday", mon, -1, "2026-04-10"},
		{"Sunday -1 is Friday", sun, -1, "2026-04-17"},
	}
	for _, tt := range tests {
		got := AddWorkingDays(tt.start, tt.n, HolidayCalendar{})
		if got.String() != tt.want {
			t.Errorf("%s: %v, want %s", tt.name, got, tt.want)
		}
	}
}

func TestAddWorkingDaysWithHolidays(t *testing.T) {
	cal := nationalDay2025()
	tests := []struct {
		start string
		n     int
		want  string
	}{
		{"2025-09-26", 1, "2025-09-28"}, // Friday → the worked Sunday
		{"2025-09-30", 1, "2025-10-09"}, // over the whole break
		{"2025-10-01", 1, "2025-10-09"}, // from a holiday
		{"2025-10-10", 1, "2025-10-11"}, // Friday → the worked Saturday
		{"2025-10-11", 1, "2025-10-13"},
		{"2025-10-09", -1, "2025-09-30"},
	}
	for _, tt := range tests {
		start, _ := skillcert.ParseDate(tt.start)
		if got := (AddWorkingDays(start, tt.n, cal)).String(); got != tt.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.start, tt.n, got, tt.want)
		}
	}
	checks := map[string]bool{"2025-09-27": false, "2025-09-28": true, "2025-10-01": false, "2025-10-08": false, "2025-10-09": true, "2025-10-11": true, "2025-10-12": false}
	for d, want := range checks {
		day, _ := skillcert.ParseDate(d)
		if got := cal.IsWorkingDay(day); got != want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", d, got, want)
		}
	}
}

func TestNoticeEnd(t *testing.T) {
	p := DefaultPolicy()
	tests := []struct {
		start string
		cal   HolidayCalendar
		want  string
	}{
		{"2026-04-13", HolidayCalendar{}, "2026-04-17"}, // Monday → Friday
		{"2026-04-15", HolidayCalendar{}, "2026-04-21"}, // Wednesday → next Tuesday
		{"2026-04-17", HolidayCalendar{}, "2026-04-23"}, // Friday → next Thursday
		{"2026-04-18", HolidayCalendar{}, "2026-04-24"}, // Saturday: begins Monday
		{"2026-04-19", HolidayCalendar{}, "2026-04-24"}, // Sunday: begins Monday
		{"2025-09-26", nationalDay2025(), "2025-10-09"}, // 26, 28, 29, 30 September, 9 October
		{"2025-09-30", nationalDay2025(), "2025-10-13"}, // 30 September, 9, 10, 11, 13 October
		{"2025-10-03", nationalDay2025(), "2025-10-14"}, // a holiday: begins 9 October
	}
	for _, tt := range tests {
		start, _ := skillcert.ParseDate(tt.start)
		if got := (NoticeEnd(start, p.NoticeWorkingDays, tt.cal)).String(); got != tt.want {
			t.Errorf("NoticeEnd(%s, 5) = %s, want %s", tt.start, got, tt.want)
		}
	}
	mon := ymd(2026, time.April, 13)
	if got := (NoticeEnd(mon, 1, HolidayCalendar{})).String(); got != "2026-04-13" {
		t.Errorf("1-day notice from Monday ends %s", got)
	}
	if got := (NoticeEnd(ymd(2026, time.April, 18), 1, HolidayCalendar{})).String(); got != "2026-04-20" {
		t.Errorf("1-day notice from Saturday ends %s", got)
	}
}

func TestHolidayCalendarValidate(t *testing.T) {
	if err := nationalDay2025().Validate(); err != nil {
		t.Errorf("sample calendar: %v", err)
	}
	if err := (HolidayCalendar{}).Validate(); err != nil {
		t.Errorf("empty calendar: %v", err)
	}
	weekday := HolidayCalendar{WorkingWeekends: []skillcert.Date{ymd(2025, time.October, 10)}}
	wantError(t, weekday.Validate(), skillcert.EINVALID, "workingWeekends", "2025-10-10 不是周末，不能设为调休上班日")
	both := nationalDay2025()
	both.DaysOff = append(both.DaysOff, ymd(2025, time.September, 28))
	wantError(t, both.Validate(), skillcert.EINVALID, "workingWeekends", "2025-09-28 既是放假日又是调休上班日")
}
