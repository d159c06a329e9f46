package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"skillcert/roster"

	"skillcert"
)

// TestBrowserTownStaffImportAFileAndSeeTheReport: 乌镇镇's staff upload
// an .xlsx in a phone-sized browser, watch the import finish and read the
// faulty rows, then find an imported person in the list.
func TestBrowserTownStaffImportAFileAndSeeTheReport(t *testing.T) {
	ctx := newBrowser(t)
	s := startServer(t, t.TempDir(), nil)
	if _, err := loginInBrowser(ctx, s.URL, "wz_staff", testDemoPassword); err != nil {
		t.Fatal(err)
	}
	file, err := filepath.Abs(filepath.Join("..", "roster", "testdata", "wz_residents.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.URL+"/persons/import"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=import-submit]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{file}),
		chromedp.Click(chromedp.CSS(`[data-testid=import-submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=import-done]`)),
	); err != nil {
		t.Fatal(err)
	}
	for sel, want := range map[string]string{
		`[data-testid=import-done]`:     "已完成",
		`[data-testid=count-created]`:   "4",
		`[data-testid=count-unchanged]`: "0",
		`[data-testid=count-invalid]`:   "2",
	} {
		if got, err := textOf(ctx, sel); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", sel, got, err, want)
		}
	}
	report, err := textOf(ctx, `[data-testid=import-errors]`)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"不在您的管辖范围：您只能导入乌镇镇的人员，此行为洲泉镇 湘溪村", "村（社区）“示例村”不属于乌镇镇"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	href, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`[data-testid=error-report]`), "href"))
	if err != nil || !strings.HasSuffix(href.Value, "/errors.xlsx") {
		t.Errorf("error report link %q %v", href.Value, err)
	}
	// The imported person is in the register, the number masked.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.URL+"/persons?name="+urlQuery("褚建明")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=persons]`)),
	); err != nil {
		t.Fatal(err)
	}
	list, err := textOf(ctx, `[data-testid=persons]`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(list, "褚建明") || !strings.Contains(list, "330483********") || !strings.Contains(list, "乌镇镇 虹桥村") {
		t.Errorf("list after the import:\n%s", list)
	}
}

// TestBrowserTraineeRegistersAndLogsIn: someone not yet in the register
// signs up on the public page, logs in with the mobile number and finds
// their record awaiting the town's confirmation.
func TestBrowserTraineeRegistersAndLogsIn(t *testing.T) {
	ctx := newBrowser(t)
	s := startServer(t, t.TempDir(), nil)
	first17 := "33048319960606222"
	id := first17 + string(roster.IDCheckChar(first17))
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.URL+"/register"),
		chromedp.WaitVisible(chromedp.CSS(`#idNumber`)),
		chromedp.SendKeys(chromedp.CSS(`#name`), "周新妹"),
		chromedp.SendKeys(chromedp.CSS(`#idNumber`), strings.ToLower(id)),
		chromedp.SendKeys(chromedp.CSS(`#mobile`), "13957300001"),
		chromedp.SetValue(chromedp.CSS(`#village`), "WZ02"),
		chromedp.SendKeys(chromedp.CSS(`#password`), "Xinmei2026"),
		chromedp.SendKeys(chromedp.CSS(`#password2`), "Xinmei2026"),
		chromedp.Click(chromedp.CSS(`[data-testid=register-submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
	); err != nil {
		t.Fatal(err)
	}
	flash, err := textOf(ctx, `.flash`)
	if err != nil || !strings.Contains(flash, "注册申请已提交") || !strings.Contains(flash, "13957300001") {
		t.Errorf("after registering: %q %v", flash, err)
	}
	// Until the town confirms the new resident the account does not log
	// in (issue 11: a login must not tell who is in the register).
	if st, _ := postJSON(t, s.URL+"/api/auth/login", "", map[string]string{"username": "13957300001", "password": "Xinmei2026"}); st != 401 {
		t.Errorf("login before confirmation: %d", st)
	}
	staff := login(t, s.URL, "wz_staff", testDemoPassword)
	st, body := getJSON(t, s.URL+"/api/persons?status=pending&mobile=13957300001", staff)
	var pending struct{ Items []roster.Person }
	if err := json.Unmarshal(body, &pending); st != 200 || err != nil || len(pending.Items) != 1 {
		t.Fatalf("pending: %d %s", st, body)
	}
	if st, body := postJSON(t, s.URL+"/api/persons/"+pending.Items[0].ID+"/confirm", staff, roster.PersonInput{Name: "周新妹", Town: "WZ", Village: "WZ02",
		Mobile: "13957300001", Groups: []string{"企业职工"}, Education: "高中", Employment: "在职"}); st != 200 {
		t.Fatalf("confirm: %d %s", st, body)
	}
	title, err := loginInBrowser(ctx, s.URL, "13957300001", "Xinmei2026")
	if err != nil {
		t.Fatal(err)
	}
	if title != "我的学习" {
		t.Errorf("home title %q", title)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.URL+"/profile"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=profile-name]`)),
	); err != nil {
		t.Fatal(err)
	}
	for sel, want := range map[string]string{
		`[data-testid=profile-name]`: "周新妹",
		`[data-testid=id-number]`:    skillcert.MaskIDNumber(id),
	} {
		if got, err := textOf(ctx, sel); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", sel, got, err, want)
		}
	}
}
