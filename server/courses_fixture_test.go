package main

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"skillcert"
	"skillcert/auth"
	"skillcert/courses"
	"skillcert/keys"
	"skillcert/roster"
)

// courseWorld is a set of courses for the HTTP tests, on the courses'
// own clock: "own" is a 乌镇镇 course taught by the demo instructor with
// the demo trainee enrolled; "other" a 洲泉镇 course for 洲泉镇 residents
// only, taught by another instructor, with a 洲泉镇 resident enrolled. The
// clock stands inside both courses' first session (check-in open).
type courseWorld struct {
	t       testing.TB
	app     *App
	mu      sync.Mutex
	now     time.Time
	city    *skillcert.Actor
	staff   [2]*skillcert.Actor // wz_staff, zq_staff
	teacher [2]string           // instructor account IDs
	course  [2]string
	session [2]string
	person  [2]string // the demo trainee (WZ01), a 洲泉镇 resident
	seq     int
}

var (
	courseWorldsMu sync.Mutex
	courseWorlds   = map[*App]*courseWorld{}
)

// worldStart is the day the world's courses are set up: well after the
// demo data, on a whole day in Shanghai.
func worldStart() time.Time {
	d := time.Now().In(shanghai).AddDate(1, 1, 0)
	return time.Date(d.Year(), d.Month(), d.Day(), 8, 0, 0, 0, shanghai)
}

// coursesWorld returns (and on first use builds) the app's course world.
func coursesWorld(t testing.TB, app *App) *courseWorld {
	courseWorldsMu.Lock()
	defer courseWorldsMu.Unlock()
	if w, ok := courseWorlds[app]; ok {
		return w
	}
	ctx := context.Background()
	w := &courseWorld{t: t, app: app, now: worldStart(),
		city: &skillcert.Actor{AccountID: "test-city", Username: "test-city", Role: skillcert.RoleCityAdmin}}
	app.Courses.SetClock(w.clock)
	for i, u := range []string{"wz_staff", "zq_staff"} {
		acc, err := app.Auth.FindAccountByUsername(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		w.staff[i] = &skillcert.Actor{AccountID: acc.ID, Username: acc.Username, Role: acc.Role, Town: acc.Town}
	}
	teacher, err := app.Auth.FindAccountByUsername(ctx, "teacher")
	if err != nil {
		t.Fatal(err)
	}
	w.teacher[own] = teacher.ID
	zqTeacher, err := app.Auth.CreateAccount(ctx, w.city, auth.NewAccount{Username: "zq_teacher_w", Name: "赵老师",
		Password: "Passw0rd1", Role: skillcert.RoleInstructor, Town: "ZQ"})
	if err != nil {
		t.Fatal(err)
	}
	w.teacher[other] = zqTeacher.ID
	w.person[own] = traineePerson(t, app)
	zq, err := app.Roster.List(ctx, w.city, roster.Filter{Town: "ZQ"}, skillcert.PageRequest{Page: 1, Size: 1})
	if err != nil || len(zq.Items) == 0 {
		t.Fatalf("a 洲泉镇 resident: %v", err)
	}
	w.person[other] = zq.Items[0].ID
	for _, s := range []scope{own, other} {
		residency := courses.ResidencyCity
		if s == other {
			residency = courses.ResidencyTown
		}
		w.course[s], w.session[s] = w.publishedAt(s, residency, w.now.AddDate(0, 0, 1).Add(time.Hour), 2*time.Hour)
		if _, err := app.Courses.EnrollPerson(ctx, w.city, w.course[s], w.person[s]); err != nil {
			t.Fatal(err)
		}
	}
	w.now = w.now.AddDate(0, 0, 1).Add(65 * time.Minute) // 09:05 on the session's day
	courseWorlds[app] = w
	return w
}

func (w *courseWorld) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

// setClock moves the courses' clock.
func (w *courseWorld) setClock(t time.Time) {
	w.mu.Lock()
	w.now = t
	w.mu.Unlock()
}

func (w *courseWorld) next() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seq++
	return w.seq
}

// input is a course input open for enrollment from an hour ago for 30 days.
func (w *courseWorld) input(title string, residency courses.Residency) courses.CourseInput {
	pass := 60
	now := w.clock()
	return courses.CourseInput{Title: title, Type: courses.TypeVocational, Trade: "电工", Level: courses.LevelJunior,
		Residency: residency, Capacity: 30, EnrollOpens: now.Add(-time.Hour), EnrollCloses: now.AddDate(0, 0, 30),
		ClassHours: 8, PassScore: &pass}
}

// draft creates a draft course of the scope's town.
func (w *courseWorld) draft(s scope, residency courses.Residency) string {
	n := w.next()
	c, err := w.app.Courses.CreateCourse(context.Background(), w.staff[s], w.input(fmt.Sprintf("测试课程%d", n), residency))
	if err != nil {
		w.t.Fatal(err)
	}
	return c.ID
}

// sessionInput is a session of the scope's instructor at a free venue.
func (w *courseWorld) sessionInput(s scope, start time.Time, length time.Duration) courses.SessionInput {
	st := start.In(shanghai)
	return courses.SessionInput{Date: st.Format("2006-01-02"), StartTime: st.Format("15:04"),
		EndTime: st.Add(length).Format("15:04"), Venue: fmt.Sprintf("测试教室%d", w.next()),
		InstructorID: w.teacher[s], Topic: "安全用电", Hours: max(1, int(length/(45*time.Minute)))}
}

// addSession adds a session to a course.
func (w *courseWorld) addSession(s scope, courseID string, start time.Time, length time.Duration) string {
	ss, err := w.app.Courses.AddSession(context.Background(), w.staff[s], courseID, w.sessionInput(s, start, length))
	if err != nil {
		w.t.Fatal(err)
	}
	return ss.ID
}

// publishedAt creates a published course with one session.
func (w *courseWorld) publishedAt(s scope, residency courses.Residency, start time.Time, length time.Duration) (course, session string) {
	course = w.draft(s, residency)
	session = w.addSession(s, course, start, length)
	if _, err := w.app.Courses.TransitionCourse(context.Background(), w.staff[s], course, courses.StatusPublished); err != nil {
		w.t.Fatal(err)
	}
	return course, session
}

// fresh creates a published course of the scope open to the whole city,
// with its session on a day of its own (no clash with anything).
func (w *courseWorld) fresh(s scope) string {
	day := w.clock().AddDate(0, 0, 3+w.next())
	c, _ := w.publishedAt(s, courses.ResidencyCity, day, time.Hour)
	return c
}

// freshSession adds a session to a new draft course of the scope.
func (w *courseWorld) freshSession(s scope) (course, session string) {
	course = w.draft(s, courses.ResidencyCity)
	return course, w.addSession(s, course, w.clock().AddDate(0, 0, 3+w.next()), time.Hour)
}

// enroll enrolls a person in a course as the city.
func (w *courseWorld) enroll(courseID, personID string) *courses.EnrollResult {
	res, err := w.app.Courses.EnrollPerson(context.Background(), w.city, courseID, personID)
	if err != nil {
		w.t.Fatal(err)
	}
	return res
}

// code is the session's check-in code now.
func (w *courseWorld) code(sessionID string) string {
	code, _ := courses.CurrentCheckinCode(w.app.Key(keys.PurposeCheckin), sessionID, w.clock(), w.app.Courses.CheckinConfig())
	return code
}

// message is the ID of one of a person's messages.
func (w *courseWorld) message(personID string) string {
	p, err := w.app.Courses.ListMessages(context.Background(), &skillcert.Actor{PersonID: personID, Role: skillcert.RoleTrainee},
		false, skillcert.PageRequest{Page: 1, Size: 1})
	if err != nil || len(p.Items) == 0 {
		w.t.Fatalf("a message of %s: %v", personID, err)
	}
	return p.Items[0].ID
}

// courseForm is the editor's form of a valid course.
func (w *courseWorld) courseForm(title string) map[string][]string {
	now := w.clock().In(shanghai)
	return map[string][]string{"title": {title}, "type": {"vocational"}, "trade": {"电工"}, "level": {"junior"},
		"residency": {"city"}, "capacity": {"30"}, "enrollOpens": {now.Add(-time.Hour).Format(formMinute)},
		"enrollCloses": {now.AddDate(0, 0, 30).Format(formMinute)}, "classHours": {"8"}, "passScore": {"60"},
		"minAttendancePercent": {"80"}, "excusedCountsAs": {"absent"}}
}

// residents returns n 乌镇镇 residents other than the demo trainee.
func (w *courseWorld) residents(n int) []string {
	p, err := w.app.Roster.List(context.Background(), w.city, roster.Filter{Town: "WZ", Village: "WZ02"}, skillcert.PageRequest{Page: 1, Size: n + 1})
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for _, x := range p.Items {
		if x.ID != w.person[own] && len(out) < n {
			out = append(out, x.ID)
		}
	}
	if len(out) < n {
		w.t.Fatalf("want %d residents, have %d", n, len(out))
	}
	return out
}

// traineeToken creates a trainee account for a person and logs it in.
func (w *courseWorld) traineeToken(ta *testApp, personID string) string {
	username := fmt.Sprintf("cw_trainee_%d", w.next())
	if _, err := w.app.Auth.CreateAccount(context.Background(), w.city, auth.NewAccount{Username: username, Name: "学员",
		Password: "Passw0rd1", Role: skillcert.RoleTrainee, PersonID: personID}); err != nil {
		w.t.Fatal(err)
	}
	return ta.freshToken(username)
}

// withCapacity creates a published 乌镇镇 course of the given capacity.
func (w *courseWorld) withCapacity(capacity int) string {
	in := w.input(fmt.Sprintf("小班课程%d", w.next()), courses.ResidencyCity)
	in.Capacity = capacity
	ctx := context.Background()
	c, err := w.app.Courses.CreateCourse(ctx, w.staff[own], in)
	if err != nil {
		w.t.Fatal(err)
	}
	w.addSession(own, c.ID, w.clock().AddDate(0, 0, 3+w.next()), time.Hour)
	if _, err := w.app.Courses.TransitionCourse(ctx, w.staff[own], c.ID, courses.StatusPublished); err != nil {
		w.t.Fatal(err)
	}
	return c.ID
}
