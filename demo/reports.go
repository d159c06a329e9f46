package demo

import (
	"context"
	"fmt"
	"time"

	"skillcert"
	"skillcert/courses"
	"skillcert/platform"
	"skillcert/roster"
)

// The desk's demo: four completed city-wide courses over the last
// thirteen months with residents of several towns, so coverage, trend,
// drill-down, outreach lists and the assessment show figures on a fresh
// start; certificates for one of them, one revoked. Made through the same
// services as everything else, with the courses' clock run from then.

type pastCourse struct {
	day      int // day offset of the first of its two sessions
	title    string
	typ      courses.Type
	trade    string
	people   int
	issue    bool
	village  string
	sessions []int
}

var pastCourses = []pastCourse{
	{day: -390, title: "电子商务师（初级）培训班（示例，往年）", typ: courses.TypeVocational, trade: "电子商务师", people: 14},
	{day: -250, title: "创业培训（SYB）班（示例）", typ: courses.TypeEntrepreneurship, people: 14},
	{day: -150, title: "养老护理员（初级）培训班（示例）", typ: courses.TypeVocational, trade: "养老护理员", people: 16, issue: true},
	{day: -60, title: "家政服务员（初级）培训班（示例）", typ: courses.TypeVocational, trade: "家政服务员", people: 16},
}

// loadReportCourses runs the past courses unless the first exists.
func loadReportCourses(ctx context.Context, s *platform.Services) error {
	done, err := s.Courses.ListCourses(ctx, system, courses.CourseFilter{Status: courses.StatusCompleted}, skillcert.PageRequest{Page: 1, Size: 50})
	if err != nil {
		return err
	}
	for _, c := range done.Items {
		if c.Title == pastCourses[0].title {
			return nil
		}
	}
	l, err := newCourseLoader(ctx, s)
	if err != nil {
		return err
	}
	defer s.Courses.SetClock(time.Now)
	var pool []string
	for i, t := range s.Orgs.Towns() {
		if t.Code == "WZ" || i%2 == 1 {
			continue // 乌镇镇's residents serve the other demo courses; every other town takes part
		}
		page, err := s.Roster.List(ctx, system, roster.Filter{Town: t.Code}, skillcert.PageRequest{Page: 1, Size: 24})
		if err != nil {
			return err
		}
		for _, p := range page.Items {
			pool = append(pool, p.ID)
		}
	}
	next := 0
	for _, pc := range pastCourses {
		n := min(pc.people, len(pool)-next)
		if n < 2 {
			break
		}
		l.at(pc.day-10, 8, 0)
		c := &demoCourse{actor: system, venue: "市人力社保局培训中心二楼教室", sessions: []int{pc.day, pc.day + 1}, publish: true,
			in: l.input(pc.title, pc.typ, pc.trade, pc.people+5, 0, 7)}
		c.enroll = pool[next : next+n]
		next += n / 2 // half of each class trains again later: distinct people are counted once
		if err := l.create(c); err != nil {
			return err
		}
		for i := range c.sessionIDs {
			l.at(pc.day+i, 12, 0)
			if err := l.roll(c, i); err != nil {
				return err
			}
		}
		l.at(pc.day+2, 9, 0)
		for _, to := range []courses.Status{courses.StatusInProgress, courses.StatusCompleted} {
			if _, err := s.Courses.TransitionCourse(ctx, system, c.id, to); err != nil {
				return fmt.Errorf("demo course %s → %s: %w", pc.title, to, err)
			}
		}
		// A few trainees who completed it rate the course (服务对象评议).
		for k, pid := range c.enroll[:min(4, len(c.enroll))] {
			rater := &skillcert.Actor{AccountID: "demo-rating", Username: "demo", Name: "示例学员", Role: skillcert.RoleTrainee, PersonID: pid}
			in := courses.RatingInput{Content: 5 - k%2, Teacher: 4 + k%2, Organization: 4 - k%3/2, Comment: "示例评议：内容实用，老师讲得清楚"}
			if err := s.Courses.RateCourse(ctx, rater, c.id, in); err != nil && skillcert.ErrorCode(err) != skillcert.ECONFLICT {
				return fmt.Errorf("demo rating of %s: %w", pc.title, err)
			}
		}
		if pc.issue {
			res, err := s.Certificates.IssueCourse(ctx, system, c.id)
			if err != nil {
				return err
			}
			if len(res.Issued) > 0 {
				if _, err := s.Certificates.Revoke(ctx, system, res.Issued[0].ID, "示例：信息有误，撤销后重新核实"); err != nil {
					return err
				}
			}
		}
	}
	// The reports' worker applies these changes in the background; the
	// start-up does not wait for it.
	return nil
}
