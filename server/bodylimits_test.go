package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"skillcert"
)

// serveOnLoopback runs the test app on a loopback port until the test ends.
func serveOnLoopback(t *testing.T, ta *testApp) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = ta.app.fiber.Listener(ln) }()
	t.Cleanup(func() { _ = ta.app.fiber.ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String()
}

// sendHeadOnly sends a request's head announcing a body of size bytes and
// no body, and returns the status line the server answers with, or "" if
// it does not answer within the wait (it is waiting for the body).
func sendHeadOnly(t *testing.T, addr, method, path, contentType string, size int64, token string) string {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(addr, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: skillcert.test\r\nContent-Type: %s\r\nContent-Length: %d\r\nAuthorization: Bearer %s\r\n\r\n",
		method, path, contentType, size, token)
	_ = conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return ""
	}
	return strings.TrimSpace(line)
}

// Each route class has its own body limit, enforced from the request's
// head before the body is read: JSON and form routes 1 MiB, the register
// import its file limit plus room for the multipart envelope, the roll
// upload its own. A body over the limit is refused at once with 413 (the
// server does not wait for it); one within the limit is waited for.
func TestBodyLimitsPerRouteClass(t *testing.T) {
	ta := newTestApp(t)
	base := serveOnLoopback(t, ta)
	staff := ta.token("wz_staff")
	importMax := ta.app.Roster.Limits().MaxBytes + uploadEnvelope
	for _, c := range []struct {
		method, path, ct string
		size             int64
		refused          bool
	}{
		{"POST", "/api/auth/login", "application/json", maxJSONBody + 1, true},
		{"POST", "/api/persons", "application/json", 10 << 20, true},
		{"POST", "/login", "application/x-www-form-urlencoded", 2 << 20, true},
		{"POST", "/api/auth/login", "application/json", maxJSONBody, false},
		{"POST", "/api/persons/import", "multipart/form-data; boundary=x", importMax + 1, true},
		{"POST", "/api/persons/import", "multipart/form-data; boundary=x", importMax, false},
		{"POST", "/persons/import", "multipart/form-data; boundary=x", importMax, false},
		{"POST", "/api/sessions/abc/roll/xlsx", "multipart/form-data; boundary=x", maxRollFile + uploadEnvelope + 1, true},
		{"POST", "/api/sessions/abc/roll/xlsx", "multipart/form-data; boundary=x", maxRollFile + uploadEnvelope, false},
		{"POST", "/manage/sessions/abc/roll/import", "multipart/form-data; boundary=x", 8 << 20, true},
	} {
		line := sendHeadOnly(t, base, c.method, c.path, c.ct, c.size, staff)
		switch {
		case c.refused && !strings.Contains(line, " 413 "):
			t.Errorf("%s %s with %d bytes: answered %q before the body was sent, want 413 at once", c.method, c.path, c.size, line)
		case !c.refused && line != "":
			t.Errorf("%s %s with %d bytes: answered %q before the body was sent, want the body read", c.method, c.path, c.size, line)
		}
	}
	// The refusal is the API's error shape, with the limit in Chinese.
	res, err := http.Post(base+"/api/auth/login", "application/json", bytes.NewReader(bytes.Repeat([]byte(" "), 2<<20)))
	if err == nil {
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 413 || !strings.Contains(string(body), `"code":"`+skillcert.ETOOLARGE+`"`) || !strings.Contains(string(body), "1 MB") {
			t.Errorf("oversized JSON: %d %s", res.StatusCode, body)
		}
	}
}

// Ten concurrent 10 MB bodies, to a JSON route and to the register
// import, over connections the clients keep open: afterwards the heap
// returns to about where it was (JSON bodies are refused unread; upload
// buffers are not kept with idle connections).
func TestConcurrentLargeBodiesAreNotKept(t *testing.T) {
	ta := newTestApp(t)
	base := serveOnLoopback(t, ta)
	staff := ta.token("wz_staff")
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 20}, Timeout: time.Minute}
	defer client.CloseIdleConnections()
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		debug.FreeOSMemory()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	// Warm up the paths once (templates, pools, the client's transport).
	send := func(path, ct string, body []byte) {
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+staff)
		res, err := client.Do(req)
		if err != nil {
			return // refused while sending: the server closed the connection
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	var upload bytes.Buffer
	mw := multipart.NewWriter(&upload)
	fw, _ := mw.CreateFormFile("file", "residents.txt")
	_, _ = fw.Write(bytes.Repeat([]byte("x"), 10_000_000))
	_ = mw.Close()
	uploadType := mw.FormDataContentType()
	send("/api/persons", "application/json", []byte("{}"))
	before := heap()
	payload := bytes.Repeat([]byte(" "), 10_000_000)
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(2)
		go func() { defer wg.Done(); send("/api/persons", "application/json", payload) }()
		go func() { defer wg.Done(); send("/api/persons/import", uploadType, upload.Bytes()) }()
	}
	wg.Wait()
	payload = nil
	upload = bytes.Buffer{}
	after := heap()
	grown := int64(after) - int64(before)
	t.Logf("heap in use: %d MB before, %d MB after 20 bodies of 10 MB", before>>20, after>>20)
	if grown > 30<<20 {
		t.Errorf("the heap kept %d MB after 20 concurrent 10 MB bodies (connections idle, after GC)", grown>>20)
	}
}
