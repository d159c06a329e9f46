package main

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/reports"
)

// homeFigures are the key figures of the current year on the home pages of
// the city, a town and a village: coverage of the register, people who
// completed, people certified and the platform staff's job-post training
// share of the unit, read from the reports' precomputed summaries (a
// fixed handful of documents by _id, whatever the size of the city), each
// linking to the page that explains it; the city sees the assessment's
// leading and lagging town, a town its own rank. note is the 数据截至 line.
func (a *App) homeFigures(c *fiber.Ctx, actor *skillcert.Actor) (figs []homeStatus, note string, err error) {
	unit := ""
	switch actor.Role {
	case skillcert.RoleCityAdmin:
		unit = "city"
	case skillcert.RoleTownStaff:
		unit = actor.Town
	case skillcert.RoleVillageStaff:
		unit = actor.Village
	default:
		return nil, "", nil
	}
	ctx := c.UserContext()
	year := a.Reports.Today().Year
	per := reports.YearPeriod(year)
	r, err := a.Reports.Coverage(ctx, actor, unit, per, 0)
	if err != nil {
		return nil, "", err
	}
	link := coverageLink(unit, per)
	f := r.Unit
	y := strconv.Itoa(year)
	figs = append(figs,
		homeStatus{Key: "fig-coverage", Label: y + " 年培训覆盖率", Value: f.Coverage("all").String(), Href: link,
			Note: fmt.Sprintf("结业 %d 人 ÷ 登记 %d 人", f.Completed["all"], f.Registered["all"])},
		homeStatus{Key: "fig-completed", Label: y + " 年结业人数", Value: fmt.Sprintf("%d 人", f.Completed["all"]), Href: link,
			Note: "结业率 " + f.CompletionRate().String()},
		homeStatus{Key: "fig-certified", Label: y + " 年获证人数", Value: fmt.Sprintf("%d 人", f.Certified["all"]), Href: link},
		homeStatus{Key: "fig-staff", Label: "平台人员岗位培训", Value: r.Staff.Share().String(), Href: link,
			Note: fmt.Sprintf("近 %d 个月受训 %d 人 ÷ 在岗 %d 人", r.Staff.Months, r.Staff.Trained, r.Staff.OnPost)})
	note = asOfNote(r)
	if actor.Role == skillcert.RoleVillageStaff {
		return figs, note, nil
	}
	as, err := a.Reports.Assess(ctx, actor, year)
	if err != nil {
		if code := skillcert.ErrorCode(err); code == skillcert.ENOTFOUND {
			return figs, note, nil // no weights in force: no ranking to show
		}
		return nil, "", err
	}
	alink := "/reports/assessment?year=" + url.QueryEscape(y)
	switch {
	case len(as.Cards) == 0:
	case actor.Role == skillcert.RoleCityAdmin:
		first, last := as.Cards[0], as.Cards[len(as.Cards)-1]
		figs = append(figs,
			homeStatus{Key: "fig-leading", Label: y + " 年度考核领先", Value: first.TownName, Href: alink, Note: first.Points() + " 分，第 1 名"},
			homeStatus{Key: "fig-lagging", Label: y + " 年度考核落后", Value: last.TownName, Href: alink, Attention: true,
				Note: fmt.Sprintf("%s 分，第 %d 名（共 %d 个）", last.Points(), last.Rank, as.TownCount)})
	default:
		own := as.Cards[0]
		figs = append(figs, homeStatus{Key: "fig-rank", Label: y + " 年度考核排名", Value: fmt.Sprintf("第 %d 名（共 %d 个）", own.Rank, as.TownCount),
			Href: alink, Note: own.Points() + " 分（权重版本 " + as.Weights.Version + "）"})
	}
	return figs, note, nil
}
