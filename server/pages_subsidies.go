package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/recruitment"
	"skillcert/subsidies"
)

// The subsidies' pages: the desk (construction subsidy, month overview,
// ledgers), a ledger with its lines, the town's coordinators.

type subsidiesPage struct {
	City          bool
	Constructions []subsidies.Construction
	Own           *subsidies.Construction // a town's own record
	CanApply      bool
	Overview      *subsidies.MonthOverview
	Ledgers       skillcert.Page[subsidies.Ledger]
	Pager         pager
	Today         string
}

func (a *App) pageSubsidies(c *fiber.Ctx) error {
	actor := actorOf(c)
	ctx := c.UserContext()
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	d := subsidiesPage{City: actor.Role == skillcert.RoleCityAdmin, Today: a.Subsidies.Today().String()}
	cons, err := a.Subsidies.Constructions(ctx, actor, skillcert.PageRequest{Size: skillcert.MaxPageSize})
	if err != nil {
		return err
	}
	d.Constructions = cons.Items
	if !d.City {
		d.CanApply = true
		if len(cons.Items) > 0 {
			d.Own = &cons.Items[0]
			d.CanApply = d.Own.Status == subsidies.ConstructionReturned || d.Own.Status == subsidies.ConstructionReversed
		}
	}
	if d.Overview, err = a.overviewOf(c); err != nil {
		return err
	}
	if d.Ledgers, err = a.Subsidies.Ledgers(ctx, actor, subsidies.LedgerFilter{}, page); err != nil {
		return err
	}
	d.Pager = newPager(c, d.Ledgers.Page, d.Ledgers.Pages())
	return a.render(c, "pages/subsidies", "经费补助", "subsidies", d)
}

func (a *App) pageApplyConstruction(c *fiber.Ctx) error {
	actor := actorOf(c)
	in := subsidies.ConstructionInput{Area: c.FormValue("area"), Address: c.FormValue("address")}
	res, err := a.Subsidies.ApplyConstruction(c.UserContext(), actor, actor.Town, in)
	if err != nil {
		return a.actionFailed(c, err, "/subsidies")
	}
	return a.redirectWithFlash(c, "/subsidies", "ok", "已提交平台建设补助申请：服务场地 "+res.Area.String()+"，等待市局实地验收")
}

func (a *App) pageApproveConstruction(c *fiber.Ctx) error {
	in := subsidies.ApprovalInput{AcceptedOn: c.FormValue("acceptedOn"), Inspectors: c.FormValue("inspectors"), Note: c.FormValue("note")}
	res, err := a.Subsidies.ApproveConstruction(c.UserContext(), actorOf(c), c.Params("town"), in)
	if err != nil {
		return a.actionFailed(c, err, "/subsidies")
	}
	return a.redirectWithFlash(c, "/subsidies", "ok", fmt.Sprintf("已批准%s平台建设补助 %s", res.TownName, res.Amount))
}

func (a *App) pageReturnConstruction(c *fiber.Ctx) error {
	return a.pageConstructionDecision(c, a.Subsidies.ReturnConstruction, "已退回")
}

func (a *App) pageReverseConstruction(c *fiber.Ctx) error {
	return a.pageConstructionDecision(c, a.Subsidies.ReverseConstruction, "已撤销")
}

func (a *App) pageConstructionDecision(c *fiber.Ctx, decide func(context.Context, *skillcert.Actor, string, subsidies.ReasonInput) (*subsidies.Construction, error), done string) error {
	res, err := decide(c.UserContext(), actorOf(c), c.Params("town"), subsidies.ReasonInput{Reason: c.FormValue("reason")})
	if err != nil {
		return a.actionFailed(c, err, "/subsidies")
	}
	return a.redirectWithFlash(c, "/subsidies", "ok", done+res.TownName+"的平台建设补助")
}

func ledgerPath(id string) string { return "/subsidies/ledgers/" + url.PathEscape(id) }

func (a *App) pageGenerateLedger(c *fiber.Ctx) error {
	actor := actorOf(c)
	l, err := a.Subsidies.GenerateLedger(c.UserContext(), actor, actor.Town, c.FormValue("period"))
	if err != nil {
		return a.actionFailed(c, err, "/subsidies")
	}
	return a.redirectWithFlash(c, ledgerPath(l.ID), "ok", fmt.Sprintf("已生成 %s 台账：%d 人，合计 %s", l.Period, len(l.Lines), l.Total))
}

type ledgerPage struct {
	L      *subsidies.Ledger
	City   bool
	Town   bool
	Header []string
	Path   string
}

func (a *App) pageLedger(c *fiber.Ctx) error {
	actor := actorOf(c)
	l, err := a.Subsidies.Ledger(c.UserContext(), actor, c.Params("id"))
	if err != nil {
		return err
	}
	d := ledgerPage{L: l, City: actor.Role == skillcert.RoleCityAdmin, Town: actor.Role == skillcert.RoleTownStaff,
		Header: subsidies.LedgerHeader, Path: ledgerPath(l.ID)}
	return a.render(c, "pages/subsidies_ledger", fmt.Sprintf("%s %d 年 %d 月台账", l.TownName, l.Year, l.Month), "subsidies", d)
}

func (a *App) ledgerXLSX(c *fiber.Ctx) error {
	l, err := a.Subsidies.Ledger(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := subsidies.WriteLedgerXLSX(&buf, l); err != nil {
		return err
	}
	return sendXLSX(c, fmt.Sprintf("%s%s人员经费补助台账.xlsx", l.TownName, l.Period), "ledger-"+l.Period+".xlsx", buf.Bytes())
}

func (a *App) pageSubmitLedger(c *fiber.Ctx) error {
	id := c.Params("id")
	if _, err := a.Subsidies.SubmitLedger(c.UserContext(), actorOf(c), id); err != nil {
		return a.actionFailed(c, err, ledgerPath(id))
	}
	return a.redirectWithFlash(c, ledgerPath(id), "ok", "台账已提交，等待市局审批")
}

func (a *App) pageApproveLedger(c *fiber.Ctx) error {
	id := c.Params("id")
	l, err := a.Subsidies.ApproveLedger(c.UserContext(), actorOf(c), id)
	if err != nil {
		return a.actionFailed(c, err, ledgerPath(id))
	}
	return a.redirectWithFlash(c, ledgerPath(id), "ok", "已批准台账，合计 "+l.Total.String())
}

func (a *App) pageReturnLedger(c *fiber.Ctx) error {
	id := c.Params("id")
	if _, err := a.Subsidies.ReturnLedger(c.UserContext(), actorOf(c), id, subsidies.ReasonInput{Reason: c.FormValue("reason")}); err != nil {
		return a.actionFailed(c, err, ledgerPath(id))
	}
	return a.redirectWithFlash(c, ledgerPath(id), "ok", "已退回台账")
}

func (a *App) overviewXLSX(c *fiber.Ctx) error {
	o, err := a.overviewOf(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := subsidies.WriteOverviewXLSX(&buf, o); err != nil {
		return err
	}
	return sendXLSX(c, o.Period+"人员经费补助汇总.xlsx", "subsidies-"+o.Period+".xlsx", buf.Bytes())
}

type coordinatorsPage struct {
	Rows  []coordinatorRow
	Today string
}

// coordinatorRow is a coordinator's form: the posting and the recorded
// pay as typed in yuan ("" when none).
type coordinatorRow struct {
	P       recruitment.CoordinatorPosting
	PayText string
}

func (a *App) pageCoordinators(c *fiber.Ctx) error {
	actor := actorOf(c)
	items, err := a.Recruitment.TownPostings(c.UserContext(), actor, actor.Town)
	if err != nil {
		return err
	}
	d := coordinatorsPage{Today: a.Subsidies.Today().String()}
	for _, p := range items {
		r := coordinatorRow{P: p}
		if p.MonthlyPay > 0 {
			r.PayText = strings.ReplaceAll(subsidies.Yuan(p.MonthlyPay), ",", "")
		}
		d.Rows = append(d.Rows, r)
	}
	return a.render(c, "pages/subsidies_coordinators", "协理员在岗信息", "subsidies", d)
}

func (a *App) pageUpdateCoordinator(c *fiber.Ctx) error {
	in := recruitment.PostingInput{LeftOn: c.FormValue("leftOn"), MonthlyPay: c.FormValue("monthlyPay")}
	p, err := a.Recruitment.UpdatePosting(c.UserContext(), actorOf(c), c.Params("id"), in)
	if err != nil {
		return a.actionFailed(c, err, "/subsidies/coordinators")
	}
	return a.redirectWithFlash(c, "/subsidies/coordinators", "ok", "已保存 "+p.Name+" 的在岗信息")
}
