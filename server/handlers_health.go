package main

import (
	"github.com/gofiber/fiber/v2"

	"skillcert"
)

// healthz answers while the process is up.
func (a *App) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz answers 200 while the database serves a bounded read (not just
// a ping, which a wedged engine still answers), else 503.
func (a *App) readyz(c *fiber.Ctx) error {
	if err := a.DB.Ready(c.UserContext()); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).JSON(errorBody{Error: errorDetail{Code: skillcert.EUNAVAILABLE, Message: "数据库暂时无法访问"}})
	}
	return c.JSON(fiber.Map{"status": "ready"})
}

// staticFile serves an embedded asset under its content-hashed URL.
func (a *App) staticFile(c *fiber.Ctx) error {
	as, ok := a.assets.ByURL(c.Path())
	if !ok {
		return skillcert.Errorf(skillcert.ENOTFOUND, "文件不存在")
	}
	c.Set(fiber.HeaderContentType, as.ContentType)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.Send(as.Body)
}
