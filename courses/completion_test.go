package courses

import (
	"fmt"
	"testing"

	"skillcert"
)

// roll builds marks for sessions s1, s2, … in the order given; counts of
// present, late, excused and absent.
func roll(present, late, excused, absent int) map[string]Mark {
	marks := map[string]Mark{}
	n := 0
	add := func(k int, m Mark) {
		for range k {
			n++
			marks[fmt.Sprintf("s%d", n)] = m
		}
	}
	add(present, MarkPresent)
	add(late, MarkLate)
	add(excused, MarkExcused)
	add(absent, MarkAbsent)
	return marks
}

func TestEvaluateCompletion(t *testing.T) {
	excluded := CompletionRule{MinAttendancePercent: 80, ExcusedCountsAs: ExcusedExcluded}
	withPass := CompletionRule{PassScore: ptr(60)}
	tests := []struct {
		name      string
		rule      CompletionRule
		held      int
		marks     map[string]Mark
		score     *int
		completed bool
		tenths    int
		required  int
		reason    string
	}{
		{"8 of 10 is exactly 80%", CompletionRule{}, 10, roll(8, 0, 0, 2), nil, true, 800, 10, ""},
		{"4 of 5 is exactly 80%", CompletionRule{}, 5, roll(4, 0, 0, 1), nil, true, 800, 5, ""},
		{"late counts as attended", CompletionRule{}, 5, roll(1, 3, 0, 1), nil, true, 800, 5, ""},
		{"79 of 100", CompletionRule{}, 100, roll(79, 0, 0, 21), nil, false, 790, 100, "出勤率 79%，低于 80% 的结业要求"},
		{"7 of 10", CompletionRule{}, 10, roll(7, 0, 0, 3), nil, false, 700, 10, "出勤率 70%，低于 80% 的结业要求"},
		{"2 of 3 shows one decimal", CompletionRule{}, 3, roll(2, 0, 0, 1), nil, false, 667, 3, "出勤率 66.7%，低于 80% 的结业要求"},
		{"2 of 3 meets 66%", CompletionRule{MinAttendancePercent: 66}, 3, roll(2, 0, 0, 1), nil, true, 667, 3, ""},
		{"2 of 3 misses 67%", CompletionRule{MinAttendancePercent: 67}, 3, roll(2, 0, 0, 1), nil, false, 667, 3, "出勤率 66.7%，低于 67% 的结业要求"},
		{"unmarked sessions are absences", CompletionRule{}, 10, roll(7, 0, 0, 0), nil, false, 700, 10, "出勤率 70%，低于 80% 的结业要求"},
		{"no marks at all", CompletionRule{}, 4, nil, nil, false, 0, 4, "出勤率 0%，低于 80% 的结业要求"},
		{"100% required and met", CompletionRule{MinAttendancePercent: 100}, 6, roll(5, 1, 0, 0), nil, true, 1000, 6, ""},
		{"no sessions held", CompletionRule{}, 0, nil, nil, false, 0, 0, "尚无已结束的课次，暂不能评定结业"},
		{"excused as absent: 8 attended, 1 excused of 10", CompletionRule{}, 10, roll(8, 0, 1, 1), nil, true, 800, 10, ""},
		{"excused as absent: 7 attended, 2 excused of 10", CompletionRule{}, 10, roll(7, 0, 2, 1), nil, false, 700, 10, "出勤率 70%，低于 80% 的结业要求"},
		{"excused excluded: 7 attended, 2 excused of 10", excluded, 10, roll(7, 0, 2, 1), nil, true, 875, 8, ""},
		{"excused excluded: 7 attended, 1 excused of 10", excluded, 10, roll(7, 0, 1, 2), nil, false, 778, 9, "出勤率 77.8%，低于 80% 的结业要求"},
		{"excused excluded: 4 attended, 5 excused of 10", excluded, 10, roll(4, 0, 5, 1), nil, true, 800, 5, ""},
		{"excused excluded: all excused", excluded, 3, roll(0, 0, 3, 0), nil, false, 0, 0, "全部 3 个课次均已请假，没有出勤记录"},
		{"pass score exactly met", withPass, 10, roll(10, 0, 0, 0), ptr(60), true, 1000, 10, ""},
		{"pass score missed by one", withPass, 10, roll(10, 0, 0, 0), ptr(59), false, 1000, 10, "考核成绩 59 分，低于 60 分的合格线"},
		{"score 58", withPass, 10, roll(9, 0, 0, 1), ptr(58), false, 900, 10, "考核成绩 58 分，低于 60 分的合格线"},
		{"score not entered", withPass, 10, roll(10, 0, 0, 0), nil, false, 1000, 10, "尚未录入考核成绩"},
		{"score ignored without pass score", CompletionRule{}, 10, roll(10, 0, 0, 0), ptr(10), true, 1000, 10, ""},
		{"both short", withPass, 10, roll(7, 0, 0, 3), ptr(58), false, 700, 10, "出勤率 70%，低于 80% 的结业要求；考核成绩 58 分，低于 60 分的合格线"},
		{"more marks than sessions held stays at 100%", CompletionRule{}, 3, roll(5, 0, 0, 0), nil, true, 1000, 3, ""},
		{"pass score 0 passes any score", CompletionRule{PassScore: ptr(0)}, 1, roll(1, 0, 0, 0), ptr(0), true, 1000, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := EvaluateCompletion(tt.rule, tt.held, tt.marks, tt.score)
			if c.Completed != tt.completed || c.AttendanceTenths != tt.tenths || c.Required != tt.required || c.Reason != tt.reason {
				t.Errorf("got completed=%v tenths=%d required=%d reason=%q\nwant completed=%v tenths=%d required=%d reason=%q",
					c.Completed, c.AttendanceTenths, c.Required, c.Reason, tt.completed, tt.tenths, tt.required, tt.reason)
			}
		})
	}
}

// A share just short of the minimum must not be rounded up to it.
func TestEvaluateCompletionNeverRoundsUpToTheMinimum(t *testing.T) {
	c := EvaluateCompletion(CompletionRule{}, 10000, roll(7999, 0, 0, 2001), nil)
	if c.Completed || c.AttendanceTenths != 799 || c.Reason != "出勤率 79.9%，低于 80% 的结业要求" {
		t.Errorf("79.99%%: %+v", c)
	}
	// 79.96% of a passing rule rounds normally.
	c = EvaluateCompletion(CompletionRule{MinAttendancePercent: 79}, 10000, roll(7996, 0, 0, 2004), nil)
	if !c.Completed || c.AttendanceTenths != 800 {
		t.Errorf("79.96%% against 79%%: %+v", c)
	}
	// Half a tenth rounds up: 1 of 8 is 12.5%; 1 of 16 is 6.25% → 6.3%.
	if c := EvaluateCompletion(CompletionRule{MinAttendancePercent: 1}, 16, roll(1, 0, 0, 15), nil); c.AttendanceText() != "6.3%" {
		t.Errorf("1 of 16 shows %s, want 6.3%%", c.AttendanceText())
	}
}

func TestCompletionSummary(t *testing.T) {
	c := EvaluateCompletion(CompletionRule{}, 10, roll(6, 1, 1, 2), nil)
	if got, want := c.Summary(), "出勤 7 次，请假 1 次，应出勤 10 次，出勤率 70%"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
}

func TestCompletionRuleDescribe(t *testing.T) {
	tests := []struct {
		rule CompletionRule
		want string
	}{
		{CompletionRule{}, "出勤率不低于 80%（请假计为缺勤）"},
		{CompletionRule{MinAttendancePercent: 90, PassScore: ptr(60), ExcusedCountsAs: ExcusedExcluded},
			"出勤率不低于 90%（请假课次不计入应出勤课次）；考核成绩不低于 60 分"},
	}
	for _, tt := range tests {
		if got := tt.rule.Describe(); got != tt.want {
			t.Errorf("Describe = %q, want %q", got, tt.want)
		}
	}
}

func TestValidateScore(t *testing.T) {
	for _, s := range []int{0, 60, 100} {
		checkErr(t, ValidateScore(s), "", "", "")
	}
	checkErr(t, ValidateScore(101), skillcert.EINVALID, "score", "考核成绩应为 0 到 100 之间的整数（现为 101）")
	checkErr(t, ValidateScore(-1), skillcert.EINVALID, "score", "考核成绩应为 0 到 100 之间的整数（现为 -1）")
}
