package main

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/template/html/v2"

	"skillcert/audit"
	"skillcert/auth"
	"skillcert/web"
)

// route is one entry of the route table. Every route names the
// permission that guards it; API routes carry what the OpenAPI document
// says of them.
type route struct {
	Method  string
	Path    string
	Perm    auth.Permission
	Handle  fiber.Handler
	Summary string
	Tag     string
	Query   []string // query parameters
	Body    any      // request body (API)
	Reply   any      // response body (API)
	Status  int      // success status (default 200)
	// MaxBody is the body limit of an upload route (bodylimits.go);
	// every other route takes maxJSONBody.
	MaxBody int64
}

// routeTable is the one list of every route of the server: the
// platform's own below, each feature's in routes_<feature>.go.
func (a *App) routeTable() []route {
	var all []route
	for _, part := range [][]route{a.platformRoutes(), a.featureRoutes()} {
		all = append(all, part...)
	}
	return all
}

// platformRoutes are health, login, accounts, org tree and audit.
func (a *App) platformRoutes() []route {
	return []route{
		// Health and API description.
		{Method: "GET", Path: "/healthz", Perm: auth.PermPublic, Handle: a.healthz, Summary: "进程存活检查", Tag: "运维"},
		{Method: "GET", Path: "/readyz", Perm: auth.PermPublic, Handle: a.readyz, Summary: "数据库可用检查", Tag: "运维"},
		{Method: "GET", Path: "/api/openapi.json", Perm: auth.PermPublic, Handle: a.openAPIHandler, Summary: "OpenAPI 3 接口说明", Tag: "运维"},
		{Method: "GET", Path: "/static/:file", Perm: auth.PermPublic, Handle: a.staticFile},

		// Login and the own account.
		{Method: "POST", Path: "/api/auth/login", Perm: auth.PermPublic, Handle: a.apiLogin, Summary: "登录，取得令牌", Tag: "账号",
			Body: loginRequest{}, Reply: auth.LoginResult{}},
		{Method: "POST", Path: "/api/auth/logout", Perm: auth.PermSelf, Handle: a.apiLogout, Summary: "退出登录，令牌作废", Tag: "账号", Status: 204},
		{Method: "GET", Path: "/api/auth/me", Perm: auth.PermSelf, Handle: a.apiMe, Summary: "当前登录账号", Tag: "账号", Reply: meReply{}},
		{Method: "POST", Path: "/api/auth/password", Perm: auth.PermSelf, Handle: a.apiChangePassword, Summary: "修改密码（所有令牌作废）", Tag: "账号",
			Body: passwordRequest{}, Status: 204},

		// Org tree (reference data, public).
		{Method: "GET", Path: "/api/orgs", Perm: auth.PermPublic, Handle: a.apiOrgTree, Summary: "组织架构：市、镇（街道）、村（社区）", Tag: "组织架构", Reply: []orgNode{}},
		{Method: "GET", Path: "/api/orgs/:code", Perm: auth.PermPublic, Handle: a.apiOrgUnit, Summary: "单个单位及其下级", Tag: "组织架构", Reply: orgNode{}},

		// Accounts.
		{Method: "GET", Path: "/api/accounts", Perm: auth.PermAccountsRead, Handle: a.apiListAccounts, Summary: "账号列表（本辖区）", Tag: "账号",
			Query: []string{"role", "page", "size"}, Reply: pageOf[auth.Account]{}},
		{Method: "POST", Path: "/api/accounts", Perm: auth.PermAccountsManage, Handle: a.apiCreateAccount, Summary: "新建账号", Tag: "账号",
			Body: auth.NewAccount{}, Reply: auth.Account{}, Status: 201},
		{Method: "GET", Path: "/api/accounts/:id", Perm: auth.PermAccountsRead, Handle: a.apiGetAccount, Summary: "账号详情", Tag: "账号", Reply: auth.Account{}},
		{Method: "POST", Path: "/api/accounts/:id/disable", Perm: auth.PermAccountsManage, Handle: a.apiSetDisabled(true), Summary: "停用账号（令牌作废）", Tag: "账号", Reply: auth.Account{}},
		{Method: "POST", Path: "/api/accounts/:id/enable", Perm: auth.PermAccountsManage, Handle: a.apiSetDisabled(false), Summary: "启用账号", Tag: "账号", Reply: auth.Account{}},

		// Audit trail (auditor only).
		{Method: "GET", Path: "/api/audit", Perm: auth.PermAuditRead, Handle: a.apiAudit, Summary: "审计日志（只读）", Tag: "审计",
			Query: []string{"actorId", "actor", "targetId", "action", "from", "to", "page", "size"}, Reply: pageOf[audit.Entry]{}},

		// Pages.
		{Method: "GET", Path: "/login", Perm: auth.PermPublic, Handle: a.pageLogin},
		{Method: "POST", Path: "/login", Perm: auth.PermPublic, Handle: a.pageLoginSubmit},
		{Method: "POST", Path: "/logout", Perm: auth.PermSelf, Handle: a.pageLogout},
		{Method: "GET", Path: "/", Perm: auth.PermSelf, Handle: a.pageHome},
		{Method: "GET", Path: "/password", Perm: auth.PermSelf, Handle: a.pagePassword},
		{Method: "POST", Path: "/password", Perm: auth.PermSelf, Handle: a.pagePasswordSubmit},
		{Method: "GET", Path: "/orgs", Perm: auth.PermPublic, Handle: a.pageOrgs},
		{Method: "GET", Path: "/accounts", Perm: auth.PermAccountsRead, Handle: a.pageAccounts},
		{Method: "POST", Path: "/accounts", Perm: auth.PermAccountsManage, Handle: a.pageAccountCreate},
		{Method: "GET", Path: "/audit", Perm: auth.PermAuditRead, Handle: a.pageAudit},
	}
}

// buildFiber creates the Fiber application from the route table.
func (a *App) buildFiber() error {
	engine := html.NewFileSystem(web.HTTPFS(), ".html")
	engine.AddFuncMap(a.templateFuncs())
	// Parse every template now, so a broken one stops the start-up.
	if err := engine.Load(); err != nil {
		return err
	}
	fcfg := fiber.Config{
		AppName:               "skillcert",
		Views:                 engine,
		ErrorHandler:          a.errorHandler,
		BodyLimit:             maxJSONBody, // upload routes have their own (route.MaxBody, bodylimits.go)
		ReduceMemoryUsage:     true,        // request buffers go back to the pools, not kept with idle connections
		ReadTimeout:           60 * time.Second,
		WriteTimeout:          120 * time.Second,
		IdleTimeout:           120 * time.Second,
		DisableStartupMessage: true,
	}
	if len(a.cfg.TrustedProxies) > 0 {
		// Behind a reverse proxy the client is the first valid address of
		// X-Forwarded-For, believed only from the listed proxies.
		fcfg.ProxyHeader = fiber.HeaderXForwardedFor
		fcfg.EnableTrustedProxyCheck = true
		fcfg.TrustedProxies = a.cfg.TrustedProxies
		fcfg.EnableIPValidation = true
	}
	a.fiber = fiber.New(fcfg)
	a.fiber.Use(a.requestContext, a.securityHeaders, rejectNUL, a.authenticate, a.csrf)
	a.routes = a.routeTable()
	a.limitBodies()
	for _, r := range a.routes {
		a.fiber.Add(r.Method, r.Path, a.authorize(r.Perm), r.Handle)
		if r.Method == fiber.MethodGet {
			// HEAD answers as GET does, without the body.
			a.fiber.Add(fiber.MethodHead, r.Path, a.authorize(r.Perm), r.Handle)
		}
	}
	return nil
}
