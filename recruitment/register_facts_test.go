package recruitment

import (
	"strings"
	"testing"
	"time"

	"skillcert/roster"
)

// An applicant in the register is screened on the register's education and
// computer skill, not on what they declared; a difference is flagged for
// the town, and "rescreen from the register" refreshes both.
func TestScreeningUsesTheRegistersFacts(t *testing.T) {
	f := newFixture(t)
	p := f.person("p-0001", "张登记", ymd(1995, time.May, 20))
	p.Education, p.ComputerSkill = roster.EduSeniorHigh, ComputerSkill{Level: ComputerNone}
	f.register.put(p)
	post := f.openPost(1)
	app := f.apply(post.ID, p.ID) // declares 大专 and a computer certificate

	if app.Education.Level != roster.EduSeniorHigh || app.ComputerSkill.Level != ComputerNone {
		t.Errorf("screened on education %s, computer %s; want the register's 高中 and 无", app.Education.Level, app.ComputerSkill.Level)
	}
	if r, _ := app.Screening.Result(RequirementEducation); r.Passed {
		t.Errorf("education passed on the declared level: %+v", r)
	}
	if r, _ := app.Screening.Result(RequirementComputer); r.Passed {
		t.Errorf("computer skill passed on the declared certificate: %+v", r)
	}
	if app.Declared == nil || app.Declared.Education != roster.EduCollege || app.Declared.ComputerSkill.Level != ComputerCertified {
		t.Errorf("declared facts not kept: %+v", app.Declared)
	}
	if len(app.RegisterDifferences) != 2 || !strings.Contains(app.RegisterDifferences[0], "大专") || !strings.Contains(app.RegisterDifferences[0], "高中") {
		t.Errorf("differences = %q, want education and computer skill flagged", app.RegisterDifferences)
	}

	// The town updates the register and rescreens from it.
	p.Education, p.ComputerSkill = roster.EduCollege, ComputerSkill{Level: ComputerCertified, CertName: "全国计算机等级考试二级"}
	f.register.put(p)
	next, err := f.svc.RescreenApplication(f.ctx, wzStaff, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !next.Screening.Eligible || next.Education.Level != roster.EduCollege || next.ComputerSkill.Level != ComputerCertified {
		t.Errorf("after rescreen: eligible %v, education %s, computer %s", next.Screening.Eligible, next.Education.Level, next.ComputerSkill.Level)
	}
	if len(next.RegisterDifferences) != 0 {
		t.Errorf("differences after the register agrees: %q", next.RegisterDifferences)
	}
}
