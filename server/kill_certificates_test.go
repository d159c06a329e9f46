package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"skillcert"
	"skillcert/courses"
	"skillcert/demo"
	"skillcert/roster"
)

// completedCourseIn prepares a data directory as the program would hold
// it: the demo data and a city job-post course of n residents who all
// completed it half a year ago, run through the services on the courses'
// clock (a course completes only after its sessions), with no
// certificates yet. It returns the course's ID.
func completedCourseIn(t *testing.T, dir string, n int) string {
	t.Helper()
	ctx := context.Background()
	env := map[string]string{"SKILLCERT_DATA_DIR": dir, "SKILLCERT_ADDR": "127.0.0.1:0", demo.PasswordEnv: testDemoPassword}
	cfg, err := LoadConfig(nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	app, err := NewApp(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		fctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		_ = app.Reports.Flush(fctx) // the summaries' worker, before the database closes
		_ = app.DB.Close(fctx)
	}()
	return completeCourse(t, app, n, 0)
}

// completeCourse runs a city job-post course of n new residents of 乌镇
// (ID numbers from the first-th on) who all completed it half a year ago,
// through the services on the courses' clock, and returns its ID.
func completeCourse(t *testing.T, app *App, n, first int) string {
	t.Helper()
	ctx := context.Background()
	actorOf := func(username string) *skillcert.Actor {
		acc, err := app.Auth.FindAccountByUsername(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		return &skillcert.Actor{AccountID: acc.ID, Username: acc.Username, Name: acc.Name, Role: acc.Role, Town: acc.Town, Village: acc.Village, IP: "127.0.0.1"}
	}
	village, city, teacher := actorOf("wz_village"), actorOf("admin"), actorOf("teacher")
	people := make([]string, n)
	for k := range people {
		i := first + k
		first17 := fmt.Sprintf("33048319860315%03d", i)
		p, err := app.Roster.Create(ctx, village, roster.PersonInput{Name: fmt.Sprintf("证书%s%s", string(rune('甲'+i%10)), string(rune('一'+i/10%20))),
			IDNumber: first17 + string(roster.IDCheckChar(first17)), Town: "WZ", Village: "WZ01",
			Groups: []string{roster.GroupEnterpriseWorker.Label()}, Education: roster.EduSeniorHigh.Label(), Employment: roster.FlexibleStatus.Label()})
		if err != nil {
			t.Fatalf("resident %d: %v", i, err)
		}
		people[k] = p.ID
	}
	d := time.Now().In(skillcert.CST)
	today := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, skillcert.CST)
	at := func(days, hh int) time.Time {
		t := today.AddDate(0, 0, days).Add(time.Duration(hh) * time.Hour)
		app.Courses.SetClock(func() time.Time { return t })
		return t
	}
	defer app.Courses.SetClock(time.Now)
	now := at(-210, 8)
	course, err := app.Courses.CreateCourse(ctx, city, courses.CourseInput{Title: "证书批量发证中断测试班", Type: courses.TypeJobPost,
		Residency: courses.ResidencyCity, Capacity: n + 5, EnrollOpens: now, EnrollCloses: now.AddDate(0, 0, 7), ClassHours: 6,
		Description: "测试课程"})
	if err != nil {
		t.Fatal(err)
	}
	// The first course of a test is taught in the morning, a second one
	// in the afternoon: the teacher and the room are not double-booked.
	slot := [2]string{"09:00", "11:30"}
	if first > 0 {
		slot = [2]string{"14:00", "16:30"}
	}
	var sessions []string
	for i := 0; i < 2; i++ {
		s, err := app.Courses.AddSession(ctx, city, course.ID, courses.SessionInput{Date: today.AddDate(0, 0, -200+i).Format("2006-01-02"),
			StartTime: slot[0], EndTime: slot[1], Venue: "测试教室", InstructorID: teacher.AccountID, Topic: fmt.Sprintf("第 %d 讲", i+1), Hours: 3})
		if err != nil {
			t.Fatal(err)
		}
		sessions = append(sessions, s.ID)
	}
	if _, err := app.Courses.TransitionCourse(ctx, city, course.ID, courses.StatusPublished); err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		if _, err := app.Courses.EnrollPerson(ctx, city, course.ID, p); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range sessions {
		at(-200+i, 17)
		marks := make([]courses.MarkInput, len(people))
		for k, p := range people {
			marks[k] = courses.MarkInput{PersonID: p, Mark: courses.MarkPresent}
		}
		if _, err := app.Courses.RollCall(ctx, city, s, marks); err != nil {
			t.Fatal(err)
		}
	}
	at(-198, 9)
	for _, to := range []courses.Status{courses.StatusInProgress, courses.StatusCompleted} {
		if _, err := app.Courses.TransitionCourse(ctx, city, course.ID, to); err != nil {
			t.Fatal(err)
		}
	}
	return course.ID
}

type courseCertsReply struct {
	Completed    int `json:"completed"`
	Unissued     int `json:"unissued"`
	Certificates struct {
		Items []struct {
			ID           string `json:"id"`
			Number       string `json:"number"`
			EnrollmentID string `json:"enrollmentId"`
			Status       string `json:"status"`
		} `json:"items"`
		Total int `json:"total"`
	} `json:"certificates"`
}

func courseCerts(t *testing.T, base, token, courseID string, page, size int) courseCertsReply {
	t.Helper()
	st, body := getJSON(t, fmt.Sprintf("%s/api/courses/%s/certificates?page=%d&size=%d", base, courseID, page, size), token)
	var r courseCertsReply
	if st != 200 || json.Unmarshal(body, &r) != nil {
		t.Fatalf("course certificates: %d %s", st, body)
	}
	return r
}

// issueEntries counts the audit trail's certificate.issue entries by
// certificate, read by the auditor page by page.
func issueEntries(t *testing.T, base, auditor string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for page := 1; ; page++ {
		st, body := getJSON(t, fmt.Sprintf("%s/api/audit?action=certificate.issue&size=100&page=%d", base, page), auditor)
		var r struct {
			Items []struct {
				TargetID string `json:"targetId"`
			} `json:"items"`
			Total int `json:"total"`
		}
		if st != 200 || json.Unmarshal(body, &r) != nil {
			t.Fatalf("audit: %d %s", st, body)
		}
		for _, e := range r.Items {
			out[e.TargetID]++
		}
		if len(r.Items) == 0 || page*100 >= r.Total {
			return out
		}
	}
}

// TestKilledDuringCertificateBatch kills the program (SIGKILL) while a
// course's certificate batch is being written. After the restart every
// completed trainee holds exactly one valid certificate (the batch is
// resumed at start-up from its marker), the numbers are unique, every
// certificate of the course has exactly one audit entry, the audit chain
// is intact, and running the batch again issues nothing.
func TestKilledDuringCertificateBatch(t *testing.T) {
	const people = 150
	dir := t.TempDir()
	course := completedCourseIn(t, dir, people)
	p := startProcess(t, dir)
	admin := login(t, p.URL, "admin", testDemoPassword)
	if r := courseCerts(t, p.URL, admin, course, 1, 1); r.Completed != people || r.Unissued != people {
		t.Fatalf("before the batch: %d completed, %d unissued; want %d and %d", r.Completed, r.Unissued, people, people)
	}
	auditor := login(t, p.URL, "auditor", testDemoPassword)
	issued := func() int {
		st, body := getJSON(t, p.URL+"/api/audit?action=certificate.issue&size=1", auditor)
		var r struct{ Total int }
		if st != 200 || json.Unmarshal(body, &r) != nil {
			t.Fatalf("audit: %d %s", st, body)
		}
		return r.Total
	}
	before := issued()
	go func() { // cut off by the kill
		req, _ := http.NewRequest("POST", p.URL+"/api/courses/"+course+"/certificates", bytes.NewReader(nil))
		req.Header.Set("Authorization", "Bearer "+admin)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		// Killed as soon as the batch's audit entries start: its
		// certificates are in, their entries are being written.
		if n := issued(); n > before {
			t.Logf("killed with %d issue entries seen", n-before)
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the batch stored nothing")
		}
		time.Sleep(5 * time.Millisecond)
	}
	p.kill()

	p = startProcess(t, dir)
	admin = login(t, p.URL, "admin", testDemoPassword)
	auditor = login(t, p.URL, "auditor", testDemoPassword)
	repaired := "no interrupted batch (the kill came after the batch closed)"
	for _, line := range strings.Split(p.log.String(), "\n") {
		if strings.Contains(line, "finished an interrupted course batch") {
			repaired = line
		}
	}
	t.Logf("after the restart: %d certificates, %d issue entries; %s",
		courseCerts(t, p.URL, admin, course, 1, 1).Certificates.Total, issued()-before, repaired)
	check := func(when string) {
		t.Helper()
		byEnrollment, byNumber := map[string]bool{}, map[string]bool{}
		var ids []string
		for page := 1; ; page++ {
			r := courseCerts(t, p.URL, admin, course, page, 100)
			if page == 1 && (r.Completed != people || r.Unissued != 0) {
				t.Fatalf("%s: %d completed, %d without a certificate; want %d and 0", when, r.Completed, r.Unissued, people)
			}
			for _, c := range r.Certificates.Items {
				if c.Status != "valid" || byEnrollment[c.EnrollmentID] || byNumber[c.Number] {
					t.Fatalf("%s: certificate %s (%s, enrollment %s): a duplicate or not valid", when, c.Number, c.Status, c.EnrollmentID)
				}
				byEnrollment[c.EnrollmentID], byNumber[c.Number] = true, true
				ids = append(ids, c.ID)
			}
			if len(r.Certificates.Items) == 0 || len(ids) >= r.Certificates.Total {
				break
			}
		}
		if len(ids) != people {
			t.Fatalf("%s: %d certificates, want %d", when, len(ids), people)
		}
		entries := issueEntries(t, p.URL, auditor)
		for _, id := range ids {
			if entries[id] != 1 {
				t.Fatalf("%s: certificate %s has %d audit entries, want exactly 1", when, id, entries[id])
			}
		}
		st, body := getJSON(t, p.URL+"/api/audit/verify", auditor)
		var v struct {
			OK bool `json:"ok"`
		}
		if st != 200 || json.Unmarshal(body, &v) != nil || !v.OK {
			t.Fatalf("%s: audit chain: %d %s", when, st, body)
		}
	}
	check("after the restart")
	st, body := postJSON(t, p.URL+"/api/courses/"+course+"/certificates", admin, nil)
	var again struct {
		Issued        []json.RawMessage `json:"issued"`
		AlreadyIssued int               `json:"alreadyIssued"`
	}
	if st != 200 || json.Unmarshal(body, &again) != nil || len(again.Issued) != 0 || again.AlreadyIssued != people {
		t.Fatalf("the batch again: %d %s", st, body)
	}
	check("after the batch again")
}
