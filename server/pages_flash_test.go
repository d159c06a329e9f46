package main

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"skillcert"
	"skillcert/courses"
)

// pageClient is a browser-like client of the test app: a cookie jar, the
// session cookie of a demo account and its CSRF token; redirects are
// followed by hand.
type pageClient struct {
	ta   *testApp
	jar  *cookiejar.Jar
	base *url.URL
	csrf string
}

func (ta *testApp) pageClient(username string) *pageClient {
	ta.t.Helper()
	jar, _ := cookiejar.New(nil)
	base, _ := url.Parse("http://skillcert.test/")
	tok := ta.freshToken(username)
	jar.SetCookies(base, []*http.Cookie{{Name: tokenCookie, Value: tok, Path: "/"}})
	actor, err := ta.app.Auth.Authenticate(context.Background(), tok)
	if err != nil {
		ta.t.Fatal(err)
	}
	return &pageClient{ta: ta, jar: jar, base: base, csrf: ta.app.csrfToken(actor)}
}

// do sends a request with the jar's cookies and keeps those set.
func (pc *pageClient) do(method, path string, form url.Values) *response {
	t := pc.ta.t
	t.Helper()
	var body strings.Reader
	if form != nil {
		form.Set("_csrf", pc.csrf)
		body = *strings.NewReader(form.Encode())
	}
	u := pc.base.ResolveReference(&url.URL{Path: path})
	if i := strings.IndexByte(path, '?'); i >= 0 {
		u = pc.base.ResolveReference(&url.URL{Path: path[:i], RawQuery: path[i+1:]})
	}
	req, _ := http.NewRequest(method, u.String(), &body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range pc.jar.Cookies(u) {
		req.AddCookie(c)
	}
	res, err := pc.ta.app.fiber.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	pc.jar.SetCookies(u, res.Cookies())
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return &response{Status: res.StatusCode, Header: res.Header, Body: []byte(b.String())}
}

// get opens a page; post submits a form and follows its redirect.
func (pc *pageClient) get(path string) *response { return pc.do("GET", path, nil) }

func (pc *pageClient) post(path string, form url.Values) *response {
	pc.ta.t.Helper()
	res := pc.do("POST", path, form)
	if res.Status == http.StatusSeeOther || res.Status == http.StatusFound {
		return pc.get(res.Header.Get("Location"))
	}
	return res
}

// openCourse is a demo course open for enrollment that the demo trainee
// has not enrolled in.
func openCourse(t *testing.T, ta *testApp, full bool) courses.Course {
	t.Helper()
	list, err := ta.app.Courses.Catalog(context.Background(), courses.CourseFilter{Open: true}, skillcert.PageRequest{Page: 1, Size: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list.Items {
		if (c.Enrolled >= c.Capacity) == full {
			return c
		}
	}
	t.Fatalf("no open demo course (full=%v)", full)
	return courses.Course{}
}

// TestFlashMessageIsShownOnce: after a form's redirect the next page
// shows its message, and the pages after it do not — not on another
// course, not on the 403 page.
func TestFlashMessageIsShownOnce(t *testing.T) {
	ta := newTestApp(t)
	co := openCourse(t, ta, false)
	pc := ta.pageClient("trainee")
	next := pc.post("/courses/"+co.ID+"/enroll", url.Values{})
	if next.Status != 200 || !strings.Contains(string(next.Body), "报名成功") {
		t.Fatalf("the page after enrolling (%d) does not say 报名成功", next.Status)
	}
	for _, p := range []string{"/courses", "/my/courses", "/persons", "/courses/" + co.ID} {
		res := pc.get(p)
		if strings.Contains(string(res.Body), `class="flash`) {
			t.Errorf("%s (%d) still shows the flash message of the enrollment", p, res.Status)
		}
	}
}

// TestStartWarnsWhenBaseURLIsLocalhostButListensElsewhere: without
// SKILLCERT_BASE_URL the links name localhost; listening beyond loopback,
// the start-up says so (and not when listening on loopback only).
func TestStartWarnsWhenBaseURLIsLocalhostButListensElsewhere(t *testing.T) {
	for _, c := range []struct {
		addr string
		warn bool
	}{{"0.0.0.0:0", true}, {"127.0.0.1:0", false}} {
		s := startServer(t, t.TempDir(), map[string]string{"SKILLCERT_ADDR": c.addr, "SKILLCERT_DEMO": "false"})
		s.Stop(t)
		if got := strings.Contains(s.Log.String(), "SKILLCERT_BASE_URL is not set"); got != c.warn {
			t.Errorf("listening on %s: warning %v, want %v\n%s", c.addr, got, c.warn, s.Log.String())
		}
	}
}
