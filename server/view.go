package main

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"skillcert"
)

// View is what every page template receives: the current user, the CSRF
// token, the flash message, the navigation, and the page's own data.
type View struct {
	Title     string
	Actor     *skillcert.Actor
	UnitName  string
	CSRF      string
	Flash     string
	FlashKind string
	Nav       []navItem
	Active    string
	Data      any
	Form      map[string]string
	Errors    map[string]string
}

type navItem struct {
	Key, Label, Href, Hint string
}

const flashCookie = "skillcert_flash"

// view builds the page data for the current request.
func (a *App) view(c *fiber.Ctx, title, active string, data any) *View {
	actor := actorOf(c)
	v := &View{Title: title, Actor: actor, Active: active, Data: data, Form: map[string]string{}, Errors: map[string]string{}}
	if actor != nil {
		v.CSRF = a.csrfToken(actor)
		v.Nav = navFor(actor.Role)
		if u := actor.OrgUnit(); u != "" {
			if unit, ok := a.Orgs.Unit(u); ok {
				v.UnitName = unit.Name
			}
		}
	}
	if f := c.Cookies(flashCookie); f != "" {
		if kind, msg, ok := decodeFlash(f); ok {
			v.Flash, v.FlashKind = msg, kind
		}
		a.clearFlash(c)
	}
	return v
}

// render renders a page inside the layout.
func (a *App) render(c *fiber.Ctx, name, title, active string, data any) error {
	return a.renderView(c, name, a.view(c, title, active, data))
}

func (a *App) renderView(c *fiber.Ctx, name string, v *View) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Render(name, v, "layout")
}

// redirectWithFlash redirects after a successful form post with a message
// shown once on the next page.
func (a *App) redirectWithFlash(c *fiber.Ctx, to, kind, msg string) error {
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: url.QueryEscape(kind + "|" + msg), Path: "/", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Secure: a.cfg.SecureCookies(), Expires: time.Now().Add(time.Minute)})
	return c.Redirect(to, fiber.StatusSeeOther)
}

// clearFlash deletes the flash cookie with the path it was set with, so
// the message is shown once (a deletion without the path leaves it).
func (a *App) clearFlash(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: "", Path: "/", Expires: time.Unix(1, 0), MaxAge: -1, HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Secure: a.cfg.SecureCookies()})
}

func decodeFlash(s string) (kind, msg string, ok bool) {
	raw, err := url.QueryUnescape(s)
	if err != nil {
		return "", "", false
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] == '|' {
			kind, msg = raw[:i], raw[i+1:]
			if kind == "ok" || kind == "error" {
				return kind, msg, true
			}
			return "", "", false
		}
	}
	return "", "", false
}

// formErrors turns an error into per-field messages for re-rendering a
// form; an error without a field becomes the flash.
func formErrors(v *View, err error) {
	var e *skillcert.Error
	msg := skillcert.ErrorMessage(err)
	if se, ok := err.(*skillcert.Error); ok {
		e = se
	}
	if e != nil && e.Field != "" {
		v.Errors[e.Field] = msg
		return
	}
	v.Flash, v.FlashKind = msg, "error"
}

var shanghai = skillcert.CST

func (a *App) templateFuncs() template.FuncMap {
	return template.FuncMap{
		"asset": a.assets.URL,
		"roleLabel": func(r any) string {
			return skillcert.Role(fmt.Sprint(r)).Label()
		},
		"fmtTime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(shanghai).Format("2006-01-02 15:04")
		},
		"fmtDate": func(v any) string {
			switch d := v.(type) {
			case skillcert.Date:
				return d.String()
			case time.Time:
				if d.IsZero() {
					return ""
				}
				return d.In(shanghai).Format("2006-01-02")
			}
			return fmt.Sprint(v)
		},
		"unitName": func(village, town string) string {
			if village != "" {
				if u, ok := a.Orgs.Unit(village); ok {
					return a.Orgs.TownName(town) + " " + u.Name
				}
			}
			if town == "" {
				return "市局"
			}
			return a.Orgs.TownName(town)
		},
	}
}

// pager is the data of the pager partial.
type pager struct {
	Page, Pages int
	Prev, Next  string
}

func newPager(c *fiber.Ctx, page, pages int) pager {
	p := pager{Page: page, Pages: pages}
	link := func(n int) string {
		q := url.Values{}
		c.Context().QueryArgs().VisitAll(func(k, v []byte) { q.Set(string(k), string(v)) })
		q.Set("page", strconv.Itoa(n))
		return c.Path() + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < pages {
		p.Next = link(page + 1)
	}
	return p
}

// navFor is each role's navigation: the platform's own items and those
// of the features, before the password item.
func navFor(r skillcert.Role) []navItem {
	return insertBeforePassword(insertBeforePassword(insertBeforePassword(insertBeforePassword(insertBeforePassword(insertAfterHome(baseNav(r), rosterNav(r)), coursesNav(r)), recruitmentNav(r)), reportsNav(r)), subsidiesNav(r)), statusNav(r))
}

// baseNav is each role's navigation without the features' items.
func baseNav(r skillcert.Role) []navItem {
	home := navItem{Key: "home", Label: "首页", Href: "/"}
	pw := navItem{Key: "password", Label: "修改密码", Href: "/password", Hint: "定期更换密码"}
	switch r {
	case skillcert.RoleCityAdmin:
		return []navItem{home,
			{Key: "accounts", Label: "账号管理", Href: "/accounts", Hint: "各镇（街道）、村（社区）账号"},
			{Key: "orgs", Label: "组织架构", Href: "/orgs", Hint: "三级网络与户籍人口"},
			{Key: "certificates", Label: "证书管理", Href: "/certificates", Hint: "发证、撤销、补发与到期复训名单"}, pw}
	case skillcert.RoleTownStaff:
		return []navItem{home,
			{Key: "accounts", Label: "账号管理", Href: "/accounts", Hint: "本镇村（社区）工作人员与教师账号"},
			{Key: "orgs", Label: "组织架构", Href: "/orgs", Hint: "本镇村（社区）"},
			{Key: "certificates", Label: "证书管理", Href: "/certificates", Hint: "发证、撤销、补发与到期复训名单"}, pw}
	case skillcert.RoleVillageStaff:
		return []navItem{home, {Key: "orgs", Label: "组织架构", Href: "/orgs", Hint: "三级网络"}, pw}
	case skillcert.RoleInstructor:
		return []navItem{home, pw}
	case skillcert.RoleTrainee:
		return []navItem{home, {Key: "my-certificates", Label: "我的证书", Href: "/my/certificates", Hint: "下载结业证书"}, pw}
	case skillcert.RoleAuditor:
		return []navItem{home, {Key: "audit", Label: "审计日志", Href: "/audit", Hint: "谁在何时做了什么"}, pw}
	}
	return []navItem{home}
}
