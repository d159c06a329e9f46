package main

import (
	"skillcert/auth"
	"skillcert/recruitment"
	"skillcert/reports"
)

// policyhomeRoutes are the corrections and withdrawals of policy versions
// not yet in force, the town assessment's weight versions and (on the
// home page, routes_status.go) the key figures.
func (a *App) policyhomeRoutes() []route {
	const ptag, wtag = "协理员招聘", "培训覆盖"
	return []route{
		{Method: "PUT", Path: "/api/recruitment/policies/:version", Perm: auth.PermPolicyManage, Handle: a.apiCorrectPolicyVersion,
			Summary: "修改尚未生效的政策参数版本（生效日在今天以后；已生效的版本不可修改）", Tag: ptag,
			Body: recruitment.PolicyInput{}, Reply: recruitment.PolicyVersion{}},
		{Method: "DELETE", Path: "/api/recruitment/policies/:version", Perm: auth.PermPolicyManage, Handle: a.apiWithdrawPolicyVersion,
			Summary: "撤回尚未生效的政策参数版本（删除，审计日志保留其内容）", Tag: ptag, Reply: recruitment.PolicyVersion{}},

		{Method: "GET", Path: "/api/reports/weights", Perm: auth.PermReportsAssess, Handle: a.apiWeightVersions,
			Summary: "考核权重版本列表（生效日期倒序）", Tag: wtag, Query: []string{"page", "size"}, Reply: pageOf[reports.WeightsVersion]{}},
		{Method: "POST", Path: "/api/reports/weights", Perm: auth.PermPolicyManage, Handle: a.apiAddWeights,
			Summary: "新增考核权重版本（今天或以后生效，合计 100 分）", Tag: wtag, Body: reports.WeightsInput{}, Reply: reports.WeightsVersion{}, Status: 201},
		{Method: "PUT", Path: "/api/reports/weights/:version", Perm: auth.PermPolicyManage, Handle: a.apiCorrectWeights,
			Summary: "修改尚未生效的考核权重版本", Tag: wtag, Body: reports.WeightsInput{}, Reply: reports.WeightsVersion{}},
		{Method: "DELETE", Path: "/api/reports/weights/:version", Perm: auth.PermPolicyManage, Handle: a.apiWithdrawWeights,
			Summary: "撤回尚未生效的考核权重版本", Tag: wtag, Reply: reports.WeightsVersion{}},

		// Pages.
		{Method: "POST", Path: "/recruitment/policy/:version", Perm: auth.PermPolicyManage, Handle: a.pageCorrectPolicyVersion},
		{Method: "POST", Path: "/recruitment/policy/:version/withdraw", Perm: auth.PermPolicyManage, Handle: a.pageWithdrawPolicyVersion},
		{Method: "GET", Path: "/reports/weights", Perm: auth.PermReportsAssess, Handle: a.pageWeights},
		{Method: "POST", Path: "/reports/weights", Perm: auth.PermPolicyManage, Handle: a.pageAddWeights},
		{Method: "POST", Path: "/reports/weights/:version", Perm: auth.PermPolicyManage, Handle: a.pageCorrectWeights},
		{Method: "POST", Path: "/reports/weights/:version/withdraw", Perm: auth.PermPolicyManage, Handle: a.pageWithdrawWeights},
	}
}
