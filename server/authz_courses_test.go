package main

import (
	"fmt"
	"net/url"
	"time"

	"skillcert"
	"skillcert/courses"
)

func init() { addAuthzCases(coursesAuthzCases) }

// The course routes. "own" is a 乌镇镇 course taught by the demo
// instructor with the demo trainee enrolled; "other" a 洲泉镇 course for
// 洲泉镇 residents taught by another instructor (see courseWorld). The
// city runs both; a town's staff their town's; the instructor sees only
// the course they teach.
var (
	cityAll = func(st int) map[skillcert.Role][2]int {
		return map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {st, st}}
	}
	worldOf  = func(f *authzFixture) *courseWorld { return coursesWorld(f.ta.t, f.ta.app) }
	onCourse = func(format string, body any) func(*authzFixture, skillcert.Role, scope) authzReq {
		return func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
			return authzReq{Path: fmt.Sprintf(format, worldOf(f).course[s]), Body: body}
		}
	}
	onSession = func(format string, body any) func(*authzFixture, skillcert.Role, scope) authzReq {
		return func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
			return authzReq{Path: fmt.Sprintf(format, worldOf(f).session[s]), Body: body}
		}
	}
	onFreshDraft = func(format string, body func(w *courseWorld, s scope) any) func(*authzFixture, skillcert.Role, scope) authzReq {
		return func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
			w := worldOf(f)
			return authzReq{Path: fmt.Sprintf(format, w.draft(s, courses.ResidencyCity)), Body: body(w, s)}
		}
	}
	onFreshSession = func(format string, body func(w *courseWorld, s scope) any) func(*authzFixture, skillcert.Role, scope) authzReq {
		return func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
			w := worldOf(f)
			_, ss := w.freshSession(s)
			var b any
			if body != nil {
				b = body(w, s)
			}
			return authzReq{Path: fmt.Sprintf(format, ss), Body: b}
		}
	}
	// onFreshEnrollment enrolls the scope's person in a new course of the
	// scope: the demo trainee in a 乌镇镇 course, a 洲泉镇 resident in a
	// 洲泉镇 one.
	onFreshEnrollment = func(format string) func(*authzFixture, skillcert.Role, scope) authzReq {
		return func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
			w := worldOf(f)
			c := w.fresh(s)
			w.enroll(c, w.person[s])
			return authzReq{Path: fmt.Sprintf(format, c, w.person[s]), Body: url.Values{"reason": {"测试"}}}
		}
	}
	// teach is a route of a course's staff and instructors.
	teach = map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}
)

var coursesAuthzCases = map[string]authzCase{
	"GET /api/catalog":     {Build: fixed("/api/catalog?open=true", nil), OK: 200},
	"GET /api/courses/:id": {Build: onCourse("/api/courses/%s", nil), OK: 200},
	"GET /api/courses":     {Build: fixed("/api/courses", nil), OK: 200},
	"POST /api/courses": {Build: func(f *authzFixture, _ skillcert.Role, _ scope) authzReq {
		return authzReq{Path: "/api/courses", Body: worldOf(f).input("接口新建课程", courses.ResidencyCity)}
	}, OK: 201},
	"PUT /api/courses/:id": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		w := worldOf(f)
		return authzReq{Path: "/api/courses/" + w.course[s], Body: w.input("改过的课程", [2]courses.Residency{courses.ResidencyCity, courses.ResidencyTown}[s])}
	}, OK: 200, Other: 404, Exceptions: cityAll(200)},
	"POST /api/courses/:id/status": {Build: onFreshDraft("/api/courses/%s/status", func(*courseWorld, scope) any {
		return statusRequest{Status: courses.StatusCancelled}
	}), OK: 200, Other: 404, Exceptions: cityAll(200)},
	"POST /api/courses/:id/sessions": {Build: onFreshDraft("/api/courses/%s/sessions", func(w *courseWorld, s scope) any {
		return w.sessionInput(s, w.clock().AddDate(0, 0, 3+w.next()), time.Hour)
	}), OK: 201, Other: 404, Exceptions: cityAll(201)},
	"PUT /api/sessions/:id": {Build: onFreshSession("/api/sessions/%s", func(w *courseWorld, s scope) any {
		return w.sessionInput(s, w.clock().AddDate(0, 0, 3+w.next()), time.Hour)
	}), OK: 200, Other: 404, Exceptions: cityAll(200)},
	"DELETE /api/sessions/:id":         {Build: onFreshSession("/api/sessions/%s", nil), OK: 204, Other: 404, Exceptions: cityAll(204)},
	"GET /api/courses/:id/enrollments": {Build: onCourse("/api/courses/%s/enrollments", nil), OK: 200, Other: 404, Exceptions: teach},
	"POST /api/courses/:id/enrollments": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		w := worldOf(f)
		return authzReq{Path: "/api/courses/" + w.fresh(s) + "/enrollments", Body: enrollPersonRequest{PersonID: w.person[own]}}
	}, OK: 201, Other: 404, Exceptions: cityAll(201)},
	"POST /api/courses/:id/enrollments/bulk": {Build: onCourse("/api/courses/%s/enrollments/bulk",
		bulkEnrollRequest{IDNumbers: []string{"330483199001011234"}}), OK: 200, Other: 404, Exceptions: cityAll(200)},
	"POST /api/courses/:id/enrollments/:personId/cancel": {Build: func(f *authzFixture, r skillcert.Role, s scope) authzReq {
		req := onFreshEnrollment("/api/courses/%s/enrollments/%s/cancel")(f, r, s)
		req.Body = reasonRequest{Reason: "测试"}
		return req
	}, OK: 200, Other: 404, Exceptions: cityAll(200)},

	// The trainee's own: "other" is a course the trainee may not join (for
	// 洲泉镇 residents) or a record that is not theirs.
	"POST /api/courses/:id/enroll": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		w := worldOf(f)
		if s == other {
			return authzReq{Path: "/api/courses/" + w.course[other] + "/enroll"}
		}
		return authzReq{Path: "/api/courses/" + w.fresh(own) + "/enroll"}
	}, OK: 201, Other: 400},
	"GET /api/my/courses":  {Build: fixed("/api/my/courses", nil), OK: 200},
	"GET /api/my/messages": {Build: fixed("/api/my/messages?unread=true", nil), OK: 200},
	"POST /api/my/messages/:id/read": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		w := worldOf(f)
		return authzReq{Path: "/api/my/messages/" + w.message(w.person[s]) + "/read"}
	}, OK: 204, Other: 404},
	"POST /api/my/messages/read-all":     {Build: fixed("/api/my/messages/read-all", nil), OK: 200},
	"GET /api/my/courses/:id/attendance": {Build: onCourse("/api/my/courses/%s/attendance", nil), OK: 200, Other: 404},
	"POST /api/sessions/:id/checkin": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		w := worldOf(f)
		return authzReq{Path: "/api/sessions/" + w.session[s] + "/checkin", Body: checkinRequest{Code: w.code(w.session[s])}}
	}, OK: 200, Other: 403},
	"GET /api/my/calendar-feed": {Build: fixed("/api/my/calendar-feed", nil), OK: 200},
	"GET /calendar/:token": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		w := worldOf(f)
		tok := f.ta.app.feedToken(w.teacher[own])
		if s == other {
			tok = w.teacher[own] + ".forged"
		}
		return authzReq{Path: "/calendar/" + tok + ".ics"}
	}, OK: 200, Other: 404},

	// Roll call, check-in code, scores, completion: the course's staff and
	// the session's instructor.
	"GET /api/sessions/:id/roll": {Build: onSession("/api/sessions/%s/roll", nil), OK: 200, Other: 404, Exceptions: teach},
	"POST /api/sessions/:id/roll": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		w := worldOf(f)
		return authzReq{Path: "/api/sessions/" + w.session[s] + "/roll",
			Body: rollRequest{Marks: []courses.MarkInput{{PersonID: w.person[s], Mark: courses.MarkPresent}}}}
	}, OK: 200, Other: 404, Exceptions: teach},
	"GET /api/sessions/:id/roll/xlsx":    {Build: onSession("/api/sessions/%s/roll/xlsx", nil), OK: 200, Other: 404, Exceptions: teach},
	"POST /api/sessions/:id/roll/xlsx":   {Build: onSession("/api/sessions/%s/roll/xlsx", nil), OK: 400, Other: 404, Exceptions: cityAll(400)},
	"GET /api/sessions/:id/checkin-code": {Build: onSession("/api/sessions/%s/checkin-code", nil), OK: 200, Other: 404, Exceptions: teach},
	"PUT /api/courses/:id/scores": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		w := worldOf(f)
		score := 75
		return authzReq{Path: "/api/courses/" + w.course[s] + "/scores",
			Body: courseScoresRequest{Scores: []courses.ScoreInput{{PersonID: w.person[s], Score: &score}}}}
	}, OK: 200, Other: 404, Exceptions: teach},
	"POST /api/courses/:id/evaluate": {Build: onCourse("/api/courses/%s/evaluate", nil), OK: 200, Other: 404, Exceptions: cityAll(200)},

	// Pages.
	"GET /courses":     {Build: fixed("/courses?open=true", nil), OK: 200},
	"GET /courses/:id": {Build: onCourse("/courses/%s", nil), OK: 200},
	"POST /courses/:id/enroll": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		w := worldOf(f)
		if s == other {
			return authzReq{Path: "/courses/" + w.course[other] + "/enroll", Body: url.Values{}}
		}
		return authzReq{Path: "/courses/" + w.fresh(own) + "/enroll", Body: url.Values{}}
	}, OK: 303},
	"POST /courses/:id/cancel": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		w := worldOf(f)
		c := w.fresh(s)
		if s == own {
			w.enroll(c, w.person[own])
		}
		return authzReq{Path: "/courses/" + c + "/cancel", Body: url.Values{}}
	}, OK: 303, Other: 404},
	"POST /courses/:id/enroll-bulk": {Build: onCourse("/courses/%s/enroll-bulk", url.Values{"idNumbers": {"330483199001011234"}}),
		OK: 200, Other: 404, Exceptions: cityAll(200)},
	"GET /my/courses":                {Build: fixed("/my/courses", nil), OK: 200},
	"GET /my/courses/:id/attendance": {Build: onCourse("/my/courses/%s/attendance", nil), OK: 200, Other: 404},
	"GET /checkin/:id":               {Build: onSession("/checkin/%s", nil), OK: 200},
	"POST /checkin/:id": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		w := worldOf(f)
		return authzReq{Path: "/checkin/" + w.session[s], Body: url.Values{"code": {w.code(w.session[s])}}}
	}, OK: 200, Other: 403},
	"GET /manage/courses":     {Build: fixed("/manage/courses", nil), OK: 200},
	"GET /manage/courses/new": {Build: fixed("/manage/courses/new", nil), OK: 200},
	"POST /manage/courses": {Build: func(f *authzFixture, _ skillcert.Role, _ scope) authzReq {
		return authzReq{Path: "/manage/courses", Body: url.Values(worldOf(f).courseForm("页面新建课程"))}
	}, OK: 303},
	"GET /manage/courses/:id": {Build: onCourse("/manage/courses/%s", nil), OK: 200, Other: 404, Exceptions: teach},
	"POST /manage/courses/:id": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		w := worldOf(f)
		form := url.Values(w.courseForm("页面改过的课程"))
		if s == other {
			form.Set("residency", "town")
		}
		return authzReq{Path: "/manage/courses/" + w.course[s], Body: form}
	}, OK: 303, Other: 404, Exceptions: cityAll(303)},
	"POST /manage/courses/:id/status": {Build: onFreshDraft("/manage/courses/%s/status", func(*courseWorld, scope) any {
		return url.Values{"status": {"cancelled"}}
	}), OK: 303, Other: 404, Exceptions: cityAll(303)},
	"POST /manage/courses/:id/sessions": {Build: onFreshDraft("/manage/courses/%s/sessions", func(w *courseWorld, s scope) any {
		in := w.sessionInput(s, w.clock().AddDate(0, 0, 3+w.next()), time.Hour)
		return url.Values{"date": {in.Date}, "startTime": {in.StartTime}, "endTime": {in.EndTime}, "venue": {in.Venue},
			"instructorId": {in.InstructorID}, "topic": {in.Topic}, "hours": {"1"}}
	}), OK: 303, Other: 404, Exceptions: cityAll(303)},
	"POST /manage/sessions/:id/delete": {Build: onFreshSession("/manage/sessions/%s/delete", func(*courseWorld, scope) any {
		return url.Values{}
	}), OK: 303, Other: 404, Exceptions: cityAll(303)},
	"GET /manage/courses/:id/enrollments": {Build: onCourse("/manage/courses/%s/enrollments", nil), OK: 200, Other: 404, Exceptions: teach},
	"POST /manage/courses/:id/enrollments/:personId/cancel": {Build: onFreshEnrollment("/manage/courses/%s/enrollments/%s/cancel"),
		OK: 303, Other: 404, Exceptions: cityAll(303)},
	"GET /manage/courses/:id/scores": {Build: onCourse("/manage/courses/%s/scores", nil), OK: 200, Other: 404, Exceptions: teach},
	"POST /manage/courses/:id/scores": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		w := worldOf(f)
		return authzReq{Path: "/manage/courses/" + w.course[s] + "/scores", Body: url.Values{"score_" + w.person[s]: {"80"}}}
	}, OK: 303, Other: 404, Exceptions: cityAll(303)},
	"GET /manage/courses/:id/results":   {Build: onCourse("/manage/courses/%s/results", nil), OK: 200, Other: 404, Exceptions: teach},
	"POST /manage/courses/:id/evaluate": {Build: onCourse("/manage/courses/%s/evaluate", url.Values{}), OK: 303, Other: 404, Exceptions: cityAll(303)},
	"GET /manage/sessions/:id/roll":     {Build: onSession("/manage/sessions/%s/roll", nil), OK: 200, Other: 404, Exceptions: teach},
	"POST /manage/sessions/:id/roll": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		w := worldOf(f)
		return authzReq{Path: "/manage/sessions/" + w.session[s] + "/roll", Body: url.Values{"mark_" + w.person[s]: {"present"}}}
	}, OK: 303, Other: 404, Exceptions: cityAll(303)},
	"POST /manage/sessions/:id/roll/import": {Build: onSession("/manage/sessions/%s/roll/import", url.Values{}), OK: 303, Other: 404, Exceptions: cityAll(303)},
	"GET /manage/sessions/:id/checkin":      {Build: onSession("/manage/sessions/%s/checkin", nil), OK: 200, Other: 404, Exceptions: teach},
	"GET /manage/sessions/:id/checkin/qr":   {Build: onSession("/manage/sessions/%s/checkin/qr", nil), OK: 200, Other: 404, Exceptions: teach},
}
