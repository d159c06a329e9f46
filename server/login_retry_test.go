package main

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"skillcert/auth"
)

// A throttled login answers 429 with Retry-After (whole seconds until the
// lock lifts) on the API and on the login page, and the page tells the
// user in Chinese how long to wait.
func TestThrottledLoginSendsRetryAfter(t *testing.T) {
	ta := newTestApp(t)
	for i := 0; i < auth.MaxFailures; i++ {
		loginToken(t, ta, "wz_staff", "wrong-pass1", 401)
	}
	res := ta.request("POST", "/api/auth/login", map[string]string{"username": "wz_staff", "password": "wrong-pass1"}, "")
	if res.Status != 429 {
		t.Fatalf("API: %d %s", res.Status, trim(res.Body))
	}
	secs := retryAfter(t, res)
	var e errorBody
	res.json(t, &e)
	if want := auth.WaitText(secondsOf(secs)); !strings.Contains(e.Error.Message, want) {
		t.Errorf("API message %q does not say %q", e.Error.Message, want)
	}

	page := ta.request("POST", "/login", url.Values{"username": {"wz_staff"}, "password": {"wrong-pass1"}}, "")
	if page.Status != 429 {
		t.Fatalf("page: %d", page.Status)
	}
	secs = retryAfter(t, page)
	body := string(page.Body)
	if !strings.Contains(body, "请 "+auth.WaitText(secondsOf(secs))+"后再试") {
		t.Errorf("the page does not say how long to wait (Retry-After %d): %s", secs, pageText(body))
	}
}

func retryAfter(t *testing.T, res *response) int {
	t.Helper()
	h := res.Header.Get("Retry-After")
	n, err := strconv.Atoi(h)
	if err != nil || n < 1 || n > int(auth.LockDuration.Seconds()) {
		t.Fatalf("Retry-After %q, want 1..%d seconds", h, int(auth.LockDuration.Seconds()))
	}
	return n
}

func secondsOf(n int) time.Duration { return time.Duration(n) * time.Second }

// pageText is the part of a page around its error, for failure messages.
func pageText(body string) string {
	if i := strings.Index(body, `data-testid="login-error"`); i >= 0 {
		return body[i:min(len(body), i+200)]
	}
	return "(no error shown)"
}
