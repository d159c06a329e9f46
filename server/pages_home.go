package main

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/courses"
	"skillcert/recruitment"
	"skillcert/roster"
)

// homeStatus is one figure or next step on a role's home page: what it
// is, its value and where to act on it.
type homeStatus struct {
	Key, Label, Value, Note, Href string
	// Attention marks something waiting for the user.
	Attention bool
}

// homeStatuses gathers each role's next actions and status for the home
// page: the trainee's next session, unread messages and certificates; the
// town's pending self-registrations, open posts and courses starting this
// week; the instructor's sessions today.
func (a *App) homeStatuses(c *fiber.Ctx, actor *skillcert.Actor) ([]homeStatus, error) {
	ctx := c.UserContext()
	now := a.Courses.Now()
	var out []homeStatus
	count := func(n int64, unit string) string { return fmt.Sprintf("%d %s", n, unit) }
	switch actor.Role {
	case skillcert.RoleTrainee:
		events, err := a.Courses.TraineeCalendar(ctx, actor)
		if err != nil {
			return nil, err
		}
		next := homeStatus{Key: "next-session", Label: "下一次课", Value: "暂无安排", Href: "/my/courses"}
		for _, e := range events {
			if !e.Cancelled && e.End.After(now) {
				next.Value = e.Start.In(shanghai).Format("1月2日 15:04") + " " + e.Summary
				next.Note = e.Location
				next.Attention = e.Start.Sub(now) < 24*time.Hour
				break
			}
		}
		out = append(out, next)
		unread, err := a.Courses.UnreadCount(ctx, actor)
		if err != nil {
			return nil, err
		}
		out = append(out, homeStatus{Key: "unread", Label: "未读消息", Value: count(unread, "条"), Href: "/my/courses#messages", Attention: unread > 0})
		certs, err := a.Certificates.Mine(ctx, actor, skillcert.PageRequest{Page: 1, Size: 1})
		if err != nil {
			return nil, err
		}
		out = append(out, homeStatus{Key: "certificates", Label: "我的证书", Value: count(certs.Total, "张"), Href: "/my/certificates"})
	case skillcert.RoleTownStaff, skillcert.RoleVillageStaff:
		pending, err := a.Roster.List(ctx, actor, roster.Filter{Status: roster.PersonPending}, skillcert.PageRequest{Page: 1, Size: 1})
		if err != nil {
			return nil, err
		}
		out = append(out, homeStatus{Key: "pending", Label: "待确认的自助注册", Value: count(pending.Total, "人"), Href: "/persons/pending",
			Attention: pending.Total > 0, Note: "核对后确认，才能报名和发证"})
		if actor.Role == skillcert.RoleTownStaff {
			posts, err := a.Recruitment.ListPosts(ctx, actor, recruitment.PostFilter{Status: recruitment.PostOpen}, skillcert.PageRequest{Page: 1, Size: 1})
			if err != nil {
				return nil, err
			}
			out = append(out, homeStatus{Key: "open-posts", Label: "报名中的协理员岗位", Value: count(posts.Total, "个"), Href: "/recruitment"})
		}
		starting, err := a.Courses.CoursesStartingBetween(ctx, actor, now, now.AddDate(0, 0, 7))
		if err != nil {
			return nil, err
		}
		st := homeStatus{Key: "starting", Label: "本周开课", Value: count(int64(len(starting)), "门"), Href: "/manage/courses"}
		if len(starting) > 0 {
			st.Note = starting[0].Course.Title + "，" + starting[0].Starts.In(shanghai).Format("1月2日 15:04") + " 开课"
		}
		out = append(out, st)
	case skillcert.RoleCityAdmin:
		posts, err := a.Recruitment.ListPosts(ctx, actor, recruitment.PostFilter{Status: recruitment.PostOpen}, skillcert.PageRequest{Page: 1, Size: 1})
		if err != nil {
			return nil, err
		}
		out = append(out, homeStatus{Key: "open-posts", Label: "报名中的协理员岗位", Value: count(posts.Total, "个"), Href: "/recruitment"})
		queue, err := a.Recruitment.ReviewQueue(ctx, actor, skillcert.PageRequest{Page: 1, Size: 1})
		if err != nil {
			return nil, err
		}
		out = append(out, homeStatus{Key: "review", Label: "待审定的拟录用人员", Value: count(queue.Total, "人"), Href: "/recruitment/review", Attention: queue.Total > 0})
		starting, err := a.Courses.CoursesStartingBetween(ctx, actor, now, now.AddDate(0, 0, 7))
		if err != nil {
			return nil, err
		}
		out = append(out, homeStatus{Key: "starting", Label: "本周开课", Value: count(int64(len(starting)), "门"), Href: "/manage/courses"})
	case skillcert.RoleInstructor:
		today, err := a.Courses.InstructorSessionsOn(ctx, actor, now)
		if err != nil {
			return nil, err
		}
		st := homeStatus{Key: "today", Label: "今天的课", Value: count(int64(len(today)), "节"), Href: "/manage/courses"}
		for _, s := range today {
			if !s.CheckinClosed {
				st.Note = s.Start.In(shanghai).Format("15:04") + " " + s.CourseTitle + " · " + s.Venue
				st.Href = "/manage/sessions/" + s.ID + "/roll"
				st.Attention = true
				break
			}
		}
		out = append(out, st)
	}
	return out, nil
}

// todaySessionsFor is the instructor's sessions of today, for the home
// page's list with links to the roll and the code.
func (a *App) todaySessionsFor(c *fiber.Ctx, actor *skillcert.Actor) ([]courses.DaySession, error) {
	if actor.Role != skillcert.RoleInstructor {
		return nil, nil
	}
	return a.Courses.InstructorSessionsOn(c.UserContext(), actor, a.Courses.Now())
}
