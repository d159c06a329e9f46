package recruitment

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"skillcert"
	"skillcert/roster"
)

// TestInitialPolicyMatchesDefaultPolicy checks that the reference data
// the schema step loads (store/refdata/policy_params.json) is exactly
// DefaultPolicy().
func TestInitialPolicyMatchesDefaultPolicy(t *testing.T) {
	f := newFixture(t)
	vs, err := f.svc.policyVersions(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 {
		t.Fatalf("%d versions loaded, want 1", len(vs))
	}
	got, want := vs[0].PolicyParams, DefaultPolicy()
	if got.EffectiveFrom != want.EffectiveFrom {
		t.Errorf("effectiveFrom = %v, want %v", got.EffectiveFrom, want.EffectiveFrom)
	}
	got.EffectiveFrom = want.EffectiveFrom
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stored policy\n%+v\nwant\n%+v", got, want)
	}
	if vs[0].ID != want.Version {
		t.Errorf("_id = %q, want %q", vs[0].ID, want.Version)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("stored policy invalid: %v", err)
	}
}

func TestPolicyVersionsAreAddedByTheCityFromTodayOn(t *testing.T) {
	f := newFixture(t)
	in := PolicyInput{PolicyParams: DefaultPolicy(), EffectiveFrom: "2026-05-01"}
	in.Version, in.AgeLimit = "2026-1", 40

	_, err := f.svc.AddPolicyVersion(f.ctx, wzStaff, in)
	wantCode(t, err, skillcert.EFORBIDDEN)

	past := in
	past.EffectiveFrom = "2026-03-31"
	_, err = f.svc.AddPolicyVersion(f.ctx, cityAdmin, past)
	wantError(t, err, skillcert.EINVALID, "effectiveFrom", "生效日期 2026-03-31 早于今天 2026-04-01；新版本只能从今天或以后生效")

	bad := in
	bad.AgeLimit = 70
	_, err = f.svc.AddPolicyVersion(f.ctx, cityAdmin, bad)
	wantError(t, err, skillcert.EINVALID, "ageLimit", "年龄上限应在 18 至 60 周岁之间，当前为 70 周岁")

	v := must(f.svc.AddPolicyVersion(f.ctx, cityAdmin, in))(t)
	if v.ID != "2026-1" || v.CreatedBy != cityAdmin.AccountID {
		t.Errorf("version = %+v", v)
	}
	_, err = f.svc.AddPolicyVersion(f.ctx, cityAdmin, in)
	wantError(t, err, skillcert.EINVALID, "version", "政策参数版本号“2026-1”重复")

	// A post opened before the new version keeps 35; one opened after gets 40.
	before := f.openPost(1)
	f.clock.at(2026, time.May, 1)
	after, err := f.svc.CreatePost(f.ctx, wzStaff, PostInput{Title: "协理员", Places: 1, Opens: "2026-05-01", Closes: "2026-05-31"})
	if err != nil {
		t.Fatal(err)
	}
	if before.Requirements.AgeLimit != 35 || before.Requirements.PolicyVersion != "2012-1" {
		t.Errorf("post opened in April: %+v", before.Requirements)
	}
	if after.Requirements.AgeLimit != 40 || after.Requirements.PolicyVersion != "2026-1" {
		t.Errorf("post opened in May: %+v", after.Requirements)
	}
	page := must(f.svc.PolicyVersions(f.ctx, wzStaff, skillcert.PageRequest{}))(t)
	if page.Total != 2 || page.Items[0].Version != "2026-1" {
		t.Errorf("versions = %+v", page)
	}
	if acts := f.auditActions("2026-1"); !slices.Equal(acts, []string{"recruitment.policy.create:ok", "recruitment.policy.create:denied"}) {
		t.Errorf("audit = %v", acts)
	}
}

// TestScreeningThroughTheService files applications and checks the stored
// results and explanations, a re-screening after an edit, an override and
// its loss when the register's facts change.
func TestScreeningThroughTheService(t *testing.T) {
	f := newFixture(t)
	post := f.openPost(2)
	f.person("p0001", "赵一", ymd(1990, time.May, 1))    // 35 on the cutoff 2026-04-30
	f.person("p0002", "钱二", ymd(1990, time.April, 30)) // 36 on the cutoff
	sun := f.person("p0003", "孙三", ymd(1995, time.June, 1))
	li := f.person("p0004", "李四", ymd(1995, time.June, 1))
	sun.Education, li.ComputerSkill = roster.EduSecondaryVo, ComputerSkill{Level: ComputerNone}
	f.register.put(sun)
	f.register.put(li)

	type result struct {
		key         RequirementKey
		passed      bool
		explanation string
	}
	lowEdu := form("p0003")
	lowEdu.Education.Level = roster.EduSecondaryVo
	noPC := form("p0004")
	noPC.ComputerSkill = ComputerSkill{Level: ComputerNone}
	tests := []struct {
		name     string
		in       ApplicationInput
		eligible bool
		want     []result
	}{
		{"35 on the cutoff day", form("p0001"), true, []result{
			{RequirementAge, true, "截至 2026-04-30 年满 35 周岁，未超过 35 周岁上限"},
			{RequirementEducation, true, "学历为大专，符合大专以上要求"},
			{RequirementComputer, true, "持有计算机证书“全国计算机等级考试二级”，符合“熟练使用计算机”要求"},
		}},
		{"36 on the cutoff day", form("p0002"), false, []result{
			{RequirementAge, false, "截至 2026-04-30 年满 36 周岁，超过 35 周岁上限"},
		}},
		{"中专", lowEdu, false, []result{
			{RequirementEducation, false, "学历为中专，低于大专要求"},
		}},
		{"no computer skills", noPC, false, []result{
			{RequirementComputer, false, "未提供计算机能力证明，不符合“熟练使用计算机”要求"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, err := f.svc.Apply(f.ctx, wzStaff, post.ID, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			stored := must(f.svc.Application(f.ctx, wzStaff, app.ID))(t)
			if stored.Screening.Eligible != tt.eligible {
				t.Errorf("eligible = %v, want %v", stored.Screening.Eligible, tt.eligible)
			}
			for _, w := range tt.want {
				r, ok := stored.Screening.Result(w.key)
				if !ok || r.Passed != w.passed || r.Explanation != w.explanation {
					t.Errorf("%s = %+v, want passed=%v %q", w.key, r, w.passed, w.explanation)
				}
			}
			if stored.IDMasked != "330483********"+tt.in.PersonID[1:] || !stored.OnBehalf || stored.AppliedBy != wzStaff.AccountID {
				t.Errorf("applicant data = %+v", stored)
			}
		})
	}

	// Correcting the education in the register and rescreening passes.
	sun.Education = roster.EduCollege
	f.register.put(sun)
	app := must(f.svc.RescreenApplication(f.ctx, wzStaff, ApplicationID(post.ID, "p0003")))(t)
	if r, _ := app.Screening.Result(RequirementEducation); !r.Passed || !app.Screening.Eligible {
		t.Errorf("after correcting the education: %+v", app.Screening)
	}

	// An override needs a written reason and a failed requirement.
	id2 := ApplicationID(post.ID, "p0002")
	_, err := f.svc.Override(f.ctx, wzStaff, id2, RequirementAge, "特殊")
	wantError(t, err, skillcert.EINVALID, "reason", "破格理由至少 5 个字，当前为 2 个字")
	_, err = f.svc.Override(f.ctx, wzStaff, id2, RequirementEducation, "学历符合无需破格的说明")
	wantError(t, err, skillcert.EINVALID, "key", "“学历”条件已符合，无需破格")
	_, err = f.svc.Override(f.ctx, zqStaff, id2, RequirementAge, "洲泉镇不能为乌镇镇破格")
	wantCode(t, err, skillcert.ENOTFOUND)
	reason := "长期从事村级社保代办工作，经验丰富"
	app = must(f.svc.Override(f.ctx, wzStaff, id2, RequirementAge, reason))(t)
	r, _ := app.Screening.Result(RequirementAge)
	if !app.Screening.Eligible || !app.NeedsCityReview || r.Passed || r.Override == nil || r.Override.Reason != reason || r.Override.By != wzStaff.AccountID {
		t.Fatalf("after override: %+v %+v", app, r)
	}
	// The register corrects the birth date: the facts behind the override
	// changed, so it is dropped and the application fails again.
	f.person("p0002", "钱二", ymd(1989, time.January, 1))
	n := must(f.svc.PersonChanged(f.ctx, "p0002"))(t)
	if n != 1 {
		t.Errorf("re-screened %d applications, want 1", n)
	}
	app = must(f.svc.Application(f.ctx, cityAdmin, id2))(t)
	r, _ = app.Screening.Result(RequirementAge)
	if app.Screening.Eligible || app.NeedsCityReview || r.Override != nil || !slices.Equal(app.DroppedOverrides, []RequirementKey{RequirementAge}) {
		t.Errorf("after the register changed: %+v", app)
	}
	if r.Explanation != "截至 2026-04-30 年满 37 周岁，超过 35 周岁上限" {
		t.Errorf("explanation = %q", r.Explanation)
	}
	if acts := f.auditActions(id2); !slices.Equal(acts, []string{
		"recruitment.application.rescreen:ok", "recruitment.application.override:ok", "recruitment.application.override:denied",
		"recruitment.application.create:ok"}) {
		t.Errorf("audit = %v", acts)
	}
}

func TestFullTimeRequirementAndExtras(t *testing.T) {
	f := newFixture(t)
	post, err := f.svc.CreatePost(f.ctx, wzStaff, PostInput{Village: "WZ02", Title: "横港村工作站协理员", Places: 1,
		Opens: "2026-04-01", Closes: "2026-04-30", Cutoff: "2026-12-31", FullTimeRequired: true, Extra: []string{"有较好的思想政治素质", " "}})
	if err != nil {
		t.Fatal(err)
	}
	if post.Requirements.Cutoff != ymd(2026, time.December, 31) || !slices.Equal(post.Requirements.Extra, []string{"有较好的思想政治素质"}) {
		t.Errorf("requirements = %+v", post.Requirements)
	}
	f.person("p0005", "周五", ymd(1995, time.June, 1))
	in := form("p0005")
	in.Education.FullTime = false
	app := must(f.svc.Apply(f.ctx, wzStaff, post.ID, in))(t)
	r, ok := app.Screening.Result(RequirementFullTime)
	if !ok || r.Passed || r.Explanation != "学历为非全日制，不符合全日制要求" || app.Screening.Eligible {
		t.Errorf("full-time result = %+v", r)
	}
}

func TestPostInputIsChecked(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name    string
		actor   *skillcert.Actor
		in      PostInput
		code    string
		message string
	}{
		{"city cannot open posts", cityAdmin, PostInput{Town: "WZ", Title: "x", Places: 1, Opens: "2026-04-01", Closes: "2026-04-30"}, skillcert.EFORBIDDEN, "只有镇（街道）工作人员可以发布协理员岗位"},
		{"other town", wzStaff, PostInput{Town: "ZQ", Title: "x", Places: 1, Opens: "2026-04-01", Closes: "2026-04-30"}, skillcert.ENOTFOUND, "记录不存在或不在您的管辖范围内"},
		{"village of another town", wzStaff, PostInput{Village: "ZQ01", Title: "x", Places: 1, Opens: "2026-04-01", Closes: "2026-04-30"}, skillcert.EINVALID, "村（社区）“ZQ01”不属于乌镇镇"},
		{"no title", wzStaff, PostInput{Places: 1, Opens: "2026-04-01", Closes: "2026-04-30"}, skillcert.EINVALID, "请填写岗位名称"},
		{"no places", wzStaff, PostInput{Title: "x", Opens: "2026-04-01", Closes: "2026-04-30"}, skillcert.EINVALID, "招聘名额应在 1 至 50 名之间，当前为 0 名"},
		{"bad date", wzStaff, PostInput{Title: "x", Places: 1, Opens: "2026/04/01", Closes: "2026-04-30"}, skillcert.EINVALID, "报名开始日期“2026/04/01”无效，应为 YYYY-MM-DD 格式，如 2026-05-31"},
		{"closes before opens", wzStaff, PostInput{Title: "x", Places: 1, Opens: "2026-04-10", Closes: "2026-04-09"}, skillcert.EINVALID, "报名截止日期 2026-04-09 早于开始日期 2026-04-10"},
		{"deadline passed", wzStaff, PostInput{Title: "x", Places: 1, Opens: "2026-03-01", Closes: "2026-03-31"}, skillcert.EINVALID, "报名截止日期 2026-03-31 已过（今天是 2026-04-01）"},
		{"weights", wzStaff, PostInput{Title: "x", Places: 1, Opens: "2026-04-01", Closes: "2026-04-30", WrittenWeight: 60, InterviewWeight: 30}, skillcert.EINVALID, "笔试与面试权重之和应为 100%，当前为 90%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.CreatePost(f.ctx, tt.actor, tt.in)
			wantCode(t, err, tt.code)
			if skillcert.ErrorMessage(err) != tt.message {
				t.Errorf("message %q, want %q", skillcert.ErrorMessage(err), tt.message)
			}
		})
	}
}

func TestApplicationsAreOnePerPersonAndOnlyInTheWindow(t *testing.T) {
	f := newFixture(t)
	post := f.openPost(1)
	f.person("p0001", "赵一", ymd(1995, time.May, 1))
	f.person("demo", "学员本人", ymd(1996, time.May, 1))

	// A trainee applies for themselves, not for others.
	_, err := f.svc.Apply(f.ctx, trainee("demo"), post.ID, form("p0001"))
	wantCode(t, err, skillcert.EFORBIDDEN)
	in := form("")
	app := must(f.svc.Apply(f.ctx, trainee("demo"), post.ID, in))(t)
	if app.ID != ApplicationID(post.ID, "demo") || app.OnBehalf {
		t.Errorf("own application = %+v", app)
	}
	_, err = f.svc.Apply(f.ctx, trainee("demo"), post.ID, in)
	wantCode(t, err, skillcert.ECONFLICT)
	if msg := skillcert.ErrorMessage(err); msg != "学员本人 已报名岗位“乌镇镇人力社保协理员”，每人每个岗位只能报名一次" {
		t.Errorf("duplicate message %q", msg)
	}
	_, err = f.svc.Apply(f.ctx, village, post.ID, form("p0001"))
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.Apply(f.ctx, zqStaff, post.ID, form("p0001"))
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.Apply(f.ctx, wzStaff, post.ID, form("nobody"))
	wantError(t, err, skillcert.EINVALID, "personId", "人员编号“nobody”在人员登记库中不存在")
	bad := form("p0001")
	bad.Phone = "12345"
	_, err = f.svc.Apply(f.ctx, wzStaff, post.ID, bad)
	wantError(t, err, skillcert.EINVALID, "phone", "联系电话“12345”无效，应为 11 位手机号或带区号的固定电话")

	f.clock.at(2026, time.May, 1)
	_, err = f.svc.Apply(f.ctx, wzStaff, post.ID, form("p0001"))
	wantCode(t, err, skillcert.ECONFLICT)
	if msg := skillcert.ErrorMessage(err); msg != "岗位“乌镇镇人力社保协理员”不在报名期内（报名时间 2026-04-01 至 2026-04-30）" {
		t.Errorf("late message %q", msg)
	}
	// After the deadline the trainee can no longer edit; the town can.
	_, err = f.svc.UpdateApplication(f.ctx, trainee("demo"), app.ID, in)
	wantCode(t, err, skillcert.ECONFLICT)
	must(f.svc.UpdateApplication(f.ctx, wzStaff, app.ID, in))(t)
}

// TestTownCannotSeeAnotherTownsApplicants checks every read of posts and
// applications against the scope.
func TestTownCannotSeeAnotherTownsApplicants(t *testing.T) {
	f := newFixture(t)
	post := f.openPost(1)
	f.person("p0001", "赵一", ymd(1995, time.May, 1))
	app := f.apply(post.ID, "p0001")

	_, err := f.svc.Application(f.ctx, zqStaff, app.ID)
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.PostApplications(f.ctx, zqStaff, post.ID, skillcert.PageRequest{})
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.Ranking(f.ctx, zqStaff, post.ID, skillcert.PageRequest{})
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.Application(f.ctx, trainee("someone-else"), app.ID)
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.Application(f.ctx, village, app.ID)
	wantCode(t, err, skillcert.ENOTFOUND)
	if page := must(f.svc.ListPosts(f.ctx, zqStaff, PostFilter{}, skillcert.PageRequest{}))(t); page.Total != 0 {
		t.Errorf("ZQ sees %d WZ posts", page.Total)
	}
	for _, a := range []*skillcert.Actor{wzStaff, cityAdmin, trainee("p0001")} {
		if _, err := f.svc.Application(f.ctx, a, app.ID); err != nil {
			t.Errorf("%s: %v", a.Role, err)
		}
	}
	if page := must(f.svc.PostApplications(f.ctx, cityAdmin, post.ID, skillcert.PageRequest{}))(t); page.Total != 1 {
		t.Errorf("city sees %d applications", page.Total)
	}
	if page := must(f.svc.MyApplications(f.ctx, trainee("p0001"), skillcert.PageRequest{}))(t); page.Total != 1 || page.Items[0].ID != app.ID {
		t.Errorf("own applications = %+v", page)
	}
}

// drive takes a post with the given applicants through scores, selection,
// submission and the city's approval of everyone proposed.
func (f *fixture) drive(post *Post, scores map[string][2]string) {
	f.t.Helper()
	f.clock.at(2026, time.May, 6)
	must(f.svc.CloseApplications(f.ctx, wzStaff, post.ID))(f.t)
	var entries []ScoreEntry
	for person, s := range scores {
		entries = append(entries, ScoreEntry{ApplicationID: ApplicationID(post.ID, person), Written: s[0], Interview: s[1]})
	}
	must(f.svc.EnterScores(f.ctx, wzStaff, post.ID, entries))(f.t)
	must(f.svc.Select(f.ctx, wzStaff, post.ID))(f.t)
	must(f.svc.Submit(f.ctx, wzStaff, post.ID))(f.t)
	queue := must(f.svc.ReviewQueue(f.ctx, cityAdmin, skillcert.PageRequest{}))(f.t)
	for _, app := range queue.Items {
		must(f.svc.Review(f.ctx, cityAdmin, app.ID, ReviewInput{Decision: DecisionApprove, Reason: "同意"}))(f.t)
	}
}

func TestSelectionReturnAndRefill(t *testing.T) {
	f := newFixture(t)
	post := f.openPost(2)
	for i, name := range []string{"赵一", "钱二", "孙三", "李四"} {
		id := "p000" + string(rune('1'+i))
		f.person(id, name, ymd(1995, time.May, 1))
		f.apply(post.ID, id)
	}
	f.clock.at(2026, time.May, 6)
	must(f.svc.CloseApplications(f.ctx, wzStaff, post.ID))(t)
	_, err := f.svc.Select(f.ctx, wzStaff, post.ID)
	wantError(t, err, skillcert.EINVALID, "scores", "赵一、钱二、孙三、李四 的成绩尚未录入，不能择优")
	_, err = f.svc.EnterScores(f.ctx, wzStaff, post.ID, []ScoreEntry{{ApplicationID: ApplicationID(post.ID, "p0001"), Written: "101", Interview: "80"}})
	wantError(t, err, skillcert.EINVALID, "written", "赵一 的笔试成绩“101”无效，应为 0 至 100 之间、最多一位小数的数字")
	n := must(f.svc.EnterScores(f.ctx, wzStaff, post.ID, []ScoreEntry{
		{ApplicationID: ApplicationID(post.ID, "p0001"), Written: "80", Interview: "80"},
		{ApplicationID: ApplicationID(post.ID, "p0002"), Written: "90", Interview: "85.5"},
		{ApplicationID: ApplicationID(post.ID, "p0003"), Written: "70", Interview: "70"},
		{ApplicationID: ApplicationID(post.ID, "p0004"), Written: "85", Interview: "80"},
	}))(t)
	if n != 4 {
		t.Errorf("scores saved for %d", n)
	}
	v := must(f.svc.Select(f.ctx, wzStaff, post.ID))(t)
	var proposed []string
	for _, r := range v.Rows.Items {
		if r.Status == AppProposed {
			proposed = append(proposed, r.Name)
		}
	}
	if !slices.Equal(proposed, []string{"钱二", "李四"}) || v.Rows.Items[0].TotalText != "87.75" {
		t.Fatalf("proposed %v, rows %+v", proposed, v.Rows.Items)
	}
	must(f.svc.Submit(f.ctx, wzStaff, post.ID))(t)
	_, err = f.svc.Review(f.ctx, cityAdmin, ApplicationID(post.ID, "p0004"), ReviewInput{Decision: DecisionReturn})
	wantError(t, err, skillcert.EINVALID, "reason", "退回 李四 须填写理由")
	_, err = f.svc.Review(f.ctx, wzStaff, ApplicationID(post.ID, "p0004"), ReviewInput{Decision: DecisionApprove})
	wantCode(t, err, skillcert.EFORBIDDEN)
	must(f.svc.Review(f.ctx, cityAdmin, ApplicationID(post.ID, "p0002"), ReviewInput{Decision: DecisionApprove}))(t)
	must(f.svc.Review(f.ctx, cityAdmin, ApplicationID(post.ID, "p0004"), ReviewInput{Decision: DecisionReturn, Reason: "学历证明材料不全"}))(t)
	p := must(f.svc.Post(f.ctx, wzStaff, post.ID))(t)
	if p.Status != PostReviewed {
		t.Fatalf("post status %s, want reviewed", p.Status)
	}
	// The town fills the returned place with the next in rank.
	v = must(f.svc.Select(f.ctx, wzStaff, post.ID))(t)
	if v.PlacesLeft != 1 || v.Approved != 1 {
		t.Errorf("after refill: left %d approved %d", v.PlacesLeft, v.Approved)
	}
	if app := must(f.svc.Application(f.ctx, wzStaff, ApplicationID(post.ID, "p0001")))(t); app.Status != AppProposed {
		t.Errorf("next in rank = %s, want proposed", app.Status)
	}
	if app := must(f.svc.Application(f.ctx, wzStaff, ApplicationID(post.ID, "p0004")))(t); app.Status != AppReturned || app.Review.Reason != "学历证明材料不全" {
		t.Errorf("returned application = %+v", app)
	}
}

func TestOverrideNeedsTheCitysWordToApprove(t *testing.T) {
	f := newFixture(t)
	post := f.openPost(1)
	f.person("p0001", "赵一", ymd(1980, time.May, 1))
	app := f.apply(post.ID, "p0001")
	must(f.svc.Override(f.ctx, wzStaff, app.ID, RequirementAge, "长期从事社保代办工作，经验丰富"))(t)
	f.clock.at(2026, time.May, 6)
	must(f.svc.CloseApplications(f.ctx, wzStaff, post.ID))(t)
	must(f.svc.EnterScores(f.ctx, wzStaff, post.ID, []ScoreEntry{{ApplicationID: app.ID, Written: "80", Interview: "80"}}))(t)
	must(f.svc.Select(f.ctx, wzStaff, post.ID))(t)
	must(f.svc.Submit(f.ctx, wzStaff, post.ID))(t)
	queue := must(f.svc.ReviewQueue(f.ctx, cityAdmin, skillcert.PageRequest{}))(t)
	if queue.Total != 1 || !queue.Items[0].NeedsCityReview {
		t.Fatalf("queue = %+v", queue)
	}
	_, err := f.svc.Review(f.ctx, cityAdmin, app.ID, ReviewInput{Decision: DecisionApprove})
	wantError(t, err, skillcert.EINVALID, "reason", "赵一 有破格事项（年龄），同意时须填写审定意见")
	got := must(f.svc.Review(f.ctx, cityAdmin, app.ID, ReviewInput{Decision: DecisionApprove, Reason: "同意破格，经验符合岗位需要"}))(t)
	if got.Status != AppApproved || got.Review.Decision != DecisionApprove {
		t.Errorf("reviewed = %+v", got)
	}
}

// TestNoticeAndHire publishes a notice across the National Day holidays,
// refuses the hire during it, and hires after it: the person joins the
// platform staff group, and with no job-post course open is flagged; a
// later retry enrolls them once a course opens.
func TestNoticeAndHire(t *testing.T) {
	f := newFixture(t)
	f.clock.at(2026, time.September, 1)
	_, err := f.svc.SetHolidayCalendar(f.ctx, wzStaff, 2026, HolidayInput{})
	wantCode(t, err, skillcert.EFORBIDDEN)
	_, err = f.svc.SetHolidayCalendar(f.ctx, cityAdmin, 2026, HolidayInput{WorkingWeekends: []string{"2026-10-08"}})
	wantError(t, err, skillcert.EINVALID, "workingWeekends", "2026-10-08 不是周末，不能设为调休上班日")
	must(f.svc.SetHolidayCalendar(f.ctx, cityAdmin, 2026, HolidayInput{
		DaysOff:         []string{"2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"},
		WorkingWeekends: []string{"2026-10-10"},
	}))(t)
	post, err := f.svc.CreatePost(f.ctx, wzStaff, PostInput{Title: "协理员", Places: 1, Opens: "2026-09-01", Closes: "2026-09-15"})
	if err != nil {
		t.Fatal(err)
	}
	f.person("p0001", "赵一", ymd(1995, time.May, 1))
	app := f.apply(post.ID, "p0001")
	f.clock.at(2026, time.September, 16)
	must(f.svc.CloseApplications(f.ctx, wzStaff, post.ID))(t)
	must(f.svc.EnterScores(f.ctx, wzStaff, post.ID, []ScoreEntry{{ApplicationID: app.ID, Written: "80", Interview: "80"}}))(t)
	must(f.svc.Select(f.ctx, wzStaff, post.ID))(t)
	must(f.svc.Submit(f.ctx, wzStaff, post.ID))(t)
	must(f.svc.Review(f.ctx, cityAdmin, app.ID, ReviewInput{Decision: DecisionApprove}))(t)

	// Published on Wednesday 2026-09-30: 9-30, then 10-08, 10-09, 10-10
	// (a working Saturday) and 10-12 are the five working days.
	f.clock.at(2026, time.September, 30)
	_, err = f.svc.PublishNotice(f.ctx, wzStaff, post.ID)
	wantCode(t, err, skillcert.EFORBIDDEN)
	p := must(f.svc.PublishNotice(f.ctx, cityAdmin, post.ID))(t)
	if p.Notice.Start.String() != "2026-09-30" || p.Notice.End.String() != "2026-10-12" {
		t.Errorf("notice %s to %s, want 2026-09-30 to 2026-10-12", p.Notice.Start.String(), p.Notice.End.String())
	}
	notices := must(f.svc.Notices(f.ctx, skillcert.PageRequest{}))(t)
	if notices.Total != 1 || !reflect.DeepEqual(notices.Items[0].Entries, []NoticeEntry{{Name: "赵一", IDMasked: "330483********0001", Town: "乌镇镇"}}) {
		t.Errorf("notices = %+v", notices)
	}

	f.clock.at(2026, time.October, 12)
	_, err = f.svc.FinalizeHires(f.ctx, wzStaff, post.ID)
	wantCode(t, err, skillcert.ECONFLICT)
	if msg := skillcert.ErrorMessage(err); msg != "公示期至 2026-10-12，期满后才能确认录用" {
		t.Errorf("message %q", msg)
	}
	f.clock.at(2026, time.October, 13)
	if notices := must(f.svc.Notices(f.ctx, skillcert.PageRequest{}))(t); notices.Total != 0 {
		t.Errorf("notice still shown after its period: %+v", notices)
	}
	_, err = f.svc.FinalizeHires(f.ctx, zqStaff, post.ID)
	wantCode(t, err, skillcert.ENOTFOUND)
	rep := must(f.svc.FinalizeHires(f.ctx, wzStaff, post.ID))(t)
	if rep.Post.Status != PostClosed || len(rep.Hired) != 1 || !rep.Hired[0].PlatformStaffGroup || !rep.Hired[0].NeedsJobPostTraining || rep.Hired[0].TrainingCourseID != "" {
		t.Fatalf("report = %+v", rep)
	}
	// A course opens in the city; the retry enrolls and adds the group no
	// second time.
	f.training.open[""] = "course-city-1"
	rep = must(f.svc.FinalizeHires(f.ctx, cityAdmin, post.ID))(t)
	if rep.Hired[0].TrainingCourseID != "course-city-1" || rep.Hired[0].NeedsJobPostTraining {
		t.Errorf("retry = %+v", rep.Hired[0])
	}
	if f.register.groups["p0001"] != 1 || f.training.enrolled["p0001"] != "course-city-1" {
		t.Errorf("group added %d times, enrolled in %q", f.register.groups["p0001"], f.training.enrolled["p0001"])
	}

	// The town cannot create a town staff account; the city can.
	_, err = f.svc.CreateStaffAccount(f.ctx, wzStaff, app.ID, StaffAccountInput{Username: "zhao_yi", Password: "Passw0rd1"})
	wantCode(t, err, skillcert.EFORBIDDEN)
	acc := must(f.svc.CreateStaffAccount(f.ctx, cityAdmin, app.ID, StaffAccountInput{Username: "zhao_yi", Password: "Passw0rd1"}))(t)
	if acc.Role != skillcert.RoleTownStaff || acc.Town != "WZ" || acc.PersonID != "p0001" || acc.Name != "赵一" {
		t.Errorf("account = %+v", acc)
	}
	_, err = f.svc.CreateStaffAccount(f.ctx, cityAdmin, app.ID, StaffAccountInput{Username: "zhao_yi2", Password: "Passw0rd1"})
	wantCode(t, err, skillcert.ECONFLICT)
	got := must(f.svc.Application(f.ctx, wzStaff, app.ID))(t)
	if got.Status != AppHired || got.Hire.AccountID != acc.ID {
		t.Errorf("hired application = %+v", got.Hire)
	}
	acts := strings.Join(f.auditActions(app.ID), " ")
	for _, want := range []string{"recruitment.hire:ok", "recruitment.account.create:ok", "recruitment.application.review:ok", "recruitment.scores.enter:ok"} {
		if !strings.Contains(acts, want) {
			t.Errorf("audit lacks %s: %s", want, acts)
		}
	}
}

func TestHireWithoutWiredDependenciesFlagsWhatIsPending(t *testing.T) {
	f := newFixture(t)
	post := f.openPost(1)
	f.person("p0001", "赵一", ymd(1995, time.May, 1))
	f.apply(post.ID, "p0001")
	f.drive(post, map[string][2]string{"p0001": {"80", "80"}})
	must(f.svc.PublishNotice(f.ctx, cityAdmin, post.ID))(t)
	f.clock.at(2026, time.June, 1)
	f.register.fail = skillcert.Errorf(skillcert.EUNAVAILABLE, "登记库暂时无法访问")
	rep := must(f.svc.FinalizeHires(f.ctx, wzStaff, post.ID))(t)
	if !slices.Equal(rep.Hired[0].Pending, []string{PendingPlatformStaffGroup}) || rep.Hired[0].PlatformStaffGroup {
		t.Errorf("pending = %+v", rep.Hired[0])
	}
	f.register.fail = nil
	rep = must(f.svc.FinalizeHires(f.ctx, wzStaff, post.ID))(t)
	if len(rep.Hired[0].Pending) != 0 || !rep.Hired[0].PlatformStaffGroup {
		t.Errorf("after retry = %+v", rep.Hired[0])
	}
}

func TestStaffingCountsEnabledStaffAccounts(t *testing.T) {
	f := newFixture(t)
	mk := func(user string, role skillcert.Role, town, village string) string {
		acc := must(f.auth.CreateAccount(f.ctx, cityAdmin, authAccount(user, role, town, village)))(t)
		return acc.ID
	}
	for i := 0; i < 3; i++ {
		mk("wz_s"+string(rune('a'+i)), skillcert.RoleTownStaff, "WZ", "")
	}
	off := mk("wz_off", skillcert.RoleTownStaff, "WZ", "")
	must(f.auth.SetDisabled(f.ctx, cityAdmin, off, true))(t)
	mk("wz01_a", skillcert.RoleVillageStaff, "WZ", "WZ01")
	mk("wz02_a", skillcert.RoleVillageStaff, "WZ", "WZ02")
	mk("wz02_b", skillcert.RoleVillageStaff, "WZ", "WZ02")
	mk("wz02_c", skillcert.RoleVillageStaff, "WZ", "WZ02")

	v := must(f.svc.Staffing(f.ctx, wzStaff, "", skillcert.PageRequest{}))(t)
	if len(v.Towns) != 1 || v.Towns[0].Code != "WZ" {
		t.Fatalf("town staff see towns %+v", v.Towns)
	}
	// 乌镇镇 58,000 residents (sample): ⌈58000 × 1.5 / 10000⌉ = 9 required, 3 on post.
	if g := v.Towns[0].Gap; g != (Gap{Required: 9, OnPost: 3, Shortfall: 6}) {
		t.Errorf("WZ gap = %+v", g)
	}
	want := map[string]Gap{
		"WZ01": {Required: 1, OnPost: 1},               // 2,600
		"WZ02": {Required: 2, OnPost: 3, Surplus: 1},   // 5,100
		"WZ03": {Required: 1, OnPost: 0, Shortfall: 1}, // 1,500
		"WZ04": {Required: 2, OnPost: 0, Shortfall: 2}, // 3,300
	}
	for _, u := range v.Villages.Items {
		if u.Gap != want[u.Code] {
			t.Errorf("%s gap = %+v, want %+v", u.Code, u.Gap, want[u.Code])
		}
	}
	if v.TownVillages != (Gap{Required: 6, OnPost: 4, Shortfall: 3, Surplus: 1}) {
		t.Errorf("WZ villages = %+v", v.TownVillages)
	}
	if v.VillageNorm != "户籍人口 3000 人以上（含 3000 人）2 名，不满 3000 人 1 名" || v.TownNorm != "每 1 万户籍人口不少于 1.5 名" {
		t.Errorf("norms %q %q", v.TownNorm, v.VillageNorm)
	}
	_, err := f.svc.Staffing(f.ctx, wzStaff, "ZQ", skillcert.PageRequest{})
	wantCode(t, err, skillcert.ENOTFOUND)
	city := must(f.svc.Staffing(f.ctx, cityAdmin, "ZQ", skillcert.PageRequest{Size: 2}))(t)
	if len(city.Towns) != 14 || city.Villages.Total != 4 || len(city.Villages.Items) != 2 || city.Town != "ZQ" {
		t.Errorf("city view: %d towns, villages %+v", len(city.Towns), city.Villages)
	}
	if city.City.OnPost != 7 || city.CityTowns.OnPost != 3 {
		t.Errorf("city totals = %+v / %+v", city.City, city.CityTowns)
	}
	_, err = f.svc.Staffing(f.ctx, village, "", skillcert.PageRequest{})
	wantCode(t, err, skillcert.EFORBIDDEN)
}
