package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"skillcert"
	"skillcert/reports"
	"skillcert/roster"
)

// TestHomePagesShowTheYearsKeyFigures: the city's home shows the year's
// coverage, completions, certificates, staff training share and the
// assessment's leading and lagging town, as the coverage API computes them,
// with the as-of time and links; a town's home its own figures and rank; a
// village's its own figures.
func TestHomePagesShowTheYearsKeyFigures(t *testing.T) {
	ta := newTestApp(t)
	flushReports(t, ta)
	year := ta.app.Reports.Today().Year
	y := fmt.Sprint(year)
	cases := []struct {
		user, unit string
		want, not  []string
	}{
		{"admin", "city", []string{`data-testid="home-fig-leading"`, `data-testid="home-fig-lagging"`, "/reports/assessment?year=" + y}, []string{`home-fig-rank`}},
		{"wz_staff", "WZ", []string{`data-testid="home-fig-rank"`, "年度考核排名", "/reports/assessment?year=" + y}, []string{`home-fig-leading`}},
		{"wz_village", "WZ01", nil, []string{`home-fig-rank`, `home-fig-leading`}},
	}
	for _, tc := range cases {
		tok := ta.token(tc.user)
		res := ta.request("GET", "/", nil, tok)
		if res.Status != 200 {
			t.Fatalf("%s home: %d", tc.user, res.Status)
		}
		body := string(res.Body)
		api := ta.request("GET", "/api/reports/coverage?period="+y+"&unit="+tc.unit, nil, tok)
		var r reports.Report
		if err := json.Unmarshal(api.Body, &r); err != nil || api.Status != 200 {
			t.Fatalf("%s coverage API: %d %v", tc.user, api.Status, err)
		}
		want := append([]string{
			`data-testid="home-fig-coverage"`, "<strong>" + r.Unit.Coverage("all").String() + "</strong>",
			fmt.Sprintf("<strong>%d 人</strong>", r.Unit.Completed["all"]),
			fmt.Sprintf("<strong>%d 人</strong>", r.Unit.Certified["all"]),
			"<strong>" + r.Staff.Share().String() + "</strong>",
			`href="/reports/coverage?unit=` + tc.unit + `&amp;period=` + y + `"`, "数据截至 ",
		}, tc.want...)
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s home lacks %q", tc.user, w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(body, n) {
				t.Errorf("%s home shows %q", tc.user, n)
			}
		}
	}
	// The city's leading town is the assessment's first.
	as, err := ta.app.Reports.Assess(context.Background(), &skillcert.Actor{AccountID: "x", Role: skillcert.RoleCityAdmin}, year)
	if err != nil || len(as.Cards) == 0 {
		t.Fatalf("assessment: %v", err)
	}
	home := string(ta.request("GET", "/", nil, ta.token("admin")).Body)
	lead := home[strings.Index(home, `home-fig-leading`):]
	if !strings.Contains(lead[:300], as.Cards[0].TownName) {
		t.Errorf("leading tile %q does not name %s", lead[:300], as.Cards[0].TownName)
	}
}

// TestHomePagesIssueAFixedNumberOfCommands: the home pages with the
// year's figures read summaries, not records; the number of database
// commands stays the same when the register grows.
func TestHomePagesIssueAFixedNumberOfCommands(t *testing.T) {
	ta := newTestApp(t)
	flushReports(t, ta)
	users := []string{"admin", "wz_staff", "wz_village"}
	count := func() map[string]int {
		out := map[string]int{}
		for _, u := range users {
			res := ta.request("GET", "/", nil, ta.token(u))
			if res.Status != 200 {
				t.Fatalf("%s home: %d", u, res.Status)
			}
			out[u] = res.DBCommands
		}
		return out
	}
	small := count()
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
	grown := count()
	for _, u := range users {
		if small[u] != grown[u] {
			t.Errorf("%s home: %d database commands, then %d after the register grew", u, small[u], grown[u])
		}
	}
	t.Logf("commands per home page: %v", small)
}
