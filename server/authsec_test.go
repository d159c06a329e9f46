package main

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
	"skillcert/roster"
	"skillcert/store"
)

func loginToken(t *testing.T, ta *testApp, user, pw string, want int) string {
	t.Helper()
	res := ta.request("POST", "/api/auth/login", map[string]string{"username": user, "password": pw}, "")
	if res.Status != want {
		t.Fatalf("login %s: %d %s, want %d", user, res.Status, trim(res.Body), want)
	}
	var r struct{ Token string }
	if want == 200 {
		res.json(t, &r)
	}
	return r.Token
}

// An office creates an account, resets its password and unlocks it; the
// owner must change a password someone else chose before anything else.
func TestOfficeResetsPasswordsAndNewPasswordsMustBeChanged(t *testing.T) {
	ta := newTestApp(t)
	admin, wz, zq := ta.token("admin"), ta.token("wz_staff"), ta.token("zq_staff")
	// Password rules: three classes, not the username.
	for _, pw := range []string{"password1", "Passwordx", "Teacher_wz9"} {
		res := ta.request("POST", "/api/accounts", map[string]string{"username": "teacher_wz9", "name": "新教师", "password": pw, "role": "instructor", "town": "WZ"}, wz)
		if res.Status != 400 {
			t.Errorf("password %q accepted: %d", pw, res.Status)
		}
	}
	var acc auth.Account
	ta.call("POST", "/api/accounts", wz, map[string]string{"username": "teacher_wz9", "name": "新教师", "password": "Chalk-2026", "role": "instructor", "town": "WZ"}, 201, &acc)
	if !acc.MustChangePassword {
		t.Errorf("a new account made by staff need not change its password: %+v", acc)
	}
	tok := loginToken(t, ta, "teacher_wz9", "Chalk-2026", 200)
	if res := ta.request("GET", "/api/my/calendar-feed", nil, tok); res.Status != 403 || !strings.Contains(string(res.Body), "修改初始密码") {
		t.Errorf("before changing the password: %d %s", res.Status, trim(res.Body))
	}
	if res := ta.request("GET", "/", nil, tok); res.Status != 303 || res.Header.Get("Location") != "/password" {
		t.Errorf("home page before changing the password: %d %s", res.Status, res.Header.Get("Location"))
	}
	ta.call("GET", "/api/auth/me", tok, nil, 200, nil)
	ta.call("POST", "/api/auth/password", tok, map[string]string{"oldPassword": "Chalk-2026", "newPassword": "Board-2027"}, 204, nil)
	tok = loginToken(t, ta, "teacher_wz9", "Board-2027", 200)
	ta.call("GET", "/api/my/calendar-feed", tok, nil, 200, nil)

	// Another town cannot reset; the owning town can, and the old
	// password and sessions stop working.
	ta.call("POST", "/api/accounts/"+acc.ID+"/password-reset", zq, nil, 404, nil)
	var reset resetReply
	ta.call("POST", "/api/accounts/"+acc.ID+"/password-reset", wz, nil, 200, &reset)
	if reset.TemporaryPassword == "" || auth.ValidatePassword(reset.TemporaryPassword) != nil {
		t.Fatalf("temporary password %q", reset.TemporaryPassword)
	}
	ta.call("GET", "/api/auth/me", tok, nil, 401, nil)
	loginToken(t, ta, "teacher_wz9", "Board-2027", 401)
	tok = loginToken(t, ta, "teacher_wz9", reset.TemporaryPassword, 200)
	ta.call("GET", "/api/my/calendar-feed", tok, nil, 403, nil)

	// Locked out from one address; the office unlocks.
	for i := 0; i < auth.MaxFailures; i++ {
		loginToken(t, ta, "teacher_wz9", fmt.Sprintf("Wrong-%d-x", i), 401)
	}
	loginToken(t, ta, "teacher_wz9", reset.TemporaryPassword, 429)
	ta.call("POST", "/api/accounts/"+acc.ID+"/unlock", zq, nil, 404, nil)
	ta.call("POST", "/api/accounts/"+acc.ID+"/unlock", wz, nil, 200, nil)
	loginToken(t, ta, "teacher_wz9", reset.TemporaryPassword, 200)

	// The page: reset shows the temporary password once; disable and
	// enable come back to the list.
	page := ta.request("GET", "/accounts", nil, admin)
	for _, want := range []string{"/accounts/" + acc.ID + "/password-reset", "/accounts/" + acc.ID + "/disable", "/accounts/" + acc.ID + "/unlock", `<option value="WZ01"`} {
		if !strings.Contains(string(page.Body), want) {
			t.Errorf("accounts page lacks %s", want)
		}
	}
	own := ta.request("GET", "/accounts", nil, wz)
	if !strings.Contains(string(own.Body), `<option value="WZ" selected>`) {
		t.Error("account creation does not default to the creator's town")
	}
	var entries skillcert.Page[audit.Entry]
	ta.call("GET", "/api/audit?action=account.password_reset", ta.token("auditor"), nil, 200, &entries)
	if entries.Total < 1 {
		t.Error("reset not audited")
	}
}

// A resident in the register signs up with the code the office hands
// over; without it the register is untouched.
func TestActivationCodeLinksASelfRegistration(t *testing.T) {
	ta := newTestApp(t)
	wz := ta.token("wz_staff")
	first17 := "33048319850505222"
	id := first17 + string(roster.IDCheckChar(first17))
	var p roster.Person
	ta.call("POST", "/api/persons", wz, roster.PersonInput{Name: "金凤英", IDNumber: id, Mobile: "13900005555", Town: "WZ", Village: "WZ01",
		Groups: []string{"企业职工"}, Education: "高中", Employment: "在职"}, 201, &p)
	// Without a code: the attacker's registration changes nothing.
	var reg roster.Registered
	ta.call("POST", "/api/register", "", roster.Registration{IDNumber: id, Name: "金凤英", Mobile: "13800006666", Password: "Steal-2026", Village: "WZ01"}, 201, &reg)
	if reg.PersonID != "" || strings.Contains(reg.Message, "乌镇") {
		t.Errorf("reply %+v", reg)
	}
	loginToken(t, ta, "13800006666", "Steal-2026", 401)
	var after roster.Person
	ta.call("GET", "/api/persons/"+p.ID, wz, nil, 200, &after)
	if after.Mobile != "13900005555" {
		t.Errorf("the register changed: %+v", after)
	}
	// The office's code links the real resident.
	var code roster.ActivationCode
	ta.call("POST", "/api/persons/"+p.ID+"/activation-code", wz, nil, 201, &code)
	ta.call("POST", "/api/register", "", roster.Registration{IDNumber: id, Name: "金凤英", Mobile: "13900005555", Password: "Mine-2026x", Village: "WZ01",
		ActivationCode: code.Code}, 201, &reg)
	if reg.Status != roster.PersonActive || reg.PersonID != p.ID {
		t.Errorf("registered with a code %+v", reg)
	}
	tok := loginToken(t, ta, "13900005555", "Mine-2026x", 200)
	var me meReply
	ta.call("GET", "/api/auth/me", tok, nil, 200, &me)
	if me.PersonID != p.ID {
		t.Errorf("linked to %q", me.PersonID)
	}
	// The person page offers the code; the registration page asks for it.
	if !strings.Contains(string(ta.request("GET", "/persons/"+p.ID, nil, wz).Body), "/activation-code") {
		t.Error("the person page has no activation-code button")
	}
	if !strings.Contains(string(ta.request("GET", "/register", nil, "").Body), `name="activationCode"`) {
		t.Error("the registration page has no activation-code field")
	}
}

// The auditor's page and API name the first broken link of the chain;
// the list filters and speaks Chinese.
func TestAuditorVerifiesTheChainAndFiltersTheTrail(t *testing.T) {
	ta := newTestApp(t)
	auditor := ta.token("auditor")
	loginToken(t, ta, "wz_staff", testDemoPassword, 200)
	loginToken(t, ta, "wz_staff", "bad-Pass-1", 401)
	var v audit.Verification
	ta.call("GET", "/api/audit/verify", auditor, nil, 200, &v)
	if !v.OK || v.Checked < 3 {
		t.Fatalf("intact chain %+v", v)
	}
	if body := string(ta.request("GET", "/audit/verify", nil, auditor).Body); !strings.Contains(body, "审计日志完整") {
		t.Errorf("verify page on an intact chain: %s", body)
	}
	var failed skillcert.Page[audit.Entry]
	ta.call("GET", "/api/audit?actor=&action=login&targetId=wz_staff&from="+skillcert.Today().String()+"&to="+skillcert.Today().String(), auditor, nil, 200, &failed)
	if failed.Total != 1 || failed.Items[0].Result != audit.ResultFailed {
		t.Errorf("filtered trail %+v", failed)
	}
	ta.call("GET", "/api/audit?from=2026-13-01", auditor, nil, 400, nil)
	page := string(ta.request("GET", "/audit?action=login", nil, auditor).Body)
	if !strings.Contains(page, `<td data-testid="audit-action">登录</td>`) || strings.Contains(page, `<td data-testid="audit-action">login</td>`) {
		t.Error("the audit page does not show actions in Chinese")
	}
	// Someone with database access edits entry 2.
	coll := ta.app.DB.Collection(store.CollAudit)
	if _, err := coll.UpdateOne(context.Background(), bson.D{{Key: "seq", Value: int64(2)}}, bson.D{{Key: "$set", Value: bson.D{{Key: "detail", Value: "edited afterwards"}}}}); err != nil {
		t.Fatal(err)
	}
	ta.call("GET", "/api/audit/verify", auditor, nil, 200, &v)
	if v.OK || v.BrokenSeq != 2 {
		t.Errorf("after an edit %+v", v)
	}
	if body := string(ta.request("GET", "/audit/verify", nil, auditor).Body); !strings.Contains(body, "第 2 条处断裂") {
		t.Errorf("verify page after an edit: %s", trim([]byte(body)))
	}
}

// Issue 11 item 7: the smaller holes.
func TestSmallerHardenings(t *testing.T) {
	ta := newTestApp(t)
	wz := ta.token("wz_staff")
	// A login posted from an opaque origin.
	if r := ta.request("POST", "/login", url.Values{"username": {"wz_staff"}, "password": {testDemoPassword}}, "", "Origin", "null"); r.Status != 403 {
		t.Errorf("login with Origin: null: %d", r.Status)
	}
	// NUL bytes in free text, as JSON escape and in a form.
	res := ta.request("POST", "/api/persons", `{"name":"王\u0000五","idNumber":"","town":"WZ","village":"WZ01"}`, wz)
	if res.Status != 400 || res.errorCode() != skillcert.EINVALID {
		t.Errorf("NUL in JSON: %d %s", res.Status, trim(res.Body))
	}
	if r := ta.request("POST", "/password", url.Values{"oldPassword": {"a\x00b"}, "newPassword": {"x"}}, wz); r.Status != 400 {
		t.Errorf("NUL in a form: %d", r.Status)
	}
	if r := ta.request("POST", "/api/persons", `{"name":"王\\u0000五"}`, wz); r.errorCode() == skillcert.EINVALID && strings.Contains(string(r.Body), "NUL") {
		t.Errorf("an escaped backslash before u0000 is not a NUL: %s", r.Body)
	}
	// Personal data is not cached; errors from unreadable requests carry
	// the security headers and the JSON shape.
	if r := ta.request("GET", "/api/persons", nil, wz); r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control of personal data: %q", r.Header.Get("Cache-Control"))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = ta.app.fiber.Listener(ln) }()
	t.Cleanup(func() { _ = ta.app.fiber.Shutdown() })
	raw := rawRequest(t, "http://"+ln.Addr().String(), "GET /api/orgs HTTP/1.1\r\nHost: x\r\nX-Padding: "+strings.Repeat("a", 6000)+"\r\n\r\n")
	if !strings.Contains(raw, " 400 ") || !strings.Contains(raw, `{"error":{"code":"invalid"`) ||
		!strings.Contains(raw, "Content-Security-Policy:") || !strings.Contains(raw, "X-Content-Type-Options: nosniff") {
		t.Errorf("oversized header: %s", raw)
	}
	// HSTS only with an https base URL.
	if r := ta.request("GET", "/healthz", nil, ""); r.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS over http")
	}
	ta.app.cfg.BaseURL = "https://peixun.example.gov.cn"
	if r := ta.request("GET", "/healthz", nil, ""); !strings.HasPrefix(r.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Error("no HSTS with an https base URL")
	}
}
