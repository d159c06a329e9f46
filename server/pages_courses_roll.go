package main

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"

	"skillcert"
	"skillcert/courses"
)

// rollPage is a session's roll-call sheet with the mark choices.
type rollPage struct {
	Roll   *courses.Roll
	Marks  []option
	Import *rollImportReply
}

func rollPath(id string) string { return "/manage/sessions/" + url.PathEscape(id) + "/roll" }

func (a *App) pageRoll(c *fiber.Ctx) error {
	r, err := a.Courses.SessionRoll(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return a.render(c, "pages/courses_roll", r.Course.Title+" · 点名", "courses-manage", rollPage{Roll: r, Marks: markOptions()})
}

// pageRollSubmit records the marks chosen on the roll page; rows left
// without a mark are not written.
func (a *App) pageRollSubmit(c *fiber.Ctx) error {
	id := c.Params("id")
	var lines []courses.MarkInput
	c.Context().PostArgs().VisitAll(func(k, v []byte) {
		pid, ok := strings.CutPrefix(string(k), "mark_")
		if !ok || len(v) == 0 {
			return
		}
		lines = append(lines, courses.MarkInput{PersonID: pid, Mark: courses.Mark(v), Reason: c.FormValue("reason_" + pid)})
	})
	if len(lines) == 0 {
		return a.redirectWithFlash(c, rollPath(id), "error", "没有选择任何出勤情况")
	}
	res, err := a.Courses.RollCall(c.UserContext(), actorOf(c), id, lines)
	if err != nil {
		if userFacing(err) {
			return a.redirectWithFlash(c, rollPath(id), "error", "点名未保存："+skillcert.ErrorMessage(err))
		}
		return err
	}
	msg := fmt.Sprintf("点名已保存：更新 %d 人，未变 %d 人", res.Changed, res.Unchanged)
	if res.Corrected > 0 {
		msg += fmt.Sprintf("，其中课后更正 %d 人（已记录）", res.Corrected)
	}
	return a.redirectWithFlash(c, rollPath(id), "ok", msg)
}

func (a *App) pageRollImport(c *fiber.Ctx) error {
	id := c.Params("id")
	r, err := a.importRoll(c)
	if err != nil {
		if userFacing(err) {
			return a.redirectWithFlash(c, rollPath(id), "error", skillcert.ErrorMessage(err))
		}
		return err
	}
	return a.redirectWithFlash(c, rollPath(id), "ok",
		fmt.Sprintf("点名表已导入：%d 行，更新 %d 人，未变 %d 人", r.Rows, r.Result.Changed, r.Result.Unchanged))
}

// pageCheckinCode is the projector page of a session's rotating code; a
// small script (checkin-code.js) fetches the next code when it changes.
func (a *App) pageCheckinCode(c *fiber.Ctx) error {
	r, err := a.checkinCode(c)
	if err != nil {
		return err
	}
	return a.render(c, "pages/courses_checkin_code", "签到码", "courses-manage", r)
}

// checkinQR is the current check-in address as a QR code (PNG).
func (a *App) checkinQR(c *fiber.Ctx) error {
	r, err := a.checkinCode(c)
	if err != nil {
		return err
	}
	png, err := qrcode.Encode(r.URL, qrcode.Medium, 512)
	if err != nil {
		return skillcert.Internal(err)
	}
	c.Set(fiber.HeaderContentType, "image/png")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(png)
}
