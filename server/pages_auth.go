package main

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/courses"
)

type loginPage struct {
	Next     string
	Username string
	Error    string
}

func (a *App) pageLogin(c *fiber.Ctx) error {
	if actorOf(c) != nil {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	return a.render(c, "pages/login", "登录", "", loginPage{Next: safeNext(c.Query("next", "/"))})
}

func (a *App) pageLoginSubmit(c *fiber.Ctx) error {
	username, password := c.FormValue("username"), c.FormValue("password")
	next := safeNext(c.FormValue("next", "/"))
	res, err := a.Auth.Login(c.UserContext(), username, password)
	if err != nil {
		code := skillcert.ErrorCode(err)
		if code == skillcert.EINTERNAL || code == skillcert.EUNAVAILABLE {
			return err
		}
		c.Status(statusOf[code])
		if se := (*skillcert.Error)(nil); errors.As(err, &se) && code == skillcert.ERATELIMITED {
			setRetryAfter(c, se)
		}
		return a.render(c, "pages/login", "登录", "", loginPage{Next: next, Username: username, Error: skillcert.ErrorMessage(err)})
	}
	a.setTokenCookie(c, res.Token, res.ExpiresAt)
	if res.Account.MustChangePassword {
		return a.redirectWithFlash(c, "/password", "ok", "登录成功。您的密码由他人设置，请先设置您自己的密码")
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

func (a *App) pageLogout(c *fiber.Ctx) error {
	if err := a.Auth.Logout(c.UserContext(), actorOf(c)); err != nil {
		return err
	}
	a.clearTokenCookie(c)
	return c.Redirect("/login", fiber.StatusSeeOther)
}

func (a *App) pagePassword(c *fiber.Ctx) error {
	return a.render(c, "pages/password", "修改密码", "password", nil)
}

func (a *App) pagePasswordSubmit(c *fiber.Ctx) error {
	err := a.Auth.ChangePassword(c.UserContext(), actorOf(c), c.FormValue("oldPassword"), c.FormValue("newPassword"))
	if err == nil {
		a.clearTokenCookie(c)
		return a.redirectWithFlash(c, "/login", "ok", "密码已修改，请用新密码登录")
	}
	if code := skillcert.ErrorCode(err); code == skillcert.EINTERNAL || code == skillcert.EUNAVAILABLE {
		return err
	}
	v := a.view(c, "修改密码", "password", nil)
	formErrors(v, err)
	c.Status(statusOf[skillcert.ErrorCode(err)])
	return a.renderView(c, "pages/password", v)
}

type homePage struct {
	Heading string
	Intro   string
	Tiles   []navItem
	// Status is the role's next actions and figures (pages_home.go);
	// Sessions the instructor's sessions today.
	Status   []homeStatus
	Sessions []courses.DaySession
	// Figures are the year's key figures (pages_home_figures.go), as of
	// FiguresNote.
	Figures     []homeStatus
	FiguresNote string
}

// pageHome is each role's own start page.
func (a *App) pageHome(c *fiber.Ctx) error {
	actor := actorOf(c)
	unit := a.Orgs.TownName(actor.Town)
	if actor.Village != "" {
		if u, ok := a.Orgs.Unit(actor.Village); ok {
			unit = u.Name
		}
	}
	h := homePage{}
	switch actor.Role {
	case skillcert.RoleCityAdmin:
		h.Heading, h.Intro = "市局工作台", "全市培训覆盖、协理员配备和账号的管理。"
	case skillcert.RoleTownStaff:
		h.Heading, h.Intro = unit+"人力社保管理所工作台", "本镇（街道）居民登记、培训、考勤、证书和协理员招聘。"
	case skillcert.RoleVillageStaff:
		h.Heading, h.Intro = unit+"人力社保工作站", "登记本村（社区）居民，帮助报名和签到。"
	case skillcert.RoleInstructor:
		h.Heading, h.Intro = "教师工作台", "您的授课安排、点名和签到码。"
	case skillcert.RoleTrainee:
		h.Heading, h.Intro = "我的学习", "找课程、报名、签到、下载证书。"
	case skillcert.RoleAuditor:
		h.Heading, h.Intro = "安全审计", "只读查看系统审计日志。"
	}
	for _, n := range navFor(actor.Role) {
		if n.Key != "home" {
			h.Tiles = append(h.Tiles, n)
		}
	}
	var err error
	if h.Status, err = a.homeStatuses(c, actor); err != nil {
		return err
	}
	if h.Sessions, err = a.todaySessionsFor(c, actor); err != nil {
		return err
	}
	if h.Figures, h.FiguresNote, err = a.homeFigures(c, actor); err != nil {
		return err
	}
	return a.render(c, "pages/home", h.Heading, "home", h)
}
