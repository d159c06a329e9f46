package main

import (
	"html/template"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/auth"
	"skillcert/reports"
	"skillcert/roster"
)

// crumb is one step of the drill-down trail.
type crumb struct{ Label, Href string }

// keyFigure is one figure of the cards at the top of the page.
type keyFigure struct{ Label, Value, Href string }

// chartedTable is a table with the chart drawn from the same cells.
type chartedTable struct {
	reports.Table
	Chart template.HTML
}

type coveragePage struct {
	Report     *reports.Report
	Note       string
	Trail      []crumb
	Key        []keyFigure
	Tables     []chartedTable
	Period     string
	From, To   string
	XLSX       string
	IsVillage  bool
	Outreach   []crumb
	CanRebuild bool
	Rebuild    reports.RebuildStatus
}

func coverageLink(unit string, per reports.Period) string {
	return "/reports/coverage?unit=" + url.QueryEscape(unit) + "&" + per.Query()
}

func (a *App) pageCoverage(c *fiber.Ctx) error {
	r, err := a.coverageOf(c)
	if err != nil {
		return err
	}
	actor := actorOf(c)
	per := r.Period
	d := coveragePage{Report: r, Note: asOfNote(r), CanRebuild: auth.Allowed(actor, auth.PermReportsRebuild),
		Rebuild: a.Reports.Status()}
	if per.Kind == reports.PeriodRange {
		d.From, d.To = per.From.String(), per.To.String()
	} else {
		d.Period = per.Query()[len("period="):]
	}
	q := url.Values{}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) { q.Set(string(k), string(v)) })
	q.Set("unit", r.Unit.Unit)
	d.XLSX = "/reports/coverage.xlsx?" + q.Encode()

	// The trail: city → town → village, as far as the actor's scope goes.
	if u, ok := a.Orgs.Unit(r.Unit.Unit); ok {
		if u.Type.IsVillageLevel() {
			d.IsVillage = true
			if auth.CheckScope(actor, "", "") == nil {
				d.Trail = append(d.Trail, crumb{a.Orgs.City().Name, coverageLink("city", per)})
			}
			if auth.CheckScope(actor, u.Parent, "") == nil {
				d.Trail = append(d.Trail, crumb{a.Orgs.TownName(u.Parent), coverageLink(u.Parent, per)})
			}
			for _, g := range roster.TargetGroups {
				d.Outreach = append(d.Outreach, crumb{g.Label(), "/reports/outreach?village=" + url.QueryEscape(u.Code) +
					"&group=" + string(g) + "&" + per.Query()})
			}
		} else if auth.CheckScope(actor, "", "") == nil {
			d.Trail = append(d.Trail, crumb{a.Orgs.City().Name, coverageLink("city", per)})
		}
	}
	d.Trail = append(d.Trail, crumb{r.Unit.UnitName, ""})

	f := r.Unit
	d.Key = []keyFigure{
		{"登记人数", fmtInt(f.Registered["all"]), "#groups"},
		{"结业人数", fmtInt(f.Completed["all"]), "#groups"},
		{"覆盖率", f.Coverage("all").String(), "#groups"},
		{"获证人数", fmtInt(f.Certified["all"]), "#groups"},
		{"结业率", f.CompletionRate().String(), "#units"},
		{"平均出勤率", f.AttendanceRate().String(), "#units"},
	}
	if r.FromSummaries {
		d.Key = append(d.Key, keyFigure{"平台人员岗位培训", r.Staff.Share().String(), "#staff"})
	}
	link := func(k reports.Figures) string { return coverageLink(k.Unit, per) }
	for _, t := range r.Tables(link) {
		ct := chartedTable{Table: t}
		switch t.Key {
		case "units":
			ct.Chart = hbarChart("各单位覆盖率", barsOf(t.Rows[:len(t.Rows)-1], 0, 5), 1000)
		case "groups":
			ct.Chart = hbarChart("各类人员覆盖率", barsOf(t.Rows, 0, 5), 1000)
		case "types":
			ct.Chart = hbarChart("各类培训覆盖率", barsOf(t.Rows, 0, 3), 1000)
		case "trend":
			var cur, prev []int64
			for _, p := range r.Trend {
				cur, prev = append(cur, p.People), append(prev, p.Previous)
			}
			ct.Chart = trendChart(t.Title, cur, prev, t.Header[1], t.Header[2])
		}
		d.Tables = append(d.Tables, ct)
	}
	return a.render(c, "pages/reports_coverage", r.Unit.UnitName+"培训覆盖", "coverage", d)
}

// barsOf draws the bars of a table's rows: the label from one column,
// the length and text from another.
func barsOf(rows [][]reports.Cell, label, value int) []chartBar {
	out := make([]chartBar, 0, len(rows))
	for _, r := range rows {
		out = append(out, chartBar{Label: r[label].Text, Value: r[value].Value, Text: r[value].Text})
	}
	return out
}

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }

// outreachLine is a row of the outreach page, numbered.
type outreachLine struct {
	N int
	reports.OutreachRow
}

type outreachPage struct {
	Title    string
	Village  string
	Group    roster.TargetGroup
	Period   reports.Period
	List     skillcert.Page[reports.OutreachRow]
	Pager    pager
	XLSX     string
	Back     string
	Groups   []roster.TargetGroup
	PeriodIn string
	Lines    []outreachLine
}

func (a *App) pageOutreach(c *fiber.Ctx) error {
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
	u, _ := a.Orgs.Unit(village)
	q := url.Values{}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) { q.Set(string(k), string(v)) })
	q.Del("page")
	q.Set("village", village)
	d := outreachPage{Title: a.Orgs.TownName(u.Parent) + " " + u.Name + " · " + g.Label() + "待培训名单", Village: village, Group: g,
		Period: per, List: res, Pager: newPager(c, res.Page, res.Pages()), XLSX: "/reports/outreach.xlsx?" + q.Encode(),
		Back: coverageLink(village, per), Groups: roster.TargetGroups}
	for i, r := range res.Items {
		d.Lines = append(d.Lines, outreachLine{N: (res.Page-1)*res.Size + i + 1, OutreachRow: r})
	}
	if per.Kind != reports.PeriodRange {
		d.PeriodIn = per.Query()[len("period="):]
	}
	return a.render(c, "pages/reports_outreach", d.Title, "coverage", d)
}

func (a *App) pageStartRebuild(c *fiber.Ctx) error {
	if err := a.Reports.StartRebuild(); err != nil {
		return a.redirectWithFlash(c, "/reports/coverage", "error", skillcert.ErrorMessage(err))
	}
	return a.redirectWithFlash(c, "/reports/coverage", "ok", "统计数据重建已开始，进度见本页下方；期间页面照常可用")
}
