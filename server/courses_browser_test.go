package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"skillcert"
	"skillcert/auth"
	"skillcert/courses"
)

// logoutInBrowser logs out through the page's button.
func logoutInBrowser(ctx context.Context) error {
	return chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
	)
}

// TestBrowserTraineeFindsEnrollsAndIsWaitlisted: on a phone-sized
// Chromium the demo trainee finds a one-seat course in the catalog by its
// trade, enrolls and sees it under 我的课程; a second trainee enrolling in
// the now full course is put on the waitlist and shown position 1.
func TestBrowserTraineeFindsEnrollsAndIsWaitlisted(t *testing.T) {
	ctx := newBrowser(t)
	base, app := startAppServer(t)
	w := coursesWorld(t, app)
	in := w.input("茶艺师（初级）周末班", courses.ResidencyCity)
	in.Trade, in.Capacity = "茶艺师", 1
	bg := context.Background()
	c, err := app.Courses.CreateCourse(bg, w.staff[own], in)
	if err != nil {
		t.Fatal(err)
	}
	w.addSession(own, c.ID, w.clock().AddDate(0, 0, 5), 2*time.Hour)
	if _, err := app.Courses.TransitionCourse(bg, w.staff[own], c.ID, courses.StatusPublished); err != nil {
		t.Fatal(err)
	}
	second := w.residents(1)[0]
	// Made by the set-up (system), so no forced password change at login.
	setup := &skillcert.Actor{AccountID: auth.SystemAccountID, Username: "system", Role: skillcert.RoleCityAdmin}
	if _, err := app.Auth.CreateAccount(bg, setup, auth.NewAccount{Username: "second_trainee", Name: "第二学员",
		Password: "Passw0rd1", Role: skillcert.RoleTrainee, PersonID: second}); err != nil {
		t.Fatal(err)
	}

	if _, err := loginInBrowser(ctx, base, "trainee", testDemoPassword); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav.main a[href="/courses"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=catalog-filters]`)),
		chromedp.SendKeys(chromedp.CSS(`#trade`), "茶艺师"),
		chromedp.Click(chromedp.CSS(`input[name=open]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=catalog-filters] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=catalog-course]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if found := textAfterNavigation(ctx, `[data-testid=catalog-course] .course-title`, in.Title); found != in.Title {
		t.Fatalf("catalog shows %q, want %q", found, in.Title)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid=catalog-course]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=enroll-button]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=enroll-button]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=enroll-state]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := textOf(ctx, `[data-testid=enroll-state]`); !strings.Contains(st, "已录取") {
		t.Errorf("after enrolling: %q", st)
	}
	if seats, _ := textOf(ctx, `[data-testid=course-seats-left]`); seats != "0" {
		t.Errorf("seats left %q, want 0", seats)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav.main a[href="/my/courses"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=my-course]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if mine, _ := textOf(ctx, `main`); !strings.Contains(mine, in.Title) {
		t.Errorf("my courses lacks %q: %s", in.Title, mine)
	}
	if err := logoutInBrowser(ctx); err != nil {
		t.Fatal(err)
	}

	if _, err := loginInBrowser(ctx, base, "second_trainee", "Passw0rd1"); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/courses/"+c.ID),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=enroll-button]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=enroll-button]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=waitlist-position]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if pos, _ := textOf(ctx, `[data-testid=waitlist-position]`); pos != "1" {
		t.Errorf("waitlist position %q, want 1", pos)
	}
	if flash, _ := textOf(ctx, `.flash`); !strings.Contains(flash, "候补") {
		t.Errorf("flash %q does not mention the waitlist", flash)
	}
}

// TestBrowserCheckinCodeMakesTraineePresent: the instructor's page shows
// the session's code; the trainee types it on the phone page and is
// present on the roll; after the course ends and is completed, the
// trainee's attendance page shows the completion.
func TestBrowserCheckinCodeMakesTraineePresent(t *testing.T) {
	ctx := newBrowser(t)
	base, app := startAppServer(t)
	w := coursesWorld(t, app)
	session, course := w.session[own], w.course[own]

	if _, err := loginInBrowser(ctx, base, "teacher", testDemoPassword); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/manage/sessions/"+session+"/checkin"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=checkin-code-display]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := textOf(ctx, `[data-testid=checkin-code-display]`)
	if len(code) != 6 || code != w.code(session) {
		t.Fatalf("the projector shows %q, want the current code %q", code, w.code(session))
	}
	if err := logoutInBrowser(ctx); err != nil {
		t.Fatal(err)
	}

	if _, err := loginInBrowser(ctx, base, "trainee", testDemoPassword); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/checkin/"+session),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=checkin-code]`)),
		chromedp.SendKeys(chromedp.CSS(`[data-testid=checkin-code]`), code),
		chromedp.Click(chromedp.CSS(`[data-testid=checkin-submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=checkin-result]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	bg := context.Background()
	roll, err := app.Courses.SessionRoll(bg, w.staff[own], session)
	if err != nil {
		t.Fatal(err)
	}
	present := false
	for _, e := range roll.Entries {
		present = present || (e.PersonID == w.person[own] && e.Record != nil && e.Record.Mark == courses.MarkPresent)
	}
	if !present {
		t.Fatalf("the trainee is not present on the roll: %+v", roll.Entries)
	}

	// The course ends: score, then completion by its staff.
	score := 85
	if _, err := app.Courses.SetScores(bg, w.staff[own], course, []courses.ScoreInput{{PersonID: w.person[own], Score: &score}}); err != nil {
		t.Fatal(err)
	}
	w.setClock(w.clock().Add(4 * time.Hour))
	for _, to := range []courses.Status{courses.StatusInProgress, courses.StatusCompleted} {
		if _, err := app.Courses.TransitionCourse(bg, w.staff[own], course, to); err != nil {
			t.Fatal(err)
		}
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/my/courses/"+course+"/attendance"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=completion]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if done, _ := textOf(ctx, `[data-testid=completion]`); !strings.Contains(done, "已结业") {
		t.Errorf("completion shows %q", done)
	}
	if rate, _ := textOf(ctx, `[data-testid=attendance-rate]`); !strings.Contains(rate, "100") {
		t.Errorf("attendance rate %q", rate)
	}
}
