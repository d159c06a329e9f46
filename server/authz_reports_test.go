package main

import (
	"context"
	"fmt"
	"net/url"

	"skillcert"
	"skillcert/courses"
)

func init() { addAuthzCases(reportsAuthzCases) }

// The desk's routes. Own scope: 乌镇镇 (WZ) and its village 民合村
// (WZ01); other: 洲泉镇 (ZQ) and its village ZQ01. The city reads both; a
// town's staff their town and its villages; a village's staff their
// village only (so the town WZ is "other" for them).
func reportUnit(base, ownTown, ownVillage, otherUnit string) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(_ *authzFixture, role skillcert.Role, s scope) authzReq {
		switch {
		case s == other:
			return authzReq{Path: base + otherUnit}
		case role == skillcert.RoleVillageStaff:
			return authzReq{Path: base + ownVillage}
		}
		return authzReq{Path: base + ownTown}
	}
}

var cityReads = map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}

var reportsAuthzCases = map[string]authzCase{
	"GET /api/reports/coverage": {Build: reportUnit("/api/reports/coverage?period=2026&unit=", "WZ", "WZ01", "ZQ"),
		OK: 200, Other: 404, Exceptions: cityReads},
	"GET /api/reports/outreach": {Build: reportUnit("/api/reports/outreach?group=landless_farmer&village=", "WZ01", "WZ01", "ZQ01"),
		OK: 200, Other: 404, Exceptions: cityReads},
	"GET /api/reports/rebuild":  {Build: fixed("/api/reports/rebuild", nil), OK: 200},
	"POST /api/reports/rebuild": {Build: fixed("/api/reports/rebuild", nil), OK: 202},
	"GET /reports/coverage": {Build: reportUnit("/reports/coverage?period=2026-Q1&unit=", "WZ", "WZ01", "ZQ"),
		OK: 200, Other: 404, Exceptions: cityReads},
	"GET /reports/coverage.xlsx": {Build: reportUnit("/reports/coverage.xlsx?from=2026-01-01&to=2026-06-30&unit=", "WZ", "WZ01", "ZQ"),
		OK: 200, Other: 404, Exceptions: cityReads},
	"GET /reports/outreach": {Build: reportUnit("/reports/outreach?group=landless_farmer&village=", "WZ01", "WZ01", "ZQ01"),
		OK: 200, Other: 404, Exceptions: cityReads},
	"GET /reports/outreach.xlsx": {Build: reportUnit("/reports/outreach.xlsx?group=landless_farmer&village=", "WZ01", "WZ01", "ZQ01"),
		OK: 200, Other: 404, Exceptions: cityReads},
	"POST /reports/rebuild": {Build: fixed("/reports/rebuild", url.Values{}), OK: 303},
	// The assessment has no unit in the request: a town gets its own card.
	"GET /api/reports/assessment":  {Build: fixed("/api/reports/assessment?year=2026", nil), OK: 200},
	"GET /reports/assessment":      {Build: fixed("/reports/assessment?year=2026", nil), OK: 200},
	"GET /reports/assessment.xlsx": {Build: fixed("/reports/assessment.xlsx?year=2026", nil), OK: 200},

	// Rating: the demo trainee completed the demo's completed course;
	// "other" is a course that does not exist. The API
	// rates once (201); the page's post after it finds it rated and
	// sends the trainee back with a message (303).
	"POST /api/my/courses/:courseId/rating": {Build: ratePath("/api/my/courses/%s/rating", courses.RatingInput{Content: 5, Teacher: 5, Organization: 4}),
		OK: 201, Other: 404},
	"GET /my/courses/:courseId/rate": {Build: ratePath("/my/courses/%s/rate", nil), OK: 200, Other: 404},
	"POST /my/courses/:courseId/rate": {Build: ratePath("/my/courses/%s/rate", url.Values{"content": {"5"}, "teacher": {"4"}, "organization": {"4"}}),
		OK: 303, Other: 404},
}

func ratePath(format string, body any) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		if s == other {
			return authzReq{Path: fmt.Sprintf(format, "no-such-course"), Body: body}
		}
		return authzReq{Path: fmt.Sprintf(format, demoCompletedCourse(f.ta)), Body: body}
	}
}

// demoCompletedCourse is the demo's completed job-post course, which the
// demo trainee completed.
func demoCompletedCourse(ta *testApp) string {
	admin := &skillcert.Actor{AccountID: "test", Username: "test", Role: skillcert.RoleCityAdmin}
	p, err := ta.app.Courses.ListCourses(context.Background(), admin, courses.CourseFilter{Status: courses.StatusCompleted}, skillcert.PageRequest{})
	if err != nil || len(p.Items) == 0 {
		ta.t.Fatalf("the demo has no completed course: %v", err)
	}
	return p.Items[0].ID
}
