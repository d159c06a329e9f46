package main

import (
	"skillcert/auth"
	"skillcert/recruitment"
)

// recruitmentRoutes are coordinator recruitment (人力社保协理员招聘): policy
// versions, holiday calendars, posts, applications and their screening,
// scores and selection, the city's joint review, the public notice, hiring
// and the staffing norms.
func (a *App) recruitmentRoutes() []route {
	const tag = "协理员招聘"
	return []route{
		// Policy parameters and holiday calendars.
		{Method: "GET", Path: "/api/recruitment/policies", Perm: auth.PermRecruitmentOversee, Handle: a.apiPolicyVersions, Summary: "政策参数版本列表（生效日期倒序）", Tag: tag,
			Query: []string{"page", "size"}, Reply: pageOf[recruitment.PolicyVersion]{}},
		{Method: "POST", Path: "/api/recruitment/policies", Perm: auth.PermPolicyManage, Handle: a.apiAddPolicyVersion, Summary: "新增政策参数版本（今天或以后生效）", Tag: tag,
			Body: recruitment.PolicyInput{}, Reply: recruitment.PolicyVersion{}, Status: 201},
		{Method: "GET", Path: "/api/recruitment/holidays/:year", Perm: auth.PermRecruitmentOversee, Handle: a.apiHolidays, Summary: "某年节假日与调休安排", Tag: tag,
			Reply: recruitment.HolidayYear{}},
		{Method: "PUT", Path: "/api/recruitment/holidays/:year", Perm: auth.PermPolicyManage, Handle: a.apiSetHolidays, Summary: "设置某年节假日与调休安排（公示期按工作日计算）", Tag: tag,
			Body: recruitment.HolidayInput{}, Reply: recruitment.HolidayYear{}},

		// Posts.
		{Method: "GET", Path: "/api/recruitment/posts", Perm: auth.PermRecruitmentRead, Handle: a.apiListPosts, Summary: "协理员岗位列表（市局全部，镇（街道）本镇，学员报名中的岗位）", Tag: tag,
			Query: []string{"status", "page", "size"}, Reply: pageOf[recruitment.Post]{}},
		{Method: "POST", Path: "/api/recruitment/posts", Perm: auth.PermRecruitmentRun, Handle: a.apiCreatePost, Summary: "发布协理员岗位（条件取自现行政策参数）", Tag: tag,
			Body: recruitment.PostInput{}, Reply: recruitment.Post{}, Status: 201},
		{Method: "GET", Path: "/api/recruitment/posts/:id", Perm: auth.PermRecruitmentRead, Handle: a.apiGetPost, Summary: "岗位详情", Tag: tag, Reply: recruitment.Post{}},
		{Method: "POST", Path: "/api/recruitment/posts/:id/close", Perm: auth.PermRecruitmentRun, Handle: a.apiClosePost, Summary: "报名截止后结束报名", Tag: tag, Reply: recruitment.Post{}},
		{Method: "GET", Path: "/api/recruitment/posts/:id/applications", Perm: auth.PermRecruitmentOversee, Handle: a.apiPostApplications, Summary: "岗位报名与资格审查结果（含说明与破格）", Tag: tag,
			Query: []string{"page", "size"}, Reply: pageOf[recruitment.Application]{}},
		{Method: "POST", Path: "/api/recruitment/posts/:id/applications", Perm: auth.PermRecruitmentApply, Handle: a.apiApply, Summary: "报名（学员本人，或镇（街道）工作人员代为报名），提交即自动资格审查", Tag: tag,
			Body: recruitment.ApplicationInput{}, Reply: recruitment.Application{}, Status: 201},
		{Method: "POST", Path: "/api/recruitment/posts/:id/scores", Perm: auth.PermRecruitmentRun, Handle: a.apiEnterScores, Summary: "录入笔试、面试成绩", Tag: tag,
			Body: scoresRequest{}, Reply: scoresReply{}},
		{Method: "GET", Path: "/api/recruitment/posts/:id/ranking", Perm: auth.PermRecruitmentOversee, Handle: a.apiRanking, Summary: "成绩排名", Tag: tag,
			Query: []string{"page", "size"}, Reply: recruitment.RankingView{}},
		{Method: "POST", Path: "/api/recruitment/posts/:id/select", Perm: auth.PermRecruitmentRun, Handle: a.apiSelect, Summary: "按排名择优确定拟录用人员（不超过剩余名额）", Tag: tag,
			Reply: recruitment.RankingView{}},
		{Method: "POST", Path: "/api/recruitment/posts/:id/submit", Perm: auth.PermRecruitmentRun, Handle: a.apiSubmit, Summary: "拟录用人员报市局联合审定", Tag: tag, Reply: recruitment.Post{}},
		{Method: "POST", Path: "/api/recruitment/posts/:id/notice", Perm: auth.PermRecruitmentReview, Handle: a.apiPublishNotice, Summary: "发布拟录用人员公示（按工作日计算公示期）", Tag: tag, Reply: recruitment.Post{}},
		{Method: "POST", Path: "/api/recruitment/posts/:id/hire", Perm: auth.PermRecruitmentHire, Handle: a.apiFinalizeHires, Summary: "公示期满确认录用（加入基层平台工作人员、报名岗位培训；可重试未完成事项）", Tag: tag,
			Reply: recruitment.HireReport{}},

		// Applications.
		{Method: "GET", Path: "/api/recruitment/my/applications", Perm: auth.PermRecruitmentRead, Handle: a.apiMyApplications, Summary: "本人的报名", Tag: tag,
			Query: []string{"page", "size"}, Reply: pageOf[recruitment.Application]{}},
		{Method: "GET", Path: "/api/recruitment/applications/:id", Perm: auth.PermRecruitmentRead, Handle: a.apiGetApplication, Summary: "报名详情与资格审查说明", Tag: tag,
			Reply: recruitment.Application{}},
		{Method: "PUT", Path: "/api/recruitment/applications/:id", Perm: auth.PermRecruitmentApply, Handle: a.apiUpdateApplication, Summary: "修改报名信息并重新审查", Tag: tag,
			Body: recruitment.ApplicationInput{}, Reply: recruitment.Application{}},
		{Method: "POST", Path: "/api/recruitment/applications/:id/rescreen", Perm: auth.PermRecruitmentRun, Handle: a.apiRescreen, Summary: "按人员登记库最新信息重新审查", Tag: tag,
			Reply: recruitment.Application{}},
		{Method: "POST", Path: "/api/recruitment/applications/:id/overrides", Perm: auth.PermRecruitmentRun, Handle: a.apiOverride, Summary: "书面说明理由后破格通过未符合的条件（报市局审定）", Tag: tag,
			Body: overrideRequest{}, Reply: recruitment.Application{}},
		{Method: "GET", Path: "/api/recruitment/reviews", Perm: auth.PermRecruitmentReview, Handle: a.apiReviewQueue, Summary: "待市局联合审定的拟录用人员", Tag: tag,
			Query: []string{"page", "size"}, Reply: pageOf[recruitment.Application]{}},
		{Method: "POST", Path: "/api/recruitment/applications/:id/review", Perm: auth.PermRecruitmentReview, Handle: a.apiReview, Summary: "市局审定：同意或退回（退回、同意破格须写明意见）", Tag: tag,
			Body: recruitment.ReviewInput{}, Reply: recruitment.Application{}},
		{Method: "POST", Path: "/api/recruitment/applications/:id/account", Perm: auth.PermRecruitmentHire, Handle: a.apiStaffAccount, Summary: "为已录用的协理员创建工作人员账号", Tag: tag,
			Body: recruitment.StaffAccountInput{}, Reply: auth.Account{}, Status: 201},

		// Public notice and staffing norms.
		{Method: "GET", Path: "/api/recruitment/notices", Perm: auth.PermPublic, Handle: a.apiNotices, Summary: "公示期内的拟录用人员公示（姓名、脱敏身份证号、镇（街道））", Tag: tag,
			Query: []string{"page", "size"}, Reply: pageOf[recruitment.PublicNotice]{}},
		{Method: "GET", Path: "/api/recruitment/staffing", Perm: auth.PermRecruitmentOversee, Handle: a.apiStaffing, Summary: "人员配备标准与在岗人数、缺口（各镇（街道）、村（社区）与全市）", Tag: tag,
			Query: []string{"town", "page", "size"}, Reply: recruitment.StaffingView{}},

		// Pages.
		{Method: "GET", Path: "/recruitment", Perm: auth.PermRecruitmentRead, Handle: a.pageRecruitmentPosts},
		{Method: "POST", Path: "/recruitment/posts", Perm: auth.PermRecruitmentRun, Handle: a.pageCreatePost},
		{Method: "GET", Path: "/recruitment/posts/:id", Perm: auth.PermRecruitmentRead, Handle: a.pagePost},
		{Method: "POST", Path: "/recruitment/posts/:id/close", Perm: auth.PermRecruitmentRun, Handle: a.pageClosePost},
		{Method: "GET", Path: "/recruitment/posts/:id/apply", Perm: auth.PermRecruitmentApply, Handle: a.pageApplyForm},
		{Method: "POST", Path: "/recruitment/posts/:id/apply", Perm: auth.PermRecruitmentApply, Handle: a.pageApplySubmit},
		{Method: "GET", Path: "/recruitment/posts/:id/screening", Perm: auth.PermRecruitmentOversee, Handle: a.pageScreeningBoard},
		{Method: "GET", Path: "/recruitment/posts/:id/ranking", Perm: auth.PermRecruitmentOversee, Handle: a.pageRanking},
		{Method: "POST", Path: "/recruitment/posts/:id/scores", Perm: auth.PermRecruitmentRun, Handle: a.pageEnterScores},
		{Method: "POST", Path: "/recruitment/posts/:id/select", Perm: auth.PermRecruitmentRun, Handle: a.pageSelect},
		{Method: "POST", Path: "/recruitment/posts/:id/submit", Perm: auth.PermRecruitmentRun, Handle: a.pageSubmit},
		{Method: "POST", Path: "/recruitment/posts/:id/notice", Perm: auth.PermRecruitmentReview, Handle: a.pagePublishNotice},
		{Method: "POST", Path: "/recruitment/posts/:id/hire", Perm: auth.PermRecruitmentHire, Handle: a.pageFinalizeHires},
		{Method: "POST", Path: "/recruitment/applications/:id/override", Perm: auth.PermRecruitmentRun, Handle: a.pageOverride},
		{Method: "POST", Path: "/recruitment/applications/:id/rescreen", Perm: auth.PermRecruitmentRun, Handle: a.pageRescreen},
		{Method: "POST", Path: "/recruitment/applications/:id/review", Perm: auth.PermRecruitmentReview, Handle: a.pageReview},
		{Method: "POST", Path: "/recruitment/applications/:id/account", Perm: auth.PermRecruitmentHire, Handle: a.pageStaffAccount},
		{Method: "GET", Path: "/recruitment/my", Perm: auth.PermRecruitmentRead, Handle: a.pageMyApplications},
		{Method: "GET", Path: "/recruitment/review", Perm: auth.PermRecruitmentReview, Handle: a.pageReviewQueue},
		{Method: "GET", Path: "/recruitment/notices", Perm: auth.PermPublic, Handle: a.pageNotices},
		{Method: "GET", Path: "/recruitment/staffing", Perm: auth.PermRecruitmentOversee, Handle: a.pageStaffing},
		{Method: "GET", Path: "/recruitment/policy", Perm: auth.PermRecruitmentOversee, Handle: a.pagePolicy},
		{Method: "POST", Path: "/recruitment/policy", Perm: auth.PermPolicyManage, Handle: a.pageAddPolicyVersion},
		{Method: "POST", Path: "/recruitment/holidays", Perm: auth.PermPolicyManage, Handle: a.pageSetHolidays},
	}
}
