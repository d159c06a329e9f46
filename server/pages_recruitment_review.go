package main

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/recruitment"
)

// The city's joint review, the public notice, and hiring.

type reviewQueuePage struct {
	Page        skillcert.Page[recruitment.Application]
	Pager       pager
	AwaitNotice skillcert.Page[recruitment.Post]
}

func (a *App) pageReviewQueue(c *fiber.Ctx) error {
	actor := actorOf(c)
	ctx := c.UserContext()
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Recruitment.ReviewQueue(ctx, actor, page)
	if err != nil {
		return err
	}
	await, err := a.Recruitment.ListPosts(ctx, actor, recruitment.PostFilter{Status: recruitment.PostReviewed}, skillcert.PageRequest{Size: skillcert.MaxPageSize})
	if err != nil {
		return err
	}
	return a.render(c, "pages/recruitment_review", "联合审定", "recruitment-review",
		reviewQueuePage{Page: res, Pager: newPager(c, res.Page, res.Pages()), AwaitNotice: await})
}

func (a *App) pageReview(c *fiber.Ctx) error {
	in := recruitment.ReviewInput{Decision: recruitment.Decision(c.FormValue("decision")), Reason: c.FormValue("reason")}
	app, err := a.Recruitment.Review(c.UserContext(), actorOf(c), c.Params("id"), in)
	if err != nil {
		return a.actionFailed(c, err, "/recruitment/review")
	}
	return a.redirectWithFlash(c, "/recruitment/review", "ok", fmt.Sprintf("已%s %s", in.Decision.Label(), app.Name))
}

func (a *App) pagePublishNotice(c *fiber.Ctx) error {
	id := c.Params("id")
	p, err := a.Recruitment.PublishNotice(c.UserContext(), actorOf(c), id)
	if err != nil {
		return a.actionFailed(c, err, postPath(id))
	}
	return a.redirectWithFlash(c, postPath(id), "ok", fmt.Sprintf("已发布公示，公示期 %s 至 %s",
		p.Notice.Start.String(), p.Notice.End.String()))
}

func (a *App) pageFinalizeHires(c *fiber.Ctx) error {
	id := c.Params("id")
	rep, err := a.Recruitment.FinalizeHires(c.UserContext(), actorOf(c), id)
	if err != nil {
		return a.actionFailed(c, err, postPath(id))
	}
	pending := 0
	for _, h := range rep.Hired {
		pending += len(h.Pending)
	}
	msg := fmt.Sprintf("已确认录用 %d 人", len(rep.Hired))
	if pending > 0 {
		msg += fmt.Sprintf("；%d 项录用后事项未完成，可稍后再次点击“确认录用”重试", pending)
	}
	return a.redirectWithFlash(c, postPath(id), "ok", msg)
}

func (a *App) pageStaffAccount(c *fiber.Ctx) error {
	id := c.Params("id")
	back := postPath(postOfApplication(id))
	acc, err := a.Recruitment.CreateStaffAccount(c.UserContext(), actorOf(c), id,
		recruitment.StaffAccountInput{Username: c.FormValue("username"), Password: c.FormValue("password")})
	if err != nil {
		if code := skillcert.ErrorCode(err); code == skillcert.EFORBIDDEN {
			return a.redirectWithFlash(c, back, "error", skillcert.ErrorMessage(err))
		}
		return a.actionFailed(c, err, back)
	}
	return a.redirectWithFlash(c, back, "ok", "已创建账号 "+acc.Username)
}

type noticesPage struct {
	Page  skillcert.Page[recruitment.PublicNotice]
	Pager pager
	Today string
}

// pageNotices is the public notice (公示): anyone may read it, logged in
// or not. It shows only the name, the masked ID number and the town.
func (a *App) pageNotices(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Recruitment.Notices(c.UserContext(), page)
	if err != nil {
		return err
	}
	return a.render(c, "pages/recruitment_notices", "协理员拟录用人员公示", "recruitment-notices",
		noticesPage{Page: res, Pager: newPager(c, res.Page, res.Pages()), Today: a.Recruitment.Today().String()})
}
