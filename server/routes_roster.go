package main

import (
	"skillcert/auth"
	"skillcert/roster"
)

// rosterQuery are the query parameters of a filtered list of persons.
var rosterQuery = append(append([]string{}, roster.FilterQueryKeys...), "page", "size")

// rosterRoutes are the routes of the register of residents (劳动力资源登记):
// the staff's list, records, import and export; the confirmation of
// self-registrations; the trainee's self-registration and own profile.
// Static paths come before the :id paths they would otherwise match.
func (a *App) rosterRoutes() []route {
	const tag = "人员登记"
	return []route{
		{Method: "GET", Path: "/api/persons", Perm: auth.PermRosterRead, Handle: a.apiListPersons,
			Summary: "人员列表（本辖区，身份证号码已隐去中间 8 位）", Tag: tag, Query: rosterQuery, Reply: pageOf[roster.Person]{}},
		{Method: "POST", Path: "/api/persons", Perm: auth.PermRosterManage, Handle: a.apiCreatePerson,
			Summary: "登记人员", Tag: tag, Body: roster.PersonInput{}, Reply: roster.Person{}, Status: 201},
		{Method: "GET", Path: "/api/persons/export", Perm: auth.PermRosterRead, Handle: a.exportPersons,
			Summary: "按筛选条件导出 .xlsx（full=1 导出完整身份证号码，限有权限的角色，记入审计日志）", Tag: tag,
			Query: append(append([]string{}, roster.FilterQueryKeys...), "full")},
		{Method: "GET", Path: "/api/persons/template", Perm: auth.PermRosterManage, Handle: a.importTemplate,
			Summary: "下载导入模板 .xlsx", Tag: tag},
		{Method: "POST", Path: "/api/persons/import", Perm: auth.PermRosterManage, Handle: a.apiStartImport, MaxBody: a.importBodyLimit(),
			Summary: "导入 .xlsx 或 .csv（multipart 字段 file）；文件超限或不是表格时立即报错，其余在后台导入，进度见 /api/imports/{id}", Tag: tag,
			Reply: importReply{}, Status: 202},
		{Method: "GET", Path: "/api/persons/:id", Perm: auth.PermRosterRead, Handle: a.apiGetPerson,
			Summary: "人员详情（身份证号码已隐去中间 8 位）", Tag: tag, Reply: roster.Person{}},
		{Method: "PUT", Path: "/api/persons/:id", Perm: auth.PermRosterManage, Handle: a.apiUpdatePerson,
			Summary: "修改人员（身份证号码留空则不变）", Tag: tag, Body: roster.PersonInput{}, Reply: roster.Person{}},
		{Method: "DELETE", Path: "/api/persons/:id", Perm: auth.PermRosterManage, Handle: a.apiDeletePerson,
			Summary: "删除人员（已注册学员账号的不能删除）", Tag: tag, Status: 204},
		{Method: "POST", Path: "/api/persons/:id/reveal", Perm: auth.PermRosterReveal, Handle: a.apiRevealPerson,
			Summary: "查看完整身份证号码（记入审计日志）", Tag: tag, Reply: revealReply{}},
		{Method: "POST", Path: "/api/persons/:id/confirm", Perm: auth.PermRosterConfirm, Handle: a.apiConfirmPerson,
			Summary: "确认学员自助注册的人员（补全人员类别、文化程度等）", Tag: tag, Body: roster.PersonInput{}, Reply: roster.Person{}},
		{Method: "POST", Path: "/api/persons/:id/reject", Perm: auth.PermRosterConfirm, Handle: a.apiRejectPerson,
			Summary: "不予确认学员自助注册（删除待确认人员，停用其账号）", Tag: tag, Body: rejectRequest{}, Status: 204},
		{Method: "GET", Path: "/api/imports", Perm: auth.PermRosterManage, Handle: a.apiRecentImports,
			Summary: "本辖区最近的导入", Tag: tag, Reply: []roster.ImportJob{}},
		{Method: "GET", Path: "/api/imports/:id", Perm: auth.PermRosterManage, Handle: a.apiGetImport,
			Summary: "导入进度与结果（含前 100 条错误）", Tag: tag, Reply: importReply{}},
		{Method: "GET", Path: "/api/imports/:id/errors.xlsx", Perm: auth.PermRosterManage, Handle: a.importErrorReport,
			Summary: "下载导入错误报告 .xlsx（行号、列、原因）", Tag: tag},
		{Method: "POST", Path: "/api/register", Perm: auth.PermPublic, Handle: a.apiRegister,
			Summary: "学员自助注册（身份证号码、姓名、手机号码、密码；登录名为手机号码）", Tag: tag,
			Body: roster.Registration{}, Reply: roster.Registered{}, Status: 201},
		{Method: "GET", Path: "/api/profile", Perm: auth.PermProfile, Handle: a.apiProfile,
			Summary: "我的资料（学员本人的登记信息）", Tag: tag, Reply: roster.Profile{}},
		{Method: "PUT", Path: "/api/profile", Perm: auth.PermProfile, Handle: a.apiUpdateProfile,
			Summary: "修改我的联系方式", Tag: tag, Body: roster.ProfileInput{}, Reply: roster.Profile{}},

		// Pages.
		{Method: "GET", Path: "/persons", Perm: auth.PermRosterRead, Handle: a.pagePersons},
		{Method: "POST", Path: "/persons", Perm: auth.PermRosterManage, Handle: a.pagePersonCreate},
		{Method: "GET", Path: "/persons/new", Perm: auth.PermRosterManage, Handle: a.pagePersonNew},
		{Method: "GET", Path: "/persons/export.xlsx", Perm: auth.PermRosterRead, Handle: a.exportPersons},
		{Method: "GET", Path: "/persons/template.xlsx", Perm: auth.PermRosterManage, Handle: a.importTemplate},
		{Method: "GET", Path: "/persons/import", Perm: auth.PermRosterManage, Handle: a.pageImport},
		{Method: "POST", Path: "/persons/import", Perm: auth.PermRosterManage, Handle: a.pageImportSubmit, MaxBody: a.importBodyLimit()},
		{Method: "GET", Path: "/persons/pending", Perm: auth.PermRosterConfirm, Handle: a.pagePending},
		{Method: "GET", Path: "/persons/:id", Perm: auth.PermRosterRead, Handle: a.pagePerson},
		{Method: "POST", Path: "/persons/:id", Perm: auth.PermRosterManage, Handle: a.pagePersonUpdate},
		{Method: "POST", Path: "/persons/:id/delete", Perm: auth.PermRosterManage, Handle: a.pagePersonDelete},
		{Method: "POST", Path: "/persons/:id/reveal", Perm: auth.PermRosterReveal, Handle: a.pagePersonReveal},
		{Method: "POST", Path: "/persons/:id/confirm", Perm: auth.PermRosterConfirm, Handle: a.pagePersonConfirm},
		{Method: "POST", Path: "/persons/:id/reject", Perm: auth.PermRosterConfirm, Handle: a.pagePersonReject},
		{Method: "GET", Path: "/imports/:id", Perm: auth.PermRosterManage, Handle: a.pageImportJob},
		{Method: "GET", Path: "/imports/:id/errors.xlsx", Perm: auth.PermRosterManage, Handle: a.importErrorReport},
		{Method: "GET", Path: "/register", Perm: auth.PermPublic, Handle: a.pageRegister},
		{Method: "POST", Path: "/register", Perm: auth.PermPublic, Handle: a.pageRegisterSubmit},
		{Method: "GET", Path: "/profile", Perm: auth.PermProfile, Handle: a.pageProfile},
		{Method: "POST", Path: "/profile", Perm: auth.PermProfile, Handle: a.pageProfileUpdate},
		{Method: "POST", Path: "/profile/reveal", Perm: auth.PermProfile, Handle: a.pageProfileReveal},
	}
}
