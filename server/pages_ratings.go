package main

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/courses"
)

// The trainee's rating of a completed course (服务对象评议).

type ratingField struct {
	Name, Label string
	Value       int
}

type ratePage struct {
	CourseID, Title string
	Fields          []ratingField
	Scores          []int
}

func (a *App) ratePage(c *fiber.Ctx, in courses.RatingInput) (*View, error) {
	d, err := a.Courses.GetCourse(c.UserContext(), actorOf(c), c.Params("courseId"))
	if err != nil {
		return nil, err
	}
	p := ratePage{CourseID: d.Course.ID, Title: d.Course.Title, Scores: []int{1, 2, 3, 4, 5},
		Fields: []ratingField{{"content", "培训内容", in.Content}, {"teacher", "授课教师", in.Teacher}, {"organization", "组织管理", in.Organization}}}
	v := a.view(c, "课程评议", "my-courses", p)
	v.Form["comment"] = in.Comment
	return v, nil
}

func (a *App) pageRate(c *fiber.Ctx) error {
	v, err := a.ratePage(c, courses.RatingInput{})
	if err != nil {
		return err
	}
	return a.renderView(c, "pages/reports_rate", v)
}

func formScore(c *fiber.Ctx, name string) int {
	n, _ := strconv.Atoi(c.FormValue(name))
	return n
}

func (a *App) pageRateSubmit(c *fiber.Ctx) error {
	in := courses.RatingInput{Content: formScore(c, "content"), Teacher: formScore(c, "teacher"),
		Organization: formScore(c, "organization"), Comment: c.FormValue("comment")}
	err := a.Courses.RateCourse(c.UserContext(), actorOf(c), c.Params("courseId"), in)
	switch skillcert.ErrorCode(err) {
	case "":
		return a.redirectWithFlash(c, "/my/courses", "ok", "评议已提交，谢谢您的意见")
	case skillcert.EINVALID:
		v, verr := a.ratePage(c, in)
		if verr != nil {
			return verr
		}
		formErrors(v, err)
		c.Status(fiber.StatusBadRequest)
		return a.renderView(c, "pages/reports_rate", v)
	case skillcert.ECONFLICT:
		return a.redirectWithFlash(c, "/my/courses", "error", skillcert.ErrorMessage(err))
	}
	return err
}

func (a *App) apiRateCourse(c *fiber.Ctx) error {
	var in courses.RatingInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := a.Courses.RateCourse(c.UserContext(), actorOf(c), c.Params("courseId"), in); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusCreated)
}
