package courses

import "testing"

func TestClassHoursOfSessions(t *testing.T) {
	for _, tt := range []struct {
		hours []int
		want  int
	}{
		{nil, 0},
		{[]int{2}, 2},
		{[]int{3, 3, 2}, 8},
	} {
		var ss []Session
		for _, h := range tt.hours {
			ss = append(ss, Session{Hours: h})
		}
		if got := ClassHoursOf(ss); got != tt.want {
			t.Errorf("ClassHoursOf(%v) = %d, want %d", tt.hours, got, tt.want)
		}
	}
}
