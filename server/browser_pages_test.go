package main

import (
	"context"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"skillcert"
	"skillcert/auth"
	"skillcert/courses"
	"skillcert/demo"
	"skillcert/recruitment"
	"skillcert/roster"
	"skillcert/subsidies"
)

// The two screens every page must work on: a phone and a laptop.
var viewports = []struct {
	Name   string
	W, H   int64
	Mobile bool
}{
	{"phone 390×844", 390, 844, true},
	{"laptop 1366×768", 1366, 768, false},
}

// setViewport resizes the page's viewport.
func setViewport(w, h int64, mobile bool) chromedp.Action[chromedp.Void] {
	if mobile {
		return chromedp.EmulateViewport(w, h, chromedp.EmulateMobile)
	}
	return chromedp.EmulateViewport(w, h)
}

// loginAs opens a session of a demo account and puts its token into the
// browser's cookie jar for base, as the login form would.
func loginAs(ctx context.Context, t *testing.T, app *App, base, username string) string {
	t.Helper()
	bg := context.Background()
	acc, err := app.Auth.FindAccountByUsername(bg, username)
	if err != nil {
		t.Fatalf("account %s: %v", username, err)
	}
	res, err := app.Auth.OpenSession(bg, acc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	httpOnly := true
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: tokenCookie, Value: res.Token, URL: base + "/", HTTPOnly: &httpOnly}); err != nil {
		t.Fatal(err)
	}
	return res.Token
}

// clippedTablesJS finds tables whose columns run past their container
// without a way to reach them: a table wider than its box must sit in a
// focusable horizontal scroller (tabindex, overflow-x auto or scroll)
// whose hint is visible.
const clippedTablesJS = `(() => {
  const out = [];
  document.querySelectorAll("table").forEach((t, i) => {
    const box = t.parentElement;
    const name = (t.getAttribute("data-testid") || (t.querySelector("th") || {}).textContent || "table " + i).trim();
    const main = document.querySelector("main");
    const limit = Math.min(box.clientWidth, main ? main.clientWidth : box.clientWidth);
    if (t.scrollWidth <= limit + 1 && t.getBoundingClientRect().right <= window.innerWidth + 1) return;
    const cs = getComputedStyle(box);
    const scroller = (cs.overflowX === "auto" || cs.overflowX === "scroll") && box.tabIndex >= 0 &&
      box.getBoundingClientRect().right <= window.innerWidth + 1;
    const hint = box.previousElementSibling && box.previousElementSibling.classList.contains("scroll-hint") &&
      box.previousElementSibling.offsetParent !== null;
    if (!scroller || !hint) out.push(name + " (" + t.scrollWidth + " px in " + box.clientWidth + " px)");
  });
  return out;
})()`

// noClippedTables asserts that no table on the current page hides columns
// without a way to reach them.
func noClippedTables(ctx context.Context, t *testing.T, where string) {
	t.Helper()
	clipped, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](clippedTablesJS))
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	for _, c := range clipped {
		t.Errorf("%s: table columns clipped without a scroller and hint: %s", where, c)
	}
}

// axePath is the axe-core script (axe.min.js) installed from npm by
// .ci/run into SKILLCERT_AXE. Without it the accessibility test skips,
// except under CI=true, where it fails.
func axeSource(t *testing.T) string {
	t.Helper()
	p := os.Getenv("SKILLCERT_AXE")
	if p != "" {
		b, err := os.ReadFile(p)
		if err == nil {
			return string(b)
		}
		if os.Getenv("CI") == "true" {
			t.Fatalf("SKILLCERT_AXE=%s: %v", p, err)
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("axe-core is not installed, but CI=true: .ci/run must install it and set SKILLCERT_AXE to axe.min.js")
	}
	t.Skip("axe-core not installed; run: npm install --no-save --prefix /tmp/axe axe-core@4 && export SKILLCERT_AXE=/tmp/axe/node_modules/axe-core/axe.min.js")
	return ""
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

const axeRunJS = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || "", help: v.help,
  nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " — " + (n.failureSummary || "").split("\n").slice(0, 2).join(" "))})))`

// alwaysFail are rules of lesser impact the pages must pass too: every
// column has a header, every page a first-level heading.
var alwaysFail = map[string]bool{"empty-table-header": true, "page-has-heading-one": true}

// runAxe injects axe-core into the current page and returns its critical
// and serious violations.
func runAxe(ctx context.Context, t *testing.T, src string) []axeViolation {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
		t.Fatalf("inject axe: %v", err)
	}
	all, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRunJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	var bad []axeViolation
	for _, v := range all {
		if v.Impact == "critical" || v.Impact == "serious" || alwaysFail[v.ID] {
			bad = append(bad, v)
		}
	}
	return bad
}

var routeParam = regexp.MustCompile(`:[A-Za-z]+`)

// pageRoutes are the GET routes of the route table that are not the API,
// static files or health checks: every page (and download) a browser can
// open.
func pageRoutes(app *App) []route {
	var out []route
	for _, r := range app.routes {
		if r.Method != "GET" || strings.HasPrefix(r.Path, "/api/") || strings.HasPrefix(r.Path, "/static/") ||
			r.Path == "/healthz" || r.Path == "/readyz" {
			continue
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// demoIDs are ids from the demo data for each kind of route parameter,
// found through the services.
type demoIDs struct {
	course, completedCourse, session, todaySession, person, post, job, certificate, verifyToken, calendarToken, account, ledger string
}

func findDemoIDs(t *testing.T, app *App) demoIDs {
	t.Helper()
	ctx := skillcert.WithActor(context.Background(), &skillcert.Actor{AccountID: "system", Username: "system", Role: skillcert.RoleCityAdmin})
	admin := &skillcert.Actor{AccountID: "system", Username: "system", Name: "测试", Role: skillcert.RoleCityAdmin}
	var ids demoIDs
	list, err := app.Courses.ListCourses(ctx, admin, courses.CourseFilter{}, skillcert.PageRequest{Page: 1, Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list.Items {
		switch c.Status {
		case courses.StatusInProgress:
			if ids.course == "" {
				ids.course = c.ID
				d, err := app.Courses.GetCourse(ctx, admin, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				ids.session = d.Sessions[0].ID
				ids.todaySession = d.Sessions[len(d.Sessions)-1].ID
			}
		case courses.StatusCompleted:
			if ids.completedCourse == "" {
				ids.completedCourse = c.ID
			}
		}
	}
	people, err := app.Roster.List(ctx, admin, roster.Filter{}, skillcert.PageRequest{Page: 1, Size: 5})
	if err != nil || len(people.Items) == 0 {
		t.Fatalf("demo people: %v", err)
	}
	for _, p := range people.Items {
		if p.IDNumber == demo.TraineeIDNumber || ids.person == "" {
			ids.person = p.ID
		}
	}
	posts, err := app.Recruitment.ListPosts(ctx, admin, recruitment.PostFilter{}, skillcert.PageRequest{Page: 1, Size: 5})
	if err == nil && len(posts.Items) > 0 {
		ids.post = posts.Items[0].ID
	}
	if ids.completedCourse != "" {
		cc, err := app.Certificates.Course(ctx, admin, ids.completedCourse, skillcert.PageRequest{Page: 1, Size: 5})
		if err == nil {
			for _, c := range cc.Certificates.Items {
				ids.certificate = c.ID
				if full, err := app.Certificates.Get(ctx, admin, c.ID); err == nil {
					ids.verifyToken = full.Token
				}
				break
			}
		}
	}
	if acc, err := app.Auth.FindAccountByUsername(ctx, "trainee"); err == nil {
		ids.calendarToken = app.feedToken(acc.ID) + ".ics"
	}
	if acc, err := app.Auth.FindAccountByUsername(ctx, "wz_village"); err == nil {
		ids.account = acc.ID
	}
	staff := &skillcert.Actor{AccountID: "wz", Username: "wz_staff", Name: "测试", Role: skillcert.RoleTownStaff, Town: "WZ"}
	if jobs, err := app.Roster.RecentImports(ctx, staff, 1); err == nil && len(jobs) > 0 {
		ids.job = jobs[0].ID
	}
	if ls, err := app.Subsidies.Ledgers(ctx, staff, subsidies.LedgerFilter{}, skillcert.PageRequest{Page: 1, Size: 1}); err == nil && len(ls.Items) > 0 {
		ids.ledger = ls.Items[0].ID
	}
	return ids
}

// pathFor fills a page route's parameters from the demo data; "" means
// the route has a parameter no demo id is known for.
func (ids demoIDs) pathFor(path string) string {
	byPath := map[string]string{
		"/certificates/:id/pdf":               ids.certificate,
		"/courses/:courseId/certificates":     ids.completedCourse,
		"/courses/:courseId/certificates/zip": ids.completedCourse,
		"/verify/:token":                      ids.verifyToken,
		"/calendar/:token":                    ids.calendarToken,
		"/courses/:id":                        ids.course,
		"/my/courses/:id/attendance":          ids.completedCourse,
		"/checkin/:id":                        ids.todaySession,
		"/manage/courses/:id":                 ids.course,
		"/manage/courses/:id/enrollments":     ids.course,
		"/manage/courses/:id/scores":          ids.course,
		"/manage/courses/:id/results":         ids.completedCourse,
		"/manage/sessions/:id/roll":           ids.session,
		"/manage/sessions/:id/checkin":        ids.todaySession,
		"/manage/sessions/:id/checkin/qr":     ids.todaySession,
		"/recruitment/posts/:id":              ids.post,
		"/recruitment/posts/:id/apply":        ids.post,
		"/recruitment/posts/:id/screening":    ids.post,
		"/recruitment/posts/:id/ranking":      ids.post,
		"/persons/:id":                        ids.person,
		"/imports/:id":                        ids.job,
		"/imports/:id/errors.xlsx":            ids.job,
		"/subsidies/ledgers/:id":              ids.ledger,
		"/subsidies/ledgers/:id/export.xlsx":  ids.ledger,
	}
	if !routeParam.MatchString(path) {
		return path
	}
	id, ok := byPath[path]
	if ok && id != "" {
		return routeParam.ReplaceAllString(path, id)
	}
	// Otherwise each parameter by its name, or by what the path is about.
	missing := false
	out := routeParam.ReplaceAllStringFunc(path, func(param string) string {
		v := ""
		switch strings.ToLower(param[1:]) {
		case "town", "code":
			v = "WZ"
		case "village":
			v = "WZ01"
		case "year":
			v = strconv.Itoa(time.Now().Year())
		case "courseid":
			v = ids.course
		case "sessionid":
			v = ids.session
		case "personid":
			v = ids.person
		case "postid":
			v = ids.post
		case "accountid":
			v = ids.account
		default:
			switch {
			case strings.Contains(path, "course"):
				v = ids.course
			case strings.Contains(path, "session"):
				v = ids.session
			case strings.Contains(path, "person"):
				v = ids.person
			case strings.Contains(path, "post"):
				v = ids.post
			case strings.Contains(path, "account"):
				v = ids.account
			}
		}
		if v == "" {
			missing = true
		}
		return v
	})
	if missing {
		return ""
	}
	return out
}

// TestAccessibilityEveryPageOfEveryRole runs axe-core in Chromium on
// every GET page of the route table, as every demo role allowed to open
// it (and anonymously where public), at phone and laptop size: no
// critical and no serious violation, and no table whose columns are
// clipped without a way to reach them. A route whose id the demo data
// cannot give fails the test instead of being skipped.
func TestAccessibilityEveryPageOfEveryRole(t *testing.T) {
	src := axeSource(t)
	ctx := newBrowserWithin(t, 15*time.Minute)
	base, app := startAppServer(t)
	ids := findDemoIDs(t, app)
	roles := append([]string{""}, loginNames()...)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	visited := 0
	for _, user := range roles {
		var actor *skillcert.Actor
		token := ""
		if user != "" {
			token = loginAs(ctx, t, app, base, user)
			a, err := app.Auth.Authenticate(context.Background(), token)
			if err != nil {
				t.Fatal(err)
			}
			actor = a
		} else if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		who := user
		if who == "" {
			who = "anonymous"
		}
		for _, r := range pageRoutes(app) {
			if !auth.Allowed(actor, r.Perm) || (user != "" && r.Path == "/login") || (user != "" && r.Path == "/register") {
				continue
			}
			p := ids.pathFor(r.Path)
			if p == "" {
				t.Errorf("%s: no demo id for the route %s: give it one in demoIDs.pathFor", who, r.Path)
				continue
			}
			req, _ := http.NewRequest("GET", base+p, nil)
			if token != "" {
				req.AddCookie(&http.Cookie{Name: tokenCookie, Value: token})
			}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				continue // a download (PDF, xlsx, zip, calendar, image)
			}
			for _, vp := range viewports {
				where := who + " " + p + " at " + vp.Name
				if err := chromedp.Do(ctx, setViewport(vp.W, vp.H, vp.Mobile), chromedp.Navigate(base+p),
					chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				for _, v := range runAxe(ctx, t, src) {
					t.Errorf("%s: axe %s (%s): %s; %s", where, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, " | "))
				}
				noClippedTables(ctx, t, where)
				visited++
			}
		}
	}
	t.Logf("axe-core ran on %d page views", visited)
	if visited < 60 {
		t.Errorf("only %d page views checked", visited)
	}
}

// loginNames are the demo usernames, one per account.
func loginNames() []string {
	var out []string
	for _, l := range demo.Logins {
		out = append(out, l.Username)
	}
	return out
}
