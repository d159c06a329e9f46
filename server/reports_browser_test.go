package main

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// TestBrowserCityDrillsDownToTheOutreachList: on a phone-sized Chromium
// the city admin opens 培训覆盖, drills into 乌镇镇 and 民合村, opens the
// landless farmers' outreach list and downloads it as a workbook with as
// many rows as the list; then the demo trainee rates their completed
// course.
func TestBrowserCityDrillsDownToTheOutreachList(t *testing.T) {
	base, app := startAppServer(t)
	if err := app.Reports.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t) // after the demo load: the browser's deadline starts here
	if _, err := loginInBrowser(ctx, base, "admin", testDemoPassword); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav.main a[href="/reports/coverage"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=table-units]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=table-units] a[href*="unit=WZ&"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=table-units] a[href*="unit=WZ01&"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=table-units] a[href*="unit=WZ01&"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=outreach-link][href*="group=landless_farmer"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=outreach-link][href*="group=landless_farmer"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=outreach-total]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	totalText, err := textOf(ctx, `[data-testid=outreach-total]`)
	if err != nil {
		t.Fatal(err)
	}
	total, err := strconv.Atoi(totalText)
	if err != nil || total == 0 {
		t.Fatalf("outreach total %q", totalText)
	}
	href, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`[data-testid=outreach-xlsx]`), "href"))
	if err != nil || !href.Exists {
		t.Fatalf("export link: %v", err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[fetched](sprintfJS(downloadJS, href.Value), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	body, err := base64.StdEncoding.DecodeString(res.Body)
	if err != nil || res.Status != 200 || !strings.HasPrefix(res.Disposition, "attachment;") {
		t.Fatalf("download: %d %q %v", res.Status, res.Disposition, err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil || len(rows)-4 != total {
		t.Fatalf("workbook has %d rows, the list %d (%v)", len(rows)-4, total, err)
	}

	// The trainee rates their completed course.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loginInBrowser(ctx, base, "trainee", testDemoPassword); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/my/courses"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=rate-link]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=rate-link]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=rate-form]`)),
		chromedp.Click(chromedp.CSS(`input[name=content][value="5"]`)),
		chromedp.Click(chromedp.CSS(`input[name=teacher][value="4"]`)),
		chromedp.Click(chromedp.CSS(`input[name=organization][value="5"]`)),
		chromedp.SendKeys(chromedp.CSS(`#comment`), "实操多，很有用"),
		chromedp.Click(chromedp.CSS(`[data-testid=rate-form] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=rated]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	flash, _ := textOf(ctx, `.flash`)
	if !strings.Contains(flash, "评议已提交") {
		t.Errorf("flash %q", flash)
	}
}
