package main

import (
	"skillcert"
	"skillcert/auth"
	"skillcert/recruitment"
	"skillcert/subsidies"
)

// subsidiesRoutes are the subsidies of policy part 四: the one-time
// construction subsidy and the monthly personnel subsidy ledgers. The
// subsidies service decides the town's scope.
func (a *App) subsidiesRoutes() []route {
	const tag = "经费补助"
	return []route{
		{Method: "GET", Path: "/api/subsidies/construction", Perm: auth.PermSubsidyRead, Handle: a.apiConstructions,
			Summary: "平台建设补助：市局看全部镇（街道），镇只看本镇", Tag: tag, Query: []string{"page", "size"}, Reply: pageOf[subsidies.Construction]{}},
		{Method: "POST", Path: "/api/subsidies/construction", Perm: auth.PermSubsidyApply, Handle: a.apiApplyConstruction,
			Summary: "镇（街道）申请一次性平台建设补助（服务场地面积，平方米，最多两位小数）", Tag: tag,
			Body: subsidies.ConstructionInput{}, Reply: subsidies.Construction{}, Status: 201},
		{Method: "POST", Path: "/api/subsidies/construction/:town/approve", Perm: auth.PermSubsidyApprove, Handle: a.apiApproveConstruction,
			Summary: "市局登记实地验收并批准（按验收日生效的政策参数定档）", Tag: tag, Body: subsidies.ApprovalInput{}, Reply: subsidies.Construction{}},
		{Method: "POST", Path: "/api/subsidies/construction/:town/return", Perm: auth.PermSubsidyApprove, Handle: a.apiReturnConstruction,
			Summary: "市局退回未批准的申请（须写原因）", Tag: tag, Body: subsidies.ReasonInput{}, Reply: subsidies.Construction{}},
		{Method: "POST", Path: "/api/subsidies/construction/:town/reverse", Perm: auth.PermSubsidyApprove, Handle: a.apiReverseConstruction,
			Summary: "市局撤销已批准的补助（须写原因；撤销后镇可重新申请）", Tag: tag, Body: subsidies.ReasonInput{}, Reply: subsidies.Construction{}},

		{Method: "GET", Path: "/api/subsidies/ledgers", Perm: auth.PermSubsidyRead, Handle: a.apiLedgers,
			Summary: "人员经费补助台账列表（最近月份在前；镇只看本镇）", Tag: tag, Query: []string{"town", "status", "page", "size"}, Reply: pageOf[subsidies.Ledger]{}},
		{Method: "POST", Path: "/api/subsidies/ledgers", Perm: auth.PermSubsidyApply, Handle: a.apiGenerateLedger,
			Summary: "镇（街道）按实际在岗协理员生成（或在批准前重新生成）某月台账", Tag: tag, Body: ledgerInput{}, Reply: subsidies.Ledger{}},
		{Method: "GET", Path: "/api/subsidies/ledgers/:id", Perm: auth.PermSubsidyRead, Handle: a.apiLedger,
			Summary: "台账明细：逐人计算过程与合计", Tag: tag, Reply: subsidies.Ledger{}},
		{Method: "POST", Path: "/api/subsidies/ledgers/:id/submit", Perm: auth.PermSubsidyApply, Handle: a.apiSubmitLedger,
			Summary: "镇（街道）提交台账（月末之后）", Tag: tag, Reply: subsidies.Ledger{}},
		{Method: "POST", Path: "/api/subsidies/ledgers/:id/approve", Perm: auth.PermSubsidyApprove, Handle: a.apiApproveLedger,
			Summary: "市局批准台账（批准后不再变动）", Tag: tag, Reply: subsidies.Ledger{}},
		{Method: "POST", Path: "/api/subsidies/ledgers/:id/return", Perm: auth.PermSubsidyApprove, Handle: a.apiReturnLedger,
			Summary: "市局退回台账（须写原因）", Tag: tag, Body: subsidies.ReasonInput{}, Reply: subsidies.Ledger{}},
		{Method: "GET", Path: "/api/subsidies/overview", Perm: auth.PermSubsidyRead, Handle: a.apiSubsidyOverview,
			Summary: "某月各镇（街道）台账汇总（镇只看本镇）", Tag: tag, Query: []string{"period"}, Reply: subsidies.MonthOverview{}},
		{Method: "GET", Path: "/api/subsidies/coordinators", Perm: auth.PermSubsidyRead, Handle: a.apiCoordinators,
			Summary: "镇（街道）已录用协理员的在岗信息（录用日期、离岗日期、实际月报酬）", Tag: tag, Query: []string{"town"},
			Reply: []recruitment.CoordinatorPosting{}},
		{Method: "POST", Path: "/api/subsidies/coordinators/:id", Perm: auth.PermSubsidyApply, Handle: a.apiUpdateCoordinator,
			Summary: "镇（街道）登记协理员离岗日期和实际月报酬", Tag: tag, Body: recruitment.PostingInput{}, Reply: recruitment.CoordinatorPosting{}},

		// Pages and exports.
		{Method: "GET", Path: "/subsidies", Perm: auth.PermSubsidyRead, Handle: a.pageSubsidies},
		{Method: "POST", Path: "/subsidies/construction", Perm: auth.PermSubsidyApply, Handle: a.pageApplyConstruction},
		{Method: "POST", Path: "/subsidies/construction/:town/approve", Perm: auth.PermSubsidyApprove, Handle: a.pageApproveConstruction},
		{Method: "POST", Path: "/subsidies/construction/:town/return", Perm: auth.PermSubsidyApprove, Handle: a.pageReturnConstruction},
		{Method: "POST", Path: "/subsidies/construction/:town/reverse", Perm: auth.PermSubsidyApprove, Handle: a.pageReverseConstruction},
		{Method: "POST", Path: "/subsidies/ledgers", Perm: auth.PermSubsidyApply, Handle: a.pageGenerateLedger},
		{Method: "GET", Path: "/subsidies/ledgers/:id", Perm: auth.PermSubsidyRead, Handle: a.pageLedger},
		{Method: "GET", Path: "/subsidies/ledgers/:id/export.xlsx", Perm: auth.PermSubsidyRead, Handle: a.ledgerXLSX},
		{Method: "POST", Path: "/subsidies/ledgers/:id/submit", Perm: auth.PermSubsidyApply, Handle: a.pageSubmitLedger},
		{Method: "POST", Path: "/subsidies/ledgers/:id/approve", Perm: auth.PermSubsidyApprove, Handle: a.pageApproveLedger},
		{Method: "POST", Path: "/subsidies/ledgers/:id/return", Perm: auth.PermSubsidyApprove, Handle: a.pageReturnLedger},
		{Method: "GET", Path: "/subsidies/overview.xlsx", Perm: auth.PermSubsidyRead, Handle: a.overviewXLSX},
		{Method: "GET", Path: "/subsidies/coordinators", Perm: auth.PermSubsidyApply, Handle: a.pageCoordinators},
		{Method: "POST", Path: "/subsidies/coordinators/:id", Perm: auth.PermSubsidyApply, Handle: a.pageUpdateCoordinator},
	}
}

// subsidiesNav is the subsidies' item in the city's and the towns' menus.
func subsidiesNav(r skillcert.Role) []navItem {
	switch r {
	case skillcert.RoleCityAdmin:
		return []navItem{{Key: "subsidies", Label: "经费补助", Href: "/subsidies", Hint: "平台建设补助验收审批，各镇（街道）人员经费台账审批"}}
	case skillcert.RoleTownStaff:
		return []navItem{{Key: "subsidies", Label: "经费补助", Href: "/subsidies", Hint: "申请平台建设补助，生成并提交人员经费台账"}}
	}
	return nil
}
