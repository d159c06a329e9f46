package recruitment

import (
	"testing"
	"time"
)

func TestDayOfUsesShanghaiCalendar(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 6, 14, 15, 59, 0, 0, time.UTC), "2026-06-14"},
		{time.Date(2026, 6, 14, 16, 0, 0, 0, time.UTC), "2026-06-15"}, // midnight in Shanghai
		{time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC), "2026-06-15"},
		{Date(2026, 6, 15).Add(23 * time.Hour), "2026-06-15"},
	}
	for _, tt := range tests {
		got := DayOf(tt.in)
		if FormatDate(got) != tt.want || got.Hour() != 0 || got.Minute() != 0 {
			t.Errorf("DayOf(%v) = %v, want midnight of %s", tt.in, got, tt.want)
		}
	}
}
