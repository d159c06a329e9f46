package main

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/reports"
)

// The town assessment's weight versions: the list, the version in force
// and the city's form to add a version or correct one not yet in force.

type weightsPage struct {
	InForce    reports.AssessmentWeights
	InForceErr string
	Versions   skillcert.Page[reports.WeightsVersion]
	Pager      pager
	CanEdit    bool
	Today      skillcert.Date
	Editing    *reports.WeightsVersion
}

var weightFields = []string{"coverage", "completion", "certification", "staffing", "rating"}

func (a *App) weightsData(c *fiber.Ctx) (*weightsPage, error) {
	actor := actorOf(c)
	ctx := c.UserContext()
	page, err := pageQuery(c)
	if err != nil {
		return nil, err
	}
	d := &weightsPage{CanEdit: actor.Role == skillcert.RoleCityAdmin, Today: a.Reports.Today()}
	if d.InForce, err = a.Reports.WeightsInForce(ctx, d.Today); err != nil {
		if skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
			return nil, err
		}
		d.InForceErr = skillcert.ErrorMessage(err)
	}
	if d.Versions, err = a.Reports.WeightVersions(ctx, actor, page); err != nil {
		return nil, err
	}
	d.Pager = newPager(c, d.Versions.Page, d.Versions.Pages())
	id := c.Query("edit")
	if c.Method() == fiber.MethodPost && c.Params("version") != "" {
		id = versionParam(c)
	}
	if id != "" && d.CanEdit {
		for _, v := range d.Versions.Items {
			if v.ID == id && v.EffectiveFrom.After(d.Today) {
				d.Editing = &v
			}
		}
	}
	return d, nil
}

func weightsForm(w reports.AssessmentWeights) map[string]string {
	return map[string]string{"coverage": strconv.Itoa(w.Coverage), "completion": strconv.Itoa(w.Completion),
		"certification": strconv.Itoa(w.Certification), "staffing": strconv.Itoa(w.Staffing), "rating": strconv.Itoa(w.Rating)}
}

func (a *App) renderWeights(c *fiber.Ctx, d *weightsPage, form map[string]string, err error) error {
	v := a.view(c, "考核权重", "assessment", d)
	start := weightsForm(d.InForce)
	if d.Editing != nil {
		start = weightsForm(d.Editing.AssessmentWeights)
		start["version"], start["effectiveFrom"] = d.Editing.Version, d.Editing.EffectiveFrom.String()
	}
	for k, val := range start {
		v.Form[k] = val
	}
	for k, val := range form {
		v.Form[k] = val
	}
	if err != nil {
		return a.renderFailed(c, v, "pages/reports_weights", err)
	}
	return a.renderView(c, "pages/reports_weights", v)
}

func (a *App) pageWeights(c *fiber.Ctx) error {
	d, err := a.weightsData(c)
	if err != nil {
		return err
	}
	return a.renderWeights(c, d, nil, nil)
}

// parseWeightsForm reads the form's version, date and five weights.
func parseWeightsForm(c *fiber.Ctx) (reports.WeightsInput, error) {
	in := reports.WeightsInput{EffectiveFrom: c.FormValue("effectiveFrom")}
	in.Version = c.FormValue("version")
	w := &in.AssessmentWeights
	dst := []*int{&w.Coverage, &w.Completion, &w.Certification, &w.Staffing, &w.Rating}
	what := []string{"培训覆盖率权重", "结业率权重", "获证率权重", "人员配备到位率权重", "服务对象评议权重"}
	for i, f := range weightFields {
		n, err := formInt(c, f, what[i])
		if err != nil {
			return in, err
		}
		*dst[i] = n
	}
	return in, nil
}

func (a *App) weightsFailed(c *fiber.Ctx, err error) error {
	if code := skillcert.ErrorCode(err); code == skillcert.ECONFLICT || code == skillcert.ENOTFOUND {
		if code == skillcert.ENOTFOUND {
			return a.redirectWithFlash(c, "/reports/weights", "error", skillcert.ErrorMessage(err))
		}
		return a.actionFailed(c, err, "/reports/weights")
	}
	d, derr := a.weightsData(c)
	if derr != nil {
		return derr
	}
	form := map[string]string{}
	for _, k := range append([]string{"version", "effectiveFrom"}, weightFields...) {
		form[k] = c.FormValue(k)
	}
	if d.Editing != nil {
		form["version"] = d.Editing.Version
	}
	return a.renderWeights(c, d, form, err)
}

func (a *App) pageAddWeights(c *fiber.Ctx) error {
	in, err := parseWeightsForm(c)
	var v *reports.WeightsVersion
	if err == nil {
		v, err = a.Reports.AddWeights(c.UserContext(), actorOf(c), in)
	}
	if err != nil {
		return a.weightsFailed(c, err)
	}
	return a.redirectWithFlash(c, "/reports/weights", "ok", "已新增考核权重版本“"+v.Version+"”，自 "+v.EffectiveFrom.String()+" 起生效")
}

func (a *App) pageCorrectWeights(c *fiber.Ctx) error {
	in, err := parseWeightsForm(c)
	var v *reports.WeightsVersion
	if err == nil {
		v, err = a.Reports.CorrectWeights(c.UserContext(), actorOf(c), versionParam(c), in)
	}
	if err != nil {
		return a.weightsFailed(c, err)
	}
	return a.redirectWithFlash(c, "/reports/weights", "ok", "已修改考核权重版本“"+v.Version+"”，自 "+v.EffectiveFrom.String()+" 起生效")
}

func (a *App) pageWithdrawWeights(c *fiber.Ctx) error {
	v, err := a.Reports.WithdrawWeights(c.UserContext(), actorOf(c), versionParam(c))
	if err != nil {
		return a.weightsFailed(c, err)
	}
	return a.redirectWithFlash(c, "/reports/weights", "ok", "已撤回考核权重版本“"+v.Version+"”（原定 "+v.EffectiveFrom.String()+" 生效）")
}
