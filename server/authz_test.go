package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"skillcert"
	"skillcert/auth"
)

// scope is the side of the network a request targets: the caller's own
// org unit (WZ, 乌镇镇; village WZ01) or another (ZQ, 洲泉镇).
type scope int

const (
	own scope = iota
	other
)

func (s scope) String() string { return [...]string{"own", "other"}[s] }

// authzFixture holds the records the authorization cases act on.
type authzFixture struct {
	ta      *testApp
	account [2]string // an instructor account in WZ (own) and in ZQ (other)
	seq     int
}

func (f *authzFixture) next() int { f.seq++; return f.seq }

// freshToken opens a new session for routes that revoke it ("" for the
// anonymous caller).
func (f *authzFixture) freshToken(r skillcert.Role) string {
	if r == "" {
		return ""
	}
	return f.ta.freshToken(demoUser[r])
}

// authzReq is a request built for a role and a scope. Token, if set,
// replaces the role's usual token (for routes that revoke it).
type authzReq struct {
	Path  string
	Body  any
	Token string
}

// authzCase describes one route: how to call it, and which status each
// role gets on its own and on another org unit's record.
type authzCase struct {
	Build func(f *authzFixture, role skillcert.Role, s scope) authzReq
	// OK is the status of an allowed role on its own scope; Other on
	// another's (0: the route has no scope, Other = OK).
	OK, Other int
	// Exceptions override the expectation for a role: {own, other}.
	Exceptions map[skillcert.Role][2]int
}

func fixed(path string, body any) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(*authzFixture, skillcert.Role, scope) authzReq { return authzReq{Path: path, Body: body} }
}

// authzCases is the role × route × scope table. Every route of the route
// table must have an entry; features add theirs from their own
// authz_<feature>_test.go with addAuthzCases.
var authzCases = map[string]authzCase{}

func addAuthzCases(m map[string]authzCase) {
	for k, v := range m {
		if _, dup := authzCases[k]; dup {
			panic("duplicate authorization case " + k)
		}
		authzCases[k] = v
	}
}

func init() { addAuthzCases(platformAuthzCases) }

var platformAuthzCases = map[string]authzCase{
	"GET /healthz":          {Build: fixed("/healthz", nil), OK: 200},
	"GET /readyz":           {Build: fixed("/readyz", nil), OK: 200},
	"GET /api/openapi.json": {Build: fixed("/api/openapi.json", nil), OK: 200},
	"GET /static/:file": {Build: func(f *authzFixture, _ skillcert.Role, _ scope) authzReq {
		return authzReq{Path: f.ta.app.assets.URL("app.css")}
	}, OK: 200},
	// A new unknown username each call, so the lock-out never trips.
	"POST /api/auth/login": {Build: func(f *authzFixture, _ skillcert.Role, _ scope) authzReq {
		return authzReq{Path: "/api/auth/login", Body: map[string]string{"username": fmt.Sprintf("ghost_%d", f.next()), "password": "wrong-password-1"}}
	}, OK: 401},
	"POST /api/auth/logout": {Build: func(f *authzFixture, r skillcert.Role, _ scope) authzReq {
		return authzReq{Path: "/api/auth/logout", Token: f.freshToken(r)}
	}, OK: 204},
	"GET /api/auth/me": {Build: fixed("/api/auth/me", nil), OK: 200},
	// A wrong old password: the role passes authorization and gets 400,
	// without revoking the token the table uses.
	"POST /api/auth/password": {Build: fixed("/api/auth/password", map[string]string{"oldPassword": "not-it-123", "newPassword": "Another1pass"}), OK: 400},
	"GET /api/orgs":           {Build: fixed("/api/orgs", nil), OK: 200},
	"GET /api/orgs/:code":     {Build: fixed("/api/orgs/WZ", nil), OK: 200},
	"GET /api/accounts":       {Build: fixed("/api/accounts", nil), OK: 200},
	"POST /api/accounts": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		town := [2]string{"WZ", "ZQ"}[s]
		return authzReq{Path: "/api/accounts", Body: map[string]string{"username": fmt.Sprintf("new_%d", f.next()), "name": "新教师",
			"password": "Passw0rd1", "role": "instructor", "town": town}}
	}, OK: 201, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {201, 201}}},
	"GET /api/accounts/:id": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		return authzReq{Path: "/api/accounts/" + f.account[s]}
	}, OK: 200, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}},
	"POST /api/accounts/:id/disable": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		return authzReq{Path: "/api/accounts/" + f.account[s] + "/disable"}
	}, OK: 200, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}},
	"POST /api/accounts/:id/enable": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		return authzReq{Path: "/api/accounts/" + f.account[s] + "/enable"}
	}, OK: 200, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}},
	"GET /api/audit": {Build: fixed("/api/audit", nil), OK: 200},

	"GET /login": {Build: fixed("/login", nil), OK: 303, Exceptions: map[skillcert.Role][2]int{"": {200, 200}}},
	"POST /login": {Build: func(f *authzFixture, _ skillcert.Role, _ scope) authzReq {
		return authzReq{Path: "/login", Body: url.Values{"username": {fmt.Sprintf("ghost_%d", f.next())}, "password": {"wrong-password-1"}}}
	}, OK: 401},
	"POST /logout": {Build: func(f *authzFixture, r skillcert.Role, _ scope) authzReq {
		return authzReq{Path: "/logout", Token: f.freshToken(r)}
	}, OK: 303},
	"GET /":          {Build: fixed("/", nil), OK: 200},
	"GET /password":  {Build: fixed("/password", nil), OK: 200},
	"POST /password": {Build: fixed("/password", url.Values{"oldPassword": {"not-it-123"}, "newPassword": {"Another1pass"}}), OK: 400},
	"GET /orgs":      {Build: fixed("/orgs", nil), OK: 200},
	"GET /accounts":  {Build: fixed("/accounts", nil), OK: 200},
	"POST /accounts": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		town := [2]string{"WZ", "ZQ"}[s]
		return authzReq{Path: "/accounts", Body: url.Values{"username": {fmt.Sprintf("page_%d", f.next())}, "name": {"新教师"},
			"password": {"Passw0rd1"}, "role": {"instructor"}, "town": {town}}}
	}, OK: 303, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {303, 303}}},
	"GET /audit": {Build: fixed("/audit", nil), OK: 200},
}

// TestAuthorizationTable calls every route as every role (and anonymous)
// on its own and on another org unit's records and checks the status.
func TestAuthorizationTable(t *testing.T) {
	ta := newTestApp(t)
	f := &authzFixture{ta: ta}
	admin := &skillcert.Actor{AccountID: "test", Username: "test", Role: skillcert.RoleCityAdmin}
	for i, town := range []string{"WZ", "ZQ"} {
		acc, err := ta.app.Auth.CreateAccount(context.Background(), admin, auth.NewAccount{Username: "target_" + strings.ToLower(town),
			Name: "目标教师", Password: "Passw0rd1", Role: skillcert.RoleInstructor, Town: town})
		if err != nil {
			t.Fatal(err)
		}
		f.account[i] = acc.ID
	}

	// Every registered route must be in the table and in the cases.
	registered := map[string]bool{}
	for _, r := range ta.app.fiber.GetRoutes(true) {
		if r.Method == "HEAD" {
			continue
		}
		registered[r.Method+" "+r.Path] = true
	}
	inTable := map[string]bool{}
	for _, r := range ta.app.routes {
		inTable[r.Method+" "+r.Path] = true
		if _, ok := authzCases[r.Method+" "+r.Path]; !ok {
			t.Errorf("route %s %s has no authorization case", r.Method, r.Path)
		}
	}
	for k := range registered {
		if !inTable[k] {
			t.Errorf("route %s is registered outside the route table", k)
		}
	}

	roles := append([]skillcert.Role{""}, skillcert.Roles...) // "" = anonymous
	for _, r := range ta.app.routes {
		key := r.Method + " " + r.Path
		tc, ok := authzCases[key]
		if !ok {
			continue
		}
		api := strings.HasPrefix(r.Path, "/api/")
		for _, role := range roles {
			for _, s := range []scope{own, other} {
				want := expected(tc, r.Perm, role, s, api)
				req := tc.Build(f, role, s)
				tok := req.Token
				if tok == "" && role != "" {
					tok = ta.token(demoUser[role])
				}
				if role == "" {
					tok = ""
				}
				res := ta.request(r.Method, req.Path, req.Body, tok)
				if res.Status != want {
					t.Errorf("%s as %q on %s scope: status %d, want %d (%s)", key, role, s, res.Status, want, trim(res.Body))
				}
				if api && res.Status >= 400 && res.errorCode() == "" {
					t.Errorf("%s as %q: error without the JSON error body: %s", key, role, trim(res.Body))
				}
			}
		}
	}
}

// expected derives the status a role should get.
func expected(tc authzCase, p auth.Permission, role skillcert.Role, s scope, api bool) int {
	if ex, ok := tc.Exceptions[role]; ok {
		return ex[s]
	}
	var actor *skillcert.Actor
	if role != "" {
		actor = &skillcert.Actor{Role: role}
	}
	if !auth.Allowed(actor, p) {
		if role == "" {
			if api {
				return 401
			}
			return 303 // pages send the anonymous caller to the login page
		}
		return 403
	}
	if s == other && tc.Other != 0 {
		return tc.Other
	}
	return tc.OK
}

func trim(b []byte) string {
	s := string(b)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
