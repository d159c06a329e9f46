package main

import (
	"strings"
	"testing"
	"time"

	"skillcert/courses"
)

// A course's organizer is its creator's unit: a town named in the input
// that is not the creator's is refused, never silently ignored.
func TestCourseTownIsHonouredOrRefused(t *testing.T) {
	ta := newTestApp(t)
	pass := 60
	now := time.Now()
	in := courses.CourseInput{Title: "举办单位测试课程", Type: courses.TypeJobPost,
		Residency: courses.ResidencyCity, Capacity: 30, EnrollOpens: now.Add(-time.Hour), EnrollCloses: now.AddDate(0, 0, 30),
		ClassHours: 8, PassScore: &pass, Town: "KFQ"}
	res := ta.request("POST", "/api/courses", in, ta.token("admin"))
	if res.Status != 400 || res.errorCode() != "invalid" || !strings.Contains(string(res.Body), `"field":"town"`) {
		t.Errorf("city admin with town KFQ: %d %s, want 400", res.Status, res.Body)
	}
	in.Town = "ZQ"
	if res := ta.request("POST", "/api/courses", in, ta.token("wz_staff")); res.Status != 400 {
		t.Errorf("乌镇 staff with town ZQ: %d %s, want 400", res.Status, res.Body)
	}
	var c courses.Course
	in.Town = "WZ"
	ta.call("POST", "/api/courses", ta.token("wz_staff"), in, 201, &c)
	if c.Town != "WZ" {
		t.Errorf("乌镇 staff's course town %q", c.Town)
	}
	in.Town = ""
	ta.call("POST", "/api/courses", ta.token("admin"), in, 201, &c)
	if c.Town != "" {
		t.Errorf("city course town %q", c.Town)
	}
}
