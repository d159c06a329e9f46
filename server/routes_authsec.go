package main

import (
	"skillcert/audit"
	"skillcert/auth"
	"skillcert/roster"
)

// authsecRoutes are the account-security routes: unlocking an account and
// an office's password reset, the register's one-time activation codes,
// and the audit chain's verification.
func (a *App) authsecRoutes() []route {
	return []route{
		{Method: "POST", Path: "/api/accounts/:id/unlock", Perm: auth.PermAccountsManage, Handle: a.apiUnlockAccount,
			Summary: "解除登录限制（清除该账号的失败计数）", Tag: "账号", Reply: auth.Account{}},
		{Method: "POST", Path: "/api/accounts/:id/password-reset", Perm: auth.PermAccountsManage, Handle: a.apiResetPassword,
			Summary: "重置密码：生成临时密码（只显示一次），本人下次登录须修改；令牌作废", Tag: "账号", Reply: resetReply{}},
		{Method: "POST", Path: "/api/persons/:id/activation-code", Perm: auth.PermRosterManage, Handle: a.apiIssueActivationCode,
			Summary: "生成学员注册激活码（只显示一次，14 天内有效，一次有效；新码生成后旧码作废）", Tag: "人员登记", Reply: roster.ActivationCode{}, Status: 201},
		{Method: "GET", Path: "/api/audit/verify", Perm: auth.PermAuditRead, Handle: a.apiVerifyAudit,
			Summary: "校验审计日志哈希链，指出第一处断裂", Tag: "审计", Reply: audit.Verification{}},

		// Pages.
		{Method: "POST", Path: "/accounts/:id/disable", Perm: auth.PermAccountsManage, Handle: a.pageAccountSetDisabled(true)},
		{Method: "POST", Path: "/accounts/:id/enable", Perm: auth.PermAccountsManage, Handle: a.pageAccountSetDisabled(false)},
		{Method: "POST", Path: "/accounts/:id/unlock", Perm: auth.PermAccountsManage, Handle: a.pageAccountUnlock},
		{Method: "POST", Path: "/accounts/:id/password-reset", Perm: auth.PermAccountsManage, Handle: a.pageAccountReset},
		{Method: "POST", Path: "/persons/:id/activation-code", Perm: auth.PermRosterManage, Handle: a.pageActivationCode},
		{Method: "GET", Path: "/audit/verify", Perm: auth.PermAuditRead, Handle: a.pageVerifyAudit},
	}
}
