package main

import (
	"archive/zip"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"skillcert/demo"
	"skillcert/store/storetest"
)

// startAppServer serves the application over real HTTP on a free port,
// with the public base URL set to that address (so that QR codes point
// to it), on a fresh test database with the demo accounts. The returned
// app lets the test wire fakes before requests arrive.
func startAppServer(t *testing.T) (string, *App) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg := testConfig()
	cfg.BaseURL = base
	db := storetest.Open(t)
	app, err := newAppWithDB(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(context.Background(), app.Services, testDemoPassword); err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.fiber.Listener(ln) }()
	t.Cleanup(func() { _ = app.fiber.Shutdown() })
	return base, app
}

// downloadJS fetches a URL in the page with the page's cookies and
// returns the status, headers and the body in base64.
const downloadJS = `(async () => {
  const r = await fetch(%q, {credentials: "same-origin"});
  const b = new Uint8Array(await r.arrayBuffer());
  let s = "";
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192));
  return {status: r.status, type: r.headers.get("Content-Type"), disposition: r.headers.get("Content-Disposition"), body: btoa(s)};
})()`

type fetched struct {
	Status      int    `json:"status"`
	Type        string `json:"type"`
	Disposition string `json:"disposition"`
	Body        string `json:"body"`
}

var verifyURLInText = regexp.MustCompile(`验证网址：(https?://\S+?/verify/[0-9a-f]{32})`)

// TestBrowserTraineeDownloadsCertificateAndItsQRVerifies: the demo trainee
// logs in on a phone-sized Chromium, opens 我的证书, downloads the PDF (it
// is a PDF and prints the trainee's name), and the verification URL the
// PDF carries in its QR code opens the public page, which says 有效.
func TestBrowserTraineeDownloadsCertificateAndItsQRVerifies(t *testing.T) {
	ctx := newBrowser(t)
	base, app := startAppServer(t)
	fake := newFakeCompletions()
	fake.course("wz-yy", "WZ")
	app.Certificates.SetCompletions(fake)
	cert := issueFor(t, app, fake.complete("wz-yy", traineePerson(t, app), "李明华", "WZ", "WZ01"))

	if _, err := loginInBrowser(ctx, base, "trainee", testDemoPassword); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav.main a[href="/my/certificates"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=certificate-download]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := textOf(ctx, `[data-testid=certificate-number]`); n != cert.Number {
		t.Errorf("my certificates shows %q, want %s", n, cert.Number)
	}
	href, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`[data-testid=certificate-download]`), "href"))
	if err != nil || !href.Exists {
		t.Fatalf("download link: %v", err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[fetched](sprintfJS(downloadJS, href.Value), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := base64.StdEncoding.DecodeString(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 200 || res.Type != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF-") ||
		!strings.HasPrefix(res.Disposition, "attachment;") {
		t.Fatalf("download: status %d, type %q, disposition %q, %d bytes", res.Status, res.Type, res.Disposition, len(pdf))
	}
	text := pdfText(t, pdf)
	if !strings.Contains(text, "李明华") {
		t.Errorf("the PDF does not print the trainee's name: %s", text)
	}
	m := verifyURLInText.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no verification URL in the PDF text: %s", text)
	}
	if !strings.HasPrefix(m[1], base+"/verify/") {
		t.Errorf("the QR's URL %s is not under %s", m[1], base)
	}

	// The QR's URL opens the public page, logged in or not.
	err = chromedp.Do(ctx,
		chromedp.Navigate(m[1]),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=verify-state]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	state, _ := textOf(ctx, `[data-testid=verify-state]`)
	number, _ := textOf(ctx, `[data-testid=verify-number]`)
	name, _ := textOf(ctx, `[data-testid=verify-name]`)
	if state != "有效" || number != cert.Number || name != "李*华" {
		t.Errorf("verification page: state %q, number %q, name %q", state, number, name)
	}
}

// TestBrowserCourseZipShowsProgress: town staff open a course's
// certificates, click the zip download; the page shows the packing
// progress to the end, and the browser saves a zip of every certificate.
func TestBrowserCourseZipShowsProgress(t *testing.T) {
	ctx := newBrowser(t)
	base, app := startAppServer(t)
	fake := newFakeCompletions()
	fake.course("wz-yy", "WZ")
	for i := range 12 {
		fake.complete("wz-yy", fmt.Sprintf("p-%02d", i), "学员"+string(rune('甲'+i)), "WZ", "WZ01")
	}
	app.Certificates.SetCompletions(fake)
	dir := t.TempDir()

	if _, err := loginInBrowser(ctx, base, "wz_staff", testDemoPassword); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
			return err
		}),
		chromedp.Navigate(base+"/courses/wz-yy/certificates"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=issue-summary]`)),
		// Accept the page's "are you sure?" (a dialog would block the tab).
		chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`),
		chromedp.Click(chromedp.CSS(`form[action="/courses/wz-yy/certificates"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-zip-download]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if flash, _ := textOf(ctx, `.flash`); !strings.Contains(flash, "新发证书 12 张") {
		t.Errorf("after the batch the page says %q", flash)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-zip-download]`))); err != nil {
		t.Fatal(err)
	}
	var progress string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if progress, _ = textOf(ctx, `[data-zip-text]`); strings.HasPrefix(progress, "打包完成") {
			break
		}
	}
	if progress != "打包完成：共 12 张证书" {
		t.Fatalf("progress reads %q", progress)
	}
	// The browser saved the zip (under its own name).
	var entries int
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && entries == 0; time.Sleep(200 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(dir, "*.zip"))
		for _, f := range files {
			if zr, err := zip.OpenReader(f); err == nil {
				entries = len(zr.File)
				_ = zr.Close()
			}
		}
	}
	if entries != 12 {
		names, _ := os.ReadDir(dir)
		t.Errorf("downloaded zip has %d entries, want 12 (directory: %v)", entries, names)
	}
}

// sprintfJS puts a Go-quoted string (a valid JS string literal for URLs)
// into a script.
func sprintfJS(script, s string) string {
	return strings.Replace(script, "%q", `"`+strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)+`"`, 1)
}
