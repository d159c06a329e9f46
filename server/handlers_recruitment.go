package main

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/recruitment"
)

// scoresRequest is a batch of scores for a post's applicants.
type scoresRequest struct {
	Scores []recruitment.ScoreEntry `json:"scores"`
}

// scoresReply says how many applicants' scores were saved.
type scoresReply struct {
	Saved int `json:"saved"`
}

// overrideRequest admits a failed requirement with a written reason.
type overrideRequest struct {
	Key    recruitment.RequirementKey `json:"key"`
	Reason string                     `json:"reason"`
}

// yearParam reads the :year path parameter.
func yearParam(c *fiber.Ctx) (int, error) {
	y, err := strconv.Atoi(c.Params("year"))
	if err != nil {
		return 0, skillcert.Invalid("year", "年份“%s”无效", c.Params("year"))
	}
	return y, nil
}

func (a *App) apiPolicyVersions(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Recruitment.PolicyVersions(c.UserContext(), actorOf(c), page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiAddPolicyVersion(c *fiber.Ctx) error {
	var in recruitment.PolicyInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := a.Recruitment.AddPolicyVersion(c.UserContext(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(v)
}

func (a *App) apiHolidays(c *fiber.Ctx) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	h, err := a.Recruitment.HolidayCalendar(c.UserContext(), actorOf(c), year)
	if err != nil {
		return err
	}
	return c.JSON(h)
}

func (a *App) apiSetHolidays(c *fiber.Ctx) error {
	year, err := yearParam(c)
	if err != nil {
		return err
	}
	var in recruitment.HolidayInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	h, err := a.Recruitment.SetHolidayCalendar(c.UserContext(), actorOf(c), year, in)
	if err != nil {
		return err
	}
	return c.JSON(h)
}

func (a *App) apiListPosts(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Recruitment.ListPosts(c.UserContext(), actorOf(c), recruitment.PostFilter{Status: recruitment.PostStatus(c.Query("status"))}, page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiCreatePost(c *fiber.Ctx) error {
	var in recruitment.PostInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	p, err := a.Recruitment.CreatePost(c.UserContext(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}

func (a *App) apiGetPost(c *fiber.Ctx) error {
	p, err := a.Recruitment.Post(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (a *App) apiClosePost(c *fiber.Ctx) error {
	p, err := a.Recruitment.CloseApplications(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (a *App) apiPostApplications(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Recruitment.PostApplications(c.UserContext(), actorOf(c), c.Params("id"), page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiApply(c *fiber.Ctx) error {
	var in recruitment.ApplicationInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	app, err := a.Recruitment.Apply(c.UserContext(), actorOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(app)
}

func (a *App) apiEnterScores(c *fiber.Ctx) error {
	var in scoresRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	n, err := a.Recruitment.EnterScores(c.UserContext(), actorOf(c), c.Params("id"), in.Scores)
	if err != nil {
		return err
	}
	return c.JSON(scoresReply{Saved: n})
}

func (a *App) apiRanking(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	v, err := a.Recruitment.Ranking(c.UserContext(), actorOf(c), c.Params("id"), page)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (a *App) apiSelect(c *fiber.Ctx) error {
	v, err := a.Recruitment.Select(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (a *App) apiSubmit(c *fiber.Ctx) error {
	p, err := a.Recruitment.Submit(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (a *App) apiPublishNotice(c *fiber.Ctx) error {
	p, err := a.Recruitment.PublishNotice(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (a *App) apiFinalizeHires(c *fiber.Ctx) error {
	rep, err := a.Recruitment.FinalizeHires(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(rep)
}

func (a *App) apiMyApplications(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Recruitment.MyApplications(c.UserContext(), actorOf(c), page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiGetApplication(c *fiber.Ctx) error {
	app, err := a.Recruitment.Application(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(app)
}

func (a *App) apiUpdateApplication(c *fiber.Ctx) error {
	var in recruitment.ApplicationInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	app, err := a.Recruitment.UpdateApplication(c.UserContext(), actorOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(app)
}

func (a *App) apiRescreen(c *fiber.Ctx) error {
	app, err := a.Recruitment.RescreenApplication(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(app)
}

func (a *App) apiOverride(c *fiber.Ctx) error {
	var in overrideRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	app, err := a.Recruitment.Override(c.UserContext(), actorOf(c), c.Params("id"), in.Key, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(app)
}

func (a *App) apiReviewQueue(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Recruitment.ReviewQueue(c.UserContext(), actorOf(c), page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiReview(c *fiber.Ctx) error {
	var in recruitment.ReviewInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	app, err := a.Recruitment.Review(c.UserContext(), actorOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(app)
}

func (a *App) apiStaffAccount(c *fiber.Ctx) error {
	var in recruitment.StaffAccountInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	acc, err := a.Recruitment.CreateStaffAccount(c.UserContext(), actorOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(acc)
}

func (a *App) apiNotices(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Recruitment.Notices(c.UserContext(), page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiStaffing(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	v, err := a.Recruitment.Staffing(c.UserContext(), actorOf(c), c.Query("town"), page)
	if err != nil {
		return err
	}
	return c.JSON(v)
}
