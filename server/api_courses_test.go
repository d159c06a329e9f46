package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"skillcert/courses"
)

// TestEnrollWaitlistCancelPromote: a full course puts the next trainees on
// the waitlist with their positions; enrolling twice is refused with the
// reason; a cancellation before the start promotes the first waiting, who
// is told.
func TestEnrollWaitlistCancelPromote(t *testing.T) {
	ta := newTestApp(t)
	w := coursesWorld(t, ta.app)
	course := w.withCapacity(1)
	people := w.residents(2)
	first, second, third := ta.token("trainee"), w.traineeToken(ta, people[0]), w.traineeToken(ta, people[1])

	var res courses.EnrollResult
	ta.request("POST", "/api/courses/"+course+"/enroll", nil, first).json(t, &res)
	if res.Enrollment.Status != courses.EnrollmentEnrolled {
		t.Fatalf("first: %+v", res)
	}
	for i, tok := range []string{second, third} {
		r := ta.request("POST", "/api/courses/"+course+"/enroll", nil, tok)
		if r.Status != 201 {
			t.Fatalf("waitlist %d: %d %s", i, r.Status, r.Body)
		}
		var wl courses.EnrollResult
		r.json(t, &wl)
		if wl.Enrollment.Status != courses.EnrollmentWaitlisted || wl.Position != i+1 || !strings.Contains(wl.Message, fmt.Sprintf("第 %d 位", i+1)) {
			t.Errorf("waitlist %d: %+v", i, wl)
		}
	}
	again := ta.request("POST", "/api/courses/"+course+"/enroll", nil, first)
	if again.Status != 409 || !strings.Contains(string(again.Body), "您已报名该课程") {
		t.Errorf("twice: %d %s", again.Status, again.Body)
	}
	// The course page tells the third trainee their position.
	page := ta.request("GET", "/courses/"+course, nil, third)
	if !strings.Contains(string(page.Body), `data-testid="waitlist-position">2<`) {
		t.Errorf("course page without the waitlist position 2")
	}
	if r := ta.request("POST", "/api/courses/"+course+"/enrollments/"+w.person[own]+"/cancel", reasonRequest{Reason: "时间冲突"}, first); r.Status != 200 {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}
	if mc := myCourse(t, ta, second, course); mc == nil || mc.Enrollment.Status != courses.EnrollmentEnrolled {
		t.Fatalf("second after the cancellation: %+v", mc)
	}
	if mc := myCourse(t, ta, third, course); mc == nil || mc.Position != 1 {
		t.Fatalf("third after the promotion: %+v", mc)
	}
	var msgs pageOf[courses.Message]
	ta.request("GET", "/api/my/messages?unread=true", nil, second).json(t, &msgs)
	promoted := false
	for _, m := range msgs.Items {
		promoted = promoted || m.Kind == courses.MessagePromoted
	}
	if !promoted {
		t.Errorf("no promotion message: %+v", msgs.Items)
	}
	var list pageOf[courses.EnrollmentRow]
	ta.request("GET", "/api/courses/"+course+"/enrollments?status=waitlisted", nil, ta.token("wz_staff")).json(t, &list)
	if list.Total != 1 || list.Items[0].Position != 1 {
		t.Errorf("waitlist for staff: %+v", list)
	}
}

// TestBulkEnrollReportsEachPerson: staff enroll by ID numbers and get a
// line per distinct number: enrolled, or refused with the reason.
func TestBulkEnrollReportsEachPerson(t *testing.T) {
	ta := newTestApp(t)
	w := coursesWorld(t, ta.app)
	course := w.fresh(own)
	ctx := context.Background()
	trainee, err := ta.app.Roster.PersonByID(ctx, w.person[own])
	if err != nil {
		t.Fatal(err)
	}
	outsider, err := ta.app.Roster.PersonByID(ctx, w.person[other])
	if err != nil {
		t.Fatal(err)
	}
	var lines []courses.BulkLine
	r := ta.request("POST", "/api/courses/"+course+"/enrollments/bulk",
		bulkEnrollRequest{IDNumbers: []string{trainee.IDNumber, "12345", outsider.IDNumber, trainee.IDNumber}}, ta.token("wz_staff"))
	if r.Status != 200 {
		t.Fatalf("bulk: %d %s", r.Status, r.Body)
	}
	r.json(t, &lines)
	if len(lines) != 3 {
		t.Fatalf("lines: %+v", lines)
	}
	if lines[0].Outcome != courses.BulkEnrolled || lines[0].Name != trainee.Name {
		t.Errorf("trainee: %+v", lines[0])
	}
	for _, l := range lines[1:] {
		if l.Outcome != courses.BulkRefused || !strings.Contains(l.Reason, "管辖范围") {
			t.Errorf("refused line: %+v", l)
		}
	}
	again := ta.request("POST", "/api/courses/"+course+"/enrollments/bulk", bulkEnrollRequest{IDNumbers: []string{trainee.IDNumber}}, ta.token("wz_staff"))
	again.json(t, &lines)
	if lines[0].Outcome != courses.BulkRefused || !strings.Contains(lines[0].Reason, "已报名") {
		t.Errorf("twice: %+v", lines)
	}
	if r := ta.request("POST", "/api/courses/"+course+"/enrollments/bulk", bulkEnrollRequest{}, ta.token("wz_staff")); r.Status != 400 {
		t.Errorf("empty bulk: %d", r.Status)
	}
}

// TestCourseRefusalsSayWhy: refusals are 4xx with the reason in Chinese.
func TestCourseRefusalsSayWhy(t *testing.T) {
	ta := newTestApp(t)
	w := coursesWorld(t, ta.app)
	trainee := ta.token("trainee")
	cases := []struct {
		name, method, path string
		body               any
		token              string
		status             int
		says               string
	}{
		{"another town's residents only", "POST", "/api/courses/" + w.course[other] + "/enroll", nil, trainee, 400, "户籍"},
		{"a draft", "POST", "/api/courses/" + w.draft(own, courses.ResidencyCity) + "/enroll", nil, trainee, 404, "课程不存在"},
		{"wrong code", "POST", "/api/sessions/" + w.session[own] + "/checkin", checkinRequest{Code: "000000x"}, trainee, 400, "签到码"},
		{"not enrolled", "POST", "/api/sessions/" + w.session[other] + "/checkin", checkinRequest{Code: "123456"}, trainee, 403, "未报名"},
		{"score out of range", "PUT", "/api/courses/" + w.course[own] + "/scores",
			courseScoresRequest{Scores: []courses.ScoreInput{{PersonID: w.person[own], Score: ptr(101)}}}, ta.token("teacher"), 400, "第 1 行"},
		{"instructor on another's course", "GET", "/api/courses/" + w.course[other] + "/enrollments", nil, ta.token("teacher"), 404, "管辖范围"},
		{"capacity", "POST", "/api/courses", courses.CourseInput{Title: "x", Type: courses.TypeJobPost}, ta.token("wz_staff"), 400, "招生人数"},
	}
	for _, c := range cases {
		r := ta.request(c.method, c.path, c.body, c.token)
		if r.Status != c.status || !strings.Contains(string(r.Body), c.says) {
			t.Errorf("%s: %d %s, want %d saying %q", c.name, r.Status, r.Body, c.status, c.says)
		}
	}
}

// myCourse is a trainee's entry of a course under my courses, or nil.
func myCourse(t *testing.T, ta *testApp, token, courseID string) *courses.MyCourse {
	t.Helper()
	var mine pageOf[courses.MyCourse]
	ta.request("GET", "/api/my/courses?size=100", nil, token).json(t, &mine)
	for i := range mine.Items {
		if mine.Items[i].Course.ID == courseID {
			return &mine.Items[i]
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// TestCoursesHotPathsDoNotGrow: the catalog and an enrollment issue the
// same number of database commands however many courses and enrollments
// there are.
func TestCoursesHotPathsDoNotGrow(t *testing.T) {
	ta := newTestApp(t)
	w := coursesWorld(t, ta.app)
	people := w.residents(4)
	measure := func(person string) (catalog, enroll int) {
		r := ta.request("GET", "/api/catalog?open=true", nil, "")
		if r.Status != 200 {
			t.Fatalf("catalog: %d %s", r.Status, r.Body)
		}
		catalog = r.DBCommands
		e := ta.request("POST", "/api/courses/"+w.withCapacity(1)+"/enroll", nil, w.traineeToken(ta, person))
		if e.Status != 201 {
			t.Fatalf("enroll: %d %s", e.Status, e.Body)
		}
		return catalog, e.DBCommands
	}
	c0, e0 := measure(people[0])
	for i := 0; i < 25; i++ {
		c := w.withCapacity(1)
		w.enroll(c, people[2])
		if i%2 == 0 {
			w.enroll(c, people[3]) // waitlisted
		}
	}
	c1, e1 := measure(people[1])
	if c1 != c0 || e1 != e0 {
		t.Errorf("commands grew with the data: catalog %d → %d, enroll %d → %d", c0, c1, e0, e1)
	}
	if e0 == 0 || c0 == 0 {
		t.Errorf("no commands counted: catalog %d, enroll %d", c0, e0)
	}
}
