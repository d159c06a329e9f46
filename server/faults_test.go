package main

import (
	"bytes"
	"encoding/base64"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"skillcert/store"
)

func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestDatabaseOutageAndRecovery runs the program against a standalone
// database server (the embedded engine on a loopback port, given as
// MONGODB_URI), stops the database under it and starts it again: while it
// is down /readyz, the API and the pages answer 503 with a clear Chinese
// message; once it is back the same server serves again without a
// restart.
func TestDatabaseOutageAndRecovery(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	dbDir, addr := t.TempDir(), freeLoopbackAddr(t)
	eng, err := store.StartEngineOn(dbDir, addr, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { eng.Stop() }()
	s := startServer(t, t.TempDir(), map[string]string{"MONGODB_URI": "mongodb://" + addr + "/",
		"SKILLCERT_JWT_SECRET": strings.Repeat("o", 40), "SKILLCERT_CONNECT_TIMEOUT": "3s",
		"SKILLCERT_ID_KEY": base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))})
	if st, _ := httpGet(t, s.URL+"/readyz"); st != 200 {
		t.Fatalf("readyz with the database up: %d", st)
	}
	if st, body := postJSON(t, s.URL+"/api/auth/login", "", map[string]string{"username": "nobody", "password": "x"}); st != 401 {
		t.Fatalf("login with the database up: %d %s", st, body)
	}

	eng.Stop()
	if st, body := httpGet(t, s.URL+"/readyz"); st != 503 || !strings.Contains(body, "数据库暂时无法访问") {
		t.Errorf("readyz with the database down: %d %s", st, body)
	}
	start := time.Now()
	st, body := postJSON(t, s.URL+"/api/auth/login", "", map[string]string{"username": "nobody", "password": "x"})
	if st != 503 || !strings.Contains(string(body), `"code":"unavailable"`) || !strings.Contains(string(body), "数据库暂时无法访问") {
		t.Errorf("API with the database down: %d %s", st, body)
	}
	t.Logf("API answered 503 after %v", time.Since(start).Round(time.Millisecond))
	if st, page := httpGet(t, s.URL+"/verify/no-such-token"); st != 503 || !strings.Contains(page, "<html") || !strings.Contains(page, "数据库暂时无法访问") {
		t.Errorf("page with the database down: %d %.300s", st, page)
	}

	eng, err = store.StartEngineOn(dbDir, addr, quiet)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, _ := httpGet(t, s.URL+"/readyz")
		if st == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz still %d 30 s after the database returned", st)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if st, body := postJSON(t, s.URL+"/api/auth/login", "", map[string]string{"username": "nobody", "password": "x"}); st != 401 {
		t.Fatalf("login after the database returned: %d %s", st, body)
	}
}
