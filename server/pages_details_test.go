package main

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"skillcert"
	"skillcert/courses"
)

// TestFullCourseButtonSaysItWaitlists: on a full course the trainee's
// button says it will wait-list.
func TestFullCourseButtonSaysItWaitlists(t *testing.T) {
	ta := newTestApp(t)
	pc := ta.pageClient("trainee")
	full := string(pc.get("/courses/" + openCourse(t, ta, true).ID).Body)
	if !strings.Contains(full, "我要报名（候补）") {
		t.Error("the full course's button does not say it wait-lists")
	}
	open := string(pc.get("/courses/" + openCourse(t, ta, false).ID).Body)
	if strings.Contains(open, "我要报名（候补）") || !strings.Contains(open, "我要报名") {
		t.Error("a course with seats says 候补 or has no button")
	}
}

// TestMessagesNameTheCourse: the message after enrolling and the in-app
// message name the course.
func TestMessagesNameTheCourse(t *testing.T) {
	ta := newTestApp(t)
	co := openCourse(t, ta, false)
	pc := ta.pageClient("trainee")
	after := string(pc.post("/courses/"+co.ID+"/enroll", url.Values{}).Body)
	if !strings.Contains(after, "报名成功：《"+co.Title+"》") {
		t.Errorf("the message after enrolling does not name %q", co.Title)
	}
	mine := string(pc.get("/my/courses").Body)
	if !strings.Contains(mine, `data-testid="message-course">《`+co.Title+`》`) {
		t.Errorf("the in-app message on 我的课程 does not name %q", co.Title)
	}
}

// TestPersonPageListsCoursesAndCertificates: a person's page lists their
// courses and certificates.
func TestPersonPageListsCoursesAndCertificates(t *testing.T) {
	ta := newTestApp(t)
	person := traineePerson(t, ta.app)
	admin := &skillcert.Actor{AccountID: ta.accountID("admin"), Username: "admin", Role: skillcert.RoleCityAdmin}
	done, err := ta.app.Courses.ListCourses(context.Background(), admin, courses.CourseFilter{Status: courses.StatusCompleted}, skillcert.PageRequest{Page: 1, Size: 1})
	if err != nil || len(done.Items) == 0 {
		t.Fatalf("a completed demo course: %v", err)
	}
	if _, err := ta.app.Certificates.IssueCourse(context.Background(), admin, done.Items[0].ID); err != nil {
		t.Fatal(err)
	}
	page := string(ta.pageClient("wz_staff").get("/persons/" + person).Body)
	courses, _, _ := strings.Cut(page[strings.Index(page, `data-testid="person-courses"`)+1:], "</ul>")
	if !strings.Contains(courses, done.Items[0].Title) {
		t.Errorf("the person's page does not list their course %q", done.Items[0].Title)
	}
	if i := strings.Index(page, `data-testid="person-certificates"`); i < 0 || !strings.Contains(page[i:], done.Items[0].Title) {
		t.Errorf("the person's page does not list their certificate")
	}
}

// TestCompletedCourseWithoutCertificateSaysWhen: a completed course
// without a certificate yet says when and from whom it comes; once
// issued, the note is gone.
func TestCompletedCourseWithoutCertificateSaysWhen(t *testing.T) {
	ta := newTestApp(t)
	w := coursesWorld(t, ta.app)
	bg := context.Background()
	course, session := w.course[own], w.session[own]
	pc := ta.pageClient("trainee")
	pc.post("/checkin/"+session, url.Values{"code": {w.code(session)}})
	score := 90
	if _, err := ta.app.Courses.SetScores(bg, w.staff[own], course, []courses.ScoreInput{{PersonID: w.person[own], Score: &score}}); err != nil {
		t.Fatal(err)
	}
	w.setClock(w.clock().Add(4 * time.Hour))
	for _, to := range []courses.Status{courses.StatusInProgress, courses.StatusCompleted} {
		if _, err := ta.app.Courses.TransitionCourse(bg, w.staff[own], course, to); err != nil {
			t.Fatal(err)
		}
	}
	mine := string(pc.get("/my/courses").Body)
	if !strings.Contains(mine, `data-testid="certificate-note"`) || !strings.Contains(mine, "证书尚未签发") {
		t.Fatalf("a completed course without a certificate says nothing about it")
	}
	if _, err := ta.app.Certificates.IssueCourse(bg, w.staff[own], course); err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(pc.get("/my/courses").Body), `data-testid="certificate-note"`) >= strings.Count(mine, `data-testid="certificate-note"`) {
		t.Error("the note stays after the certificate is issued")
	}
}
