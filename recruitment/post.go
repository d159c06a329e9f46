package recruitment

import (
	"strings"
	"time"
	"unicode/utf8"

	"skillcert"
)

// PostStatus is where a coordinator post stands in the recruitment.
type PostStatus string

// The post statuses, in the order a post goes through them. A post in
// "reviewed" goes back to "selecting" when the town fills places the city
// returned.
const (
	PostOpen      PostStatus = "open"      // 报名中
	PostSelecting PostStatus = "selecting" // 报名结束，录入成绩、择优
	PostSubmitted PostStatus = "submitted" // 已报市局联合审定
	PostReviewed  PostStatus = "reviewed"  // 市局已审定，待公示
	PostNotice    PostStatus = "notice"    // 公示中（或公示期满待确认录用）
	PostClosed    PostStatus = "closed"    // 已录用
)

// PostStatuses lists the statuses in order.
var PostStatuses = []PostStatus{PostOpen, PostSelecting, PostSubmitted, PostReviewed, PostNotice, PostClosed}

// Label is the status in Chinese.
func (s PostStatus) Label() string {
	switch s {
	case PostOpen:
		return "报名中"
	case PostSelecting:
		return "资格审查与择优"
	case PostSubmitted:
		return "市局审定中"
	case PostReviewed:
		return "市局已审定，待公示"
	case PostNotice:
		return "公示"
	case PostClosed:
		return "已录用"
	}
	return string(s)
}

// Valid reports whether s is a defined status.
func (s PostStatus) Valid() bool {
	for _, x := range PostStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Post is a coordinator post (人力社保协理员公益性岗位) of a town office or a
// village station under it. Its requirements are fixed from the policy
// version in force when it was opened.
type Post struct {
	ID      string `bson:"_id" json:"id"`
	Town    string `bson:"town" json:"town"`
	Village string `bson:"village,omitempty" json:"village,omitempty"` // a village station of Town, or ""
	Title   string `bson:"title" json:"title"`
	Places  int    `bson:"places" json:"places"`
	// Opens and Closes are the first and last day of the application
	// window (Asia/Shanghai, inclusive).
	Opens        skillcert.Date `bson:"opens" json:"opens"`
	Closes       skillcert.Date `bson:"closes" json:"closes"`
	Requirements Requirements   `bson:"requirements" json:"requirements"`
	Weights      Weights        `bson:"weights" json:"weights"`
	// NoticeWorkingDays is the length of the public notice, from the
	// policy version the post was opened under.
	NoticeWorkingDays int        `bson:"noticeWorkingDays" json:"noticeWorkingDays"`
	Status            PostStatus `bson:"status" json:"status"`
	// Applicants counts the applications (at most
	// MaxApplicationsPerPost); it may exceed the real number by one after
	// a failure between counting and storing an application.
	Applicants int       `bson:"applicants" json:"applicants"`
	Notice     *Notice   `bson:"notice,omitempty" json:"notice,omitempty"`
	CreatedBy  string    `bson:"createdBy" json:"createdBy"`
	CreatedAt  time.Time `bson:"createdAt" json:"createdAt"`
	UpdatedAt  time.Time `bson:"updatedAt" json:"updatedAt"`
	ClosedAt   time.Time `bson:"closedAt,omitempty" json:"closedAt,omitzero"`
}

// OrgUnit is the code of the unit that hires: the village station, else
// the town office.
func (p *Post) OrgUnit() string {
	if p.Village != "" {
		return p.Village
	}
	return p.Town
}

// Accepting reports whether the post takes applications on day: it is
// open and the day is within the window.
func (p *Post) Accepting(day skillcert.Date) bool {
	return p.Status == PostOpen && !day.Before(p.Opens) && !day.After(p.Closes)
}

// Notice is the public notice (公示) of a post's proposed hires: the
// entries as published, and its first and last day.
type Notice struct {
	Start       skillcert.Date `bson:"start" json:"start"`
	End         skillcert.Date `bson:"end" json:"end"`
	PublishedBy string         `bson:"publishedBy" json:"publishedBy"`
	PublishedAt time.Time      `bson:"publishedAt" json:"publishedAt"`
	Entries     []NoticeEntry  `bson:"entries" json:"entries"`
}

// NoticeEntry is one proposed hire as the public sees it: the name, the
// masked ID number and the hiring town — nothing else.
type NoticeEntry struct {
	Name     string `bson:"name" json:"name"`
	IDMasked string `bson:"idMasked" json:"idMasked"`
	Town     string `bson:"town" json:"town"` // the hiring town's (and station's) name
}

// PostInput is what town staff fill in to open a post. Dates are
// YYYY-MM-DD; Cutoff defaults to Closes.
type PostInput struct {
	Town             string   `json:"town"`
	Village          string   `json:"village"`
	Title            string   `json:"title"`
	Places           int      `json:"places"`
	Opens            string   `json:"opens"`
	Closes           string   `json:"closes"`
	Cutoff           string   `json:"cutoff"`
	FullTimeRequired bool     `json:"fullTimeRequired"`
	Extra            []string `json:"extra"`
	WrittenWeight    int      `json:"writtenWeight"`   // percent; 0 with InterviewWeight 0 means 50/50
	InterviewWeight  int      `json:"interviewWeight"` // percent
}

// MaxPlaces is the most places one post may have.
const MaxPlaces = 50

// parsePostInput checks the input that needs no database and returns the
// window, cutoff and weights.
func parsePostInput(in *PostInput, today skillcert.Date) (opens, closes, cutoff skillcert.Date, w Weights, err error) {
	in.Title = strings.TrimSpace(in.Title)
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		return opens, closes, cutoff, w, skillcert.Invalid("title", "请填写岗位名称")
	case n > 100:
		return opens, closes, cutoff, w, skillcert.Invalid("title", "岗位名称不能超过 100 个字，当前为 %d 个字", n)
	}
	if in.Places < 1 || in.Places > MaxPlaces {
		return opens, closes, cutoff, w, skillcert.Invalid("places", "招聘名额应在 1 至 %d 名之间，当前为 %d 名", MaxPlaces, in.Places)
	}
	if opens, err = ParseDay("opens", "报名开始日期", in.Opens); err != nil {
		return
	}
	if closes, err = ParseDay("closes", "报名截止日期", in.Closes); err != nil {
		return
	}
	if closes.Before(opens) {
		return opens, closes, cutoff, w, skillcert.Invalid("closes", "报名截止日期 %s 早于开始日期 %s", closes.String(), opens.String())
	}
	if closes.Before(today) {
		return opens, closes, cutoff, w, skillcert.Invalid("closes", "报名截止日期 %s 已过（今天是 %s）", closes.String(), today.String())
	}
	if closes.After(opens.AddDays(366)) {
		return opens, closes, cutoff, w, skillcert.Invalid("closes", "报名期不能超过一年")
	}
	cutoff = closes
	if strings.TrimSpace(in.Cutoff) != "" {
		if cutoff, err = ParseDay("cutoff", "年龄计算截止日期", in.Cutoff); err != nil {
			return
		}
	}
	// Ages are counted at a day near the recruitment: from a year before
	// the window opens (a cutoff at the previous year's end, as notices
	// often state) to a year after it closes. Anything further is a typo.
	if earliest, latest := opens.AddMonths(-12), closes.AddMonths(12); cutoff.Before(earliest) || cutoff.After(latest) {
		return opens, closes, cutoff, w, skillcert.Invalid("cutoff", "年龄计算截止日期 %s 离报名期太远：应在 %s 至 %s 之间（报名开始前一年至报名截止后一年）",
			cutoff, earliest, latest)
	}
	w = Weights{Written: in.WrittenWeight, Interview: in.InterviewWeight}
	if w.Written == 0 && w.Interview == 0 {
		w = DefaultWeights()
	}
	err = w.Validate()
	return
}

// ParseDay reads a required calendar day written YYYY-MM-DD; what names
// the field in the message.
func ParseDay(field, what, s string) (skillcert.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return skillcert.Date{}, skillcert.Invalid(field, "请填写%s", what)
	}
	d, err := skillcert.ParseDate(s)
	if err != nil {
		return skillcert.Date{}, skillcert.Invalid(field, "%s“%s”无效，应为 YYYY-MM-DD 格式，如 2026-05-31", what, s)
	}
	return d, nil
}
