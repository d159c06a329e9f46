package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"skillcert"
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
		{"/api/reports/coverage?period=2026", admin, 2},             // session, summaries by _id
		{"/api/reports/coverage?period=2026-Q1&unit=WZ", wz, 2},     // session, summaries by _id
		{"/api/reports/coverage?period=2026-03", village, 2},        // session, summaries by _id
		{"/reports/coverage?period=2026", admin, 2},                 // the page: the same
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
