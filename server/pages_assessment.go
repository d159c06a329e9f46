package main

import (
	"bytes"
	"html/template"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/reports"
)

func (a *App) assessmentOf(c *fiber.Ctx) (*reports.Assessment, error) {
	year := a.Reports.Today().Year
	if s := c.Query("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil {
			return nil, skillcert.Invalid("year", "年度“%s”无法识别", s)
		}
		year = y
	}
	return a.Reports.Assess(c.UserContext(), actorOf(c), year)
}

func (a *App) apiAssessment(c *fiber.Ctx) error {
	as, err := a.assessmentOf(c)
	if err != nil {
		return err
	}
	return c.JSON(as)
}

type assessmentPage struct {
	A     *reports.Assessment
	Table reports.Table
	Chart template.HTML
	Year  int
	Note  string
}

func (a *App) pageAssessment(c *fiber.Ctx) error {
	as, err := a.assessmentOf(c)
	if err != nil {
		return err
	}
	t := as.AssessmentTable()
	d := assessmentPage{A: as, Table: t, Year: as.Year, Note: assessmentNote(as),
		Chart: hbarChart("各镇（街道）考核总分", barsOf(t.Rows, 1, 2), 1000)}
	return a.render(c, "pages/reports_assessment", strconv.Itoa(as.Year)+"年度考核", "assessment", d)
}

func assessmentNote(as *reports.Assessment) string {
	if as.AsOf.IsZero() {
		return "尚无统计数据"
	}
	return "数据截至 " + as.AsOf.In(shanghai).Format("2006-01-02 15:04") + "；共 " + strconv.Itoa(as.TownCount) + " 个镇（街道）参加排名"
}

func (a *App) assessmentXLSX(c *fiber.Ctx) error {
	as, err := a.assessmentOf(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := reports.WriteXLSX(&buf, assessmentNote(as), []reports.Table{as.AssessmentTable()}); err != nil {
		return err
	}
	return sendXLSX(c, strconv.Itoa(as.Year)+"年度考核.xlsx", "assessment.xlsx", buf.Bytes())
}
