package main

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/roster"
)

// resetReply is a password reset's temporary password, shown once.
type resetReply struct {
	Username          string `json:"username"`
	TemporaryPassword string `json:"temporaryPassword"`
}

func (a *App) apiUnlockAccount(c *fiber.Ctx) error {
	acc, err := a.Auth.Unlock(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(acc)
}

func (a *App) apiResetPassword(c *fiber.Ctx) error {
	acc, pw, err := a.Auth.ResetPassword(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(resetReply{Username: acc.Username, TemporaryPassword: pw})
}

func (a *App) apiIssueActivationCode(c *fiber.Ctx) error {
	code, err := a.Roster.IssueActivationCode(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(code)
}

func (a *App) apiVerifyAudit(c *fiber.Ctx) error {
	v, err := a.Audit.Verify(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// accountAction runs one action on an account from the accounts page and
// returns to the list with its outcome.
func (a *App) accountAction(c *fiber.Ctx, act func() (string, error)) error {
	back := "/accounts"
	if c.FormValue("role") == string(skillcert.RoleTrainee) {
		back += "?role=trainee"
	}
	done, err := act()
	if err != nil {
		if code := skillcert.ErrorCode(err); !userFault(err) || code == skillcert.ENOTFOUND || code == skillcert.EFORBIDDEN {
			return err
		}
		return a.redirectWithFlash(c, back, "error", skillcert.ErrorMessage(err))
	}
	return a.redirectWithFlash(c, back, "ok", done)
}

func (a *App) pageAccountSetDisabled(disabled bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		return a.accountAction(c, func() (string, error) {
			acc, err := a.Auth.SetDisabled(c.UserContext(), actorOf(c), c.Params("id"), disabled)
			if err != nil {
				return "", err
			}
			if disabled {
				return "已停用账号 " + acc.Username, nil
			}
			return "已启用账号 " + acc.Username, nil
		})
	}
}

func (a *App) pageAccountUnlock(c *fiber.Ctx) error {
	return a.accountAction(c, func() (string, error) {
		acc, err := a.Auth.Unlock(c.UserContext(), actorOf(c), c.Params("id"))
		if err != nil {
			return "", err
		}
		return "已解除账号 " + acc.Username + " 的登录限制", nil
	})
}

// resetPage shows a temporary password once.
type resetPage struct {
	Username, Name, Password string
}

func (a *App) pageAccountReset(c *fiber.Ctx) error {
	acc, pw, err := a.Auth.ResetPassword(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		if code := skillcert.ErrorCode(err); !userFault(err) || code == skillcert.ENOTFOUND || code == skillcert.EFORBIDDEN {
			return err
		}
		return a.redirectWithFlash(c, "/accounts", "error", skillcert.ErrorMessage(err))
	}
	return a.render(c, "pages/account_reset", "重置密码", "accounts", resetPage{Username: acc.Username, Name: acc.Name, Password: pw})
}

// activationPage shows an issued activation code once.
type activationPage struct {
	Code      *roster.ActivationCode
	ExpiresAt time.Time
}

func (a *App) pageActivationCode(c *fiber.Ctx) error {
	code, err := a.Roster.IssueActivationCode(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		if ec := skillcert.ErrorCode(err); !userFault(err) || ec == skillcert.ENOTFOUND || ec == skillcert.EFORBIDDEN {
			return err
		}
		return a.redirectWithFlash(c, "/persons/"+c.Params("id"), "error", skillcert.ErrorMessage(err))
	}
	return a.render(c, "pages/activation_code", "学员注册激活码", "persons", activationPage{Code: code, ExpiresAt: code.ExpiresAt})
}

func (a *App) pageVerifyAudit(c *fiber.Ctx) error {
	v, err := a.Audit.Verify(c.UserContext())
	if err != nil {
		return err
	}
	return a.render(c, "pages/audit_verify", "审计日志完整性校验", "audit", v)
}
