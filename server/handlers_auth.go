package main

import (
	"github.com/gofiber/fiber/v2"

	"skillcert"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type passwordRequest struct {
	OldPassword string `json:"oldPassword"`
	NewPassword string `json:"newPassword"`
}

type meReply struct {
	AccountID string         `json:"accountId"`
	Username  string         `json:"username"`
	Name      string         `json:"name"`
	Role      skillcert.Role `json:"role"`
	RoleLabel string         `json:"roleLabel"`
	Town      string         `json:"town,omitempty"`
	Village   string         `json:"village,omitempty"`
	PersonID  string         `json:"personId,omitempty"`
}

func (a *App) apiLogin(c *fiber.Ctx) error {
	var req loginRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	res, err := a.Auth.Login(c.UserContext(), req.Username, req.Password)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiLogout(c *fiber.Ctx) error {
	if err := a.Auth.Logout(c.UserContext(), actorOf(c)); err != nil {
		return err
	}
	a.clearTokenCookie(c)
	return c.SendStatus(fiber.StatusNoContent)
}

func (a *App) apiMe(c *fiber.Ctx) error {
	x := actorOf(c)
	return c.JSON(meReply{AccountID: x.AccountID, Username: x.Username, Name: x.Name, Role: x.Role, RoleLabel: x.Role.Label(),
		Town: x.Town, Village: x.Village, PersonID: x.PersonID})
}

func (a *App) apiChangePassword(c *fiber.Ctx) error {
	var req passwordRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := a.Auth.ChangePassword(c.UserContext(), actorOf(c), req.OldPassword, req.NewPassword); err != nil {
		return err
	}
	a.clearTokenCookie(c)
	return c.SendStatus(fiber.StatusNoContent)
}
