package main

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"skillcert/courses"
)

// TestMyCoursesHasTodaysCheckinBox: on the day of a session the
// trainee's 我的课程 has a code box for it; the code typed there (or
// carried by the QR's address) marks the trainee present; after the
// window the box says check-in is closed, and so does the projector.
func TestMyCoursesHasTodaysCheckinBox(t *testing.T) {
	ta := newTestApp(t)
	w := coursesWorld(t, ta.app)
	session := w.session[own]
	pc := ta.pageClient("trainee")

	page := string(pc.get("/my/courses").Body)
	if !strings.Contains(page, `action="/checkin/`+session+`"`) || !strings.Contains(page, `data-testid="today-code"`) {
		t.Fatalf("我的课程 has no check-in box for today's session:\n%s", page)
	}
	// The QR's address opens the check-in page with the code filled in.
	qr, err := url.Parse(courses.CheckinURL("http://skillcert.test", session, w.code(session)))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(pc.get(qr.Path + "?" + qr.RawQuery).Body); !strings.Contains(got, `value="`+w.code(session)+`"`) {
		t.Errorf("the QR address does not fill in the code")
	}
	res := pc.post("/checkin/"+session, url.Values{"code": {w.code(session)}})
	if !strings.Contains(string(res.Body), `data-testid="checkin-result"`) {
		t.Fatalf("check-in from 我的课程 failed (%d)", res.Status)
	}
	roll, err := ta.app.Courses.SessionRoll(context.Background(), w.staff[own], session)
	if err != nil {
		t.Fatal(err)
	}
	present := false
	for _, e := range roll.Entries {
		present = present || (e.PersonID == w.person[own] && e.Record != nil && e.Record.Mark == courses.MarkPresent)
	}
	if !present {
		t.Error("the trainee is not present after checking in from 我的课程")
	}

	// After the session: closed, on the phone and on the projector.
	w.setClock(w.clock().Add(3 * time.Hour))
	page = string(pc.get("/my/courses").Body)
	if strings.Contains(page, `data-testid="today-code"`) || !strings.Contains(page, "签到已结束") {
		t.Errorf("after the window 我的课程 still offers the code box or does not say it is closed")
	}
	if got := string(pc.get("/checkin/" + session).Body); !strings.Contains(got, `data-testid="checkin-window-closed"`) {
		t.Errorf("the phone check-in page does not say the window is closed")
	}
	proj := string(ta.pageClient("teacher").get("/manage/sessions/" + session + "/checkin").Body)
	if !strings.Contains(proj, `data-testid="checkin-closed"`) || strings.Contains(proj, `data-testid="checkin-code-display"`) {
		t.Errorf("the projector page shows a code for a closed window")
	}
}
