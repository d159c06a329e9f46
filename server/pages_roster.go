package main

import (
	"errors"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/auth"
	"skillcert/orgs"
	"skillcert/roster"
)

// rosterNav is the register's menu of each role.
func rosterNav(r skillcert.Role) []navItem {
	switch r {
	case skillcert.RoleCityAdmin:
		return []navItem{{Key: "persons", Label: "人员登记", Href: "/persons", Hint: "全市劳动力资源登记（只读）"}}
	case skillcert.RoleTownStaff:
		return []navItem{
			{Key: "persons", Label: "人员登记", Href: "/persons", Hint: "本镇（街道）居民登记、查询、导出"},
			{Key: "persons-import", Label: "批量导入", Href: "/persons/import", Hint: "用 Excel 表格批量登记"},
			{Key: "persons-pending", Label: "待确认注册", Href: "/persons/pending", Hint: "学员自助注册，待本镇确认"},
		}
	case skillcert.RoleVillageStaff:
		return []navItem{
			{Key: "persons", Label: "人员登记", Href: "/persons", Hint: "本村（社区）居民登记、查询、导出"},
			{Key: "persons-import", Label: "批量导入", Href: "/persons/import", Hint: "用 Excel 表格批量登记"},
		}
	case skillcert.RoleTrainee:
		return []navItem{{Key: "profile", Label: "我的资料", Href: "/profile", Hint: "登记信息与联系电话"}}
	}
	return nil
}

// insertAfterHome puts extra menu items right after the home item.
func insertAfterHome(items, extra []navItem) []navItem {
	if len(extra) == 0 || len(items) == 0 || items[0].Key != "home" {
		return append(items, extra...)
	}
	return append(append([]navItem{items[0]}, extra...), items[1:]...)
}

// rosterOption is one choice of a select or a group of check boxes.
type rosterOption struct {
	Value, Label string
	Selected     bool
}

func rosterOptions[T ~string](all []T, label func(T) string, selected ...string) []rosterOption {
	out := make([]rosterOption, len(all))
	for i, v := range all {
		out[i] = rosterOption{Value: string(v), Label: label(v)}
		for _, s := range selected {
			if s == string(v) {
				out[i].Selected = true
			}
		}
	}
	return out
}

func rosterUnitOptions(units []orgs.Unit, selected string) []rosterOption {
	out := make([]rosterOption, len(units))
	for i, u := range units {
		out[i] = rosterOption{Value: u.Code, Label: u.Name, Selected: u.Code == selected}
	}
	return out
}

// villagesInScope are the villages an actor may pick: all of their town's
// (a village's staff: their own).
func (a *App) villagesInScope(actor *skillcert.Actor) []orgs.Unit {
	if actor.Village != "" {
		if u, ok := a.Orgs.Unit(actor.Village); ok {
			return []orgs.Unit{u}
		}
	}
	return a.Orgs.Villages(actor.Town)
}

type personsPage struct {
	Page          skillcert.Page[roster.Person]
	Pager         pager
	Query         map[string]string
	Towns         []rosterOption
	Villages      []rosterOption
	Groups        []rosterOption
	Educations    []rosterOption
	Statuses      []rosterOption
	FilterError   string
	CanManage     bool
	CanConfirm    bool
	ExportURL     string
	ExportFullURL string
	Now           skillcert.Date // the day ages are counted at
}

func (a *App) pagePersons(c *fiber.Ctx) error {
	actor := actorOf(c)
	q := map[string]string{}
	for _, k := range roster.FilterQueryKeys {
		q[k] = c.Query(k)
	}
	d := &personsPage{Query: q, Now: skillcert.Today(),
		Groups:     rosterOptions(roster.TargetGroups, roster.TargetGroup.Label, q["group"]),
		Educations: rosterOptions(roster.Educations, roster.Education.Label, q["education"]),
		Statuses:   rosterOptions([]roster.PersonStatus{roster.PersonActive, roster.PersonPending}, roster.PersonStatus.Label, q["status"]),
		CanManage:  auth.Allowed(actor, auth.PermRosterManage), CanConfirm: auth.Allowed(actor, auth.PermRosterConfirm)}
	if actor.Town == "" {
		d.Towns = rosterUnitOptions(a.Orgs.Towns(), q["town"])
		if q["town"] != "" {
			d.Villages = rosterUnitOptions(a.Orgs.Villages(q["town"]), q["village"])
		}
	} else if actor.Village == "" {
		d.Villages = rosterUnitOptions(a.Orgs.Villages(actor.Town), q["village"])
	}
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Roster.List(c.UserContext(), actor, rosterFilter(c), page)
	if err != nil {
		if skillcert.ErrorCode(err) != skillcert.EINVALID {
			return err
		}
		d.FilterError = skillcert.ErrorMessage(err)
		res = skillcert.NewPage[roster.Person](nil, 0, page)
	}
	d.Page, d.Pager = res, newPager(c, res.Page, res.Pages())
	values := url.Values{}
	for k, v := range q {
		if v != "" {
			values.Set(k, v)
		}
	}
	d.ExportURL = "/persons/export.xlsx?" + values.Encode()
	if auth.CanSeeFullIDNumbers(actor) {
		values.Set("full", "1")
		d.ExportFullURL = "/persons/export.xlsx?" + values.Encode()
	}
	return a.render(c, "pages/roster_list", "人员登记", "persons", d)
}

func (a *App) pagePending(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Roster.List(c.UserContext(), actorOf(c), roster.Filter{Status: roster.PersonPending}, page)
	if err != nil {
		return err
	}
	d := &personsPage{Page: res, Pager: newPager(c, res.Page, res.Pages()), Now: skillcert.Today()}
	return a.render(c, "pages/roster_pending", "待确认的自助注册", "persons-pending", d)
}

// personPage is the data of the new-person page and of a person's page.
type personPage struct {
	Person      *roster.Person // nil on the new-person page
	IDFull      string         // after an audited reveal
	Action      string         // where the form posts
	Submit      string         // its button
	Form        roster.PersonInput
	Villages    []rosterOption
	Groups      []rosterOption
	Educations  []rosterOption
	Levels      []rosterOption
	Employments []rosterOption
	CanManage   bool
	CanConfirm  bool
	CanReveal   bool
	Confirming  bool           // the form confirms a pending self-registration
	Now         skillcert.Date // the day ages are counted at
	History     *personHistory // the person's courses and certificates
}

func (a *App) personPageData(actor *skillcert.Actor, p *roster.Person, in roster.PersonInput) *personPage {
	d := &personPage{Person: p, Form: in, Now: skillcert.Today(),
		Villages:    rosterUnitOptions(a.villagesInScope(actor), in.Village),
		Groups:      rosterOptions(roster.TargetGroups, roster.TargetGroup.Label, in.Groups...),
		Educations:  rosterOptions(roster.Educations, roster.Education.Label, in.Education),
		Levels:      rosterOptions(roster.ComputerLevels, roster.ComputerLevel.Label, in.ComputerLevel),
		Employments: rosterOptions(roster.EmploymentStatuses, roster.EmploymentStatus.Label, in.Employment),
		CanManage:   auth.Allowed(actor, auth.PermRosterManage),
		CanConfirm:  auth.Allowed(actor, auth.PermRosterConfirm),
		CanReveal:   auth.CanSeeFullIDNumbers(actor),
	}
	d.Action, d.Submit = "/persons", "登记"
	if p != nil {
		d.Action, d.Submit = "/persons/"+p.ID, "保存修改"
		if p.Status == roster.PersonPending && d.CanConfirm {
			d.Action, d.Submit, d.Confirming = "/persons/"+p.ID+"/confirm", "确认登记", true
		}
	}
	return d
}

// personForm reads the person form; the town (and a village's staff's
// village) are the actor's own.
func personForm(c *fiber.Ctx, actor *skillcert.Actor) roster.PersonInput {
	in := roster.PersonInput{Name: c.FormValue("name"), IDNumber: c.FormValue("idNumber"), Mobile: c.FormValue("mobile"),
		Town: actor.Town, Village: c.FormValue("village"), Education: c.FormValue("education"),
		ComputerLevel: c.FormValue("computerLevel"), ComputerCert: c.FormValue("computerCert"),
		Employment: c.FormValue("employment"), Notes: c.FormValue("notes")}
	for _, g := range c.Context().PostArgs().PeekMulti("groups") {
		in.Groups = append(in.Groups, string(g))
	}
	if actor.Village != "" {
		in.Village = actor.Village
	}
	return in
}

// fieldErrors puts every fault of a person form beside its input, and an
// error without a field into the flash.
func fieldErrors(v *View, err error) {
	var fe roster.FieldErrors
	if errors.As(err, &fe) {
		for _, e := range fe {
			if _, seen := v.Errors[string(e.Field)]; !seen {
				v.Errors[string(e.Field)] = e.Message
			}
		}
		return
	}
	formErrors(v, err)
}

// userFault reports whether err is the user's to fix (re-render the form)
// rather than the system's.
func userFault(err error) bool {
	code := skillcert.ErrorCode(err)
	return code != skillcert.EINTERNAL && code != skillcert.EUNAVAILABLE
}

func (a *App) pagePersonNew(c *fiber.Ctx) error {
	actor := actorOf(c)
	return a.render(c, "pages/roster_person", "登记新人员", "persons", a.personPageData(actor, nil, roster.PersonInput{Village: actor.Village}))
}

func (a *App) pagePersonCreate(c *fiber.Ctx) error {
	actor := actorOf(c)
	in := personForm(c, actor)
	p, err := a.Roster.Create(c.UserContext(), actor, in)
	if err == nil {
		return a.redirectWithFlash(c, "/persons/"+p.ID, "ok", "已登记 "+p.Name)
	}
	if !userFault(err) {
		return err
	}
	v := a.view(c, "登记新人员", "persons", a.personPageData(actor, nil, in))
	fieldErrors(v, err)
	c.Status(statusOf[skillcert.ErrorCode(err)])
	return a.renderView(c, "pages/roster_person", v)
}

func (a *App) pagePerson(c *fiber.Ctx) error {
	return a.showPerson(c, "")
}

// showPerson renders a person's page, with the whole ID number after a
// reveal.
func (a *App) showPerson(c *fiber.Ctx, full string) error {
	actor := actorOf(c)
	p, err := a.Roster.Get(c.UserContext(), actor, c.Params("id"))
	if err != nil {
		return err
	}
	d := a.personPageData(actor, p, p.Input())
	d.IDFull = full
	if d.History, err = a.personHistoryOf(c, p.ID); err != nil {
		return err
	}
	return a.render(c, "pages/roster_person", p.Name, "persons", d)
}

// rerenderPerson shows a person's page again with the form as posted and
// its faults.
func (a *App) rerenderPerson(c *fiber.Ctx, in roster.PersonInput, err error) error {
	if !userFault(err) {
		return err
	}
	actor := actorOf(c)
	p, gerr := a.Roster.Get(c.UserContext(), actor, c.Params("id"))
	if gerr != nil {
		return gerr
	}
	v := a.view(c, p.Name, "persons", a.personPageData(actor, p, in))
	fieldErrors(v, err)
	c.Status(statusOf[skillcert.ErrorCode(err)])
	return a.renderView(c, "pages/roster_person", v)
}

func (a *App) pagePersonUpdate(c *fiber.Ctx) error {
	actor := actorOf(c)
	in := personForm(c, actor)
	p, err := a.Roster.Update(c.UserContext(), actor, c.Params("id"), in)
	if err != nil {
		return a.rerenderPerson(c, in, err)
	}
	return a.redirectWithFlash(c, "/persons/"+p.ID, "ok", "已保存 "+p.Name+" 的登记信息")
}

func (a *App) pagePersonConfirm(c *fiber.Ctx) error {
	actor := actorOf(c)
	in := personForm(c, actor)
	p, err := a.Roster.Confirm(c.UserContext(), actor, c.Params("id"), in)
	if err != nil {
		return a.rerenderPerson(c, in, err)
	}
	return a.redirectWithFlash(c, "/persons/pending", "ok", "已确认 "+p.Name+" 的登记")
}

func (a *App) pagePersonReject(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := a.Roster.Reject(c.UserContext(), actorOf(c), id, c.FormValue("reason")); err != nil {
		if !userFault(err) || skillcert.ErrorCode(err) == skillcert.ENOTFOUND {
			return err
		}
		return a.redirectWithFlash(c, "/persons/"+id, "error", skillcert.ErrorMessage(err))
	}
	return a.redirectWithFlash(c, "/persons/pending", "ok", "已不予确认，该学员账号已停用")
}

func (a *App) pagePersonDelete(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := a.Roster.Delete(c.UserContext(), actorOf(c), id); err != nil {
		if !userFault(err) || skillcert.ErrorCode(err) == skillcert.ENOTFOUND {
			return err
		}
		return a.redirectWithFlash(c, "/persons/"+id, "error", skillcert.ErrorMessage(err))
	}
	return a.redirectWithFlash(c, "/persons", "ok", "已删除")
}

func (a *App) pagePersonReveal(c *fiber.Ctx) error {
	actor := actorOf(c)
	if actor.Role == skillcert.RoleTrainee {
		if c.Params("id") != actor.PersonID {
			return &skillcert.Error{Code: skillcert.ENOTFOUND, Message: "人员不存在或不在您的管辖范围内"}
		}
		return a.pageProfileReveal(c)
	}
	n, err := a.Roster.RevealIDNumber(c.UserContext(), actor, c.Params("id"))
	if err != nil {
		return err
	}
	return a.showPerson(c, n)
}

type importPage struct {
	Recent   []roster.ImportJob
	MaxRows  int64
	MaxBytes string
}

func (a *App) importPageData(c *fiber.Ctx) (*importPage, error) {
	jobs, err := a.Roster.RecentImports(c.UserContext(), actorOf(c), 10)
	if err != nil {
		return nil, err
	}
	lim := a.Roster.Limits()
	return &importPage{Recent: jobs, MaxRows: lim.MaxRows, MaxBytes: fmtMiB(lim.MaxBytes)}, nil
}

func fmtMiB(n int64) string {
	return strconv.FormatInt(n>>20, 10) + " MB"
}

func (a *App) pageImport(c *fiber.Ctx) error {
	d, err := a.importPageData(c)
	if err != nil {
		return err
	}
	return a.render(c, "pages/roster_import", "批量导入", "persons-import", d)
}

func (a *App) pageImportSubmit(c *fiber.Ctx) error {
	name, data, err := a.readUpload(c)
	var job *roster.ImportJob
	if err == nil {
		job, err = a.Roster.StartImport(c.UserContext(), actorOf(c), name, data)
	}
	if err == nil {
		return c.Redirect("/imports/"+job.ID, fiber.StatusSeeOther)
	}
	if !userFault(err) {
		return err
	}
	d, derr := a.importPageData(c)
	if derr != nil {
		return derr
	}
	v := a.view(c, "批量导入", "persons-import", d)
	v.Flash, v.FlashKind = skillcert.ErrorMessage(err), "error"
	c.Status(statusOf[skillcert.ErrorCode(err)])
	return a.renderView(c, "pages/roster_import", v)
}

func (a *App) pageImportJob(c *fiber.Ctx) error {
	r, err := a.importWithErrors(c)
	if err != nil {
		return err
	}
	return a.render(c, "pages/roster_job", "导入结果", "persons-import", r)
}

// registerPage is the self-registration form.
type registerPage struct {
	Form  roster.Registration
	Towns []townVillages
}

type townVillages struct {
	Town     orgs.Unit
	Villages []rosterOption
}

func (a *App) registerData(in roster.Registration) *registerPage {
	d := &registerPage{Form: in}
	for _, t := range a.Orgs.Towns() {
		d.Towns = append(d.Towns, townVillages{Town: t, Villages: rosterUnitOptions(a.Orgs.Villages(t.Code), in.Village)})
	}
	return d
}

func (a *App) pageRegister(c *fiber.Ctx) error {
	return a.render(c, "pages/roster_register", "学员注册", "", a.registerData(roster.Registration{}))
}

func (a *App) pageRegisterSubmit(c *fiber.Ctx) error {
	in := roster.Registration{IDNumber: c.FormValue("idNumber"), Name: c.FormValue("name"), Mobile: c.FormValue("mobile"),
		Password: c.FormValue("password"), Village: c.FormValue("village"), ActivationCode: c.FormValue("activationCode")}
	var err error
	if in.Password != c.FormValue("password2") {
		err = skillcert.Invalid("password2", "两次输入的密码不一致")
	} else {
		var res *roster.Registered
		if res, err = a.Roster.Register(c.UserContext(), in); err == nil {
			msg := res.Message
			for _, w := range res.Warnings {
				msg += "注意：" + w + "。"
			}
			return a.redirectWithFlash(c, "/login", "ok", msg)
		}
	}
	if !userFault(err) {
		return err
	}
	in.Password = ""
	v := a.view(c, "学员注册", "", a.registerData(in))
	fieldErrors(v, err)
	c.Status(statusOf[skillcert.ErrorCode(err)])
	return a.renderView(c, "pages/roster_register", v)
}

// profilePage is the trainee's own page.
type profilePage struct {
	Profile *roster.Profile
	IDFull  string
	Mobile  string
}

func (a *App) pageProfile(c *fiber.Ctx) error {
	p, err := a.Roster.Profile(c.UserContext(), actorOf(c))
	if err != nil {
		return err
	}
	return a.render(c, "pages/roster_profile", "我的资料", "profile", &profilePage{Profile: p, Mobile: p.Person.Mobile})
}

func (a *App) pageProfileUpdate(c *fiber.Ctx) error {
	actor := actorOf(c)
	before := actor.Username
	p, err := a.Roster.UpdateProfile(c.UserContext(), actor, roster.ProfileInput{Mobile: c.FormValue("mobile")})
	if err == nil {
		msg := "已保存联系电话"
		if p.Username != before {
			msg += "；登录名已改为新的手机号码 " + p.Username
		}
		return a.redirectWithFlash(c, "/profile", "ok", msg)
	}
	if !userFault(err) {
		return err
	}
	prof, perr := a.Roster.Profile(c.UserContext(), actor)
	if perr != nil {
		return perr
	}
	v := a.view(c, "我的资料", "profile", &profilePage{Profile: prof, Mobile: c.FormValue("mobile")})
	fieldErrors(v, err)
	c.Status(statusOf[skillcert.ErrorCode(err)])
	return a.renderView(c, "pages/roster_profile", v)
}

func (a *App) pageProfileReveal(c *fiber.Ctx) error {
	actor := actorOf(c)
	p, err := a.Roster.Profile(c.UserContext(), actor)
	if err != nil {
		return err
	}
	n, err := a.Roster.RevealIDNumber(c.UserContext(), actor, p.Person.ID)
	if err != nil {
		return err
	}
	return a.render(c, "pages/roster_profile", "我的资料", "profile", &profilePage{Profile: p, IDFull: n, Mobile: p.Person.Mobile})
}
