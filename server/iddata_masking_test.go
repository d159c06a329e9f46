package main

import (
	"strings"
	"testing"

	"skillcert"
	"skillcert/demo"
	"skillcert/recruitment"
	"skillcert/roster"
)

// The masked ID number hides exactly the birth date: no list, detail,
// application, page or API answer outside the audited reveal shows the
// two together. These tests read what users get.

// birthForms are the ways a birth date 19950520 could be written.
func birthForms(yyyymmdd string) []string {
	y, m, d := yyyymmdd[:4], yyyymmdd[4:6], yyyymmdd[6:]
	return []string{yyyymmdd, y + "-" + m + "-" + d, y + "年" + strings.TrimLeft(m, "0") + "月" + strings.TrimLeft(d, "0") + "日", y + "/" + m + "/" + d}
}

func TestAnswersNeverPairTheMaskedNumberWithTheBirthDate(t *testing.T) {
	ta := newTestApp(t)
	city := &skillcert.Actor{AccountID: "city", Username: "admin", Role: skillcert.RoleCityAdmin}
	ids, err := ta.app.Roster.PersonIDsByIDNumbers(t.Context(), city, []string{demo.TraineeIDNumber})
	if err != nil || ids[demo.TraineeIDNumber] == "" {
		t.Fatalf("demo trainee: %v %v", ids, err)
	}
	id, masked := ids[demo.TraineeIDNumber], skillcert.MaskIDNumber(demo.TraineeIDNumber)
	births := birthForms(demo.TraineeIDNumber[6:14])
	wz := ta.token("wz_staff")
	answers := map[string]*response{
		"list":    ta.request("GET", "/api/persons?size=100", nil, wz),
		"detail":  ta.request("GET", "/api/persons/"+id, nil, wz),
		"profile": ta.request("GET", "/api/profile", nil, ta.token("trainee")),
		"page":    ta.request("GET", "/persons/"+id, nil, wz),
		"my page": ta.request("GET", "/profile", nil, ta.token("trainee")),
	}
	for name, res := range answers {
		body := string(res.Body)
		if res.Status != 200 || !strings.Contains(body, masked) {
			t.Errorf("%s: %d, masked number %s missing", name, res.Status, masked)
			continue
		}
		for _, b := range append(births, `"birthDate"`) {
			if strings.Contains(body, b) {
				t.Errorf("%s shows %q beside the masked number", name, b)
			}
		}
		if !strings.Contains(body, "1995") {
			t.Errorf("%s: no birth year", name)
		}
	}
	var p roster.Person
	ta.call("GET", "/api/persons/"+id, wz, nil, 200, &p)
	var raw map[string]any
	answers["detail"].json(t, &raw)
	if raw["birthYear"] != float64(1995) {
		t.Errorf("detail birthYear = %v", raw["birthYear"])
	}
	applicationsNeverPairTheMaskedNumberWithTheBirthDate(t, ta)
}

// applicationsNeverPairTheMaskedNumberWithTheBirthDate: the same for
// recruitment applications, their screening and the screening board.
func applicationsNeverPairTheMaskedNumberWithTheBirthDate(t *testing.T, ta *testApp) {
	rf := newRecruitmentFixture(ta)
	b := rf.postIn("WZ", recruitment.PostOpen, postOpts{Places: 1})
	app := b.Apps[0]
	if skillcert.CalendarYear(app.BirthDate) != 1996 {
		t.Fatalf("the fixture's applicants are born on 1996-01-01, this one in %d", skillcert.CalendarYear(app.BirthDate))
	}
	births := birthForms("19960101")
	wz := ta.token("wz_staff")
	answers := map[string]*response{
		"applications": ta.request("GET", "/api/recruitment/posts/"+b.Post.ID+"/applications", nil, wz),
		"application":  ta.request("GET", "/api/recruitment/applications/"+app.ID, nil, wz),
		"screening":    ta.request("GET", "/recruitment/posts/"+b.Post.ID+"/screening", nil, wz),
	}
	for name, res := range answers {
		body := string(res.Body)
		if res.Status != 200 || !strings.Contains(body, app.IDMasked) {
			t.Errorf("%s: %d, masked number %s missing: %.300s", name, res.Status, app.IDMasked, body)
			continue
		}
		for _, s := range append(births, `"birthDate"`, "birth=") {
			if strings.Contains(body, s) {
				t.Errorf("%s shows %q beside the masked number", name, s)
			}
		}
	}
}
