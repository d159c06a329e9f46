package certificates

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"skillcert"
)

func date(y int, m time.Month, d int) skillcert.Date {
	return skillcert.NewDate(y, m, d)
}

// sampleDocument is a vocational certificate with ordinary values.
func sampleDocument() Document {
	return Document{
		Kind:        KindVocational,
		HolderName:  "张喆",
		Gender:      GenderMale,
		IDMasked:    "330483********123X",
		CourseTitle: "2026年第一期电工职业技能培训班",
		Trade:       "电工",
		Level:       "中级",
		ClassHours:  120,
		CourseStart: date(2026, 3, 2),
		CourseEnd:   date(2026, 5, 29),
		Organizer:   "桐乡市乌镇镇人力资源和社会保障管理所",
		IssueDate:   date(2026, 6, 5),
		ValidUntil:  skillcert.Date{},
		Number:      "TX2026-WZ-000123",
		VerifyURL:   "https://rsbz.tx.example.cn/verify/q/7Kc2mXv9QpT4bN8sZr3w",
	}
}

// longDocument has the longest texts the layout must still print whole.
func longDocument() Document {
	d := sampleDocument()
	d.Kind = KindJobPost
	d.HolderName = "阿卜杜热合曼·买买提明"
	d.Gender = GenderFemale
	d.CourseTitle = "桐乡市2026年度基层人力资源和社会保障平台工作人员（人力社保协理员）岗位能力提升暨政策法规业务知识专题培训班"
	d.Trade = "劳动保障协理员（人力资源和社会保障基层服务方向）"
	d.Level = "专项能力（高级）"
	d.Organizer = "桐乡市龙翔街道人力资源和社会保障管理所（桐乡市龙翔街道就业和社会保障服务中心）"
	d.ValidUntil = date(2029, 6, 4)
	d.Number = "TX2026-LX-004567"
	return d
}

var (
	testRendererOnce sync.Once
	testRendererVal  *Renderer
	testRendererErr  error
)

// testRenderer returns one Renderer shared by the tests, as the service
// shares one.
func testRenderer(tb testing.TB) *Renderer {
	tb.Helper()
	testRendererOnce.Do(func() { testRendererVal, testRendererErr = NewRenderer() })
	if testRendererErr != nil {
		tb.Fatalf("NewRenderer: %v", testRendererErr)
	}
	return testRendererVal
}

// needTool returns the path of an external tool. Without it the test is
// skipped, except under CI (CI=true), where a missing tool is a failure:
// .ci/run must install it.
func needTool(tb testing.TB, tool, debianPackage string) string {
	tb.Helper()
	path, err := exec.LookPath(tool)
	if err == nil {
		return path
	}
	msg := tool + " is not installed (Debian package " + debianPackage + ": apt-get install -y " + debianPackage + ")"
	if os.Getenv("CI") == "true" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
	return ""
}

// writeTemp writes pdf to a file in the test's temporary directory.
func writeTemp(tb testing.TB, name string, pdf []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// extractText runs pdftotext on a PDF and returns its text.
func extractText(tb testing.TB, pdf []byte) string {
	tb.Helper()
	tool := needTool(tb, "pdftotext", "poppler-utils")
	path := writeTemp(tb, "certificate.pdf", pdf)
	out, err := exec.Command(tool, "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		tb.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// squeeze drops all white space, so that text wrapped onto several lines
// still compares whole.
func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}
