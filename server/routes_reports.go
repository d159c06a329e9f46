package main

import (
	"skillcert"
	"skillcert/auth"
	"skillcert/courses"
	"skillcert/reports"
)

// reportsRoutes are the city bureau's desk: coverage with drill-down
// (city → town → village → outreach list), exports and the rebuild of the
// summaries. The reports service decides the unit's scope.
func (a *App) reportsRoutes() []route {
	const tag = "培训覆盖"
	return []route{
		{Method: "GET", Path: "/api/reports/coverage", Perm: auth.PermReportsRead, Handle: a.apiCoverage,
			Summary: "培训覆盖：单位（city、镇或村编码）在期间内的各项指标及下级单位、月度趋势、平台人员岗位培训", Tag: tag,
			Query: []string{"unit", "period", "from", "to", "months"}, Reply: reports.Report{}},
		{Method: "GET", Path: "/api/reports/outreach", Perm: auth.PermReportsRead, Handle: a.apiOutreach,
			Summary: "待培训名单：村（社区）某类人员中期间内未结业的人（身份证号已隐藏）", Tag: tag,
			Query: []string{"village", "group", "period", "from", "to", "page", "size"}, Reply: pageOf[reports.OutreachRow]{}},
		{Method: "GET", Path: "/api/reports/rebuild", Perm: auth.PermReportsRebuild, Handle: a.apiRebuildStatus,
			Summary: "统计数据重建进度", Tag: tag, Reply: reports.RebuildStatus{}},
		{Method: "POST", Path: "/api/reports/rebuild", Perm: auth.PermReportsRebuild, Handle: a.apiStartRebuild,
			Summary: "从原始记录重建统计数据（后台进行，服务不中断）", Tag: tag, Reply: reports.RebuildStatus{}, Status: 202},

		{Method: "POST", Path: "/api/my/courses/:courseId/rating", Perm: auth.PermCoursesRate, Handle: a.apiRateCourse,
			Summary: "学员评议已结业的课程（内容、教师、组织 1–5 分及意见；每次报名一次；不记名）", Tag: tag,
			Body: courses.RatingInput{}, Status: 201},

		{Method: "GET", Path: "/api/reports/assessment", Perm: auth.PermReportsAssess, Handle: a.apiAssessment,
			Summary: "镇（街道）年度考核：各项得分、计算过程与排名（镇只看本镇）", Tag: tag, Query: []string{"year"}, Reply: reports.Assessment{}},

		// Pages and exports.
		{Method: "GET", Path: "/reports/coverage", Perm: auth.PermReportsRead, Handle: a.pageCoverage},
		{Method: "GET", Path: "/reports/coverage.xlsx", Perm: auth.PermReportsRead, Handle: a.coverageXLSX},
		{Method: "GET", Path: "/reports/outreach", Perm: auth.PermReportsRead, Handle: a.pageOutreach},
		{Method: "GET", Path: "/reports/outreach.xlsx", Perm: auth.PermReportsRead, Handle: a.outreachXLSX},
		{Method: "POST", Path: "/reports/rebuild", Perm: auth.PermReportsRebuild, Handle: a.pageStartRebuild},
		{Method: "GET", Path: "/reports/assessment", Perm: auth.PermReportsAssess, Handle: a.pageAssessment},
		{Method: "GET", Path: "/reports/assessment.xlsx", Perm: auth.PermReportsAssess, Handle: a.assessmentXLSX},
		{Method: "GET", Path: "/my/courses/:courseId/rate", Perm: auth.PermCoursesRate, Handle: a.pageRate},
		{Method: "POST", Path: "/my/courses/:courseId/rate", Perm: auth.PermCoursesRate, Handle: a.pageRateSubmit},
	}
}

// reportsNav is the desk's item in each staff role's menu.
func reportsNav(r skillcert.Role) []navItem {
	switch r {
	case skillcert.RoleCityAdmin:
		return []navItem{{Key: "coverage", Label: "培训覆盖", Href: "/reports/coverage", Hint: "全市、各镇（街道）、村（社区）培训覆盖与待培训名单"},
			{Key: "assessment", Label: "年度考核", Href: "/reports/assessment", Hint: "各镇（街道）考核得分与排名"}}
	case skillcert.RoleTownStaff:
		return []navItem{{Key: "coverage", Label: "培训覆盖", Href: "/reports/coverage", Hint: "本镇及各村（社区）培训覆盖与待培训名单"},
			{Key: "assessment", Label: "年度考核", Href: "/reports/assessment", Hint: "本镇考核得分与名次"}}
	case skillcert.RoleVillageStaff:
		return []navItem{{Key: "coverage", Label: "培训覆盖", Href: "/reports/coverage", Hint: "本村（社区）培训覆盖与待培训名单"}}
	}
	return nil
}
