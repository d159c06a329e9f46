package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/demo"
	"skillcert/store/storetest"
)

func TestEveryDemoRoleLogsInThroughTheAPI(t *testing.T) {
	ta := newTestApp(t)
	for _, l := range demo.Logins {
		res := ta.request("POST", "/api/auth/login", map[string]string{"username": l.Username, "password": testDemoPassword}, "")
		if res.Status != 200 {
			t.Fatalf("login %s: %d %s", l.Username, res.Status, res.Body)
		}
		var lr struct{ Token string }
		res.json(t, &lr)
		me := ta.request("GET", "/api/auth/me", nil, lr.Token)
		var m meReply
		me.json(t, &m)
		if m.Role != l.Role || m.Username != l.Username || m.Town != l.Town {
			t.Errorf("me of %s = %+v", l.Username, m)
		}
	}
	res := ta.request("POST", "/api/auth/login", map[string]string{"username": "admin", "password": "Wrong-pass-1"}, "")
	if res.Status != 401 || res.errorCode() != skillcert.EUNAUTHORIZED {
		t.Fatalf("wrong password: %d %s", res.Status, res.Body)
	}
	var e errorBody
	res.json(t, &e)
	if e.Error.Message != "用户名或密码错误" {
		t.Errorf("message %q", e.Error.Message)
	}
}

func TestBadTokensAreRefused(t *testing.T) {
	ta := newTestApp(t)
	good := ta.token("admin")
	parts := strings.Split(good, ".")
	for name, header := range map[string]string{
		"alg none":        "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + parts[1] + ".",
		"tampered":        "Bearer " + parts[0] + "." + parts[1] + "x." + parts[2],
		"not bearer":      "Basic YWRtaW46RGVtb0AyMDI2",
		"empty bearer":    "Bearer ",
		"garbage":         "Bearer not-a-token",
		"truncated token": "Bearer " + parts[0] + "." + parts[1],
	} {
		res := ta.request("GET", "/api/auth/me", nil, "", "Authorization", header)
		if res.Status != 401 || res.errorCode() != skillcert.EUNAUTHORIZED {
			t.Errorf("%s: %d %s", name, res.Status, res.Body)
		}
	}
}

// TestBadInputNeverYields500 sends malformed requests; each must get a 4xx
// with the JSON error and change nothing.
func TestBadInputNeverYields500(t *testing.T) {
	ta := newTestApp(t)
	admin := ta.token("admin")
	before := ta.request("GET", "/api/accounts?size=100", nil, admin)
	// A body over its route's limit is refused by the server before
	// routing (TestBodyLimitsPerRouteClass); within it, bindJSON's checks.
	cases := []struct {
		name, method, path, body, ctype string
		want                            int
	}{
		{"malformed JSON", "POST", "/api/accounts", `{"username": "x",`, "application/json", 400},
		{"not JSON at all", "POST", "/api/accounts", `username=x`, "application/json", 400},
		{"wrong type", "POST", "/api/accounts", `{"username": 12, "name": "x"}`, "application/json", 400},
		{"unknown field", "POST", "/api/accounts", `{"username": "abc", "isAdmin": true}`, "application/json", 400},
		{"trailing data", "POST", "/api/accounts", `{"username": "abc"} {}`, "application/json", 400},
		{"empty body", "POST", "/api/accounts", ``, "application/json", 400},
		{"array not object", "POST", "/api/accounts", `[1,2]`, "application/json", 400},
		{"wrong content type", "POST", "/api/accounts", `{"username":"abc"}`, "text/plain", 400},
		{"bad role value", "POST", "/api/accounts", `{"username":"abc","name":"x","password":"Passw0rd1","role":"god"}`, "application/json", 400},
		{"bad page", "GET", "/api/accounts?page=-1", ``, "", 400},
		{"page too large", "GET", "/api/accounts?size=100000", ``, "", 400},
		{"unknown route", "GET", "/api/nothing-here", ``, "", 404},
		{"unknown org", "GET", "/api/orgs/NOPE", ``, "", 404},
		{"bad role filter", "GET", "/api/accounts?role=x", ``, "", 400},
		{"invalid utf-8 in JSON", "POST", "/api/auth/login", "{\"username\":\"\xff\xfe\",\"password\":\"x\"}", "application/json", 401},
	}
	for _, tc := range cases {
		req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
		if tc.ctype != "" {
			req.Header.Set("Content-Type", tc.ctype)
		}
		req.Header.Set("Authorization", "Bearer "+admin)
		res, err := ta.app.fiber.Test(req, -1)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		body, _ := io.ReadAll(res.Body)
		var e errorBody
		if res.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d: %s", tc.name, res.StatusCode, tc.want, trim(body))
			continue
		}
		if err := json.Unmarshal(body, &e); err != nil || e.Error.Code == "" || !hasHan(e.Error.Message) {
			t.Errorf("%s: body is not a JSON error with a Chinese message: %s", tc.name, trim(body))
		}
	}
	after := ta.request("GET", "/api/accounts?size=100", nil, admin)
	if string(before.Body) != string(after.Body) {
		t.Errorf("bad requests changed the stored accounts")
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// TestOpenAPIDescribesEveryAPIRoute fails when a registered /api route is
// missing from /api/openapi.json.
func TestOpenAPIDescribesEveryAPIRoute(t *testing.T) {
	ta := newTestApp(t)
	res := ta.request("GET", "/api/openapi.json", nil, "")
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	res.json(t, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi = %q", doc.OpenAPI)
	}
	n := 0
	for _, r := range ta.app.fiber.GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/") || r.Method == "HEAD" {
			continue
		}
		n++
		op, ok := doc.Paths[openAPIPath(r.Path)][strings.ToLower(r.Method)]
		if !ok {
			t.Errorf("%s %s is not in the OpenAPI document", r.Method, r.Path)
			continue
		}
		if s, _ := op["summary"].(string); s == "" {
			t.Errorf("%s %s has no summary", r.Method, r.Path)
		}
	}
	if n < 10 {
		t.Fatalf("only %d API routes seen", n)
	}
	// The schema of a request body names its fields.
	body := doc.Paths["/api/accounts"]["post"]["requestBody"]
	if b, _ := json.Marshal(body); !strings.Contains(string(b), "auth.NewAccount") {
		t.Errorf("request body of POST /api/accounts not described: %s", b)
	}
}

// TestHotPathsIssueAFixedNumberOfCommands counts the database commands of
// requests before and after the data grows: no request may grow with it.
func TestHotPathsIssueAFixedNumberOfCommands(t *testing.T) {
	ta := newTestApp(t)
	admin := ta.token("admin")
	wz := ta.token("wz_staff")
	paths := []struct {
		path  string
		token string
		want  int
	}{
		{"/api/auth/me", admin, 1},  // the session
		{"/api/accounts", admin, 3}, // session, page, count
		{"/api/accounts", wz, 3},    // session, page, count
		{"/api/orgs", "", 0},        // in memory
		{"/api/audit", ta.token("auditor"), 3},
	}
	check := func(stage string) {
		for _, p := range paths {
			res := ta.request("GET", p.path, nil, p.token)
			if res.Status != 200 {
				t.Fatalf("%s: %d %s", p.path, res.Status, res.Body)
			}
			if res.DBCommands != p.want {
				t.Errorf("%s %s: %d database commands, want %d", stage, p.path, res.DBCommands, p.want)
			}
		}
	}
	check("small")
	for i := 0; i < 40; i++ {
		res := ta.request("POST", "/api/accounts", map[string]string{"username": fmt.Sprintf("grow_%d", i), "name": "教师",
			"password": "Passw0rd1", "role": "instructor", "town": "WZ"}, admin)
		if res.Status != 201 {
			t.Fatalf("create: %d %s", res.Status, res.Body)
		}
	}
	check("grown")
}

func TestPanicsAreRecoveredAsJSON(t *testing.T) {
	ta := newTestApp(t)
	ta.app.fiber.Get("/api/test-panic", func(*fiber.Ctx) error { panic("boom") })
	res := ta.request("GET", "/api/test-panic", nil, "")
	if res.Status != 500 || res.errorCode() != skillcert.EINTERNAL || strings.Contains(string(res.Body), "boom") {
		t.Fatalf("panic: %d %s", res.Status, res.Body)
	}
	if res.Header.Get("X-Request-ID") == "" {
		t.Error("no request ID")
	}
}

func TestReadyzReportsTheDatabase(t *testing.T) {
	db := storetest.Open(t)
	app, err := newAppWithDB(context.Background(), testConfig(), slog.New(slog.NewTextHandler(io.Discard, nil)), db)
	if err != nil {
		t.Fatal(err)
	}
	ta := &testApp{t: t, app: app}
	if res := ta.request("GET", "/readyz", nil, ""); res.Status != 200 {
		t.Fatalf("readyz: %d", res.Status)
	}
	_ = db.Close(context.Background())
	res := ta.request("GET", "/readyz", nil, "")
	if res.Status != 503 || res.errorCode() != skillcert.EUNAVAILABLE {
		t.Fatalf("readyz with the database closed: %d %s", res.Status, res.Body)
	}
	if res := ta.request("GET", "/healthz", nil, ""); res.Status != 200 {
		t.Fatalf("healthz: %d", res.Status)
	}
}

// TestWebLoginUsesAnHttpOnlyCookieAndCSRF walks the web login: the cookie
// is HttpOnly and SameSite=Lax, forms need the CSRF token, logout revokes.
func TestWebLoginUsesAnHttpOnlyCookieAndCSRF(t *testing.T) {
	ta := newTestApp(t)
	res := ta.request("POST", "/login", url.Values{"username": {"wz_staff"}, "password": {testDemoPassword}, "next": {"/accounts"}}, "")
	if res.Status != 303 || res.Header.Get("Location") != "/accounts" {
		t.Fatalf("login: %d %s", res.Status, res.Header.Get("Location"))
	}
	ck := res.Header.Get("Set-Cookie")
	if !strings.Contains(ck, tokenCookie+"=") || !strings.Contains(ck, "HttpOnly") || !strings.Contains(strings.ToLower(ck), "samesite=lax") {
		t.Fatalf("cookie = %s", ck)
	}
	token := strings.TrimPrefix(strings.Split(ck, ";")[0], tokenCookie+"=")
	cookie := tokenCookie + "=" + token
	home := ta.request("GET", "/", nil, "", "Cookie", cookie)
	if home.Status != 200 || !strings.Contains(string(home.Body), "乌镇镇人力社保管理所工作台") {
		t.Fatalf("home: %d", home.Status)
	}
	// A form post without the CSRF token is refused and changes nothing.
	form := url.Values{"username": {"csrf_victim"}, "name": {"教师"}, "password": {"Passw0rd1"}, "role": {"instructor"}, "town": {"WZ"}}
	if r := ta.request("POST", "/accounts", form, "", "Cookie", cookie); r.Status != 403 {
		t.Fatalf("post without CSRF token: %d", r.Status)
	}
	if _, err := ta.app.Auth.FindAccountByUsername(context.Background(), "csrf_victim"); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Fatalf("account created without CSRF token: %v", err)
	}
	actor, err := ta.app.Auth.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	form.Set("_csrf", ta.app.csrfToken(actor))
	if r := ta.request("POST", "/accounts", form, "", "Cookie", cookie); r.Status != 303 {
		t.Fatalf("post with CSRF token: %d %s", r.Status, trim(r.Body))
	}
	// A login form posted from another site is refused.
	if r := ta.request("POST", "/login", url.Values{"username": {"wz_staff"}, "password": {testDemoPassword}}, "", "Origin", "https://evil.example"); r.Status != 403 {
		t.Fatalf("cross-site login: %d", r.Status)
	}
	// Logout revokes the cookie's token.
	out := ta.request("POST", "/logout", url.Values{"_csrf": {ta.app.csrfToken(actor)}}, "", "Cookie", cookie)
	if out.Status != 303 {
		t.Fatalf("logout: %d", out.Status)
	}
	if r := ta.request("GET", "/", nil, "", "Cookie", cookie); r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("home after logout: %d %s", r.Status, r.Header.Get("Location"))
	}
}
