package main

import (
	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/audit"
)

// auditFilter reads the trail's filters: actorId or actor (the login
// name), targetId, action, and from/to dates (YYYY-MM-DD, China time, both
// days included).
func auditFilter(c *fiber.Ctx) (audit.Filter, error) {
	f := audit.Filter{ActorID: c.Query("actorId"), ActorName: c.Query("actor"), TargetID: c.Query("targetId"), Action: c.Query("action")}
	for _, p := range []struct {
		key string
		set func(skillcert.Date)
	}{{"from", func(d skillcert.Date) { f.From = d.Start() }}, {"to", func(d skillcert.Date) { f.To = d.End() }}} {
		v := c.Query(p.key)
		if v == "" {
			continue
		}
		d, err := skillcert.ParseDate(v)
		if err != nil {
			return f, skillcert.Invalid(p.key, "日期“%s”格式不正确，应为 YYYY-MM-DD", v)
		}
		p.set(d)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, skillcert.Invalid("to", "结束日期不能早于开始日期")
	}
	for _, s := range []string{f.ActorID, f.ActorName, f.TargetID, f.Action} {
		if len(s) > 200 {
			return f, skillcert.Invalid("q", "筛选条件过长")
		}
	}
	return f, nil
}

func (a *App) apiAudit(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	res, err := a.Audit.List(c.UserContext(), f, page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

// auditRow is an entry with its codes in Chinese.
type auditRow struct {
	audit.Entry
	ActionLabel, TargetLabel, ResultLabel string
}

type auditPage struct {
	Page    skillcert.Page[audit.Entry]
	Rows    []auditRow
	Pager   pager
	Actions [][2]string
	Filter  map[string]string
}

func (a *App) pageAudit(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	res, err := a.Audit.List(c.UserContext(), f, page)
	if err != nil {
		return err
	}
	d := auditPage{Page: res, Pager: newPager(c, res.Page, res.Pages()), Actions: audit.Actions(),
		Filter: map[string]string{"actor": c.Query("actor"), "targetId": c.Query("targetId"), "action": c.Query("action"),
			"from": c.Query("from"), "to": c.Query("to")}}
	for _, e := range res.Items {
		d.Rows = append(d.Rows, auditRow{Entry: e, ActionLabel: audit.ActionLabel(e.Action), TargetLabel: audit.TargetLabel(e.TargetType),
			ResultLabel: audit.ResultLabel(e.Result)})
	}
	return a.render(c, "pages/audit", "审计日志", "audit", d)
}
