package main

import (
	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/recruitment"
)

// The policy page's correction and withdrawal of versions not yet in
// force: /recruitment/policy?edit=<version> fills the form with that
// version and posts it to /recruitment/policy/<version>.

// policyEditing reads ?edit= (or the version of a correction being
// re-shown) into d.Editing; a version in force is not offered for editing.
func (a *App) policyEditing(c *fiber.Ctx, d *policyPage) error {
	id := c.Query("edit")
	if c.Method() == fiber.MethodPost && c.Params("version") != "" {
		id = versionParam(c)
	}
	if id == "" || !d.CanEdit {
		return nil
	}
	v, err := a.Recruitment.PolicyVersionByID(c.UserContext(), actorOf(c), id)
	if err != nil {
		return err
	}
	if v.EffectiveFrom.After(d.Today) {
		d.Editing = v
	}
	return nil
}

// policyFormOf is the form's starting values: the version being corrected
// with its name and date, else the parameters in force.
func policyFormOf(d *policyPage) map[string]string {
	if d.Editing == nil {
		return policyForm(d.InForce)
	}
	f := policyForm(d.Editing.PolicyParams)
	f["version"], f["effectiveFrom"] = d.Editing.Version, d.Editing.EffectiveFrom.String()
	return f
}

func (a *App) pageCorrectPolicyVersion(c *fiber.Ctx) error {
	id := versionParam(c)
	in, err := parsePolicyForm(c)
	var v *recruitment.PolicyVersion
	if err == nil {
		v, err = a.Recruitment.CorrectPolicyVersion(c.UserContext(), actorOf(c), id, in)
	}
	if err == nil {
		return a.redirectWithFlash(c, "/recruitment/policy", "ok", "已修改政策参数版本“"+v.Version+"”，自 "+v.EffectiveFrom.String()+" 起生效")
	}
	if code := skillcert.ErrorCode(err); code == skillcert.ECONFLICT || code == skillcert.ENOTFOUND {
		return a.actionFailed(c, err, "/recruitment/policy")
	}
	d, derr := a.policyData(c)
	if derr != nil {
		return derr
	}
	form := map[string]string{}
	for _, k := range []string{"effectiveFrom", "source", "ageLimit", "minEducation", "requireComputerSkills", "townStaff.staff",
		"townStaff.residents", "villageLargePopulation", "villageStaffLarge", "villageStaffSmall", "noticeWorkingDays",
		"constructionSubsidy", "personnelSubsidyPercent", "monthlyMinimumWage"} {
		form[k] = c.FormValue(k)
	}
	return a.renderPolicy(c, d, form, err)
}

func (a *App) pageWithdrawPolicyVersion(c *fiber.Ctx) error {
	v, err := a.Recruitment.WithdrawPolicyVersion(c.UserContext(), actorOf(c), versionParam(c))
	if err != nil {
		if skillcert.ErrorCode(err) == skillcert.ENOTFOUND {
			return a.redirectWithFlash(c, "/recruitment/policy", "error", skillcert.ErrorMessage(err))
		}
		return a.actionFailed(c, err, "/recruitment/policy")
	}
	return a.redirectWithFlash(c, "/recruitment/policy", "ok", "已撤回政策参数版本“"+v.Version+"”（原定 "+v.EffectiveFrom.String()+" 生效）")
}
