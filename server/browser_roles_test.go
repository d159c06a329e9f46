package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"skillcert"
	"skillcert/courses"
)

// visit opens a page and checks that no table hides columns without a
// way to reach them.
func visit(ctx context.Context, t *testing.T, url, where string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	noClippedTables(ctx, t, where)
}

// step runs browser actions of a task and checks the tables after them.
func step(ctx context.Context, t *testing.T, where string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	noClippedTables(ctx, t, where)
}

// menuRowsJS measures the phone menu: its rows and where the page's own
// heading starts.
const menuRowsJS = `(() => {
  const items = Array.from(document.querySelectorAll("nav.main li"));
  const tops = new Set(items.map(li => Math.round(li.getBoundingClientRect().top)));
  const h1 = document.querySelector("main h1");
  return {rows: tops.size, h1Top: h1 ? Math.round(h1.getBoundingClientRect().top + window.scrollY) : -1};
})()`

type menuRows struct {
	Rows  int `json:"rows"`
	H1Top int `json:"h1Top"`
}

// TestBrowserEveryRoleMainTaskAtPhoneAndLaptopSize walks each role's main
// task in Chromium at 390×844 and 1366×768: the trainee enrolls in a
// course and sees it on 我的课程; town staff find a person in the register
// and enroll them in a course by search; the instructor takes the roll;
// the city opens a course's certificates by its title; the village looks
// up its residents; the auditor reads the trail. On every page no table
// hides columns without a way to reach them, the phone menu takes at most
// two rows, and a flash message shows once.
func TestBrowserEveryRoleMainTaskAtPhoneAndLaptopSize(t *testing.T) {
	ctx := newBrowserWithin(t, 8*time.Minute)
	base, app := startAppServer(t)
	bg := context.Background()
	admin := &skillcert.Actor{AccountID: "system", Username: "system", Role: skillcert.RoleCityAdmin}
	open, err := app.Courses.Catalog(bg, courses.CourseFilter{Open: true}, skillcert.PageRequest{Page: 1, Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	// The phone enrolls in a course with seats, the laptop joins the
	// waitlist of a full one.
	var seats []courses.Course
	for _, c := range open.Items {
		if c.Enrolled < c.Capacity {
			seats = append([]courses.Course{c}, seats...)
		} else {
			seats = append(seats, c)
		}
	}
	running, err := app.Courses.ListCourses(bg, admin, courses.CourseFilter{Status: courses.StatusInProgress}, skillcert.PageRequest{Page: 1, Size: 1})
	if err != nil || len(running.Items) == 0 || len(seats) < 2 {
		t.Fatalf("demo courses: %v", err)
	}
	detail, err := app.Courses.GetCourse(bg, admin, running.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	rollPage := base + "/manage/sessions/" + detail.Sessions[0].ID + "/roll"

	for i, vp := range viewports {
		if err := chromedp.Do(ctx, setViewport(vp.W, vp.H, vp.Mobile)); err != nil {
			t.Fatal(err)
		}
		at := func(s string) string { return s + " at " + vp.Name }

		// The trainee: find a course, enroll, see it on 我的课程.
		if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		if _, err := loginInBrowser(ctx, base, "trainee", testDemoPassword); err != nil {
			t.Fatal(err)
		}
		if vp.Mobile {
			m, err := chromedp.Run(ctx, chromedp.Evaluate[menuRows](menuRowsJS))
			if err != nil {
				t.Fatal(err)
			}
			if m.Rows > 2 || m.H1Top > 250 {
				t.Errorf("trainee home at %s: menu in %d rows, heading at %d px (want ≤ 2 rows, ≤ 250 px)", vp.Name, m.Rows, m.H1Top)
			}
		}
		course := seats[i%len(seats)]
		visit(ctx, t, base+"/courses", at("trainee catalog"))
		step(ctx, t, at("trainee enrolls"),
			chromedp.Navigate(base+"/courses/"+course.ID),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=enroll-button]`)),
			chromedp.Click(chromedp.CSS(`[data-testid=enroll-button]`)),
			chromedp.WaitVisible(chromedp.CSS(`.flash.ok`)))
		if msg, _ := textOf(ctx, `.flash.ok`); !strings.Contains(msg, course.Title) {
			t.Errorf("%s: flash %q does not name the course", at("trainee"), msg)
		}
		visit(ctx, t, base+"/my/courses", at("trainee 我的课程"))
		page, _ := textOf(ctx, `main`)
		if !strings.Contains(page, course.Title) {
			t.Errorf("%s: 我的课程 does not list %q", at("trainee"), course.Title)
		}
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".flash").length`)); n != 0 {
			t.Errorf("%s: the enrollment's flash is shown again on 我的课程", at("trainee"))
		}
		visit(ctx, t, base+"/my/certificates", at("trainee 我的证书"))
		if err := logoutInBrowser(ctx); err != nil {
			t.Fatal(err)
		}

		// Town staff: the register, then enroll a person found by name.
		loginAs(ctx, t, app, base, "wz_staff")
		visit(ctx, t, base+"/", at("wz_staff home"))
		visit(ctx, t, base+"/persons", at("wz_staff register"))
		name, err := textOf(ctx, `table[data-testid=persons] tbody tr td`)
		if err != nil || name == "" {
			t.Fatalf("%s: no person in the register: %v", at("wz_staff"), err)
		}
		step(ctx, t, at("wz_staff picks a person"),
			chromedp.Navigate(base+"/courses/"+course.ID),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=person-search]`)),
			chromedp.SendKeys(chromedp.CSS(`[data-testid=person-search]`), name),
			chromedp.Submit(chromedp.CSS(`[data-testid=person-search]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=pick-person]`)),
			chromedp.Click(chromedp.CSS(`[data-testid=pick-person]`)),
			chromedp.Click(chromedp.CSS(`[data-testid=pick-enroll]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=bulk-line]`)))
		visit(ctx, t, base+"/manage/courses/"+running.Items[0].ID+"/enrollments", at("wz_staff enrollments"))
		visit(ctx, t, base+"/recruitment", at("wz_staff recruitment"))

		// The instructor: the roll of a session.
		loginAs(ctx, t, app, base, "teacher")
		visit(ctx, t, base+"/", at("teacher home"))
		step(ctx, t, at("teacher takes the roll"),
			chromedp.Navigate(rollPage),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=roll-row] input[type=radio]`)),
			chromedp.Click(chromedp.CSS(`[data-testid=roll-row] input[type=radio]`)),
			chromedp.Click(chromedp.CSS(`[data-testid=save-roll]`)),
			chromedp.WaitVisible(chromedp.CSS(`.flash`)))

		// The city: a course's certificates by its title.
		loginAs(ctx, t, app, base, "admin")
		step(ctx, t, at("admin finds a course's certificates"),
			chromedp.Navigate(base+"/certificates"),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=course-search]`)),
			chromedp.SendKeys(chromedp.CSS(`[data-testid=course-search]`), "协理员"),
			chromedp.Submit(chromedp.CSS(`[data-testid=course-search]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=choose-course]`)),
			chromedp.Click(chromedp.CSS(`[data-testid=choose-course]`)),
			chromedp.WaitVisible(chromedp.CSS(`table`)))
		visit(ctx, t, base+"/persons", at("admin register"))
		visit(ctx, t, base+"/manage/courses", at("admin courses"))
		visit(ctx, t, base+"/recruitment/review", at("admin review"))

		// The village and the auditor.
		loginAs(ctx, t, app, base, "wz_village")
		visit(ctx, t, base+"/persons", at("wz_village register"))
		loginAs(ctx, t, app, base, "auditor")
		visit(ctx, t, base+"/audit", at("auditor trail"))
	}
}
