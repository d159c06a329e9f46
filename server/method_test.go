package main

import (
	"strings"
	"testing"
)

// A wrong method on an existing path answers 405 with an Allow header (the
// JSON error shape under /api); an unknown path stays 404.
func TestWrongMethodAnswers405(t *testing.T) {
	ta := newTestApp(t)
	res := ta.request("DELETE", "/api/orgs", nil, "")
	if res.Status != 405 || res.Header.Get("Allow") != "GET, HEAD" || res.errorCode() != "method_not_allowed" {
		t.Errorf("DELETE /api/orgs: %d Allow %q %s", res.Status, res.Header.Get("Allow"), res.Body)
	}
	res = ta.request("PUT", "/api/orgs/WZ", nil, "")
	if res.Status != 405 || !strings.Contains(res.Header.Get("Allow"), "GET") {
		t.Errorf("PUT /api/orgs/WZ: %d Allow %q", res.Status, res.Header.Get("Allow"))
	}
	res = ta.request("PUT", "/login", nil, "")
	if res.Status != 405 || res.Header.Get("Allow") != "GET, HEAD, POST" {
		t.Errorf("PUT /login: %d Allow %q", res.Status, res.Header.Get("Allow"))
	}
	if res := ta.request("GET", "/api/no-such-thing", nil, ""); res.Status != 404 {
		t.Errorf("unknown path: %d", res.Status)
	}
}
