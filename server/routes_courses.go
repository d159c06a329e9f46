package main

import (
	"skillcert/auth"
	"skillcert/courses"
)

// coursesRoutes are the routes of training courses: the public catalog and
// course pages, the staff's course editor with sessions and enrollments,
// the trainee's enrollment, courses, messages and attendance, roll call
// and self check-in, scores and completion, and the calendar feeds.
func (a *App) coursesRoutes() []route {
	const tag = "培训课程"
	const att = "考勤与结业"
	return []route{
		// Catalog and course pages (public; drafts only to their staff).
		{Method: "GET", Path: "/api/catalog", Perm: auth.PermPublic, Handle: a.apiCatalog,
			Summary: "课程目录：报名中和进行中的课程", Tag: tag, Query: []string{"town", "type", "trade", "open", "page", "size"}, Reply: pageOf[courseCard]{}},
		{Method: "GET", Path: "/api/courses/:id", Perm: auth.PermPublic, Handle: a.apiGetCourse,
			Summary: "课程详情：课次与剩余名额", Tag: tag, Reply: courses.CourseDetail{}},

		// Staff: courses, sessions, status, enrollments.
		{Method: "GET", Path: "/api/courses", Perm: auth.PermCoursesTeach, Handle: a.apiListCourses,
			Summary: "课程管理列表（市局全部、镇本镇、教师本人授课）", Tag: tag, Query: []string{"town", "type", "trade", "status", "page", "size"}, Reply: pageOf[courseCard]{}},
		{Method: "POST", Path: "/api/courses", Perm: auth.PermCoursesManage, Handle: a.apiCreateCourse,
			Summary: "新建课程（草稿）", Tag: tag, Body: courses.CourseInput{}, Reply: courses.Course{}, Status: 201},
		{Method: "PUT", Path: "/api/courses/:id", Perm: auth.PermCoursesManage, Handle: a.apiUpdateCourse,
			Summary: "修改课程（草稿或报名中）", Tag: tag, Body: courses.CourseInput{}, Reply: courses.Course{}},
		{Method: "POST", Path: "/api/courses/:id/status", Perm: auth.PermCoursesManage, Handle: a.apiCourseStatus,
			Summary: "变更课程状态：发布、开课、结业、取消", Tag: tag, Body: statusRequest{}, Reply: courses.Course{}},
		{Method: "POST", Path: "/api/courses/:id/sessions", Perm: auth.PermCoursesManage, Handle: a.apiAddSession,
			Summary: "新增课次（检查教师、场地时间冲突）", Tag: tag, Body: courses.SessionInput{}, Reply: courses.Session{}, Status: 201},
		{Method: "PUT", Path: "/api/sessions/:id", Perm: auth.PermCoursesManage, Handle: a.apiUpdateSession,
			Summary: "修改课次", Tag: tag, Body: courses.SessionInput{}, Reply: courses.Session{}},
		{Method: "DELETE", Path: "/api/sessions/:id", Perm: auth.PermCoursesManage, Handle: a.apiDeleteSession,
			Summary: "删除课次（未开始且无考勤）", Tag: tag, Status: 204},
		{Method: "GET", Path: "/api/courses/:id/enrollments", Perm: auth.PermCoursesTeach, Handle: a.apiListEnrollments,
			Summary: "课程报名名单（status=waitlisted 为候补队列）", Tag: tag, Query: []string{"status", "page", "size"}, Reply: pageOf[courses.EnrollmentRow]{}},
		{Method: "POST", Path: "/api/courses/:id/enrollments", Perm: auth.PermCoursesEnrollOthers, Handle: a.apiEnrollPerson,
			Summary: "工作人员代为报名一人", Tag: tag, Body: enrollPersonRequest{}, Reply: courses.EnrollResult{}, Status: 201},
		{Method: "POST", Path: "/api/courses/:id/enrollments/bulk", Perm: auth.PermCoursesEnrollOthers, Handle: a.apiEnrollBulk,
			Summary: "按身份证号批量报名，逐人返回结果", Tag: tag, Body: bulkEnrollRequest{}, Reply: []courses.BulkLine{}},
		{Method: "POST", Path: "/api/courses/:id/enrollments/:personId/cancel", Perm: auth.PermCoursesCancel, Handle: a.apiCancelEnrollment,
			Summary: "取消报名（学员本人开课前；工作人员）；空出的名额由候补第一位递补", Tag: tag, Body: reasonRequest{}, Reply: courses.Enrollment{}},

		// The trainee's own.
		{Method: "POST", Path: "/api/courses/:id/enroll", Perm: auth.PermCoursesLearn, Handle: a.apiEnroll,
			Summary: "学员报名（名额已满时进入候补并告知排位）", Tag: tag, Reply: courses.EnrollResult{}, Status: 201},
		{Method: "GET", Path: "/api/my/courses", Perm: auth.PermCoursesLearn, Handle: a.apiMyCourses,
			Summary: "我的课程", Tag: tag, Query: []string{"page", "size"}, Reply: pageOf[courses.MyCourse]{}},
		{Method: "GET", Path: "/api/my/messages", Perm: auth.PermCoursesLearn, Handle: a.apiMyMessages,
			Summary: "我的消息（报名、递补、课次调整、课程取消）", Tag: tag, Query: []string{"unread", "page", "size"}, Reply: pageOf[courses.Message]{}},
		{Method: "POST", Path: "/api/my/messages/:id/read", Perm: auth.PermCoursesLearn, Handle: a.apiReadMessage,
			Summary: "标记消息已读", Tag: tag, Status: 204},
		{Method: "POST", Path: "/api/my/messages/read-all", Perm: auth.PermCoursesLearn, Handle: a.apiReadAllMessages,
			Summary: "全部标记已读", Tag: tag, Reply: countReply{}},
		{Method: "GET", Path: "/api/my/courses/:id/attendance", Perm: auth.PermCoursesLearn, Handle: a.apiMyAttendance,
			Summary: "我的考勤：逐次出勤、出勤率、结业要求与当前情况", Tag: att, Reply: courses.PersonAttendance{}},
		{Method: "POST", Path: "/api/sessions/:id/checkin", Perm: auth.PermCoursesLearn, Handle: a.apiSelfCheckin,
			Summary: "学员签到（输入现场签到码）", Tag: att, Body: checkinRequest{}, Reply: courses.CheckinResult{}},

		// Calendar feeds: the address carries a token, since calendar apps
		// cannot log in.
		{Method: "GET", Path: "/api/my/calendar-feed", Perm: auth.PermCoursesCalendar, Handle: a.apiCalendarFeed,
			Summary: "我的日历订阅地址（.ics，学员为所报课程课次，教师为授课课次）", Tag: tag, Reply: feedReply{}},
		{Method: "GET", Path: "/calendar/:token", Perm: auth.PermPublic, Handle: a.calendarFeed,
			Summary: "日历订阅（iCalendar）；地址中的令牌代替登录", Tag: tag},

		// Roll call, check-in code, scores, completion.
		{Method: "GET", Path: "/api/sessions/:id/roll", Perm: auth.PermCoursesTeach, Handle: a.apiSessionRoll,
			Summary: "课次点名表", Tag: att, Reply: courses.Roll{}},
		{Method: "POST", Path: "/api/sessions/:id/roll", Perm: auth.PermCoursesTeach, Handle: a.apiRollCall,
			Summary: "批量点名（课后修改仅限主办单位工作人员，留痕）", Tag: att, Body: rollRequest{}, Reply: courses.RollCallResult{}},
		{Method: "GET", Path: "/api/sessions/:id/roll/xlsx", Perm: auth.PermCoursesTeach, Handle: a.apiRollExport,
			Summary: "导出离线点名表（.xlsx）", Tag: att},
		{Method: "POST", Path: "/api/sessions/:id/roll/xlsx", Perm: auth.PermCoursesTeach, Handle: a.apiRollImport, MaxBody: rollBodyLimit,
			Summary: "导入离线点名表（multipart 字段 file）", Tag: att, Reply: rollImportReply{}},
		{Method: "GET", Path: "/api/sessions/:id/checkin-code", Perm: auth.PermCoursesTeach, Handle: a.apiCheckinCode,
			Summary: "当前签到码（定时更换）", Tag: att, Reply: checkinCodeReply{}},
		{Method: "PUT", Path: "/api/courses/:id/scores", Perm: auth.PermCoursesTeach, Handle: a.apiSetScores,
			Summary: "录入考核成绩（0–100）", Tag: att, Body: courseScoresRequest{}, Reply: countReply{}},
		{Method: "POST", Path: "/api/courses/:id/evaluate", Perm: auth.PermCoursesManage, Handle: a.apiEvaluate,
			Summary: "按结业规则评定全部学员", Tag: att, Reply: []courses.Enrollment{}},

		// Pages.
		{Method: "GET", Path: "/courses", Perm: auth.PermPublic, Handle: a.pageCatalog},
		{Method: "GET", Path: "/courses/:id", Perm: auth.PermPublic, Handle: a.pageCourse},
		{Method: "POST", Path: "/courses/:id/enroll", Perm: auth.PermCoursesLearn, Handle: a.pageEnroll},
		{Method: "POST", Path: "/courses/:id/cancel", Perm: auth.PermCoursesLearn, Handle: a.pageCancelOwn},
		{Method: "POST", Path: "/courses/:id/enroll-bulk", Perm: auth.PermCoursesEnrollOthers, Handle: a.pageEnrollBulk},
		{Method: "GET", Path: "/my/courses", Perm: auth.PermCoursesLearn, Handle: a.pageMyCourses},
		{Method: "GET", Path: "/my/courses/:id/attendance", Perm: auth.PermCoursesLearn, Handle: a.pageMyAttendance},
		{Method: "GET", Path: "/checkin/:id", Perm: auth.PermCoursesLearn, Handle: a.pageCheckin},
		{Method: "POST", Path: "/checkin/:id", Perm: auth.PermCoursesLearn, Handle: a.pageCheckinSubmit},
		{Method: "GET", Path: "/manage/courses", Perm: auth.PermCoursesTeach, Handle: a.pageManageCourses},
		{Method: "GET", Path: "/manage/courses/new", Perm: auth.PermCoursesManage, Handle: a.pageNewCourse},
		{Method: "POST", Path: "/manage/courses", Perm: auth.PermCoursesManage, Handle: a.pageCreateCourse},
		{Method: "GET", Path: "/manage/courses/:id", Perm: auth.PermCoursesTeach, Handle: a.pageEditCourse},
		{Method: "POST", Path: "/manage/courses/:id", Perm: auth.PermCoursesManage, Handle: a.pageUpdateCourse},
		{Method: "POST", Path: "/manage/courses/:id/status", Perm: auth.PermCoursesManage, Handle: a.pageCourseStatus},
		{Method: "POST", Path: "/manage/courses/:id/sessions", Perm: auth.PermCoursesManage, Handle: a.pageAddSession},
		{Method: "POST", Path: "/manage/sessions/:id/delete", Perm: auth.PermCoursesManage, Handle: a.pageDeleteSession},
		{Method: "GET", Path: "/manage/courses/:id/enrollments", Perm: auth.PermCoursesTeach, Handle: a.pageEnrollments},
		{Method: "POST", Path: "/manage/courses/:id/enrollments/:personId/cancel", Perm: auth.PermCoursesCancel, Handle: a.pageCancelEnrollment},
		{Method: "GET", Path: "/manage/courses/:id/scores", Perm: auth.PermCoursesTeach, Handle: a.pageScores},
		{Method: "POST", Path: "/manage/courses/:id/scores", Perm: auth.PermCoursesTeach, Handle: a.pageScoresSubmit},
		{Method: "GET", Path: "/manage/courses/:id/results", Perm: auth.PermCoursesTeach, Handle: a.pageResults},
		{Method: "POST", Path: "/manage/courses/:id/evaluate", Perm: auth.PermCoursesManage, Handle: a.pageEvaluate},
		{Method: "GET", Path: "/manage/sessions/:id/roll", Perm: auth.PermCoursesTeach, Handle: a.pageRoll},
		{Method: "POST", Path: "/manage/sessions/:id/roll", Perm: auth.PermCoursesTeach, Handle: a.pageRollSubmit},
		{Method: "POST", Path: "/manage/sessions/:id/roll/import", Perm: auth.PermCoursesTeach, Handle: a.pageRollImport, MaxBody: rollBodyLimit},
		{Method: "GET", Path: "/manage/sessions/:id/checkin", Perm: auth.PermCoursesTeach, Handle: a.pageCheckinCode},
		{Method: "GET", Path: "/manage/sessions/:id/checkin/qr", Perm: auth.PermCoursesTeach, Handle: a.checkinQR},
	}
}

// statusRequest asks for a course's next status.
type statusRequest struct {
	Status courses.Status `json:"status"`
}

// enrollPersonRequest names the person staff enroll.
type enrollPersonRequest struct {
	PersonID string `json:"personId"`
}

// bulkEnrollRequest lists the ID numbers staff enroll.
type bulkEnrollRequest struct {
	IDNumbers []string `json:"idNumbers"`
}

// checkinRequest carries the code shown in the room.
type checkinRequest struct {
	Code string `json:"code"`
}

// rollRequest is a roll call's marks.
type rollRequest struct {
	Marks []courses.MarkInput `json:"marks"`
}

// courseScoresRequest is a course score entry's lines.
type courseScoresRequest struct {
	Scores []courses.ScoreInput `json:"scores"`
}

// countReply says how many records changed.
type countReply struct {
	Count int64 `json:"count"`
}

// feedReply is the address of one's calendar feed.
type feedReply struct {
	URL string `json:"url"`
}
