package main

import (
	"strings"
	"testing"
	"time"

	"skillcert/courses"
	"skillcert/recruitment"
)

// Every API takes an enum's code or its Chinese label, and a refusal lists
// the valid values.
func TestEnumsAcceptCodeOrLabelEverywhere(t *testing.T) {
	ta := newTestApp(t)
	wz := ta.token("wz_staff")

	// Course eligibility: 被征地农民 as the register writes it.
	pass := 60
	now := time.Now()
	in := courses.CourseInput{Title: "枚举测试课程", Type: courses.TypeVocational, Trade: "电工", Level: courses.LevelJunior,
		Residency: courses.ResidencyCity, Capacity: 30, EnrollOpens: now.Add(-time.Hour), EnrollCloses: now.AddDate(0, 0, 30),
		ClassHours: 8, PassScore: &pass, TargetGroups: []string{"被征地农民", "enterprise_worker"}}
	var c courses.Course
	ta.call("POST", "/api/courses", wz, in, 201, &c)
	if strings.Join(c.TargetGroups, ",") != "landless_farmer,enterprise_worker" {
		t.Errorf("target groups stored as %v", c.TargetGroups)
	}
	in.TargetGroups = []string{"农民"}
	res := ta.request("POST", "/api/courses", in, wz)
	if res.Status != 400 || !strings.Contains(string(res.Body), "被征地农民") || !strings.Contains(string(res.Body), "企业退休人员") {
		t.Errorf("unknown group: %d %s, want 400 listing the groups", res.Status, res.Body)
	}

	// Application: 大专 as the register writes it.
	rf := newRecruitmentFixture(ta)
	post := rf.postIn("WZ", recruitment.PostOpen, postOpts{})
	app := map[string]any{"personId": rf.newPerson(false), "phone": "13911112222",
		"education":     map[string]any{"level": "大专", "school": "嘉兴职业技术学院", "major": "社会保障", "fullTime": true},
		"computerSkill": map[string]any{"level": "basic"}}
	var got recruitment.Application
	ta.call("POST", "/api/recruitment/posts/"+post.Post.ID+"/applications", wz, app, 201, &got)
	if got.Education.Level.Label() != "大专" || string(got.Education.Level) != "college" {
		t.Errorf("education stored as %q", got.Education.Level)
	}
	app["personId"] = rf.newPerson(false)
	app["education"] = map[string]any{"level": "大学", "school": "某大学"}
	res = ta.request("POST", "/api/recruitment/posts/"+post.Post.ID+"/applications", app, wz)
	if res.Status != 400 || !strings.Contains(string(res.Body), "大专") || !strings.Contains(string(res.Body), "博士研究生") {
		t.Errorf("unknown education: %d %s, want 400 listing the levels", res.Status, res.Body)
	}
}
