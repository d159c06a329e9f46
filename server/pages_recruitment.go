package main

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/orgs"
	"skillcert/recruitment"
	"skillcert/roster"
)

// Pages of coordinator recruitment: the post list and a post, the
// application form and the trainee's own applications. The screening board
// and ranking are in pages_recruitment_selection.go, the city's review and
// the public notice in pages_recruitment_review.go, policy and staffing in
// pages_recruitment_admin.go.

// actionFailed answers a failed form post: errors about the request (bad
// input, a changed state) go back to the page as a flash; out-of-scope,
// forbidden and internal errors render the error page.
func (a *App) actionFailed(c *fiber.Ctx, err error, back string) error {
	switch skillcert.ErrorCode(err) {
	case skillcert.EINVALID, skillcert.ECONFLICT:
		return a.redirectWithFlash(c, back, "error", skillcert.ErrorMessage(err))
	}
	return err
}

// renderFailed re-renders a form page with the error, with the error's
// status, unless the error is internal.
func (a *App) renderFailed(c *fiber.Ctx, v *View, name string, err error) error {
	if code := skillcert.ErrorCode(err); code == skillcert.EINTERNAL || code == skillcert.EUNAVAILABLE ||
		code == skillcert.ENOTFOUND || code == skillcert.EFORBIDDEN {
		return err
	}
	formErrors(v, err)
	c.Status(statusOf[skillcert.ErrorCode(err)])
	return a.renderView(c, name, v)
}

// postOfApplication is the post ID part of an application ID
// (postId:personId).
func postOfApplication(appID string) string {
	post, _, _ := strings.Cut(appID, ":")
	return post
}

func postPath(id string) string { return "/recruitment/posts/" + id }

type recruitmentPostsPage struct {
	Page      skillcert.Page[recruitment.Post]
	Pager     pager
	Status    string
	Statuses  []recruitment.PostStatus
	CanCreate bool
	Villages  []orgs.Unit
	IsTrainee bool
}

func (a *App) postsData(c *fiber.Ctx) (*recruitmentPostsPage, error) {
	page, err := pageQuery(c)
	if err != nil {
		return nil, err
	}
	actor := actorOf(c)
	status := c.Query("status")
	res, err := a.Recruitment.ListPosts(c.UserContext(), actor, recruitment.PostFilter{Status: recruitment.PostStatus(status)}, page)
	if err != nil {
		return nil, err
	}
	d := &recruitmentPostsPage{Page: res, Pager: newPager(c, res.Page, res.Pages()), Status: status,
		Statuses: recruitment.PostStatuses, IsTrainee: actor.Role == skillcert.RoleTrainee}
	if actor.Role == skillcert.RoleTownStaff {
		d.CanCreate = true
		d.Villages = a.Orgs.Villages(actor.Town)
	}
	return d, nil
}

func (a *App) pageRecruitmentPosts(c *fiber.Ctx) error {
	d, err := a.postsData(c)
	if err != nil {
		return err
	}
	v := a.view(c, "协理员招聘", "recruitment", d)
	v.Form["places"] = "1"
	return a.renderView(c, "pages/recruitment_posts", v)
}

func (a *App) pageCreatePost(c *fiber.Ctx) error {
	in := recruitment.PostInput{Village: c.FormValue("village"), Title: c.FormValue("title"), Opens: c.FormValue("opens"),
		Closes: c.FormValue("closes"), Cutoff: c.FormValue("cutoff"), FullTimeRequired: c.FormValue("fullTimeRequired") == "on",
		Extra: strings.Split(c.FormValue("extra"), "\n")}
	var err error
	if in.Places, err = formInt(c, "places", "招聘名额"); err == nil {
		in.WrittenWeight, err = formIntOr(c, "writtenWeight", "笔试权重", 50)
	}
	if err == nil {
		in.InterviewWeight, err = formIntOr(c, "interviewWeight", "面试权重", 50)
	}
	var p *recruitment.Post
	if err == nil {
		p, err = a.Recruitment.CreatePost(c.UserContext(), actorOf(c), in)
	}
	if err == nil {
		return a.redirectWithFlash(c, postPath(p.ID), "ok", "已发布岗位“"+p.Title+"”")
	}
	d, derr := a.postsData(c)
	if derr != nil {
		return derr
	}
	v := a.view(c, "协理员招聘", "recruitment", d)
	for _, k := range []string{"village", "title", "places", "opens", "closes", "cutoff", "fullTimeRequired", "extra", "writtenWeight", "interviewWeight"} {
		v.Form[k] = c.FormValue(k)
	}
	return a.renderFailed(c, v, "pages/recruitment_posts", err)
}

type recruitmentPostPage struct {
	Post         *recruitment.Post
	Unit         string
	BirthText    string
	CanRun       bool
	CanOversee   bool
	IsCity       bool
	IsTrainee    bool
	Accepting    bool
	DeadlineOver bool
	NoticeOver   bool
	MyApp        *recruitment.Application
	Hires        []recruitment.Application
	AccountRole  string
}

func (a *App) pagePost(c *fiber.Ctx) error {
	actor := actorOf(c)
	ctx := c.UserContext()
	p, err := a.Recruitment.Post(ctx, actor, c.Params("id"))
	if err != nil {
		return err
	}
	today := a.Recruitment.Today()
	d := recruitmentPostPage{Post: p, Unit: unitOfPost(a, p),
		BirthText: recruitment.BirthRequirementText(p.Requirements.Cutoff, p.Requirements.AgeLimit),
		CanRun:    actor.Role == skillcert.RoleTownStaff, CanOversee: actor.Role != skillcert.RoleTrainee,
		IsCity: actor.Role == skillcert.RoleCityAdmin, IsTrainee: actor.Role == skillcert.RoleTrainee,
		Accepting: p.Accepting(today), DeadlineOver: today.After(p.Closes),
		NoticeOver: p.Notice != nil && today.After(p.Notice.End)}
	d.AccountRole = skillcert.RoleTownStaff.Label()
	if p.Village != "" {
		d.AccountRole = skillcert.RoleVillageStaff.Label()
	}
	if d.IsTrainee && actor.PersonID != "" {
		if app, err := a.Recruitment.Application(ctx, actor, recruitment.ApplicationID(p.ID, actor.PersonID)); err == nil {
			d.MyApp = app
		}
	}
	if d.CanOversee && (p.Status == recruitment.PostClosed) {
		if d.Hires, err = a.Recruitment.Hires(ctx, actor, p.ID); err != nil {
			return err
		}
	}
	return a.render(c, "pages/recruitment_post", p.Title, "recruitment", d)
}

func unitOfPost(a *App, p *recruitment.Post) string {
	name := a.Orgs.TownName(p.Town)
	if p.Village != "" {
		if u, ok := a.Orgs.Unit(p.Village); ok {
			name += " " + u.Name + "工作站"
		}
	}
	return name
}

func (a *App) pageClosePost(c *fiber.Ctx) error {
	id := c.Params("id")
	if _, err := a.Recruitment.CloseApplications(c.UserContext(), actorOf(c), id); err != nil {
		return a.actionFailed(c, err, postPath(id))
	}
	return a.redirectWithFlash(c, postPath(id), "ok", "报名已结束，请录入成绩并择优")
}

type applyPage struct {
	Post            *recruitment.Post
	Unit            string
	Existing        *recruitment.Application
	OnBehalf        bool
	Picker          *personPicker // the person search of staff applying on someone's behalf
	Accepting       bool
	EducationLevels []roster.Education
	ComputerLevels  []recruitment.ComputerSkillLevel
}

func (a *App) applyData(c *fiber.Ctx) (*applyPage, recruitment.ApplicationInput, error) {
	actor := actorOf(c)
	ctx := c.UserContext()
	p, err := a.Recruitment.Post(ctx, actor, c.Params("id"))
	if err != nil {
		return nil, recruitment.ApplicationInput{}, err
	}
	in, existing, err := a.Recruitment.FormFor(ctx, actor, p.ID)
	if err != nil {
		return nil, in, err
	}
	d := &applyPage{Post: p, Unit: unitOfPost(a, p), Existing: existing, OnBehalf: actor.Role == skillcert.RoleTownStaff,
		Accepting: p.Accepting(a.Recruitment.Today()), EducationLevels: roster.Educations,
		ComputerLevels: []recruitment.ComputerSkillLevel{recruitment.ComputerNone, recruitment.ComputerBasic, recruitment.ComputerCertified}}
	if d.OnBehalf {
		if d.Picker, err = a.pickPerson(c); err != nil {
			return nil, in, err
		}
		if d.Picker.Chosen == nil && c.Method() == fiber.MethodPost {
			if id := strings.TrimSpace(c.FormValue("personId")); id != "" {
				if p, err := a.Roster.Get(ctx, actor, id); err == nil {
					d.Picker.Chosen = p
				}
			}
		}
	}
	return d, in, nil
}

func applicationForm(in recruitment.ApplicationInput) map[string]string {
	full := ""
	if in.Education.FullTime {
		full = "on"
	}
	return map[string]string{"personId": in.PersonID, "phone": in.Phone, "education.level": string(in.Education.Level),
		"education.school": in.Education.School, "education.major": in.Education.Major, "education.fullTime": full,
		"computerSkill.level": string(in.ComputerSkill.Level), "computerSkill.certName": in.ComputerSkill.CertName}
}

func (a *App) pageApplyForm(c *fiber.Ctx) error {
	d, in, err := a.applyData(c)
	if err != nil {
		return err
	}
	v := a.view(c, "报名："+d.Post.Title, "recruitment", d)
	v.Form = applicationForm(in)
	return a.renderView(c, "pages/recruitment_apply", v)
}

func (a *App) pageApplySubmit(c *fiber.Ctx) error {
	actor := actorOf(c)
	ctx := c.UserContext()
	d, _, err := a.applyData(c)
	if err != nil {
		return err
	}
	in := recruitment.ApplicationInput{PersonID: strings.TrimSpace(c.FormValue("personId")), Phone: c.FormValue("phone"),
		Education: recruitment.Education{Level: roster.Education(c.FormValue("education.level")), School: c.FormValue("education.school"),
			Major: c.FormValue("education.major"), FullTime: c.FormValue("education.fullTime") == "on"},
		ComputerSkill: recruitment.ComputerSkill{Level: recruitment.ComputerSkillLevel(c.FormValue("computerSkill.level")), CertName: c.FormValue("computerSkill.certName")}}
	var app *recruitment.Application
	if d.Existing != nil {
		app, err = a.Recruitment.UpdateApplication(ctx, actor, d.Existing.ID, in)
	} else {
		app, err = a.Recruitment.Apply(ctx, actor, d.Post.ID, in)
	}
	if err != nil {
		v := a.view(c, "报名："+d.Post.Title, "recruitment", d)
		v.Form = applicationForm(in)
		return a.renderFailed(c, v, "pages/recruitment_apply", err)
	}
	msg := "已提交报名，资格审查结果：" + verdict(app)
	if actor.Role == skillcert.RoleTownStaff {
		return a.redirectWithFlash(c, postPath(d.Post.ID)+"/screening", "ok", "已为 "+app.Name+" 代为报名，资格审查结果："+verdict(app))
	}
	return a.redirectWithFlash(c, "/recruitment/my", "ok", msg)
}

// verdict says the screening outcome in a few words.
func verdict(app *recruitment.Application) string {
	switch {
	case app.Screening.Eligible && app.NeedsCityReview:
		return "破格通过，待市局审定"
	case app.Screening.Eligible:
		return "符合条件"
	}
	return "未通过，详见说明"
}

type myApplicationsPage struct {
	Page  skillcert.Page[recruitment.Application]
	Pager pager
}

func (a *App) pageMyApplications(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Recruitment.MyApplications(c.UserContext(), actorOf(c), page)
	if err != nil {
		return err
	}
	return a.render(c, "pages/recruitment_my", "我的报名", "recruitment-my", myApplicationsPage{Page: res, Pager: newPager(c, res.Page, res.Pages())})
}

// recruitmentNav is the recruitment part of each role's menu.
func recruitmentNav(r skillcert.Role) []navItem {
	switch r {
	case skillcert.RoleCityAdmin:
		return []navItem{
			{Key: "recruitment", Label: "协理员招聘", Href: "/recruitment", Hint: "各镇（街道）协理员岗位与招聘进度"},
			{Key: "recruitment-review", Label: "联合审定", Href: "/recruitment/review", Hint: "审定拟录用人员、发布公示"},
			{Key: "recruitment-staffing", Label: "人员配备", Href: "/recruitment/staffing", Hint: "配备标准、在岗人数与缺口"},
			{Key: "recruitment-policy", Label: "政策参数", Href: "/recruitment/policy", Hint: "招聘条件、配备标准、节假日安排"},
		}
	case skillcert.RoleTownStaff:
		return []navItem{
			{Key: "recruitment", Label: "协理员招聘", Href: "/recruitment", Hint: "发布岗位、资格审查、择优录用"},
			{Key: "recruitment-staffing", Label: "人员配备", Href: "/recruitment/staffing", Hint: "本镇与各村（社区）配备缺口"},
		}
	case skillcert.RoleTrainee:
		return []navItem{
			{Key: "recruitment", Label: "协理员招聘", Href: "/recruitment", Hint: "报名人力社保协理员岗位"},
			{Key: "recruitment-my", Label: "我的报名", Href: "/recruitment/my", Hint: "资格审查结果与进度"},
		}
	}
	return nil
}

// insertBeforePassword puts extra menu items before the password item
// (or at the end).
func insertBeforePassword(items, extra []navItem) []navItem {
	if len(extra) == 0 {
		return items
	}
	for i, it := range items {
		if it.Key == "password" {
			out := append(append(append([]navItem{}, items[:i]...), extra...), items[i:]...)
			return out
		}
	}
	return append(items, extra...)
}
