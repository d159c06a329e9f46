package courses

import (
	"testing"

	"skillcert"
)

func TestTransitionEveryPair(t *testing.T) {
	legal := map[[2]Status]bool{
		{StatusDraft, StatusPublished}:      true,
		{StatusDraft, StatusCancelled}:      true,
		{StatusPublished, StatusInProgress}: true,
		{StatusPublished, StatusCancelled}:  true,
		{StatusInProgress, StatusCompleted}: true,
		{StatusInProgress, StatusCancelled}: true,
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			t.Run(string(from)+"→"+string(to), func(t *testing.T) {
				err := Transition(from, to)
				switch {
				case legal[[2]Status{from, to}]:
					checkErr(t, err, "", "", "")
				case from == to:
					checkErr(t, err, skillcert.ECONFLICT, "status", "课程状态已是“"+from.Label()+"”")
				default:
					checkErr(t, err, skillcert.ECONFLICT, "status",
						"课程状态为“"+from.Label()+"”，不能改为“"+to.Label()+"”")
				}
			})
		}
	}
}

func TestTransitionMessages(t *testing.T) {
	checkErr(t, Transition(StatusCompleted, StatusPublished), skillcert.ECONFLICT, "status", "课程状态为“已结业”，不能改为“报名中”")
	checkErr(t, Transition(StatusCancelled, StatusDraft), skillcert.ECONFLICT, "status", "课程状态为“已取消”，不能改为“草稿”")
	checkErr(t, Transition("archived", StatusDraft), skillcert.EINVALID, "status", "未知的课程状态“archived”")
	checkErr(t, Transition(StatusDraft, ""), skillcert.EINVALID, "status", "未知的课程状态“”")
}

func TestNextStatuses(t *testing.T) {
	got := NextStatuses(StatusInProgress)
	if len(got) != 2 || got[0] != StatusCompleted || got[1] != StatusCancelled {
		t.Errorf("NextStatuses(in_progress) = %v", got)
	}
	got[0] = StatusDraft // the caller's copy must not change the table
	if NextStatuses(StatusInProgress)[0] != StatusCompleted {
		t.Error("NextStatuses shares the transition table")
	}
	if len(NextStatuses(StatusCompleted)) != 0 || len(NextStatuses(StatusCancelled)) != 0 {
		t.Error("completed and cancelled must be final")
	}
}

func TestStatusActive(t *testing.T) {
	for _, s := range Statuses {
		want := s == StatusPublished || s == StatusInProgress
		if s.Active() != want {
			t.Errorf("%s.Active() = %v", s, s.Active())
		}
	}
}

func TestCheckPublish(t *testing.T) {
	c := Course{Status: StatusDraft, EnrollOpens: at(t, "2026-12-01 09:00"), EnrollCloses: at(t, "2026-12-10 17:00")}
	one := []Session{sess(t, "s1", "c1", "电工初级班", "i1", "张三", "305室", "2026-12-12", "09:00", "11:30")}
	tests := []struct {
		name     string
		status   Status
		sessions []Session
		now      string
		code     string
		field    string
		msg      string
	}{
		{"ready", StatusDraft, one, "2026-11-30 10:00", "", "", ""},
		{"window open already", StatusDraft, one, "2026-12-10 16:59", "", "", ""},
		{"no sessions", StatusDraft, nil, "2026-11-30 10:00", skillcert.EINVALID, "sessions", "课程尚未安排课次，不能发布"},
		{"window closed", StatusDraft, one, "2026-12-10 17:00", skillcert.EINVALID, "enrollCloses", "报名截止时间（2026-12-10 17:00）已过，不能发布，请先修改报名时间"},
		{"already published", StatusPublished, one, "2026-11-30 10:00", skillcert.ECONFLICT, "status", "课程状态已是“报名中”"},
		{"cancelled", StatusCancelled, one, "2026-11-30 10:00", skillcert.ECONFLICT, "status", "课程状态为“已取消”，不能改为“报名中”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.Status = tt.status
			checkErr(t, CheckPublish(c, tt.sessions, at(t, tt.now)), tt.code, tt.field, tt.msg)
		})
	}
}
