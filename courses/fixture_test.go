package courses_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
	"skillcert/courses"
	"skillcert/orgs"
	"skillcert/store"
	"skillcert/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var cst = time.FixedZone("CST", 8*60*60)

// at parses "2026-12-14 09:00" in Asia/Shanghai.
func at(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, cst)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// Actors.
var (
	cityAdmin = &skillcert.Actor{AccountID: "city1", Username: "city1", Role: skillcert.RoleCityAdmin}
	wzStaff   = &skillcert.Actor{AccountID: "wz1", Username: "wz1", Role: skillcert.RoleTownStaff, Town: "WZ"}
	pyStaff   = &skillcert.Actor{AccountID: "py1", Username: "py1", Role: skillcert.RoleTownStaff, Town: "PY"}
	wzVillage = &skillcert.Actor{AccountID: "wz01v", Username: "wz01v", Role: skillcert.RoleVillageStaff, Town: "WZ", Village: "WZ01"}
	teacherLi = &skillcert.Actor{AccountID: "t-li", Username: "li", Role: skillcert.RoleInstructor}
	teacherWu = &skillcert.Actor{AccountID: "t-wu", Username: "wu", Role: skillcert.RoleInstructor}
)

func trainee(personID string) *skillcert.Actor {
	return &skillcert.Actor{AccountID: "acc-" + personID, Username: personID, Role: skillcert.RoleTrainee, PersonID: personID}
}

// fakePeople is the register: candidates by person ID and ID number.
type fakePeople struct {
	mu       sync.Mutex
	byID     map[string]courses.Candidate
	byNumber map[string]string
}

func (p *fakePeople) Candidate(_ context.Context, id string) (courses.Candidate, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.byID[id]
	if !ok {
		return courses.Candidate{}, skillcert.Errorf(skillcert.ENOTFOUND, "人员不存在")
	}
	return c, nil
}

func (p *fakePeople) PersonIDsByIDNumbers(_ context.Context, a *skillcert.Actor, numbers []string) (map[string]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]string{}
	for _, n := range numbers {
		id, ok := p.byNumber[n]
		if ok && auth.CheckScope(a, p.byID[id].Town, p.byID[id].Village) == nil {
			out[n] = id
		}
	}
	return out, nil
}

type fakeInstructors map[string]string

func (f fakeInstructors) InstructorName(_ context.Context, id string) (string, error) {
	if n, ok := f[id]; ok {
		return n, nil
	}
	return "", skillcert.Errorf(skillcert.ENOTFOUND, "账号不存在")
}

// clock is a settable clock shared by the service under test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

var secret = []byte("checkin-secret-for-tests-0123456789")

type fixture struct {
	t      testing.TB
	ctx    context.Context
	db     *store.DB
	svc    *courses.Service
	log    *audit.Log
	people *fakePeople
	clock  *clock
	seq    int
	days   int
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	db := storetest.Open(t)
	ctx := context.Background()
	tree, err := orgs.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	log := audit.NewLog(db)
	people := &fakePeople{byID: map[string]courses.Candidate{}, byNumber: map[string]string{}}
	svc := courses.NewService(db, log, tree, people, fakeInstructors{"t-li": "李老师", "t-wu": "吴老师"})
	clk := &clock{t: at(t, "2026-12-01 10:00")}
	svc.SetClock(clk.Now)
	if err := svc.SetCheckin(secret, courses.DefaultCheckinConfig()); err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, ctx: ctx, db: db, svc: svc, log: log, people: people, clock: clk}
}

// person registers a resident and returns their ID; the ID number is
// 330483199001 followed by a running number.
func (f *fixture) person(town, village string, groups ...string) string {
	f.people.mu.Lock()
	defer f.people.mu.Unlock()
	f.seq++
	id := fmt.Sprintf("p%04d", f.seq)
	number := fmt.Sprintf("3304831990%08d", f.seq)
	f.people.byID[id] = courses.Candidate{Name: "学员" + id, IDMasked: skillcert.MaskIDNumber(number), Groups: groups, Town: town, Village: village}
	f.people.byNumber[number] = id
	return id
}

func idNumberOf(f *fixture, personID string) string {
	f.people.mu.Lock()
	defer f.people.mu.Unlock()
	for n, id := range f.people.byNumber {
		if id == personID {
			return n
		}
	}
	f.t.Fatalf("no ID number for %s", personID)
	return ""
}

// input is a valid vocational course: window 2026-11-25 to 2026-12-10.
func input(f *fixture, mods ...func(*courses.CourseInput)) courses.CourseInput {
	in := courses.CourseInput{
		Title: "电工初级班", Type: courses.TypeVocational, Trade: "电工", Level: courses.LevelJunior,
		Capacity: 30, EnrollOpens: at(f.t, "2026-11-25 00:00"), EnrollCloses: at(f.t, "2026-12-10 00:00"),
		ClassHours: 12,
	}
	for _, m := range mods {
		m(&in)
	}
	return in
}

func (f *fixture) course(a *skillcert.Actor, mods ...func(*courses.CourseInput)) *courses.Course {
	f.t.Helper()
	c, err := f.svc.CreateCourse(f.ctx, a, input(f, mods...))
	if err != nil {
		f.t.Fatalf("create course: %v", err)
	}
	return c
}

func sessionIn(date, from, to, instructor, venue string) courses.SessionInput {
	return courses.SessionInput{Date: date, StartTime: from, EndTime: to, InstructorID: instructor, Venue: venue, Topic: "安全用电", Hours: 1}
}

func (f *fixture) session(a *skillcert.Actor, courseID string, in courses.SessionInput) *courses.Session {
	f.t.Helper()
	ss, err := f.svc.AddSession(f.ctx, a, courseID, in)
	if err != nil {
		f.t.Fatalf("add session: %v", err)
	}
	return ss
}

// nextDay returns a fresh day for a helper's session, from 2026-12-14.
func (f *fixture) nextDay() string {
	f.days++
	return at(f.t, "2026-12-13 00:00").AddDate(0, 0, f.days).Format("2006-01-02")
}

// published creates a course with one session 09:00–11:30 on a day of its
// own, taught by 李老师 in 乌镇成校 305室, and publishes it.
func (f *fixture) published(a *skillcert.Actor, mods ...func(*courses.CourseInput)) *courses.Course {
	f.t.Helper()
	c := f.course(a, mods...)
	f.session(a, c.ID, sessionIn(f.nextDay(), "09:00", "11:30", "t-li", "乌镇成校 305室"))
	c, err := f.svc.TransitionCourse(f.ctx, a, c.ID, courses.StatusPublished)
	if err != nil {
		f.t.Fatalf("publish: %v", err)
	}
	return c
}

func (f *fixture) get(id string) *courses.Course {
	f.t.Helper()
	d, err := f.svc.GetCourse(f.ctx, cityAdmin, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return &d.Course
}

// enrollments reads a course's enrollments straight from the database.
func (f *fixture) enrollments(courseID string) []courses.Enrollment {
	f.t.Helper()
	var out []courses.Enrollment
	if err := f.db.Collection(store.CollEnrollments).Find(f.ctx, bson.D{{Key: "courseId", Value: courseID}}, &out); err != nil {
		f.t.Fatal(err)
	}
	return out
}

func (f *fixture) countStatus(courseID string, st courses.EnrollmentStatus) int {
	n := 0
	for _, e := range f.enrollments(courseID) {
		if e.Status == st {
			n++
		}
	}
	return n
}

// messages reads a person's messages straight from the database.
func (f *fixture) messages(personID string) []courses.Message {
	f.t.Helper()
	var out []courses.Message
	if err := f.db.Collection(store.CollMessages).Find(f.ctx, bson.D{{Key: "personId", Value: personID}}, &out); err != nil {
		f.t.Fatal(err)
	}
	return out
}

func hasMessage(list []courses.Message, kind courses.MessageKind) bool {
	for _, m := range list {
		if m.Kind == kind {
			return true
		}
	}
	return false
}

// auditCount counts audit entries of an action with a result.
func (f *fixture) auditCount(action, result string) int {
	f.t.Helper()
	page, err := f.log.List(f.ctx, audit.Filter{Action: action}, skillcert.PageRequest{Size: 100})
	if err != nil {
		f.t.Fatal(err)
	}
	n := 0
	for _, e := range page.Items {
		if e.Result == result {
			n++
		}
	}
	return n
}

// wantErr asserts err's code and, unless msg is "", its message.
func wantErr(tb testing.TB, err error, code, msg string) {
	tb.Helper()
	var e *skillcert.Error
	if !errors.As(err, &e) {
		tb.Fatalf("want %s %q, got %v", code, msg, err)
	}
	if e.Code != code {
		tb.Errorf("code = %q, want %q (%s)", e.Code, code, e.Message)
	}
	if msg != "" && e.Message != msg {
		tb.Errorf("message = %q\n          want %q", e.Message, msg)
	}
}

// ok fails the test if the call it wraps returned an error.
func (f *fixture) ok(_ any, err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}
