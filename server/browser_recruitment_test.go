package main

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"skillcert"
	"skillcert/recruitment"
)

// serveTestApp serves a test app over real HTTP on a free port until the
// test ends.
func serveTestApp(t *testing.T, ta *testApp) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = ta.app.fiber.Listener(ln) }()
	t.Cleanup(func() { _ = ta.app.fiber.ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String()
}

// TestBrowserScreeningBoard: town staff open the screening board in a
// phone-sized Chromium, read why an applicant failed, and admit the failed
// age requirement with a written reason; the board then shows the
// override and the verdict awaiting the city.
func TestBrowserScreeningBoard(t *testing.T) {
	ctx := newBrowser(t)
	ta := newTestApp(t)
	rf := newRecruitmentFixture(ta)
	rf.clock.day(2026, time.May, 4)
	staff := rf.actor("wz_staff")
	svc := ta.app.Recruitment
	post := must(svc.CreatePost(context.Background(), staff, recruitment.PostInput{Title: "乌镇镇人力社保协理员", Places: 1, Opens: "2026-05-04", Closes: "2026-05-15"}))(t)
	rf.addPerson("p-ok", "张一", skillcert.NewDate(1991, time.January, 1))
	rf.addPerson("p-old", "王二", skillcert.NewDate(1990, time.May, 15))
	must(svc.Apply(context.Background(), staff, post.ID, sampleApplication("p-ok")))(t)
	old := must(svc.Apply(context.Background(), staff, post.ID, sampleApplication("p-old")))(t)
	base := serveTestApp(t, ta)

	if _, err := loginInBrowser(ctx, base, "wz_staff", testDemoPassword); err != nil {
		t.Fatal(err)
	}
	row := `[data-testid=applicant][data-person="p-old"]`
	age := row + ` [data-testid=requirement][data-key=age]`
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/recruitment/posts/"+post.ID+"/screening"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=screening-board]`)),
	); err != nil {
		t.Fatal(err)
	}
	explanation, err := textOf(ctx, age+` [data-testid=explanation]`)
	if err != nil {
		t.Fatal(err)
	}
	if explanation != "截至 2026-05-15 年满 36 周岁，超过 35 周岁上限" {
		t.Errorf("explanation %q", explanation)
	}
	if v, _ := textOf(ctx, row+` [data-testid=verdict]`); v != "未通过" {
		t.Errorf("verdict before override %q", v)
	}
	if v, _ := textOf(ctx, `[data-testid=applicant][data-person="p-ok"] [data-testid=verdict]`); v != "符合条件" {
		t.Errorf("verdict of the eligible applicant %q", v)
	}
	// Passed requirements offer no override.
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=applicant][data-person="p-ok"] form.override').length`))
	if err != nil || n != 0 {
		t.Errorf("override forms on an eligible applicant: %d %v", n, err)
	}

	// A reason that is too short is refused with the rule.
	form := row + ` form.override[data-key=age]`
	reason := form + ` textarea[name=reason]`
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(reason), "特殊"),
		chromedp.Click(chromedp.CSS(form+` button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash.error`)),
	); err != nil {
		t.Fatal(err)
	}
	if msg, _ := textOf(ctx, `.flash.error`); msg != "破格理由至少 5 个字，当前为 2 个字" {
		t.Errorf("short reason: %q", msg)
	}
	const why = "从事村级社保代办八年，熟悉业务"
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(reason), why),
		chromedp.Click(chromedp.CSS(form+` button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash.ok`)),
		chromedp.WaitVisible(chromedp.CSS(age+` [data-testid=override-reason]`)),
	); err != nil {
		t.Fatal(err)
	}
	if got, _ := textOf(ctx, age+` [data-testid=override-reason]`); !strings.HasPrefix(got, "破格理由："+why) {
		t.Errorf("override reason shown %q", got)
	}
	if v, _ := textOf(ctx, row+` [data-testid=verdict]`); v != "破格通过，待市局审定" {
		t.Errorf("verdict after override %q", v)
	}
	if msg, _ := textOf(ctx, `.flash.ok`); !strings.Contains(msg, "王二") || !strings.Contains(msg, "年龄") {
		t.Errorf("flash %q", msg)
	}
	app := must(svc.Application(context.Background(), staff, old.ID))(t)
	if r, _ := app.Screening.Result(recruitment.RequirementAge); r.Override == nil || r.Override.Reason != why || !app.NeedsCityReview {
		t.Errorf("stored override %+v", r)
	}
}
