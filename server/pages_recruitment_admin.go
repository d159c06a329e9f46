package main

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/orgs"
	"skillcert/recruitment"
	"skillcert/roster"
)

// Policy parameters, holiday calendars and the staffing norms table.

// formInt reads a whole number from a form field; what names it.
func formInt(c *fiber.Ctx, field, what string) (int, error) {
	s := strings.TrimSpace(c.FormValue(field))
	if s == "" {
		return 0, skillcert.Invalid(field, "请填写%s", what)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, skillcert.Invalid(field, "%s“%s”应为整数", what, s)
	}
	return n, nil
}

// formIntOr is formInt with a default for a blank field.
func formIntOr(c *fiber.Ctx, field, what string, def int) (int, error) {
	if strings.TrimSpace(c.FormValue(field)) == "" {
		return def, nil
	}
	return formInt(c, field, what)
}

type policyPage struct {
	InForce         recruitment.PolicyParams
	InForceErr      string
	Versions        skillcert.Page[recruitment.PolicyVersion]
	Pager           pager
	CanEdit         bool
	EducationLevels []roster.Education
	Year            int
	Holidays        *recruitment.HolidayYear
	Today           skillcert.Date
	Editing         *recruitment.PolicyVersion // a version not yet in force being corrected
}

func (a *App) policyData(c *fiber.Ctx) (*policyPage, error) {
	actor := actorOf(c)
	ctx := c.UserContext()
	page, err := pageQuery(c)
	if err != nil {
		return nil, err
	}
	d := &policyPage{CanEdit: actor.Role == skillcert.RoleCityAdmin, EducationLevels: roster.Educations}
	today := a.Recruitment.Today()
	if d.InForce, err = a.Recruitment.PolicyInForce(ctx, today); err != nil {
		d.InForceErr = skillcert.ErrorMessage(err)
	}
	if d.Versions, err = a.Recruitment.PolicyVersions(ctx, actor, page); err != nil {
		return nil, err
	}
	d.Pager = newPager(c, d.Versions.Page, d.Versions.Pages())
	d.Today = today
	if err := a.policyEditing(c, d); err != nil {
		return nil, err
	}
	d.Year = today.Year
	if y, err := strconv.Atoi(c.Query("year", c.FormValue("year"))); err == nil {
		d.Year = y
	}
	if d.Holidays, err = a.Recruitment.HolidayCalendar(ctx, actor, d.Year); err != nil {
		return nil, err
	}
	return d, nil
}

// policyForm fills the new-version form from parameters.
func policyForm(p recruitment.PolicyParams) map[string]string {
	var tiers []string
	for _, t := range p.ConstructionSubsidy {
		tiers = append(tiers, t.LowerBound.M2()+" "+strings.TrimSuffix(strings.ReplaceAll(t.Amount.String(), ",", ""), " 元"))
	}
	yes := ""
	if p.RequireComputerSkills {
		yes = "on"
	}
	return map[string]string{
		"source": p.Source, "ageLimit": strconv.Itoa(p.AgeLimit), "minEducation": string(p.MinEducation), "requireComputerSkills": yes,
		"townStaff.staff": strconv.Itoa(p.TownStaff.Staff), "townStaff.residents": strconv.Itoa(p.TownStaff.Residents),
		"villageLargePopulation": strconv.Itoa(p.VillageLargePopulation), "villageStaffLarge": strconv.Itoa(p.VillageStaffLarge),
		"villageStaffSmall": strconv.Itoa(p.VillageStaffSmall), "noticeWorkingDays": strconv.Itoa(p.NoticeWorkingDays),
		"constructionSubsidy": strings.Join(tiers, "\n"), "personnelSubsidyPercent": strconv.Itoa(p.PersonnelSubsidyPercent),
		"monthlyMinimumWage": strings.TrimSuffix(strings.ReplaceAll(p.MonthlyMinimumWage.String(), ",", ""), " 元"),
	}
}

func holidayForm(h *recruitment.HolidayYear) map[string]string {
	return map[string]string{"daysOff": strings.Join(h.DaysOff, "\n"), "workingWeekends": strings.Join(h.WorkingWeekends, "\n")}
}

func (a *App) renderPolicy(c *fiber.Ctx, d *policyPage, form map[string]string, err error) error {
	v := a.view(c, "协理员政策参数", "recruitment-policy", d)
	for k, val := range policyFormOf(d) {
		v.Form[k] = val
	}
	for k, val := range holidayForm(d.Holidays) {
		v.Form[k] = val
	}
	for k, val := range form {
		v.Form[k] = val
	}
	if err != nil {
		return a.renderFailed(c, v, "pages/recruitment_policy", err)
	}
	return a.renderView(c, "pages/recruitment_policy", v)
}

func (a *App) pagePolicy(c *fiber.Ctx) error {
	d, err := a.policyData(c)
	if err != nil {
		return err
	}
	return a.renderPolicy(c, d, nil, nil)
}

// parsePolicyForm reads the new-version form.
func parsePolicyForm(c *fiber.Ctx) (recruitment.PolicyInput, error) {
	in := recruitment.PolicyInput{EffectiveFrom: c.FormValue("effectiveFrom")}
	p := &in.PolicyParams
	p.Version, p.Source = c.FormValue("version"), c.FormValue("source")
	p.MinEducation = roster.Education(c.FormValue("minEducation"))
	p.RequireComputerSkills = c.FormValue("requireComputerSkills") == "on"
	ints := []struct {
		field, what string
		dst         *int
	}{
		{"ageLimit", "年龄上限", &p.AgeLimit},
		{"townStaff.staff", "镇（街道）配备人数", &p.TownStaff.Staff},
		{"townStaff.residents", "镇（街道）配备标准的户籍人口数", &p.TownStaff.Residents},
		{"villageLargePopulation", "村（社区）人口分界", &p.VillageLargePopulation},
		{"villageStaffLarge", "较大村（社区）配备人数", &p.VillageStaffLarge},
		{"villageStaffSmall", "较小村（社区）配备人数", &p.VillageStaffSmall},
		{"noticeWorkingDays", "公示工作日数", &p.NoticeWorkingDays},
		{"personnelSubsidyPercent", "人员经费补助比例", &p.PersonnelSubsidyPercent},
	}
	for _, f := range ints {
		n, err := formInt(c, f.field, f.what)
		if err != nil {
			return in, err
		}
		*f.dst = n
	}
	wage, err := recruitment.ParseYuan(c.FormValue("monthlyMinimumWage"))
	if err != nil {
		return in, skillcert.Invalid("monthlyMinimumWage", "最低月工资标准：%s", skillcert.ErrorMessage(err))
	}
	p.MonthlyMinimumWage = wage
	for i, line := range strings.Split(c.FormValue("constructionSubsidy"), "\n") {
		parts := strings.Fields(line)
		if len(parts) == 0 {
			continue
		}
		if len(parts) != 2 {
			return in, skillcert.Invalid("constructionSubsidy", "平台建设补助第 %d 行应为“面积下限 金额（元）”，如 200 100000", i+1)
		}
		area, err := recruitment.ParseArea(parts[0])
		if err != nil {
			return in, skillcert.Invalid("constructionSubsidy", "平台建设补助第 %d 行的面积“%s”应为平方米数，最多两位小数（如 150.5）", i+1, parts[0])
		}
		amount, err := recruitment.ParseYuan(parts[1])
		if err != nil {
			return in, skillcert.Invalid("constructionSubsidy", "平台建设补助第 %d 行：%s", i+1, skillcert.ErrorMessage(err))
		}
		p.ConstructionSubsidy = append(p.ConstructionSubsidy, recruitment.AreaTier{LowerBound: area, Amount: amount})
	}
	return in, nil
}

func (a *App) pageAddPolicyVersion(c *fiber.Ctx) error {
	in, err := parsePolicyForm(c)
	var v *recruitment.PolicyVersion
	if err == nil {
		v, err = a.Recruitment.AddPolicyVersion(c.UserContext(), actorOf(c), in)
	}
	if err == nil {
		return a.redirectWithFlash(c, "/recruitment/policy", "ok", "已新增政策参数版本“"+v.Version+"”，自 "+v.EffectiveFrom.String()+" 起生效")
	}
	d, derr := a.policyData(c)
	if derr != nil {
		return derr
	}
	form := map[string]string{}
	for _, k := range []string{"version", "effectiveFrom", "source", "ageLimit", "minEducation", "requireComputerSkills", "townStaff.staff",
		"townStaff.residents", "villageLargePopulation", "villageStaffLarge", "villageStaffSmall", "noticeWorkingDays",
		"constructionSubsidy", "personnelSubsidyPercent", "monthlyMinimumWage"} {
		form[k] = c.FormValue(k)
	}
	return a.renderPolicy(c, d, form, err)
}

func (a *App) pageSetHolidays(c *fiber.Ctx) error {
	year, err := formInt(c, "year", "年份")
	back := "/recruitment/policy?year=" + c.FormValue("year")
	if err != nil {
		return a.actionFailed(c, err, "/recruitment/policy")
	}
	in := recruitment.HolidayInput{DaysOff: strings.Fields(c.FormValue("daysOff")), WorkingWeekends: strings.Fields(c.FormValue("workingWeekends"))}
	if _, err := a.Recruitment.SetHolidayCalendar(c.UserContext(), actorOf(c), year, in); err != nil {
		return a.actionFailed(c, err, back)
	}
	return a.redirectWithFlash(c, back, "ok", "已保存 "+strconv.Itoa(year)+" 年节假日安排")
}

type staffingPage struct {
	View  *recruitment.StaffingView
	Pager pager
	Towns []orgs.Unit
	City  bool
}

func (a *App) pageStaffing(c *fiber.Ctx) error {
	actor := actorOf(c)
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	v, err := a.Recruitment.Staffing(c.UserContext(), actor, c.Query("town"), page)
	if err != nil {
		return err
	}
	d := staffingPage{View: v, Pager: newPager(c, v.Villages.Page, v.Villages.Pages()), City: actor.Role == skillcert.RoleCityAdmin}
	if d.City {
		d.Towns = a.Orgs.Towns()
	}
	return a.render(c, "pages/recruitment_staffing", "人员配备", "recruitment-staffing", d)
}
