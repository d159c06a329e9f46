package main

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/recruitment"
)

// The screening board and the ranking of a post, for the post's town
// (which acts on them) and the city (which reads them).

type screeningBoardPage struct {
	Post   *recruitment.Post
	Unit   string
	Page   skillcert.Page[recruitment.Application]
	Pager  pager
	CanRun bool
	// Open is whether the applications may still change.
	Open bool
	Back string
}

func (a *App) pageScreeningBoard(c *fiber.Ctx) error {
	actor := actorOf(c)
	ctx := c.UserContext()
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	p, err := a.Recruitment.Post(ctx, actor, c.Params("id"))
	if err != nil {
		return err
	}
	res, err := a.Recruitment.PostApplications(ctx, actor, p.ID, page)
	if err != nil {
		return err
	}
	open := p.Status == recruitment.PostOpen || p.Status == recruitment.PostSelecting || p.Status == recruitment.PostReviewed
	d := screeningBoardPage{Post: p, Unit: unitOfPost(a, p), Page: res, Pager: newPager(c, res.Page, res.Pages()),
		CanRun: actor.Role == skillcert.RoleTownStaff, Open: open,
		Back: fmt.Sprintf("%s/screening?page=%d", postPath(p.ID), res.Page)}
	return a.render(c, "pages/recruitment_screening", "资格审查："+p.Title, "recruitment", d)
}

// backTo returns the form's back link if it stays on the post's pages,
// else the fallback.
func backTo(c *fiber.Ctx, postID, fallback string) string {
	b := c.FormValue("back")
	if len(b) > len(postPath(postID)) && b[:len(postPath(postID))+1] == postPath(postID)+"/" {
		return b
	}
	return fallback
}

func (a *App) pageOverride(c *fiber.Ctx) error {
	id := c.Params("id")
	post := postOfApplication(id)
	back := backTo(c, post, postPath(post)+"/screening")
	key := recruitment.RequirementKey(c.FormValue("key"))
	app, err := a.Recruitment.Override(c.UserContext(), actorOf(c), id, key, c.FormValue("reason"))
	if err != nil {
		return a.actionFailed(c, err, back)
	}
	return a.redirectWithFlash(c, back, "ok", fmt.Sprintf("已破格通过 %s 的“%s”条件，报市局审定时将一并审核", app.Name, key.Label()))
}

func (a *App) pageRescreen(c *fiber.Ctx) error {
	id := c.Params("id")
	post := postOfApplication(id)
	back := backTo(c, post, postPath(post)+"/screening")
	app, err := a.Recruitment.RescreenApplication(c.UserContext(), actorOf(c), id)
	if err != nil {
		return a.actionFailed(c, err, back)
	}
	msg := "已重新审查 " + app.Name + "：" + verdict(app)
	if len(app.DroppedOverrides) > 0 {
		msg += "（情况变化，原破格已撤销）"
	}
	return a.redirectWithFlash(c, back, "ok", msg)
}

type rankingPage struct {
	View   *recruitment.RankingView
	Unit   string
	Pager  pager
	CanRun bool
	// Scoring is whether scores can be entered now.
	Scoring bool
}

func (a *App) pageRanking(c *fiber.Ctx) error {
	actor := actorOf(c)
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	v, err := a.Recruitment.Ranking(c.UserContext(), actor, c.Params("id"), page)
	if err != nil {
		return err
	}
	p := v.Post
	d := rankingPage{View: v, Unit: unitOfPost(a, p), Pager: newPager(c, v.Rows.Page, v.Rows.Pages()),
		CanRun:  actor.Role == skillcert.RoleTownStaff,
		Scoring: p.Status == recruitment.PostSelecting || p.Status == recruitment.PostReviewed}
	return a.render(c, "pages/recruitment_ranking", "成绩与择优："+p.Title, "recruitment", d)
}

func (a *App) pageEnterScores(c *fiber.Ctx) error {
	id := c.Params("id")
	back := postPath(id) + "/ranking"
	args := c.Request().PostArgs()
	ids, written, interview := args.PeekMulti("applicationId"), args.PeekMulti("written"), args.PeekMulti("interview")
	if len(written) != len(ids) || len(interview) != len(ids) {
		return a.actionFailed(c, skillcert.Errorf(skillcert.EINVALID, "成绩表格不完整，请刷新后重试"), back)
	}
	entries := make([]recruitment.ScoreEntry, len(ids))
	for i := range ids {
		entries[i] = recruitment.ScoreEntry{ApplicationID: string(ids[i]), Written: string(written[i]), Interview: string(interview[i])}
	}
	n, err := a.Recruitment.EnterScores(c.UserContext(), actorOf(c), id, entries)
	if err != nil {
		return a.actionFailed(c, err, back)
	}
	return a.redirectWithFlash(c, back, "ok", "已保存 "+strconv.Itoa(n)+" 人的成绩")
}

func (a *App) pageSelect(c *fiber.Ctx) error {
	id := c.Params("id")
	back := postPath(id) + "/ranking"
	if _, err := a.Recruitment.Select(c.UserContext(), actorOf(c), id); err != nil {
		return a.actionFailed(c, err, back)
	}
	return a.redirectWithFlash(c, back, "ok", "已按排名确定拟录用人员，核对后报市局审定")
}

func (a *App) pageSubmit(c *fiber.Ctx) error {
	id := c.Params("id")
	if _, err := a.Recruitment.Submit(c.UserContext(), actorOf(c), id); err != nil {
		return a.actionFailed(c, err, postPath(id)+"/ranking")
	}
	return a.redirectWithFlash(c, postPath(id), "ok", "已报市局联合审定")
}
