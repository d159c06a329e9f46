package certificates

import (
	"strings"
	"testing"
	"time"

	"skillcert"
)

func TestKindTitle(t *testing.T) {
	for kind, want := range map[Kind]string{
		KindVocational:       "职业技能培训合格证书",
		KindJobPost:          "岗位培训合格证书",
		KindEntrepreneurship: "创业培训合格证书",
		Kind("other"):        "",
	} {
		if got := kind.Title(); got != want {
			t.Errorf("%q.Title() = %q, want %q", kind, got, want)
		}
	}
}

func TestDocumentValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Document)
		field  string // "" means valid
	}{
		{"sample is valid", func(d *Document) {}, ""},
		{"unknown kind", func(d *Document) { d.Kind = "course" }, "kind"},
		{"gender missing", func(d *Document) { d.Gender = "" }, "gender"},
		{"gender in English", func(d *Document) { d.Gender = "M" }, "gender"},
		{"female", func(d *Document) { d.Gender = GenderFemale }, ""},
		{"name blank", func(d *Document) { d.HolderName = " \u3000" }, "holderName"},
		{"ID missing", func(d *Document) { d.IDMasked = "" }, "idMasked"},
		{"course missing", func(d *Document) { d.CourseTitle = "" }, "courseTitle"},
		{"organizer missing", func(d *Document) { d.Organizer = "" }, "organizer"},
		{"number missing", func(d *Document) { d.Number = "" }, "number"},
		{"URL missing", func(d *Document) { d.VerifyURL = "" }, "verifyURL"},
		{"URL at the limit", func(d *Document) { d.VerifyURL = "https://x.cn/" + strings.Repeat("a", maxVerifyURL-13) }, ""},
		{"URL over the limit", func(d *Document) { d.VerifyURL = "https://x.cn/" + strings.Repeat("a", maxVerifyURL-12) }, "verifyURL"},
		{"trade and level may be empty", func(d *Document) { d.Trade, d.Level = "", "" }, ""},
		{"zero class hours", func(d *Document) { d.ClassHours = 0 }, "classHours"},
		{"one class hour", func(d *Document) { d.ClassHours = 1 }, ""},
		{"no start", func(d *Document) { d.CourseStart = skillcert.Date{} }, "courseStart"},
		{"no end", func(d *Document) { d.CourseEnd = skillcert.Date{} }, "courseEnd"},
		{"one-day course", func(d *Document) { d.CourseEnd = d.CourseStart }, ""},
		{"end the day before start", func(d *Document) { d.CourseEnd = d.CourseStart.AddDays(-1) }, "courseEnd"},
		{"no issue date", func(d *Document) { d.IssueDate = skillcert.Date{} }, "issueDate"},
		{"valid until the issue day", func(d *Document) { d.ValidUntil = d.IssueDate }, ""},
		{"valid until the day before issue", func(d *Document) { d.ValidUntil = d.IssueDate.AddDays(-1) }, "validUntil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sampleDocument()
			tt.change(&d)
			err := d.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			assertInvalid(t, err, tt.field, "")
		})
	}
}

// assertInvalid checks that err is an EINVALID *skillcert.Error on field
// whose message contains want.
func assertInvalid(t *testing.T, err error, field, want string) {
	t.Helper()
	e, ok := err.(*skillcert.Error)
	if !ok {
		t.Fatalf("error = %v (%T), want *skillcert.Error", err, err)
	}
	if e.Code != skillcert.EINVALID || e.Field != field {
		t.Fatalf("error = %s on field %q, want %s on %q", e.Code, e.Field, skillcert.EINVALID, field)
	}
	if !strings.Contains(e.Message, want) {
		t.Fatalf("message %q does not contain %q", e.Message, want)
	}
}

func TestPrintedTexts(t *testing.T) {
	// Dates are read in China Standard Time: 16:30 UTC is the next day.
	late := time.Date(2026, 2, 28, 16, 30, 0, 0, time.UTC)
	if got := dateText(skillcert.DateOf(late)); got != "2026年3月1日" {
		t.Errorf("dateText(%v) = %q", late, got)
	}
	if got := validityText(date(2026, 6, 5), skillcert.Date{}); got != "长期有效" {
		t.Errorf("validity without end = %q, want 长期有效", got)
	}
	if got := validityText(date(2026, 6, 5), date(2029, 6, 4)); got != "2026年6月5日至2029年6月4日" {
		t.Errorf("validity = %q", got)
	}
	if got := orDash(""); got != "—" {
		t.Errorf("orDash(\"\") = %q", got)
	}
	if got := classHoursText(120); got != "120课时" {
		t.Errorf("classHoursText = %q", got)
	}
}
