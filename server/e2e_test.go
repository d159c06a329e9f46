package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"skillcert/demo"
	"skillcert/idcrypt"
)

// runningServer is the whole program started by run() on a free port with
// a temporary data directory, as a user would start it.
type runningServer struct {
	URL    string
	cancel context.CancelFunc
	done   chan error
	Log    *bytes.Buffer
}

// startServer runs the program with the embedded engine in dataDir and
// the given extra environment; it is stopped when the test ends.
func startServer(t testing.TB, dataDir string, env map[string]string) *runningServer {
	t.Helper()
	getenv := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		switch k {
		case "SKILLCERT_ADDR":
			return "127.0.0.1:0"
		case "SKILLCERT_DATA_DIR":
			return dataDir
		case "SKILLCERT_LOG_LEVEL":
			return "warn"
		case demo.PasswordEnv:
			return testDemoPassword
		}
		return ""
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	logBuf := &syncBuffer{}
	go func() { done <- run(ctx, nil, getenv, logBuf, ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("server did not start: %v", err)
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatal("server did not start within 60 s")
	}
	s := &runningServer{URL: "http://" + addr, cancel: cancel, done: done, Log: &logBuf.Buffer}
	t.Cleanup(func() { s.Stop(t) })
	return s
}

// Stop shuts the server down gracefully and waits for it.
func (s *runningServer) Stop(t testing.TB) {
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("server stopped with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Error("server did not stop within 30 s")
	}
}

// syncBuffer collects the server's log from its goroutines.
type syncBuffer struct {
	mu sync.Mutex
	bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.Write(p)
}

func postJSON(t testing.TB, url, token string, body any) (int, []byte) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}

func login(t testing.TB, base, user, pw string) string {
	t.Helper()
	st, body := postJSON(t, base+"/api/auth/login", "", map[string]string{"username": user, "password": pw})
	if st != 200 {
		t.Fatalf("login %s: %d %s", user, st, body)
	}
	var r struct{ Token string }
	_ = json.Unmarshal(body, &r)
	return r.Token
}

// TestProgramStartsWithDemoDataAndRestartKeepsEverything starts the real
// program on the embedded engine, changes data, stops it gracefully and
// starts it again on the same data directory.
func TestProgramStartsWithDemoDataAndRestartKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	start := time.Now()
	s := startServer(t, dir, nil)
	t.Logf("first start (empty data directory, demo data loaded): %v", time.Since(start).Round(time.Millisecond))
	res, err := http.Get(s.URL + "/readyz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("readyz: %v %v", res, err)
	}
	admin := login(t, s.URL, "admin", testDemoPassword)
	st, body := postJSON(t, s.URL+"/api/accounts", admin, map[string]string{"username": "kept_after_restart", "name": "重启测试",
		"password": "Passw0rd1", "role": "instructor", "town": "WZ"})
	if st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	// An oversized body over real HTTP gets the JSON error too. The request
	// only announces its size: the server answers before reading a body it
	// would refuse anyway (sending it would race the server's close).
	if resp := rawRequest(t, s.URL, "POST /api/accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"+
		"Authorization: Bearer "+admin+"\r\nContent-Length: 13631488\r\n\r\n"); !strings.HasPrefix(resp, "HTTP/1.1 413") ||
		!strings.Contains(resp, `"code":"too_large"`) {
		t.Errorf("oversized body: %s", trim([]byte(resp)))
	}
	s.Stop(t)

	start = time.Now()
	s2 := startServer(t, dir, nil)
	t.Logf("restart on the same data directory: %v", time.Since(start).Round(time.Millisecond))
	login(t, s2.URL, "kept_after_restart", "Passw0rd1")
	// The demo set was not loaded twice.
	st, body = getJSON(t, s2.URL+"/api/accounts?size=100", login(t, s2.URL, "admin", testDemoPassword))
	var page struct{ Total int }
	_ = json.Unmarshal(body, &page)
	if st != 200 || page.Total != len(demo.Logins)+1 {
		t.Fatalf("accounts after restart: %d total %d, want %d", st, page.Total, len(demo.Logins)+1)
	}
}

func getJSON(t testing.TB, url, token string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}

func TestConfigurationIsValidatedAtStartup(t *testing.T) {
	cases := map[string]map[string]string{
		"bad log level":        {"SKILLCERT_LOG_LEVEL": "loud"},
		"bad base URL":         {"SKILLCERT_BASE_URL": "ftp://x"},
		"short secret":         {"SKILLCERT_JWT_SECRET": "short"},
		"mongo without secret": {"MONGODB_URI": "mongodb://127.0.0.1:1"},
		"bad mongo URI":        {"MONGODB_URI": "postgres://x", "SKILLCERT_JWT_SECRET": strings.Repeat("s", 40)},
		"bad demo flag":        {"SKILLCERT_DEMO": "maybe"},
		"bad shutdown":         {"SKILLCERT_SHUTDOWN_TIMEOUT": "soon"},
	}
	for name, env := range cases {
		_, err := LoadConfig(nil, func(k string) string { return env[k] })
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	c, err := LoadConfig([]string{"-addr", ":9090"}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9090" || c.DataDir != "./data" || c.Database != "skillcert" || c.BaseURL != "http://localhost:9090" || !c.Demo {
		t.Errorf("defaults = %+v", c)
	}
}

func TestUnreachableMongoDBFailsFast(t *testing.T) {
	start := time.Now()
	err := run(context.Background(), nil, func(k string) string {
		return map[string]string{"MONGODB_URI": "mongodb://127.0.0.1:1/?connectTimeoutMS=200", "SKILLCERT_JWT_SECRET": strings.Repeat("s", 40),
			"SKILLCERT_CONNECT_TIMEOUT": "2s", "SKILLCERT_ID_KEY": idcrypt.EncodeKey(idcrypt.NewKey())}[k]
	}, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "unreachable") {
		t.Fatalf("err = %v", err)
	}
	t.Logf("gave up after %v: %v", time.Since(start).Round(time.Millisecond), err)
	if time.Since(start) > 40*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}

// rawRequest writes a raw HTTP request and returns what the server sends
// back before closing or going idle.
func rawRequest(t testing.TB, base, req string) string {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(req)); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	out, _ := io.ReadAll(conn)
	return string(out)
}
