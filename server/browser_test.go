package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"skillcert/demo"
)

// chromiumPath finds Debian's chromium. Without it the browser tests skip,
// except under CI (CI=true), where a missing browser fails the run.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed, but CI=true: .ci/run must install it (apt-get install chromium)")
	}
	t.Skip("chromium not installed; skipping browser test (install Debian's chromium to run it)")
	return ""
}

// newBrowser starts headless Chromium with a phone-sized window and
// returns a context for chromedp actions.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	return newBrowserWithin(t, 3*time.Minute)
}

// newBrowserWithin is newBrowser with the time the whole test may take.
func newBrowserWithin(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	path := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(390, 844),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// loginInBrowser fills the login form and waits for the home page.
func loginInBrowser(ctx context.Context, base, user, pw string) (string, error) {
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), user),
		chromedp.SendKeys(chromedp.CSS(`#password`), pw),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=home-title]`)),
	)
	if err != nil {
		return "", err
	}
	return textOf(ctx, `[data-testid=home-title]`)
}

// textOf returns the trimmed text of the first element matching a CSS
// selector.
func textOf(ctx context.Context, css string) (string, error) {
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	return strings.TrimSpace(s), err
}

// textAfterNavigation is the text of the first element matching css once
// it reads want, or what it last read after 10 s. After a form's submit
// the page being left may still match css (a list before its filter):
// reading once could read that page, or nothing mid-navigation.
func textAfterNavigation(ctx context.Context, css, want string) string {
	var got string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if got, _ = textOf(ctx, css); got == want {
			break
		}
	}
	return got
}

// TestBrowserEveryRoleSeesItsHomePage logs in as each demo role in a
// phone-sized Chromium and checks the role's own home page and menu.
func TestBrowserEveryRoleSeesItsHomePage(t *testing.T) {
	ctx := newBrowser(t)
	s := startServer(t, t.TempDir(), nil)
	want := map[string]struct{ title, nav string }{
		"admin":      {"市局工作台", "账号管理"},
		"wz_staff":   {"乌镇镇人力社保管理所工作台", "账号管理"},
		"zq_staff":   {"洲泉镇人力社保管理所工作台", "账号管理"},
		"wz_village": {"民合村人力社保工作站", "组织架构"},
		"teacher":    {"教师工作台", "修改密码"},
		"trainee":    {"我的学习", "修改密码"},
		"auditor":    {"安全审计", "审计日志"},
	}
	for _, l := range demo.Logins {
		w := want[l.Username]
		title, err := loginInBrowser(ctx, s.URL, l.Username, testDemoPassword)
		if err != nil {
			t.Fatalf("%s: %v", l.Username, err)
		}
		if title != w.title {
			t.Errorf("%s: home title %q, want %q", l.Username, title, w.title)
		}
		nav, err := textOf(ctx, `nav.main`)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(nav, w.nav) {
			t.Errorf("%s: menu %q lacks %q", l.Username, nav, w.nav)
		}
		// Log out through the page's button.
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
			chromedp.WaitVisible(chromedp.CSS(`#username`)),
		); err != nil {
			t.Fatalf("%s logout: %v", l.Username, err)
		}
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(loc, "/login") {
			t.Errorf("%s: after logout at %s", l.Username, loc)
		}
	}
	// A wrong password shows the reason on the page.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`#username`), "admin"),
		chromedp.SendKeys(chromedp.CSS(`#password`), "wrong-password-1"),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=login-error]`)),
	); err != nil {
		t.Fatal(err)
	}
	msg, err := textOf(ctx, `[data-testid=login-error]`)
	if err != nil {
		t.Fatal(err)
	}
	if msg != "用户名或密码错误" {
		t.Errorf("wrong-password message %q", msg)
	}
}
