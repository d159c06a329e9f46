package main

import (
	"strings"
	"testing"

	"skillcert/roster"
)

// A name with characters the certificate font cannot print (𠮷, outside
// the BMP) is accepted with a warning at registration and at enrollment,
// not refused only at issue after the course.
func TestNameOutsideTheCertificateFontIsWarnedEarly(t *testing.T) {
	ta := newTestApp(t)
	wz, village := ta.token("wz_staff"), ta.token("wz_village")
	first17 := "33048319900101123"
	in := roster.PersonInput{Name: "𠮷田", IDNumber: first17 + string(roster.IDCheckChar(first17)), Town: "WZ", Village: "WZ01",
		Groups: []string{"企业职工"}, Education: "高中", Employment: "在职"}
	var p struct {
		ID       string   `json:"id"`
		Warnings []string `json:"warnings"`
	}
	ta.call("POST", "/api/persons", village, in, 201, &p)
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "𠮷") {
		t.Errorf("registration warnings = %q", p.Warnings)
	}

	w := coursesWorld(t, ta.app)
	cid := w.fresh(own)
	var res struct {
		Warnings []string `json:"warnings"`
	}
	ta.call("POST", "/api/courses/"+cid+"/enrollments", wz, map[string]string{"personId": p.ID}, 201, &res)
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "𠮷") {
		t.Errorf("enrollment warnings = %q", res.Warnings)
	}
}
