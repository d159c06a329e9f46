package main

import (
	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/auth"
	"skillcert/orgs"
)

// pageOf documents a paginated reply in the OpenAPI description.
type pageOf[T any] struct {
	Items []T   `json:"items"`
	Total int64 `json:"total"`
	Page  int   `json:"page"`
	Size  int   `json:"size"`
}

func (a *App) apiListAccounts(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Auth.ListAccounts(c.UserContext(), actorOf(c), auth.AccountFilter{Role: skillcert.Role(c.Query("role"))}, page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiCreateAccount(c *fiber.Ctx) error {
	var in auth.NewAccount
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	acc, err := a.Auth.CreateAccount(c.UserContext(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(acc)
}

func (a *App) apiGetAccount(c *fiber.Ctx) error {
	acc, err := a.Auth.GetAccount(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(acc)
}

func (a *App) apiSetDisabled(disabled bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		acc, err := a.Auth.SetDisabled(c.UserContext(), actorOf(c), c.Params("id"), disabled)
		if err != nil {
			return err
		}
		return c.JSON(acc)
	}
}

type accountsPage struct {
	Page     skillcert.Page[auth.Account]
	Pager    pager
	Roles    []skillcert.Role
	Towns    []orgs.Unit
	Villages []villageGroup // the villages to pick, by town
	Trainees bool           // the list shows trainee accounts (?role=trainee)
	Me       string         // the actor's account (no actions on it)
}

// villageGroup is one town's villages in a picker.
type villageGroup struct {
	Town     orgs.Unit
	Villages []orgs.Unit
}

func (a *App) accountsData(c *fiber.Ctx) (*accountsPage, error) {
	page, err := pageQuery(c)
	if err != nil {
		return nil, err
	}
	actor := actorOf(c)
	f := auth.AccountFilter{}
	if c.Query("role") == string(skillcert.RoleTrainee) {
		f.Role = skillcert.RoleTrainee
	}
	res, err := a.Auth.ListAccounts(c.UserContext(), actor, f, page)
	if err != nil {
		return nil, err
	}
	d := &accountsPage{Page: res, Pager: newPager(c, res.Page, res.Pages()), Trainees: f.Role != "", Me: actor.AccountID}
	if actor.Role == skillcert.RoleCityAdmin {
		d.Roles = skillcert.Roles
		d.Towns = a.Orgs.Towns()
	} else {
		d.Roles = []skillcert.Role{skillcert.RoleVillageStaff, skillcert.RoleInstructor}
		if u, ok := a.Orgs.Unit(actor.Town); ok {
			d.Towns = []orgs.Unit{u}
		}
	}
	for _, t := range d.Towns {
		d.Villages = append(d.Villages, villageGroup{Town: t, Villages: a.Orgs.Villages(t.Code)})
	}
	return d, nil
}

func (a *App) pageAccounts(c *fiber.Ctx) error {
	d, err := a.accountsData(c)
	if err != nil {
		return err
	}
	v := a.view(c, "账号管理", "accounts", d)
	// New accounts default to the creator's own unit.
	actor := actorOf(c)
	v.Form["town"], v.Form["village"] = actor.Town, actor.Village
	return a.renderView(c, "pages/accounts", v)
}

func (a *App) pageAccountCreate(c *fiber.Ctx) error {
	in := auth.NewAccount{Username: c.FormValue("username"), Name: c.FormValue("name"), Password: c.FormValue("password"),
		Role: skillcert.Role(c.FormValue("role")), Town: c.FormValue("town"), Village: c.FormValue("village")}
	acc, err := a.Auth.CreateAccount(c.UserContext(), actorOf(c), in)
	if err == nil {
		return a.redirectWithFlash(c, "/accounts", "ok", "已创建账号 "+acc.Username)
	}
	if skillcert.ErrorCode(err) == skillcert.EINTERNAL || skillcert.ErrorCode(err) == skillcert.EUNAVAILABLE {
		return err
	}
	d, lerr := a.accountsData(c)
	if lerr != nil {
		return lerr
	}
	v := a.view(c, "账号管理", "accounts", d)
	v.Form = map[string]string{"username": in.Username, "name": in.Name, "role": string(in.Role), "town": in.Town, "village": in.Village}
	formErrors(v, err)
	c.Status(statusOf[skillcert.ErrorCode(err)])
	return a.renderView(c, "pages/accounts", v)
}
