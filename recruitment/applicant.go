package recruitment

import (
	"strings"
	"unicode/utf8"

	"skillcert"
	"skillcert/roster"
)

// Applicant is what the screening reads from an application. BirthDate
// comes from the resident ID number, never typed.
type Applicant struct {
	BirthDate     skillcert.Date `bson:"birthDate" json:"birthDate"`
	Education     Education      `bson:"education" json:"education"`
	ComputerSkill ComputerSkill  `bson:"computerSkill" json:"computerSkill"`
}

// Education is the applicant's highest completed schooling.
type Education struct {
	Level    roster.Education `bson:"level" json:"level"`
	School   string           `bson:"school" json:"school"`
	Major    string           `bson:"major" json:"major"`
	FullTime bool             `bson:"fullTime" json:"fullTime"` // 全日制
}

// Validate checks the education part of an application form.
func (e Education) Validate() error {
	switch {
	case e.Level == "":
		return skillcert.Invalid("education.level", "请选择学历，可填写：%s", roster.EducationChoices())
	case !e.Level.Valid():
		return skillcert.Invalid("education.level", "学历“%s”无法识别，可填写：%s", e.Level, roster.EducationChoices())
	case strings.TrimSpace(e.School) == "":
		return skillcert.Invalid("education.school", "请填写毕业学校")
	case utf8.RuneCountInString(e.School) > 100:
		return skillcert.Invalid("education.school", "毕业学校不能超过 100 个字")
	case utf8.RuneCountInString(e.Major) > 100:
		return skillcert.Invalid("education.major", "所学专业不能超过 100 个字")
	}
	return nil
}

// ComputerSkillLevel is the register's computer skill enum
// (roster.ComputerLevel): one enum for the concept, read from the register
// and taken on the application form by its code or its Chinese label.
type ComputerSkillLevel = roster.ComputerLevel

// The computer skill levels (roster's).
const (
	ComputerNone      = roster.ComputerNone      // 无
	ComputerBasic     = roster.ComputerBasic     // 基本操作
	ComputerCertified = roster.ComputerCertified // 有证书, named in CertName
)

// ComputerSkill is the applicant's evidence of computer skills.
type ComputerSkill struct {
	Level    ComputerSkillLevel `bson:"level" json:"level"`
	CertName string             `bson:"certName,omitempty" json:"certName,omitempty"` // e.g. 全国计算机等级考试二级
}

// Validate checks the computer skills part of an application form.
func (c ComputerSkill) Validate() error {
	switch {
	case !c.Level.Valid() || c.Level == "":
		return skillcert.Invalid("computerSkill.level", "请选择计算机能力，可填写：%s", roster.ComputerLevelChoices())
	case c.Level == ComputerCertified && strings.TrimSpace(c.CertName) == "":
		return skillcert.Invalid("computerSkill.certName", "请填写计算机证书名称")
	case utf8.RuneCountInString(c.CertName) > 100:
		return skillcert.Invalid("computerSkill.certName", "证书名称不能超过 100 个字")
	}
	return nil
}
