package courses

import (
	"testing"

	"skillcert"
)

func TestCheckEligibility(t *testing.T) {
	towns := map[string]string{"wuzhen": "乌镇镇", "chongfu": "崇福镇"}
	townName := func(code string) string { return towns[code] }
	base := Course{
		ID: "c1", Title: "电工初级班", Status: StatusPublished, Town: "wuzhen",
		TargetGroups: []string{"landless_farmer", "employment_difficulty"},
		Residency:    ResidencyTown,
		EnrollOpens:  at(t, "2026-12-01 09:00"), EnrollCloses: at(t, "2026-12-10 17:00"),
	}
	courseSessions := []Session{
		sess(t, "s2", "c1", "电工初级班", "zhang", "张三", "305室", "2026-12-14", "09:00", "11:30"),
		sess(t, "s1", "c1", "电工初级班", "zhang", "张三", "305室", "2026-12-12", "09:00", "11:30"),
	}
	farmer := Candidate{Groups: []string{"landless_farmer"}, Town: "wuzhen"}
	open := "2026-12-05 10:00"

	tests := []struct {
		name     string
		change   func(*Course)
		p        Candidate
		now      string
		active   []Session
		townName func(string) string
		code     string
		msg      string
	}{
		{name: "eligible", p: farmer, now: open},
		{name: "eligible at the opening minute", p: farmer, now: "2026-12-01 09:00"},
		{name: "eligible a second before closing", p: farmer, now: "2026-12-10 16:59:59"},
		{name: "in the second of two groups", p: Candidate{Groups: []string{"enterprise_worker", "employment_difficulty"}, Town: "wuzhen"}, now: open},
		{name: "open to everyone", change: func(c *Course) { c.TargetGroups = nil }, p: Candidate{Town: "wuzhen"}, now: open},
		{name: "city-wide course takes other towns", change: func(c *Course) { c.Residency = ResidencyCity },
			p: Candidate{Groups: []string{"landless_farmer"}, Town: "chongfu"}, now: open},
		{name: "draft", change: func(c *Course) { c.Status = StatusDraft }, p: farmer, now: open,
			code: skillcert.ECONFLICT, msg: "课程尚未发布，不能报名"},
		{name: "in progress", change: func(c *Course) { c.Status = StatusInProgress }, p: farmer, now: open,
			code: skillcert.ECONFLICT, msg: "课程已开课，不能再报名"},
		{name: "completed", change: func(c *Course) { c.Status = StatusCompleted }, p: farmer, now: open,
			code: skillcert.ECONFLICT, msg: "课程已结业，不能报名"},
		{name: "cancelled", change: func(c *Course) { c.Status = StatusCancelled }, p: farmer, now: open,
			code: skillcert.ECONFLICT, msg: "课程已取消，不能报名"},
		{name: "before the window", p: farmer, now: "2026-12-01 08:59:59",
			code: skillcert.EINVALID, msg: "报名尚未开始，将于 2026-12-01 09:00 开始"},
		{name: "at the closing minute", p: farmer, now: "2026-12-10 17:00",
			code: skillcert.EINVALID, msg: "报名已截止（截止时间：2026-12-10 17:00）"},
		{name: "not in a target group", p: Candidate{Groups: []string{"enterprise_worker"}, Town: "wuzhen"}, now: open,
			code: skillcert.EINVALID, msg: "不符合报名条件：该课程仅面向被征地农民、就业困难人员"},
		{name: "in no group at all", change: func(c *Course) { c.TargetGroups = []string{"landless_farmer"} },
			p: Candidate{Town: "wuzhen"}, now: open,
			code: skillcert.EINVALID, msg: "不符合报名条件：该课程仅面向被征地农民"},
		{name: "resident of another town", p: Candidate{Groups: []string{"landless_farmer"}, Town: "chongfu"}, now: open,
			code: skillcert.EINVALID, msg: "不符合报名条件：该课程仅面向乌镇镇户籍居民"},
		{name: "town unknown to the register", p: Candidate{Groups: []string{"landless_farmer"}}, now: open,
			code: skillcert.EINVALID, msg: "不符合报名条件：该课程仅面向乌镇镇户籍居民"},
		{name: "no town lookup falls back to the code", p: Candidate{Groups: []string{"landless_farmer"}, Town: "chongfu"}, now: open,
			townName: func(string) string { return "" },
			code:     skillcert.EINVALID, msg: "不符合报名条件：该课程仅面向wuzhen户籍居民"},
		{name: "clash with another active course", p: farmer, now: open,
			active: []Session{
				sess(t, "x1", "c2", "育婴员中级班", "li", "李四", "201室", "2026-12-14", "11:00", "12:00"),
				sess(t, "x2", "c2", "育婴员中级班", "li", "李四", "201室", "2026-12-12", "11:29", "12:00"),
			},
			code: skillcert.ECONFLICT,
			msg:  "时间冲突：本课程 2026-12-12 09:00–11:30 的课次与您已报名的课程“育婴员中级班”（2026-12-12 11:29–12:00）时间冲突"},
		{name: "back-to-back sessions do not clash", p: farmer, now: open,
			active: []Session{sess(t, "x1", "c2", "育婴员中级班", "li", "李四", "201室", "2026-12-12", "11:30", "13:00")}},
		{name: "the course's own sessions are not a clash", p: farmer, now: open,
			active: []Session{sess(t, "s1", "c1", "电工初级班", "zhang", "张三", "305室", "2026-12-12", "09:00", "11:30")}},
		{name: "status is checked before the window", change: func(c *Course) { c.Status = StatusDraft },
			p: Candidate{Town: "chongfu"}, now: "2026-12-20 10:00",
			code: skillcert.ECONFLICT, msg: "课程尚未发布，不能报名"},
		{name: "window is checked before the group", p: Candidate{Town: "chongfu"}, now: "2026-11-01 10:00",
			code: skillcert.EINVALID, msg: "报名尚未开始，将于 2026-12-01 09:00 开始"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			if tt.change != nil {
				tt.change(&c)
			}
			lookup := townName
			if tt.townName != nil {
				lookup = tt.townName
			}
			err := CheckEligibility(c, tt.p, at(t, tt.now), tt.active, courseSessions, lookup)
			checkErr(t, err, tt.code, "-", tt.msg)
		})
	}
}

func TestCheckEligibilityNilTownName(t *testing.T) {
	c := Course{Status: StatusPublished, Town: "wuzhen", Residency: ResidencyTown,
		EnrollOpens: at(t, "2026-12-01 09:00"), EnrollCloses: at(t, "2026-12-10 17:00")}
	err := CheckEligibility(c, Candidate{Town: "chongfu"}, at(t, "2026-12-05 10:00"), nil, nil, nil)
	checkErr(t, err, skillcert.EINVALID, "-", "不符合报名条件：该课程仅面向wuzhen户籍居民")
}
