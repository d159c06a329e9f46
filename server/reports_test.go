package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"skillcert"
	"skillcert/courses"
	"skillcert/roster"
)

func flushReports(t *testing.T, ta *testApp) {
	t.Helper()
	if err := ta.app.Reports.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestCoveragePagesIssueAFixedNumberOfCommands checks that the coverage
// pages read summaries, not records: the number of database commands is
// the same before and after the register grows.
func TestCoveragePagesIssueAFixedNumberOfCommands(t *testing.T) {
	ta := newTestApp(t)
	flushReports(t, ta)
	admin, wz, village := ta.token("admin"), ta.token("wz_staff"), ta.token("wz_village")
	paths := []struct {
		path  string
		token string
		want  int
	}{
		// session + 6 summary documents by _id: meta, the unit's figures
		// of the period, its history (registrations by year, trend) and
		// staff, its children's figures of the period and registrations by
		// year; a village has no children.
		{"/api/reports/coverage?period=2026", admin, 7},
		{"/api/reports/coverage?period=2026-Q1&unit=WZ", wz, 7},
		{"/api/reports/coverage?period=2026-03", village, 5},
		{"/reports/coverage?period=2026", admin, 7},                 // the page: the same
		{"/api/reports/outreach?group=landless_farmer", village, 3}, // session, page, count
	}
	check := func(stage string) {
		for _, p := range paths {
			res := ta.request("GET", p.path, nil, p.token)
			if res.Status != 200 {
				t.Fatalf("%s: %d %s", p.path, res.Status, res.Body)
			}
			if res.DBCommands != p.want {
				t.Errorf("%s %s: %d database commands, want %d", stage, p.path, res.DBCommands, p.want)
			}
		}
	}
	check("small")
	staff := &skillcert.Actor{AccountID: "test", Username: "test", Role: skillcert.RoleTownStaff, Town: "WZ"}
	for i := range 30 {
		first17 := fmt.Sprintf("33048319900101%03d", 100+i)
		_, err := ta.app.Roster.Create(context.Background(), staff, roster.PersonInput{Name: "增长" + string(rune(0x4e00+i)),
			IDNumber: first17 + string(roster.IDCheckChar(first17)), Town: "WZ", Village: "WZ01",
			Groups: []string{string(roster.GroupLandlessFarmer)}, Education: string(roster.EduSeniorHigh),
			ComputerLevel: string(roster.ComputerBasic), Employment: string(roster.EmployedStatus)})
		if err != nil {
			t.Fatal(err)
		}
	}
	flushReports(t, ta)
	check("grown")
}

// TestCoverageDrillDownAndExports walks city → town → village → outreach
// list and checks that each export is a valid workbook with the page's
// numbers, and that a town cannot reach another town's figures.
func TestCoverageDrillDownAndExports(t *testing.T) {
	ta := newTestApp(t)
	flushReports(t, ta)
	admin := ta.token("admin")
	city := ta.request("GET", "/reports/coverage?period=2026", nil, admin)
	if city.Status != 200 || !strings.Contains(string(city.Body), "unit=WZ&amp;period=2026") || !strings.Contains(string(city.Body), "<svg") {
		t.Fatalf("city page: %d %s", city.Status, trim(city.Body))
	}
	town := ta.request("GET", "/reports/coverage?unit=WZ&period=2026", nil, admin)
	if town.Status != 200 || !strings.Contains(string(town.Body), "unit=WZ01&amp;period=2026") {
		t.Fatalf("town page: %d", town.Status)
	}
	vil := ta.request("GET", "/reports/coverage?unit=WZ01&period=2026", nil, admin)
	if vil.Status != 200 || !strings.Contains(string(vil.Body), "/reports/outreach?village=WZ01&amp;group=landless_farmer") {
		t.Fatalf("village page: %d", vil.Status)
	}
	list := ta.request("GET", "/api/reports/outreach?village=WZ01&group=landless_farmer&period=2026", nil, admin)
	var page skillcert.Page[struct{ Name, IDMasked string }]
	list.json(t, &page)
	if page.Total == 0 {
		t.Fatal("the demo village has no landless farmer to reach")
	}
	for _, r := range page.Items {
		if !strings.Contains(r.IDMasked, "********") {
			t.Fatalf("ID number not masked: %q", r.IDMasked)
		}
	}
	x := ta.request("GET", "/reports/outreach.xlsx?village=WZ01&group=landless_farmer&period=2026", nil, admin)
	if x.Status != 200 {
		t.Fatalf("outreach export: %d", x.Status)
	}
	f, err := excelize.OpenReader(bytes.NewReader(x.Body))
	if err != nil {
		t.Fatalf("outreach export is not a workbook: %v", err)
	}
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-4 != int(page.Total) || rows[4][1] != page.Items[0].Name {
		t.Fatalf("export has %d rows (first %v), the list %d", len(rows)-4, rows[4], page.Total)
	}
	cx := ta.request("GET", "/reports/coverage.xlsx?period=2026", nil, admin)
	f, err = excelize.OpenReader(bytes.NewReader(cx.Body))
	if cx.Status != 200 || err != nil {
		t.Fatalf("coverage export: %d %v", cx.Status, err)
	}
	if len(f.GetSheetList()) != 5 {
		t.Fatalf("coverage export sheets %v", f.GetSheetList())
	}
	// Bad input: a clear 400, not a 500.
	if res := ta.request("GET", "/api/reports/coverage?period=2026-13", nil, admin); res.Status != 400 || res.errorCode() != skillcert.EINVALID {
		t.Fatalf("bad period: %d %s", res.Status, res.Body)
	}
	if res := ta.request("GET", "/api/reports/coverage?from=2025-01-01&to=2026-06-30", nil, admin); res.Status != 400 {
		t.Fatalf("range over a year: %d", res.Status)
	}
	if res := ta.request("GET", "/api/reports/outreach?village=WZ&group=landless_farmer", nil, admin); res.Status != 400 {
		t.Fatalf("outreach of a town: %d", res.Status)
	}
}

// TestTraineeRatesCompletedCourse: the demo trainee finds the rating link
// on their completed course, rates through the page once, and a second
// rating is refused.
func TestTraineeRatesCompletedCourse(t *testing.T) {
	ta := newTestApp(t)
	tok := ta.token("trainee")
	id := demoCompletedCourse(ta)
	// The demo set's own ratings of city courses are there before.
	before, err := ta.app.Courses.TownRatings(context.Background(), "", ta.app.Reports.Today().Year)
	if err != nil {
		t.Fatal(err)
	}
	mine := ta.request("GET", "/my/courses", nil, tok)
	if mine.Status != 200 || !strings.Contains(string(mine.Body), "/my/courses/"+id+"/rate") {
		t.Fatalf("no rating link on my courses: %d", mine.Status)
	}
	if res := ta.request("GET", "/my/courses/"+id+"/rate", nil, tok); res.Status != 200 || !strings.Contains(string(res.Body), "rate-form") {
		t.Fatalf("rating page: %d", res.Status)
	}
	bad := ta.request("POST", "/my/courses/"+id+"/rate", url.Values{"content": {"6"}, "teacher": {"4"}, "organization": {"4"}}, tok)
	if bad.Status != 400 || !strings.Contains(string(bad.Body), "请为“培训内容”评 1 到 5 分") {
		t.Fatalf("bad score: %d %s", bad.Status, trim(bad.Body))
	}
	ok := ta.request("POST", "/my/courses/"+id+"/rate", url.Values{"content": {"5"}, "teacher": {"4"}, "organization": {"4"}, "comment": {"很实用"}}, tok)
	if ok.Status != 303 {
		t.Fatalf("rate: %d %s", ok.Status, trim(ok.Body))
	}
	if mine := ta.request("GET", "/my/courses", nil, tok); !strings.Contains(string(mine.Body), "已评议") {
		t.Fatal("the course is not shown as rated")
	}
	again := ta.request("POST", "/api/my/courses/"+id+"/rating", courses.RatingInput{Content: 1, Teacher: 1, Organization: 1}, tok)
	if again.Status != 409 {
		t.Fatalf("second rating: %d %s", again.Status, again.Body)
	}
	sum, err := ta.app.Courses.TownRatings(context.Background(), "", ta.app.Reports.Today().Year)
	if err != nil || sum.Count != before.Count+1 || sum.Total() != before.Total()+13 {
		t.Fatalf("ratings %+v after, %+v before: want one more, 13 points more; %v", sum, before, err)
	}
}
