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

// The demo courses, one in each state: a draft, a published course with
// seats, a full one with a waitlist, one in progress with attendance, and
// a completed job-post training course whose trainees (the demo trainee
// among them) completed, so certificates can be issued. The demo
// instructor `teacher` teaches their sessions. Courses that lie in the
// past are made by running the courses' clock from then, through the
// same service calls as always; the clock is restored afterwards.

var shanghai = skillcert.CST

// demoCourses loads the demo courses unless any course exists.
func loadCourses(ctx context.Context, s *platform.Services, traineePerson string) error {
	existing, err := s.Courses.ListCourses(ctx, system, courses.CourseFilter{}, skillcert.PageRequest{Page: 1, Size: 1})
	if err != nil {
		return err
	}
	if existing.Total > 0 {
		return nil
	}
	defer s.Courses.SetClock(time.Now)
	l, err := newCourseLoader(ctx, s)
	if err != nil {
		return err
	}
	return l.load(traineePerson)
}

type courseLoader struct {
	ctx       context.Context
	s         *platform.Services
	wz        *skillcert.Actor
	teacher   string
	residents []string // 乌镇镇 residents, each used in one course
	today     time.Time
	clock     time.Time
}

func newCourseLoader(ctx context.Context, s *platform.Services) (*courseLoader, error) {
	l := &courseLoader{ctx: ctx, s: s}
	staff, err := s.Auth.FindAccountByUsername(ctx, "wz_staff")
	if err != nil {
		return nil, err
	}
	l.wz = &skillcert.Actor{AccountID: staff.ID, Username: staff.Username, Name: staff.Name, Role: staff.Role, Town: staff.Town}
	teacher, err := s.Auth.FindAccountByUsername(ctx, "teacher")
	if err != nil {
		return nil, err
	}
	l.teacher = teacher.ID
	people, err := s.Roster.List(ctx, system, roster.Filter{Town: "WZ"}, skillcert.PageRequest{Page: 1, Size: 40})
	if err != nil {
		return nil, err
	}
	for _, p := range people.Items {
		if p.IDNumber != TraineeIDNumber && p.Name != "李学员" {
			l.residents = append(l.residents, p.ID)
		}
	}
	d := time.Now().In(shanghai)
	l.today = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, shanghai)
	return l, nil
}

// at sets the courses' clock to a moment days from today at hh:mm.
func (l *courseLoader) at(days, hh, mm int) {
	t := l.today.AddDate(0, 0, days).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
	l.s.Courses.SetClock(func() time.Time { return t })
	l.clock = t
}

func (l *courseLoader) people(n int) []string {
	n = min(n, len(l.residents))
	out := l.residents[:n]
	l.residents = l.residents[n:]
	return out
}

type demoCourse struct {
	actor      *skillcert.Actor
	in         courses.CourseInput
	sessions   []int // day offsets of its sessions (09:00–11:30)
	venue      string
	enroll     []string
	publish    bool
	sessionIDs []string
	id         string
}

func (l *courseLoader) create(c *demoCourse) error {
	co, err := l.s.Courses.CreateCourse(l.ctx, c.actor, c.in)
	if err != nil {
		return fmt.Errorf("demo course %s: %w", c.in.Title, err)
	}
	c.id = co.ID
	for i, day := range c.sessions {
		ss, err := l.s.Courses.AddSession(l.ctx, c.actor, co.ID, courses.SessionInput{
			Date: l.today.AddDate(0, 0, day).Format("2006-01-02"), StartTime: "09:00", EndTime: "11:30",
			Venue: c.venue, InstructorID: l.teacher, Topic: fmt.Sprintf("第 %d 讲", i+1), Hours: 3})
		if err != nil {
			return fmt.Errorf("demo session of %s: %w", c.in.Title, err)
		}
		c.sessionIDs = append(c.sessionIDs, ss.ID)
	}
	if !c.publish {
		return nil
	}
	if _, err := l.s.Courses.TransitionCourse(l.ctx, c.actor, co.ID, courses.StatusPublished); err != nil {
		return fmt.Errorf("publish demo course %s: %w", c.in.Title, err)
	}
	for _, p := range c.enroll {
		if _, err := l.s.Courses.EnrollPerson(l.ctx, system, co.ID, p); err != nil {
			return fmt.Errorf("enroll in demo course %s: %w", c.in.Title, err)
		}
	}
	return nil
}

// roll marks everyone enrolled present at a session but the last person
// enrolled, who is absent (so the demo trainee, enrolled first, attends).
func (l *courseLoader) roll(c *demoCourse, session int) error {
	r, err := l.s.Courses.SessionRoll(l.ctx, system, c.sessionIDs[session])
	if err != nil {
		return err
	}
	absent := c.enroll[len(c.enroll)-1]
	var marks []courses.MarkInput
	for _, e := range r.Entries {
		m := courses.MarkPresent
		if e.PersonID == absent {
			m = courses.MarkAbsent
		}
		marks = append(marks, courses.MarkInput{PersonID: e.PersonID, Mark: m})
	}
	_, err = l.s.Courses.RollCall(l.ctx, system, c.sessionIDs[session], marks)
	return err
}

func (l *courseLoader) input(title string, typ courses.Type, trade string, capacity, opensIn, closesIn int) courses.CourseInput {
	in := courses.CourseInput{Title: title, Type: typ, Trade: trade, Residency: courses.ResidencyCity, Capacity: capacity,
		EnrollOpens: l.clock.AddDate(0, 0, opensIn), EnrollCloses: l.clock.AddDate(0, 0, closesIn), ClassHours: 24,
		Description: "演示课程，数据虚构。"}
	if typ == courses.TypeVocational {
		in.Level = courses.LevelJunior
	}
	return in
}

func (l *courseLoader) load(traineePerson string) error {
	// Completed job-post training of the city, a month ago.
	l.at(-40, 8, 0)
	city := &demoCourse{actor: system, venue: "市人力社保局培训中心一楼教室", sessions: []int{-30, -29}, publish: true,
		in: l.input("人力社保协理员岗位培训（第一期）", courses.TypeJobPost, "", 40, 0, 7)}
	city.enroll = append([]string{traineePerson}, l.people(4)...)
	if err := l.create(city); err != nil {
		return err
	}
	// In progress: one session held with attendance, one tomorrow.
	l.at(-12, 8, 0)
	running := &demoCourse{actor: l.wz, venue: "乌镇镇成人文化技术学校 201 教室", sessions: []int{-2, 1}, publish: true,
		in: l.input("中式面点师（初级）培训班", courses.TypeVocational, "中式面点师", 20, 0, 7)}
	running.enroll = l.people(5)
	if err := l.create(running); err != nil {
		return err
	}
	for i := range city.sessionIDs {
		l.at(-30+i, 9, 30)
		if err := l.roll(city, i); err != nil {
			return err
		}
	}
	l.at(-28, 9, 0)
	for _, to := range []courses.Status{courses.StatusInProgress, courses.StatusCompleted} {
		if _, err := l.s.Courses.TransitionCourse(l.ctx, system, city.id, to); err != nil {
			return fmt.Errorf("demo course %s → %s: %w", city.in.Title, to, err)
		}
	}
	l.at(-2, 9, 30)
	if err := l.roll(running, 0); err != nil {
		return err
	}
	if _, err := l.s.Courses.TransitionCourse(l.ctx, l.wz, running.id, courses.StatusInProgress); err != nil {
		return err
	}
	// Open for enrollment now: one with seats, one full with a waitlist;
	// and a draft.
	l.at(0, 8, 0)
	open := &demoCourse{actor: l.wz, venue: "乌镇镇成人文化技术学校 301 教室", sessions: []int{20, 21, 22}, publish: true,
		in: l.input("电工（初级）培训班", courses.TypeVocational, "电工", 30, -1, 14)}
	open.enroll = l.people(3)
	full := &demoCourse{actor: l.wz, venue: "乌镇镇民合村文化礼堂", sessions: []int{24, 25}, publish: true,
		in: l.input("育婴员（初级）培训班", courses.TypeVocational, "育婴员", 3, -1, 14)}
	full.enroll = l.people(5)
	draft := &demoCourse{actor: l.wz, venue: "乌镇镇成人文化技术学校 302 教室", sessions: []int{30},
		in: l.input("家政服务员（初级）培训班", courses.TypeVocational, "家政服务员", 25, 1, 20)}
	for _, c := range []*demoCourse{open, full, draft} {
		if err := l.create(c); err != nil {
			return err
		}
	}
	return nil
}
