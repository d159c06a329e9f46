package main

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/recruitment"
	"skillcert/subsidies"
)

// ledgerInput names the month of a ledger to generate (YYYY-MM).
type ledgerInput struct {
	Period string `json:"period"`
}

func (a *App) apiConstructions(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Subsidies.Constructions(c.UserContext(), actorOf(c), page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiApplyConstruction(c *fiber.Ctx) error {
	var in subsidies.ConstructionInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	actor := actorOf(c)
	res, err := a.Subsidies.ApplyConstruction(c.UserContext(), actor, actor.Town, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(res)
}

func (a *App) apiApproveConstruction(c *fiber.Ctx) error {
	var in subsidies.ApprovalInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	res, err := a.Subsidies.ApproveConstruction(c.UserContext(), actorOf(c), c.Params("town"), in)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiReturnConstruction(c *fiber.Ctx) error {
	return a.apiConstructionDecision(c, a.Subsidies.ReturnConstruction)
}

func (a *App) apiReverseConstruction(c *fiber.Ctx) error {
	return a.apiConstructionDecision(c, a.Subsidies.ReverseConstruction)
}

type constructionDecision = func(ctx context.Context, a *skillcert.Actor, town string, in subsidies.ReasonInput) (*subsidies.Construction, error)

func (a *App) apiConstructionDecision(c *fiber.Ctx, decide constructionDecision) error {
	var in subsidies.ReasonInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	res, err := decide(c.UserContext(), actorOf(c), c.Params("town"), in)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiLedgers(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Subsidies.Ledgers(c.UserContext(), actorOf(c),
		subsidies.LedgerFilter{Town: c.Query("town"), Status: subsidies.LedgerStatus(c.Query("status"))}, page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiGenerateLedger(c *fiber.Ctx) error {
	var in ledgerInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	actor := actorOf(c)
	res, err := a.Subsidies.GenerateLedger(c.UserContext(), actor, actor.Town, in.Period)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiLedger(c *fiber.Ctx) error {
	res, err := a.Subsidies.Ledger(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiSubmitLedger(c *fiber.Ctx) error {
	res, err := a.Subsidies.SubmitLedger(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiApproveLedger(c *fiber.Ctx) error {
	res, err := a.Subsidies.ApproveLedger(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiReturnLedger(c *fiber.Ctx) error {
	var in subsidies.ReasonInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	res, err := a.Subsidies.ReturnLedger(c.UserContext(), actorOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) overviewOf(c *fiber.Ctx) (*subsidies.MonthOverview, error) {
	period := c.Query("period")
	if period == "" {
		period = defaultPeriod(a.Subsidies.Today())
	}
	return a.Subsidies.Overview(c.UserContext(), actorOf(c), period)
}

// defaultPeriod is the month before today's: the latest month that has
// ended.
func defaultPeriod(today skillcert.Date) string {
	d := skillcert.NewDate(today.Year, today.Month, 0)
	return d.String()[:7]
}

func (a *App) apiSubsidyOverview(c *fiber.Ctx) error {
	o, err := a.overviewOf(c)
	if err != nil {
		return err
	}
	return c.JSON(o)
}

// coordinatorsTown is the town whose coordinators are listed: a town's
// staff their own, the city the one named (required).
func coordinatorsTown(c *fiber.Ctx) (string, error) {
	actor := actorOf(c)
	town := c.Query("town")
	if actor.Role == skillcert.RoleTownStaff && town == "" {
		return actor.Town, nil
	}
	if town == "" {
		return "", skillcert.Invalid("town", "请指定镇（街道）")
	}
	return town, nil
}

func (a *App) apiCoordinators(c *fiber.Ctx) error {
	town, err := coordinatorsTown(c)
	if err != nil {
		return err
	}
	res, err := a.Recruitment.TownPostings(c.UserContext(), actorOf(c), town)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiUpdateCoordinator(c *fiber.Ctx) error {
	var in recruitment.PostingInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	res, err := a.Recruitment.UpdatePosting(c.UserContext(), actorOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(res)
}
