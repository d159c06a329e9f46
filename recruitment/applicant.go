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

// ComputerSkillLevel is the evidence of computer skills an applicant gives.
type ComputerSkillLevel string

// The computer skill levels.
const (
	ComputerNone      ComputerSkillLevel = "none"      // no evidence given
	ComputerBasic     ComputerSkillLevel = "basic"     // evidence of everyday use, no certificate
	ComputerCertified ComputerSkillLevel = "certified" // holds a certificate, named in CertName
)

// Label is the level's name in Chinese.
func (l ComputerSkillLevel) Label() string {
	switch l {
	case ComputerNone:
		return "未提供证明"
	case ComputerBasic:
		return "能熟练操作计算机（无证书）"
	case ComputerCertified:
		return "持有计算机证书"
	}
	return string(l)
}

// Valid reports whether l is one of the defined levels.
func (l ComputerSkillLevel) Valid() bool {
	return l == ComputerNone || l == ComputerBasic || l == ComputerCertified
}

// ComputerSkill is the applicant's evidence of computer skills.
type ComputerSkill struct {
	Level    ComputerSkillLevel `bson:"level" json:"level"`
	CertName string             `bson:"certName,omitempty" json:"certName,omitempty"` // e.g. 全国计算机等级考试二级
}

// Validate checks the computer skills part of an application form.
func (c ComputerSkill) Validate() error {
	switch {
	case !c.Level.Valid():
		return skillcert.Invalid("computerSkill.level", "请选择计算机能力")
	case c.Level == ComputerCertified && strings.TrimSpace(c.CertName) == "":
		return skillcert.Invalid("computerSkill.certName", "请填写计算机证书名称")
	case utf8.RuneCountInString(c.CertName) > 100:
		return skillcert.Invalid("computerSkill.certName", "证书名称不能超过 100 个字")
	}
	return nil
}
