package main

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"skillcert/recruitment"
	"skillcert/reports"
)

// versionParam is the :version of the path, unescaped (a version name may
// hold characters a path escapes).
func versionParam(c *fiber.Ctx) string {
	v := c.Params("version")
	if u, err := url.PathUnescape(v); err == nil {
		return u
	}
	return v
}

func (a *App) apiCorrectPolicyVersion(c *fiber.Ctx) error {
	var in recruitment.PolicyInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := a.Recruitment.CorrectPolicyVersion(c.UserContext(), actorOf(c), versionParam(c), in)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (a *App) apiWithdrawPolicyVersion(c *fiber.Ctx) error {
	v, err := a.Recruitment.WithdrawPolicyVersion(c.UserContext(), actorOf(c), versionParam(c))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (a *App) apiWeightVersions(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Reports.WeightVersions(c.UserContext(), actorOf(c), page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiAddWeights(c *fiber.Ctx) error {
	var in reports.WeightsInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := a.Reports.AddWeights(c.UserContext(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(v)
}

func (a *App) apiCorrectWeights(c *fiber.Ctx) error {
	var in reports.WeightsInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := a.Reports.CorrectWeights(c.UserContext(), actorOf(c), versionParam(c), in)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (a *App) apiWithdrawWeights(c *fiber.Ctx) error {
	v, err := a.Reports.WithdrawWeights(c.UserContext(), actorOf(c), versionParam(c))
	if err != nil {
		return err
	}
	return c.JSON(v)
}
