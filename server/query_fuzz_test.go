package main

import (
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/gofiber/fiber/v2"

	"skillcert"
)

// FuzzQueryParameters feeds arbitrary query parameters to the shared
// parsers (page and size, the audit trail's filters): each is accepted or
// refused with EINVALID, never a panic or another error. `go test` runs
// the seeds.
func FuzzQueryParameters(f *testing.F) {
	f.Add("1", "20", "2026-01-01", "2026-12-31", "admin", "login")
	f.Add("0", "-1", "2026-13-01", "", "", "")
	f.Add("99999999999999999999", "1e3", "2026-02-30", "2025-01-01", "\x00", "$ne")
	f.Add("", "", "２０２６-０１-０１", "2026-1-1", "a\u202e", "person.reveal")
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/", func(c *fiber.Ctx) error {
		_, err := pageQuery(c)
		if err == nil {
			_, err = auditFilter(c)
		}
		switch skillcert.ErrorCode(err) {
		case "":
			return c.SendStatus(200)
		case skillcert.EINVALID:
			return c.SendStatus(400)
		}
		return c.SendStatus(500)
	})
	f.Fuzz(func(t *testing.T, page, size, from, to, actor, action string) {
		q := url.Values{"page": {page}, "size": {size}, "from": {from}, "to": {to}, "actor": {actor}, "action": {action}}
		res, err := app.Test(httptest.NewRequest("GET", "/?"+q.Encode(), nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != 200 && res.StatusCode != 400 {
			t.Fatalf("query %v: status %d", q, res.StatusCode)
		}
	})
}
