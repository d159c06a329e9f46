package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"skillcert/roster"
)

// Self-registration with a name the certificate font cannot print (𠮷,
// outside the BMP) succeeds, and says so at once, on the API and on the
// page, as the staff's person creation does.
func TestSelfRegistrationWarnsOfNamesOutsideTheCertificateFont(t *testing.T) {
	ta := newTestApp(t)
	first17 := "33048319880808222"
	var reg struct {
		Status   roster.PersonStatus `json:"status"`
		Warnings []string            `json:"warnings"`
	}
	ta.call("POST", "/api/register", "", roster.Registration{IDNumber: first17 + string(roster.IDCheckChar(first17)), Name: "𠮷田",
		Mobile: "13912340001", Password: "Passw0rd1", Village: "ZQ03"}, 201, &reg)
	if reg.Status != roster.PersonPending || len(reg.Warnings) != 1 || !strings.Contains(reg.Warnings[0], "𠮷") {
		t.Errorf("API registration: status %q warnings %q", reg.Status, reg.Warnings)
	}
	// A printable name carries no warning.
	first17 = "33048319880808333"
	reg.Warnings = nil
	ta.call("POST", "/api/register", "", roster.Registration{IDNumber: first17 + string(roster.IDCheckChar(first17)), Name: "田一",
		Mobile: "13912340002", Password: "Passw0rd1", Village: "ZQ03"}, 201, &reg)
	if len(reg.Warnings) != 0 {
		t.Errorf("warnings for a printable name: %q", reg.Warnings)
	}

	first17 = "33048319880808444"
	res := ta.request("POST", "/register", url.Values{"idNumber": {first17 + string(roster.IDCheckChar(first17))}, "name": {"𪚥明"},
		"mobile": {"13912340003"}, "password": {"Passw0rd1"}, "password2": {"Passw0rd1"}, "village": {"ZQ03"}}, "")
	if res.Status != http.StatusSeeOther {
		t.Fatalf("page registration: %d %s", res.Status, trim(res.Body))
	}
	flash := ""
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == flashCookie {
			flash, _ = url.QueryUnescape(c.Value)
		}
	}
	if !strings.Contains(flash, "注册申请已提交") || !strings.Contains(flash, "𪚥") || !strings.Contains(flash, "证书字体无法打印") {
		t.Errorf("the page's message after registering does not warn of 𪚥: %q", flash)
	}
}
