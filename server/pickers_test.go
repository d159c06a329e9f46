package main

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"skillcert"
	"skillcert/courses"
	"skillcert/roster"
)

// aResident is an active 乌镇镇 resident of the demo register other than
// the demo trainee.
func aResident(t *testing.T, ta *testApp) roster.Person {
	t.Helper()
	staff := &skillcert.Actor{AccountID: ta.accountID("wz_staff"), Username: "wz_staff", Role: skillcert.RoleTownStaff, Town: "WZ"}
	res, err := ta.app.Roster.List(context.Background(), staff, roster.Filter{Status: roster.PersonActive}, skillcert.PageRequest{Page: 1, Size: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Items {
		if p.Name != "李学员" {
			return p
		}
	}
	t.Fatal("no demo resident")
	return roster.Person{}
}

var hrefPersonRe = regexp.MustCompile(`href="([^"]*personId=[^"]*)"`)

// TestApplyOnBehalfPicksThePersonBySearch: staff applying on someone's
// behalf find the person by name or the last four characters of the ID
// number and choose them; no internal ID is typed.
func TestApplyOnBehalfPicksThePersonBySearch(t *testing.T) {
	ta := newTestApp(t)
	pc := ta.pageClient("wz_staff")
	today := ta.app.Recruitment.Today()
	res := pc.post("/recruitment/posts", url.Values{"title": {"测试协理员岗位"}, "places": {"1"},
		"opens": {today.String()}, "closes": {today.AddDays(10).String()}})
	m := regexp.MustCompile(`/recruitment/posts/([0-9a-f]{24})`).FindStringSubmatch(string(res.Body))
	if m == nil {
		t.Fatalf("post not created (%d)", res.Status)
	}
	apply := "/recruitment/posts/" + m[1] + "/apply"
	page := string(pc.get(apply).Body)
	if strings.Contains(page, `name="personId" value=""`) || strings.Contains(page, "人员编号") {
		t.Error("the apply page still asks for the internal person ID")
	}
	who := aResident(t, ta)
	for _, q := range []string{who.Name, who.IDMasked[len(who.IDMasked)-4:]} {
		found := string(pc.get(apply + "?pq=" + url.QueryEscape(q)).Body)
		links := hrefPersonRe.FindAllStringSubmatch(found, -1)
		var link string
		for _, l := range links {
			if strings.Contains(l[1], who.ID) {
				link = strings.ReplaceAll(l[1], "&amp;", "&")
			}
		}
		if link == "" {
			t.Errorf("searching %q does not offer %s to choose", q, who.Name)
			continue
		}
		chosen := string(pc.get(link).Body)
		if !strings.Contains(chosen, `data-testid="chosen-person"`) || !strings.Contains(chosen, `name="personId" value="`+who.ID+`"`) {
			t.Errorf("choosing %s does not carry them into the form", who.Name)
		}
	}
}

// TestCertificatesDeskFindsCourseByTitle: the certificate desk finds a
// course by its title instead of asking for its ID.
func TestCertificatesDeskFindsCourseByTitle(t *testing.T) {
	ta := newTestApp(t)
	pc := ta.pageClient("admin")
	desk := string(pc.get("/certificates").Body)
	if strings.Contains(desk, "课程编号") {
		t.Error("the desk still asks for a 课程编号")
	}
	list, err := ta.app.Courses.ListCourses(context.Background(), &skillcert.Actor{Role: skillcert.RoleCityAdmin, AccountID: "x"},
		courses.CourseFilter{Status: courses.StatusCompleted}, skillcert.PageRequest{Page: 1, Size: 1})
	if err != nil || len(list.Items) == 0 {
		t.Fatalf("a completed demo course: %v", err)
	}
	co := list.Items[0]
	word := []rune(co.Title)
	found := string(pc.get("/certificates?cq=" + url.QueryEscape(string(word[2:6]))).Body)
	if !strings.Contains(found, `href="/courses/`+co.ID+`/certificates"`) {
		t.Errorf("searching part of %q does not offer its certificates", co.Title)
	}
	none := string(pc.get("/certificates?cq=" + url.QueryEscape("不存在的课程名")).Body)
	if !strings.Contains(none, "没有找到") {
		t.Error("a search without matches says nothing")
	}
}

// TestBulkEnrollPicksPeopleBySearch: staff enroll people found by name
// on the course page, besides pasting ID numbers.
func TestBulkEnrollPicksPeopleBySearch(t *testing.T) {
	ta := newTestApp(t)
	co := openCourse(t, ta, false)
	who := aResident(t, ta)
	pc := ta.pageClient("wz_staff")
	page := string(pc.get("/courses/" + co.ID + "?pq=" + url.QueryEscape(who.Name)).Body)
	if !strings.Contains(page, `name="personId" value="`+who.ID+`"`) {
		t.Fatalf("the course page's search does not list %s to pick", who.Name)
	}
	res := string(pc.post("/courses/"+co.ID+"/enroll-bulk", url.Values{"personId": {who.ID}}).Body)
	if !strings.Contains(res, `data-testid="bulk-line"`) || !strings.Contains(res, who.Name) {
		t.Fatalf("enrolling the picked person shows no result line")
	}
	row, err := ta.app.Courses.ListEnrollments(context.Background(), &skillcert.Actor{Role: skillcert.RoleCityAdmin, AccountID: "x"},
		co.ID, "", skillcert.PageRequest{Page: 1, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	enrolled := false
	for _, e := range row.Items {
		enrolled = enrolled || e.PersonID == who.ID
	}
	if !enrolled {
		t.Errorf("%s was not enrolled", who.Name)
	}
}
