package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"skillcert"
	"skillcert/recruitment"
	"skillcert/roster"
)

// call sends a JSON request and checks the status, decoding the reply
// into out when given.
func (ta *testApp) call(method, path, token string, body any, want int, out any) *response {
	ta.t.Helper()
	res := ta.request(method, path, body, token)
	if res.Status != want {
		ta.t.Fatalf("%s %s: status %d, want %d: %s", method, path, res.Status, want, trim(res.Body))
	}
	if out != nil {
		res.json(ta.t, out)
	}
	return res
}

func result(t *testing.T, app recruitment.Application, key recruitment.RequirementKey) recruitment.RequirementResult {
	t.Helper()
	r, ok := app.Screening.Result(key)
	if !ok {
		t.Fatalf("%s has no %s result", app.Name, key)
	}
	return r
}

// TestRecruitmentFlowThroughTheAPI runs a recruitment end to end over the
// API: a post, five applications screened at submission, an override,
// scores, selection, the city's review with a return and a refill, the
// public notice, the hire after the notice with the on-hire actions, a
// staff account and the staffing table.
func TestRecruitmentFlowThroughTheAPI(t *testing.T) {
	ta := newTestApp(t)
	rf := newRecruitmentFixture(ta)
	rf.training.open["WZ"] = "course-wz-2026-1"
	rf.clock.day(2026, time.May, 4) // Monday
	wz, zq, admin, trainee := ta.token("wz_staff"), ta.token("zq_staff"), ta.token("admin"), ta.token("trainee")

	rf.addPerson("p-zhang", "张一", skillcert.NewDate(1991, time.January, 1))
	rf.addPerson("p-wang", "王二", skillcert.NewDate(1990, time.May, 15)) // 36 on the cutoff day
	chen := rf.addPerson("p-chen", "陈三", skillcert.NewDate(1994, time.July, 1))
	chen.Education = roster.EduSecondaryVo // the register's fact is screened on
	rf.register.mu.Lock()
	rf.register.people[chen.ID] = chen
	rf.register.mu.Unlock()
	rf.addPerson("p-liu", "刘四", skillcert.NewDate(1995, time.August, 8))

	// 1. The town opens a post; the requirements come from policy 2012-1.
	var post recruitment.Post
	ta.call("POST", "/api/recruitment/posts", wz, map[string]any{"title": "乌镇镇人力社保协理员", "places": 2,
		"opens": "2026-05-04", "closes": "2026-05-15", "extra": []string{"有较好的思想政治素质"}}, 201, &post)
	req := post.Requirements
	if req.PolicyVersion != "2012-1" || req.AgeLimit != 35 || req.MinEducation != roster.EduCollege || !req.RequireComputerSkills ||
		req.Cutoff.String() != "2026-05-15" || post.Town != "WZ" || post.Status != recruitment.PostOpen {
		t.Fatalf("post = %+v", post)
	}
	base := "/api/recruitment/posts/" + post.ID

	// 2. Five applications: the trainee for themselves, four by the town.
	var mine recruitment.Application
	ta.call("POST", base+"/applications", trainee, sampleApplication(""), 201, &mine)
	apps := map[string]recruitment.Application{"trainee": mine}
	for _, p := range []string{"p-zhang", "p-wang", "p-chen", "p-liu"} {
		in := sampleApplication(p)
		if p == "p-chen" {
			in.Education.Level = roster.EduSecondaryVo
		}
		var app recruitment.Application
		ta.call("POST", base+"/applications", wz, in, 201, &app)
		apps[p] = app
	}
	ta.call("POST", base+"/applications", wz, sampleApplication("p-liu"), 409, nil)

	// 3. Screening at submission, with the reasons.
	for _, who := range []string{"trainee", "p-zhang", "p-liu"} {
		if !apps[who].Screening.Eligible {
			t.Errorf("%s not eligible: %+v", who, apps[who].Screening)
		}
	}
	if r := result(t, apps["p-wang"], recruitment.RequirementAge); r.Passed || r.Explanation != "截至 2026-05-15 年满 36 周岁，超过 35 周岁上限" {
		t.Errorf("王二 age = %+v", r)
	}
	if r := result(t, apps["p-chen"], recruitment.RequirementEducation); r.Passed || r.Explanation != "学历为中专，低于大专要求" {
		t.Errorf("陈三 education = %+v", r)
	}
	if r := result(t, apps["trainee"], recruitment.RequirementAge); !r.Passed || r.Explanation != "截至 2026-05-15 年满 30 周岁，未超过 35 周岁上限" {
		t.Errorf("trainee age = %+v", r)
	}
	// Another town sees none of it; the trainee sees only their own.
	ta.call("GET", "/api/recruitment/applications/"+apps["p-wang"].ID, zq, nil, 404, nil)
	ta.call("GET", base+"/applications", zq, nil, 404, nil)
	ta.call("GET", "/api/recruitment/applications/"+apps["p-wang"].ID, trainee, nil, 404, nil)
	var own pageOf[recruitment.Application]
	ta.call("GET", "/api/recruitment/my/applications", trainee, nil, 200, &own)
	// (The demo set holds the trainee's application to its own post.)
	var ownHere []recruitment.Application
	for _, a := range own.Items {
		if a.PostID == post.ID {
			ownHere = append(ownHere, a)
		}
		if a.PersonID != mine.PersonID {
			t.Errorf("the trainee sees another person's application %s", a.ID)
		}
	}
	if len(ownHere) != 1 || ownHere[0].ID != mine.ID {
		t.Errorf("trainee's applications = %+v", own)
	}
	var board pageOf[recruitment.Application]
	ta.call("GET", base+"/applications", wz, nil, 200, &board)
	if board.Total != 5 {
		t.Errorf("board has %d applications", board.Total)
	}

	// An override of 王二's age, with a written reason.
	var wang recruitment.Application
	ta.call("POST", "/api/recruitment/applications/"+apps["p-wang"].ID+"/overrides", wz, overrideRequest{Key: recruitment.RequirementAge, Reason: "短"}, 400, nil)
	ta.call("POST", "/api/recruitment/applications/"+apps["p-wang"].ID+"/overrides", wz,
		overrideRequest{Key: recruitment.RequirementAge, Reason: "从事村级社保代办八年，熟悉业务"}, 200, &wang)
	if !wang.Screening.Eligible || !wang.NeedsCityReview {
		t.Fatalf("after override: %+v", wang)
	}

	// 4. Scores after the deadline, ranking and selection.
	ta.call("POST", base+"/close", wz, nil, 409, nil)
	rf.clock.day(2026, time.May, 18)
	ta.call("POST", base+"/close", wz, nil, 200, nil)
	ta.call("POST", base+"/scores", wz, scoresRequest{Scores: []recruitment.ScoreEntry{{ApplicationID: apps["p-chen"].ID, Written: "90", Interview: "90"}}}, 400, nil)
	var saved scoresReply
	ta.call("POST", base+"/scores", wz, scoresRequest{Scores: []recruitment.ScoreEntry{
		{ApplicationID: mine.ID, Written: "80", Interview: "85"},
		{ApplicationID: apps["p-zhang"].ID, Written: "90", Interview: "88"},
		{ApplicationID: apps["p-wang"].ID, Written: "85", Interview: "90"},
		{ApplicationID: apps["p-liu"].ID, Written: "70", Interview: "75"},
	}}, 200, &saved)
	if saved.Saved != 4 {
		t.Errorf("saved %d", saved.Saved)
	}
	var ranking recruitment.RankingView
	ta.call("POST", base+"/select", wz, nil, 200, &ranking)
	var order, proposed []string
	for _, r := range ranking.Rows.Items {
		order = append(order, r.Name+" "+r.TotalText)
		if r.Status == recruitment.AppProposed {
			proposed = append(proposed, r.Name)
		}
	}
	if !slices.Equal(order, []string{"张一 89.0", "王二 87.5", "李学员 82.5", "刘四 72.5"}) || !slices.Equal(proposed, []string{"张一", "王二"}) {
		t.Fatalf("ranking %v, proposed %v", order, proposed)
	}
	ta.call("POST", base+"/submit", wz, nil, 200, nil)

	// 5. The city reviews: 张一 approved, 王二's override returned; the
	// town fills the place with the next in rank, the city approves.
	var queue pageOf[recruitment.Application]
	ta.call("GET", "/api/recruitment/reviews", admin, nil, 200, &queue)
	// (The demo set has a proposed hire of its own post in the queue.)
	var queued []recruitment.Application
	for _, a := range queue.Items {
		if a.PostID == post.ID {
			queued = append(queued, a)
		}
	}
	if len(queued) != 2 || queued[0].NeedsCityReview == queued[1].NeedsCityReview {
		t.Fatalf("queue = %+v", queue)
	}
	ta.call("GET", "/api/recruitment/reviews", wz, nil, 403, nil)
	ta.call("POST", "/api/recruitment/applications/"+apps["p-zhang"].ID+"/review", admin, recruitment.ReviewInput{Decision: recruitment.DecisionApprove}, 200, nil)
	ta.call("POST", "/api/recruitment/applications/"+apps["p-wang"].ID+"/review", admin, recruitment.ReviewInput{Decision: recruitment.DecisionReturn}, 400, nil)
	ta.call("POST", "/api/recruitment/applications/"+apps["p-wang"].ID+"/review", admin,
		recruitment.ReviewInput{Decision: recruitment.DecisionReturn, Reason: "超龄破格理由不充分"}, 200, nil)
	ta.call("GET", base, wz, nil, 200, &post)
	if post.Status != recruitment.PostReviewed {
		t.Fatalf("post after review: %s", post.Status)
	}
	ta.call("POST", base+"/select", wz, nil, 200, &ranking)
	ta.call("POST", base+"/submit", wz, nil, 200, nil)
	ta.call("POST", "/api/recruitment/applications/"+mine.ID+"/review", admin, recruitment.ReviewInput{Decision: recruitment.DecisionApprove}, 200, nil)

	// 6. The notice: published on Wednesday 2026-05-20, five working days.
	rf.clock.day(2026, time.May, 20)
	ta.call("POST", base+"/notice", admin, nil, 200, &post)
	if post.Notice.Start.String() != "2026-05-20" || post.Notice.End.String() != "2026-05-26" {
		t.Errorf("notice %v to %v", post.Notice.Start, post.Notice.End)
	}
	notice := ta.call("GET", "/api/recruitment/notices", "", nil, 200, nil)
	var notices pageOf[recruitment.PublicNotice]
	notice.json(t, &notices)
	if notices.Total != 1 || len(notices.Items[0].Entries) != 2 {
		t.Fatalf("notices = %+v", notices)
	}
	for _, e := range notices.Items[0].Entries {
		if e.Town != "乌镇镇" || !strings.HasPrefix(e.IDMasked, "330483********") || (e.Name != "张一" && e.Name != "李学员") {
			t.Errorf("notice entry %+v", e)
		}
	}

	// 7. The hire is final only after the notice period.
	ta.call("POST", base+"/hire", wz, nil, 409, nil)
	rf.clock.day(2026, time.May, 27)
	var rep recruitment.HireReport
	ta.call("POST", base+"/hire", wz, nil, 200, &rep)
	if rep.Post.Status != recruitment.PostClosed || len(rep.Hired) != 2 {
		t.Fatalf("hire report = %+v", rep)
	}
	for _, h := range rep.Hired {
		if !h.PlatformStaffGroup || h.TrainingCourseID != "course-wz-2026-1" || h.NeedsJobPostTraining || len(h.Pending) != 0 {
			t.Errorf("on hire of %s: %+v", h.Name, h)
		}
	}
	for _, p := range []string{"p-zhang", rf.trainee} {
		if rf.register.staff[p] != 1 || rf.training.enrolled[p] != [2]string{"course-wz-2026-1", "WZ"} {
			t.Errorf("%s: platform staff %d, enrolled %v", p, rf.register.staff[p], rf.training.enrolled[p])
		}
	}
	if rf.register.staff["p-wang"] != 0 || rf.register.staff["p-liu"] != 0 {
		t.Errorf("people not hired were changed: %v", rf.register.staff)
	}
	if notices := ta.call("GET", "/api/recruitment/notices", "", nil, 200, nil); strings.Contains(string(notices.Body), "张一") {
		t.Errorf("notice still shown after its period: %s", notices.Body)
	}

	// 8. A town staff account for 张一: a town post's account is the city's
	// to create; the staffing table then counts them on post.
	var before recruitment.StaffingView
	ta.call("GET", "/api/recruitment/staffing", wz, nil, 200, &before)
	ta.call("POST", "/api/recruitment/applications/"+apps["p-zhang"].ID+"/account", wz, recruitment.StaffAccountInput{Username: "zhang_yi", Password: "Passw0rd1"}, 403, nil)
	ta.call("POST", "/api/recruitment/applications/"+apps["p-zhang"].ID+"/account", admin, recruitment.StaffAccountInput{Username: "zhang_yi", Password: "Passw0rd1"}, 201, nil)
	var after recruitment.StaffingView
	ta.call("GET", "/api/recruitment/staffing", wz, nil, 200, &after)
	if len(after.Towns) != 1 || after.Towns[0].Gap.OnPost != before.Towns[0].Gap.OnPost+1 || after.Towns[0].Gap.Required != 9 {
		t.Errorf("WZ staffing before %+v after %+v", before.Towns, after.Towns)
	}

	// Every change is in the audit trail.
	var trail pageOf[struct {
		Action string `json:"action"`
		Result string `json:"result"`
	}]
	ta.call("GET", "/api/audit?size=100&targetId="+apps["p-zhang"].ID, ta.token("auditor"), nil, 200, &trail)
	var actions []string
	for _, e := range trail.Items {
		actions = append(actions, e.Action)
	}
	for _, want := range []string{"recruitment.application.create", "recruitment.scores.enter", "recruitment.application.review", "recruitment.hire", "recruitment.account.create"} {
		if !slices.Contains(actions, want) {
			t.Errorf("audit of 张一 lacks %s: %v", want, actions)
		}
	}
}

// TestPublicNoticeShowsOnlyNameMaskedIDAndTown reads the notice as an
// anonymous visitor, over the API and as a page: each person appears with
// name, masked ID number and town, and nothing else of theirs.
func TestPublicNoticeShowsOnlyNameMaskedIDAndTown(t *testing.T) {
	ta := newTestApp(t)
	rf := newRecruitmentFixture(ta)
	b := rf.postIn("WZ", recruitment.PostReviewed, postOpts{Places: 1})
	app := b.Apps[0]
	must(ta.app.Recruitment.PublishNotice(t.Context(), rf.actor("admin"), b.Post.ID))(t)

	res := ta.call("GET", "/api/recruitment/notices", "", nil, 200, nil)
	var raw struct {
		Items []map[string]json.RawMessage `json:"items"`
	}
	res.json(t, &raw)
	if len(raw.Items) != 1 {
		t.Fatalf("notices: %s", res.Body)
	}
	var entries []map[string]string
	if err := json.Unmarshal(raw.Items[0]["entries"], &entries); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"name": app.Name, "idMasked": app.IDMasked, "town": "乌镇镇"}
	if len(entries) != 1 || fmt.Sprint(entries[0]) != fmt.Sprint(want) {
		t.Errorf("entries = %v, want exactly %v", entries, want)
	}
	page := ta.call("GET", "/recruitment/notices", "", nil, 200, nil)
	body := string(page.Body)
	for _, s := range []string{app.Name, app.IDMasked, "乌镇镇"} {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	for _, s := range []string{app.PersonID, app.Phone, app.Education.School, app.BirthDate.String(), app.ID} {
		if strings.Contains(string(res.Body), s) || strings.Contains(body, s) {
			t.Errorf("notice shows %q", s)
		}
	}
}
