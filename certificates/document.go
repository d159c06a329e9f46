package certificates

import (
	"fmt"
	"strconv"
	"strings"

	"skillcert"
)

// Kind is the type of training a certificate attests; it decides the title.
type Kind string

// The certificate kinds, one per type of course.
const (
	KindVocational       Kind = "vocational"       // 职业技能培训
	KindJobPost          Kind = "job_post"         // 岗位培训
	KindEntrepreneurship Kind = "entrepreneurship" // 创业培训
)

// Title is the heading printed on a certificate of this kind, "" for an
// unknown kind.
func (k Kind) Title() string {
	switch k {
	case KindVocational:
		return "职业技能培训合格证书"
	case KindJobPost:
		return "岗位培训合格证书"
	case KindEntrepreneurship:
		return "创业培训合格证书"
	}
	return ""
}

// Genders printed on a certificate.
const (
	GenderMale   = "男"
	GenderFemale = "女"
)

// shanghai is China Standard Time, in which every printed date is read.
// China has kept UTC+8 without daylight saving since 1991, so a fixed zone
// is exact and needs no time-zone database.
var shanghai = skillcert.CST

// maxVerifyURL is the longest verification address accepted, in bytes: a
// longer one makes the QR code too dense to scan at its printed size.
const maxVerifyURL = 300

// Document is everything a certificate shows. The service fills it from
// the certificate record; the renderer prints it and nothing else.
type Document struct {
	Kind        Kind
	HolderName  string
	Gender      string // GenderMale or GenderFemale
	IDMasked    string // e.g. 330483********123X
	CourseTitle string
	Trade       string // 工种; may be empty (printed as —)
	Level       string // e.g. 初级, 中级, 专项能力; may be empty (printed as —)
	ClassHours  int
	CourseStart skillcert.Date
	CourseEnd   skillcert.Date
	Organizer   string // the issuing office's full name
	IssueDate   skillcert.Date
	ValidUntil  skillcert.Date // zero means valid for the long term (长期有效)
	Number      string         // e.g. TX2026-WZ-000123
	VerifyURL   string         // the QR code's target
}

// Validate checks that every printed field is present and consistent.
// Whether the font can print the text is checked by Renderer.Check.
func (d Document) Validate() error {
	required := []struct{ field, label, value string }{
		{"holderName", "姓名", d.HolderName},
		{"idMasked", "身份证号", d.IDMasked},
		{"courseTitle", "培训项目", d.CourseTitle},
		{"organizer", "发证机构", d.Organizer},
		{"number", "证书编号", d.Number},
		{"verifyURL", "验证网址", d.VerifyURL},
	}
	switch {
	case d.Kind.Title() == "":
		return skillcert.Invalid("kind", "证书类型“%s”不正确", d.Kind)
	case d.Gender != GenderMale && d.Gender != GenderFemale:
		return skillcert.Invalid("gender", "性别应为“男”或“女”")
	}
	for _, r := range required {
		if isBlank(r.value) {
			return skillcert.Invalid(r.field, "%s不能为空", r.label)
		}
	}
	switch {
	case d.ClassHours <= 0:
		return skillcert.Invalid("classHours", "培训课时应大于0")
	case d.CourseStart.IsZero():
		return skillcert.Invalid("courseStart", "培训开始日期不能为空")
	case d.CourseEnd.IsZero():
		return skillcert.Invalid("courseEnd", "培训结束日期不能为空")
	case d.CourseEnd.Before(d.CourseStart):
		return skillcert.Invalid("courseEnd", "培训结束日期（%s）不能早于开始日期（%s）", dateText(d.CourseEnd), dateText(d.CourseStart))
	case d.IssueDate.IsZero():
		return skillcert.Invalid("issueDate", "发证日期不能为空")
	case len(d.VerifyURL) > maxVerifyURL:
		return skillcert.Invalid("verifyURL", "验证网址过长（超过%d个字符），二维码将无法扫描", maxVerifyURL)
	case !d.ValidUntil.IsZero() && d.ValidUntil.Before(d.IssueDate):
		return skillcert.Invalid("validUntil", "有效期截止日期（%s）不能早于发证日期（%s）", dateText(d.ValidUntil), dateText(d.IssueDate))
	}
	return nil
}

// field is one printed string of a document with the name and label used
// in error messages.
type field struct {
	name, label, text string
}

// printedFields lists the strings of d the certificate prints, as printed.
func (d Document) printedFields() []field {
	return []field{
		{"holderName", "姓名", d.HolderName},
		{"gender", "性别", d.Gender},
		{"idMasked", "身份证号", d.IDMasked},
		{"courseTitle", "培训项目", d.CourseTitle},
		{"trade", "工种", orDash(d.Trade)},
		{"level", "等级", orDash(d.Level)},
		{"classHours", "培训课时", classHoursText(d.ClassHours)},
		{"courseStart", "培训时间", coursePeriodText(d.CourseStart, d.CourseEnd)},
		{"validUntil", "有效期限", validityText(d.IssueDate, d.ValidUntil)},
		{"organizer", "发证机构", d.Organizer},
		{"issueDate", "发证日期", dateText(d.IssueDate)},
		{"number", "证书编号", d.Number},
		{"verifyURL", "验证网址", d.VerifyURL},
	}
}

// dateText formats a date as people read it on a certificate: 2026年3月1日.
func dateText(d skillcert.Date) string {
	return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
}

func coursePeriodText(start, end skillcert.Date) string {
	return dateText(start) + "至" + dateText(end)
}

func validityText(issued, until skillcert.Date) string {
	if until.IsZero() {
		return "长期有效"
	}
	return dateText(issued) + "至" + dateText(until)
}

func classHoursText(hours int) string { return strconv.Itoa(hours) + "课时" }

func orDash(s string) string {
	if isBlank(s) {
		return "—"
	}
	return s
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }
