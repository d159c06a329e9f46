package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"skillcert"
	"skillcert/demo"
	"skillcert/store"
	"skillcert/store/storetest"
)

// TestEngineNotAnsweringGives503AndTheServerRecovers puts a relay that can
// stop passing bytes between the server and the embedded engine (a
// simulation at the socket of an engine that never answers). While it is
// frozen, /readyz answers 503 within its bound and a request answers 503
// with a Chinese message at its deadline instead of hanging; the write
// lock is free afterwards; thawed, the same server serves again.
func TestEngineNotAnsweringGives503AndTheServerRecovers(t *testing.T) {
	db, relay := storetest.OpenThroughRelay(t, func(c *store.Config) { c.LockWarnAfter = time.Second })
	cfg := testConfig()
	cfg.RequestTimeout = 1500 * time.Millisecond
	app, err := newAppWithDB(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(context.Background(), app.Services, testDemoPassword); err != nil {
		t.Fatal(err)
	}
	ta := &testApp{t: t, app: app, tokens: map[string]string{}}
	tok := ta.token("wz_staff")
	// The coverage summaries are brought up to date in the background
	// after the demo load; let that finish, so that the only write the
	// frozen engine meets is the request's own.
	fctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := app.Reports.Flush(fctx); err != nil {
		t.Fatal(err)
	}
	if res := ta.request("GET", "/readyz", nil, ""); res.Status != 200 {
		t.Fatalf("readyz: %d %s", res.Status, res.Body)
	}

	relay.Freeze()
	start := time.Now()
	res := ta.request("GET", "/readyz", nil, "")
	if res.Status != 503 || res.errorCode() != skillcert.EUNAVAILABLE || time.Since(start) > store.ReadyTimeout+2*time.Second {
		t.Fatalf("readyz while the engine does not answer: %d %s after %s", res.Status, res.Body, time.Since(start))
	}
	start = time.Now()
	res = ta.request("GET", "/api/courses", nil, tok)
	if res.Status != 503 || res.errorCode() != skillcert.EUNAVAILABLE || !strings.Contains(string(res.Body), "数据库暂时无法访问") {
		t.Fatalf("request while the engine does not answer: %d %s", res.Status, res.Body)
	}
	if took := time.Since(start); took > cfg.RequestTimeout+3*time.Second {
		t.Fatalf("the request took %s, past its %s deadline", took, cfg.RequestTimeout)
	}
	if h, ok := db.WriteLockHolder(); ok {
		t.Fatalf("write lock held by %+v", h)
	}

	relay.Thaw()
	deadline := time.Now().Add(15 * time.Second)
	for {
		res = ta.request("GET", "/readyz", nil, "")
		if res.Status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz after the thaw: %d %s", res.Status, res.Body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if res := ta.request("GET", "/api/courses", nil, tok); res.Status != 200 {
		t.Fatalf("request after the thaw: %d %s", res.Status, res.Body)
	}
}
