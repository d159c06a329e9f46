package main

import (
	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/audit"
)

func auditFilter(c *fiber.Ctx) audit.Filter {
	return audit.Filter{ActorID: c.Query("actorId"), TargetID: c.Query("targetId"), Action: c.Query("action")}
}

func (a *App) apiAudit(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Audit.List(c.UserContext(), auditFilter(c), page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

type auditPage struct {
	Page  skillcert.Page[audit.Entry]
	Pager pager
}

func (a *App) pageAudit(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Audit.List(c.UserContext(), auditFilter(c), page)
	if err != nil {
		return err
	}
	return a.render(c, "pages/audit", "审计日志", "audit", auditPage{Page: res, Pager: newPager(c, res.Page, res.Pages())})
}
