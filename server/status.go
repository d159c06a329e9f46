package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/store"
)

// logRecords logs the number of records of every collection (and the
// embedded engine's file size) at start-up.
func logRecords(ctx context.Context, log *slog.Logger, db *store.DB) {
	st, err := db.Status(ctx)
	if err != nil {
		log.Warn("could not count the records", "err", err)
		return
	}
	attrs := []any{"engine", st.Engine, "took", st.Took}
	if st.Embedded {
		attrs = append(attrs, "fileBytes", st.FileBytes)
	}
	for _, c := range st.Collections {
		attrs = append(attrs, c.Name, c.Records)
	}
	log.Info("records per collection", attrs...)
}

// statusNav is the status page's place in the city administrator's
// navigation.
func statusNav(r skillcert.Role) []navItem {
	if r != skillcert.RoleCityAdmin {
		return nil
	}
	return []navItem{{Key: "status", Label: "数据库状态", Href: "/status", Hint: "数据库引擎、大小与各类记录数"}}
}

func (a *App) apiStatus(c *fiber.Ctx) error {
	st, err := a.DB.Status(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(st)
}

// collectionLabels name the collections on the status page.
var collectionLabels = map[string]string{
	store.CollOrgUnits: "组织架构", store.CollAccounts: "账号", store.CollSessions: "登录会话", store.CollAudit: "审计日志",
	store.CollLoginAttempts: "登录尝试记录", store.CollCounters: "编号计数器", store.CollPolicyParams: "政策参数版本",
	store.CollPersons: "人员登记", store.CollRosterImports: "导入任务", store.CollRosterImportErrs: "导入错误明细",
	store.CollRegisterThrottle: "自助注册限流记录", store.CollCourses: "培训班", store.CollCourseSessions: "课次",
	store.CollEnrollments: "报名", store.CollAttendance: "考勤", store.CollCheckinThrottle: "签到限流记录",
	store.CollMessages: "站内消息", store.CollPersonCourses: "个人培训索引", store.CollCertificates: "证书",
	store.CollCertificateThrottle: "证书查验限流记录", store.CollCertificateDownloads: "证书批量下载任务",
	store.CollRecruitmentPosts: "协理员岗位", store.CollRecruitmentApplications: "协理员报名", store.CollHolidayCalendars: "节假日安排",
}

// statusRow is one collection on the page.
type statusRow struct {
	Label, Name string
	Records     int64
}

type statusPage struct {
	Status store.Status
	Size   string
	Rows   []statusRow
	Total  int64
}

func (a *App) pageStatus(c *fiber.Ctx) error {
	st, err := a.DB.Status(c.UserContext())
	if err != nil {
		return err
	}
	p := statusPage{Status: st, Size: humanBytes(st.FileBytes)}
	for _, col := range st.Collections {
		label := collectionLabels[col.Name]
		if label == "" {
			label = col.Name
		}
		p.Rows = append(p.Rows, statusRow{Label: label, Name: col.Name, Records: col.Records})
		p.Total += col.Records
	}
	return a.render(c, "pages/status", "数据库状态", "status", p)
}

// humanBytes writes a size in KB, MB or GB.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
