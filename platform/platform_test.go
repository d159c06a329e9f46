package platform_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"skillcert"
	"skillcert/courses"
	"skillcert/demo"
	"skillcert/platform"
	"skillcert/recruitment"
	"skillcert/roster"
	"skillcert/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// newPlatform builds every service over a fresh database with the demo set.
func newPlatform(t *testing.T) *platform.Services {
	t.Helper()
	s, err := platform.New(context.Background(), storetest.Open(t), platform.Options{JWTSecret: "platform-test-secret-0123456789-abcdef", BaseURL: "http://skillcert.test",
		IDKeys: testIDKeys(t)})
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(context.Background(), s, demo.NewPassword()); err != nil {
		t.Fatal(err)
	}
	return s
}

func actorOf(t *testing.T, s *platform.Services, username string) *skillcert.Actor {
	t.Helper()
	acc, err := s.Auth.FindAccountByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return acc.Actor()
}

// TestCompletedDemoCourseIssuesCertificates checks the wiring of the
// courses into the certificates: the demo's completed course issues.
func TestCompletedDemoCourseIssuesCertificates(t *testing.T) {
	s := newPlatform(t)
	ctx := context.Background()
	admin := actorOf(t, s, "admin")
	page, err := s.Courses.ListCourses(ctx, admin, courses.CourseFilter{Status: courses.StatusCompleted}, skillcert.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) == 0 {
		t.Fatal("the demo set has no completed course")
	}
	res, err := s.Certificates.IssueCourse(ctx, admin, page.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	// The demo set itself issues the course's certificates (through the
	// same services), so they may be issued already.
	if len(res.Issued)+res.AlreadyIssued == 0 {
		t.Fatalf("no certificate issued for the completed demo course: %+v", res)
	}
	// The certificate prints the 课时 the sessions give (45 minutes each),
	// not the course's planned figure: the demo's job-post course plans
	// 24 课时 and holds fewer.
	checked := false
	for _, co := range page.Items {
		detail, err := s.Courses.GetCourse(ctx, admin, co.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := courses.ClassHoursOf(detail.Sessions)
		if want == detail.Course.ClassHours {
			continue
		}
		if _, err := s.Certificates.IssueCourse(ctx, admin, co.ID); err != nil {
			t.Fatal(err)
		}
		list, err := s.Certificates.Course(ctx, admin, co.ID, skillcert.PageRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Certificates.Items) == 0 {
			t.Fatalf("course %s: no certificate", co.Title)
		}
		if got := list.Certificates.Items[0].ClassHours; got != want {
			t.Errorf("certificate prints %d 课时; sessions give %d, the course plans %d", got, want, detail.Course.ClassHours)
		}
		checked = true
	}
	if !checked {
		t.Error("no completed demo course whose sessions give other 课时 than planned")
	}
	again, err := s.Certificates.IssueCourse(ctx, admin, page.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(res.Issued) + res.AlreadyIssued; len(again.Issued) != 0 || again.AlreadyIssued != want {
		t.Fatalf("issuing twice: %d new, %d already issued; want 0 and %d", len(again.Issued), again.AlreadyIssued, want)
	}
}

// TestRecruitmentReadsTheRegisterAndEnrollsInJobPostTraining checks the
// register and job-post training adapters recruitment is wired with.
func TestRecruitmentReadsTheRegisterAndEnrollsInJobPostTraining(t *testing.T) {
	s := newPlatform(t)
	ctx := context.Background()
	trainee := actorOf(t, s, "trainee")
	reg := platform.RegisterOf(s.Roster)
	p, err := reg.Person(ctx, trainee.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name == "" || p.BirthDate.IsZero() || p.Town != "WZ" || !p.Education.Valid() {
		t.Fatalf("register person = %+v", p)
	}
	if _, err := reg.Person(ctx, "no-such-person"); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Fatalf("unknown person: %v", err)
	}
	for i := 0; i < 2; i++ {
		if err := reg.AddToPlatformStaff(ctx, trainee.PersonID); err != nil {
			t.Fatal(err)
		}
	}
	person, err := s.Roster.PersonByID(ctx, trainee.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, g := range person.Groups {
		if g == roster.GroupPlatformStaff {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("platform_staff appears %d times in %v", n, person.Groups)
	}

	// A job-post course of the town, open for enrollment, takes the hire.
	wz := actorOf(t, s, "wz_staff")
	teacher := actorOf(t, s, "teacher")
	now := time.Now()
	c, err := s.Courses.CreateCourse(ctx, wz, courses.CourseInput{Title: "协理员岗位培训（测试）", Type: courses.TypeJobPost, Town: "WZ",
		Capacity: 10, EnrollOpens: now.Add(-time.Hour), EnrollCloses: now.Add(50 * 24 * time.Hour), ClassHours: 2})
	if err != nil {
		t.Fatal(err)
	}
	day := now.Add(60 * 24 * time.Hour).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
	if _, err := s.Courses.AddSession(ctx, wz, c.ID, courses.SessionInput{Date: day, StartTime: "14:00", EndTime: "16:00",
		Venue: "乌镇镇人力社保管理所会议室（测试）", InstructorID: teacher.AccountID, Topic: "岗位职责", Hours: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Courses.TransitionCourse(ctx, wz, c.ID, courses.StatusPublished); err != nil {
		t.Fatal(err)
	}
	training := platform.JobPostTrainingOf(s.Courses, s.Orgs)
	got, err := training.EnrollInNextJobPostCourse(ctx, trainee.PersonID, "WZ")
	if err != nil {
		t.Fatal(err)
	}
	if got != c.ID {
		t.Fatalf("enrolled in %s, want the town's open job-post course %s", got, c.ID)
	}
	again, err := training.EnrollInNextJobPostCourse(ctx, trainee.PersonID, "WZ")
	if err != nil || again != c.ID {
		t.Fatalf("second call: %s %v, want the same course", again, err)
	}
	mine, err := s.Courses.MyCourses(ctx, trainee, skillcert.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(mine.Items, func(m courses.MyCourse) bool { return m.Course.ID == c.ID }) {
		t.Fatalf("the job-post course is not among the trainee's courses")
	}
}

// TestRegisterEditRescreensApplications: correcting a person's ID number
// in the register (and so their birth date) re-runs the screening of
// their applications.
func TestRegisterEditRescreensApplications(t *testing.T) {
	s := newPlatform(t)
	ctx := context.Background()
	trainee := actorOf(t, s, "trainee")
	wz := actorOf(t, s, "wz_staff")
	day := func(d int) string {
		return time.Now().AddDate(0, 0, d).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
	}
	post, err := s.Recruitment.CreatePost(ctx, wz, recruitment.PostInput{Town: "WZ", Title: "人力社保协理员（测试）", Places: 1,
		Opens: day(0), Closes: day(10)})
	if err != nil {
		t.Fatal(err)
	}
	person, err := s.Roster.PersonByID(ctx, trainee.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	// Make the trainee 30 at the cutoff, then correct the register to a
	// birth year that makes them too old.
	born := func(year int) string {
		first17 := fmt.Sprintf("330483%04d0101%s", year, person.IDNumber[14:17])
		return first17 + string(roster.IDCheckChar(first17))
	}
	in := person.Input()
	in.IDNumber = born(time.Now().Year() - 30)
	if _, err := s.Roster.Update(ctx, wz, person.ID, in); err != nil {
		t.Fatal(err)
	}
	app, err := s.Recruitment.Apply(ctx, trainee, post.ID, recruitment.ApplicationInput{PersonID: person.ID, Phone: "13911112222",
		Education:     recruitment.Education{Level: roster.EduBachelor, School: "浙江工业大学", Major: "社会保障", FullTime: true},
		ComputerSkill: recruitment.ComputerSkill{Level: recruitment.ComputerCertified, CertName: "全国计算机等级考试二级"}})
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := app.Screening.Result(recruitment.RequirementAge); !ok || !r.Passed {
		t.Fatalf("age at 30: %+v", r)
	}
	in.IDNumber = born(time.Now().Year() - 50)
	if _, err := s.Roster.Update(ctx, wz, person.ID, in); err != nil {
		t.Fatal(err)
	}
	after, err := s.Recruitment.Application(ctx, wz, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := after.Screening.Result(recruitment.RequirementAge); !ok || r.Passed {
		t.Fatalf("age after the register's correction to 50: %+v", r)
	}
}

// TestBirthDatesOfDaylightSavingSummersKeepTheirDay: China kept daylight
// saving in the summers of 1986–1991, the birth years of today's 35- and
// 36-year-olds. A birth date read from an ID number must screen as that
// calendar day: 35 on the day before the 36th birthday, 36 on it.
func TestBirthDatesOfDaylightSavingSummersKeepTheirDay(t *testing.T) {
	for _, born := range []string{"19860615", "19880701", "19900701", "19910801"} {
		first17 := "330483" + born + "123"
		id, err := roster.ParseIDNumber(first17+string(roster.IDCheckChar(first17)), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		y, _ := strconv.Atoi(born[:4])
		m, _ := strconv.Atoi(born[4:6])
		d, _ := strconv.Atoi(born[6:])
		birthday36 := skillcert.NewDate(y+36, time.Month(m), d)
		for _, tc := range []struct {
			cutoff skillcert.Date
			passed bool
		}{{birthday36.AddDays(-1), true}, {birthday36, false}} {
			req := recruitment.RequirementsFrom(recruitment.DefaultPolicy(), tc.cutoff)
			s := recruitment.Screen(recruitment.Applicant{BirthDate: id.BirthDate()}, req)
			if r, ok := s.Result(recruitment.RequirementAge); !ok || r.Passed != tc.passed {
				t.Errorf("born %s, cutoff %s: %+v, want passed=%v", born, tc.cutoff, r, tc.passed)
			}
		}
	}
}
