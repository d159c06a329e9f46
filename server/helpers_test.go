package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"skillcert"
	"skillcert/demo"
	"skillcert/idcrypt"
	"skillcert/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// testApp is the whole HTTP application on a fresh test database with
// the demo accounts loaded through the services.
type testApp struct {
	t      *testing.T
	app    *App
	tokens map[string]string // username → token
}

func testConfig() Config {
	return Config{Addr: "127.0.0.1:0", Database: "unused", DataDir: "unused", BaseURL: "http://skillcert.test",
		JWTSecret: "test-secret-0123456789-0123456789-0123", LogFormat: "text", ExposeDBCommands: true,
		IDKey: idcrypt.EncodeKey(idcrypt.NewKey())}
}

func newTestApp(t *testing.T) *testApp {
	t.Helper()
	db := storetest.Open(t)
	app, err := newAppWithDB(context.Background(), testConfig(), slog.New(slog.NewTextHandler(io.Discard, nil)), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(context.Background(), app.Services); err != nil {
		t.Fatal(err)
	}
	// Runs before the database's cleanup: the coverage worker stops
	// before the database closes under it.
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = app.Reports.Discard(ctx)
	})
	return &testApp{t: t, app: app, tokens: map[string]string{}}
}

// token returns a session token of a demo account (cached).
func (ta *testApp) token(username string) string {
	ta.t.Helper()
	if tok, ok := ta.tokens[username]; ok {
		return tok
	}
	tok := ta.freshToken(username)
	ta.tokens[username] = tok
	return tok
}

// freshToken opens a new session of a demo account.
func (ta *testApp) freshToken(username string) string {
	ta.t.Helper()
	ctx := context.Background()
	acc, err := ta.app.Auth.FindAccountByUsername(ctx, username)
	if err != nil {
		ta.t.Fatalf("account %s: %v", username, err)
	}
	res, err := ta.app.Auth.OpenSession(ctx, acc.ID)
	if err != nil {
		ta.t.Fatal(err)
	}
	return res.Token
}

func (ta *testApp) accountID(username string) string {
	ta.t.Helper()
	acc, err := ta.app.Auth.FindAccountByUsername(context.Background(), username)
	if err != nil {
		ta.t.Fatalf("account %s: %v", username, err)
	}
	return acc.ID
}

// response is what a test request returned.
type response struct {
	Status     int
	Header     http.Header
	Body       []byte
	DBCommands int
}

func (r *response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// errorCode returns the code of a JSON error body, or "".
func (r *response) errorCode() string {
	var e errorBody
	if json.Unmarshal(r.Body, &e) != nil {
		return ""
	}
	return e.Error.Code
}

// request sends a request through the Fiber application. body may be a
// string (sent as is), url.Values (a form) or anything else (JSON).
func (ta *testApp) request(method, path string, body any, token string, headers ...string) *response {
	ta.t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, ct = strings.NewReader(b), "application/json"
	case []byte:
		rd, ct = bytes.NewReader(b), "application/json"
	case url.Values:
		rd, ct = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			ta.t.Fatal(err)
		}
		rd, ct = bytes.NewReader(buf), "application/json"
	}
	req := httptest.NewRequest(method, path, rd)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := ta.app.fiber.Test(req, -1)
	if err != nil {
		ta.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	n, _ := strconv.Atoi(res.Header.Get("X-DB-Commands"))
	return &response{Status: res.StatusCode, Header: res.Header, Body: out, DBCommands: n}
}

// demoUser is the demo account used for each role on its own scope.
var demoUser = map[skillcert.Role]string{
	skillcert.RoleCityAdmin:    "admin",
	skillcert.RoleTownStaff:    "wz_staff",
	skillcert.RoleVillageStaff: "wz_village",
	skillcert.RoleInstructor:   "teacher",
	skillcert.RoleTrainee:      "trainee",
	skillcert.RoleAuditor:      "auditor",
}
