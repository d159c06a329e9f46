package main

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/reports"
	"skillcert/roster"
)

// reportPeriod reads period, from and to from the query.
func (a *App) reportPeriod(c *fiber.Ctx) (reports.Period, error) {
	return reports.ParsePeriod(c.Query("period"), c.Query("from"), c.Query("to"), a.Reports.Today())
}

// defaultUnit is the unit a staff member's page opens on: the city, their
// town, or their village.
func defaultUnit(actor *skillcert.Actor) string {
	switch actor.Role {
	case skillcert.RoleTownStaff:
		return actor.Town
	case skillcert.RoleVillageStaff:
		return actor.Village
	}
	return "city"
}

func (a *App) coverageOf(c *fiber.Ctx) (*reports.Report, error) {
	per, err := a.reportPeriod(c)
	if err != nil {
		return nil, err
	}
	months := 0
	if s := c.Query("months"); s != "" {
		months, err = strconv.Atoi(s)
		if err != nil || months < 1 || months > 60 {
			return nil, skillcert.Invalid("months", "岗位培训统计月数应为 1 到 60 之间的整数")
		}
	}
	actor := actorOf(c)
	unit := c.Query("unit")
	if unit == "" {
		unit = defaultUnit(actor)
	}
	return a.Reports.Coverage(c.UserContext(), actor, unit, per, months)
}

func (a *App) apiCoverage(c *fiber.Ctx) error {
	r, err := a.coverageOf(c)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// outreachOf reads the outreach list's village, group and period.
func (a *App) outreachArgs(c *fiber.Ctx) (string, roster.TargetGroup, reports.Period, error) {
	per, err := a.reportPeriod(c)
	if err != nil {
		return "", "", per, err
	}
	g, err := roster.ParseTargetGroup(c.Query("group"))
	if err != nil {
		return "", "", per, skillcert.Invalid("group", "人员类别“%s”无法识别", c.Query("group"))
	}
	village := c.Query("village")
	if village == "" {
		village = actorOf(c).Village
	}
	return village, g, per, nil
}

func (a *App) apiOutreach(c *fiber.Ctx) error {
	village, g, per, err := a.outreachArgs(c)
	if err != nil {
		return err
	}
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Reports.Outreach(c.UserContext(), actorOf(c), village, g, per, page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiRebuildStatus(c *fiber.Ctx) error { return c.JSON(a.Reports.Status()) }

func (a *App) apiStartRebuild(c *fiber.Ctx) error {
	if err := a.Reports.StartRebuild(); err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(a.Reports.Status())
}

// asOfNote is the line under every figure: 数据截至 …
func asOfNote(r *reports.Report) string {
	if r.AsOf.IsZero() {
		return "统计期间：" + r.Period.Label() + "；尚无统计数据"
	}
	return "统计期间：" + r.Period.Label() + "；数据截至 " + r.AsOf.In(shanghai).Format("2006-01-02 15:04")
}

// maxOutreachExport bounds one outreach export (a village's group).
const maxOutreachExport = 20000

func (a *App) coverageXLSX(c *fiber.Ctx) error {
	r, err := a.coverageOf(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reports.WriteXLSX(&buf, asOfNote(r), r.Tables(nil)); err != nil {
		return err
	}
	return sendXLSX(c, r.Unit.UnitName+"培训覆盖_"+r.Period.Label()+".xlsx", "coverage.xlsx", buf.Bytes())
}

func (a *App) outreachXLSX(c *fiber.Ctx) error {
	village, g, per, err := a.outreachArgs(c)
	if err != nil {
		return err
	}
	var rows []reports.OutreachRow
	for page := 1; ; page++ {
		p, err := a.Reports.Outreach(c.UserContext(), actorOf(c), village, g, per, skillcert.PageRequest{Page: page, Size: skillcert.MaxPageSize})
		if err != nil {
			return err
		}
		rows = append(rows, p.Items...)
		if page >= p.Pages() || len(rows) >= maxOutreachExport {
			break
		}
	}
	u, _ := a.Orgs.Unit(village)
	title := fmt.Sprintf("%s %s %s待培训名单（%s）", a.Orgs.TownName(u.Parent), u.Name, g.Label(), per.Label())
	var buf bytes.Buffer
	if err := reports.WriteXLSX(&buf, "期间内未结业的人员；身份证号已隐藏", []reports.Table{reports.OutreachTable(title, rows)}); err != nil {
		return err
	}
	return sendXLSX(c, u.Name+"_"+g.Label()+"_待培训名单.xlsx", "outreach.xlsx", buf.Bytes())
}
