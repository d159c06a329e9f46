package roster

import (
	"strings"
	"unicode/utf8"

	"skillcert"
)

// ComputerLevel is how well a person can use a computer (计算机能力). The
// empty level means "not recorded".
type ComputerLevel string

// The computer levels, codes stored in the database.
const (
	ComputerNone      ComputerLevel = "none"      // 无
	ComputerBasic     ComputerLevel = "basic"     // 基本操作
	ComputerCertified ComputerLevel = "certified" // 有证书
)

// ComputerLevels lists the levels in ascending order.
var ComputerLevels = []ComputerLevel{ComputerNone, ComputerBasic, ComputerCertified}

var computerLevelAliases = map[string]ComputerLevel{
	"不会":     ComputerNone,
	"无计算机能力": ComputerNone,
	"基本":     ComputerBasic,
	"会基本操作":  ComputerBasic,
	"熟练":     ComputerBasic,
	"有":      ComputerBasic,
	"持证":     ComputerCertified,
	"有计算机证书": ComputerCertified,
}

// maxCertName is the longest certificate name accepted, in characters.
const maxCertName = 50

// Label is the level in Chinese; "未填写" for the empty level.
func (l ComputerLevel) Label() string {
	switch l {
	case "":
		return "未填写"
	case ComputerNone:
		return "无"
	case ComputerBasic:
		return "基本操作"
	case ComputerCertified:
		return "有证书"
	}
	return string(l)
}

// Valid reports whether l is one of the levels or empty (not recorded).
func (l ComputerLevel) Valid() bool {
	return l == "" || l == ComputerNone || l == ComputerBasic || l == ComputerCertified
}

// AbleToUse reports whether the person can use a computer (会使用计算机):
// basic operation or a certificate.
func (l ComputerLevel) AbleToUse() bool { return l == ComputerBasic || l == ComputerCertified }

// ParseComputerLevel reads a level from its Chinese label, a common
// variant or its code; an empty string is the empty level.
func ParseComputerLevel(s string) (ComputerLevel, error) {
	if normalizeLabel(s) == "" {
		return "", nil
	}
	if l, ok := parseEnum(s, ComputerLevels, ComputerLevel.Label, computerLevelAliases); ok {
		return l, nil
	}
	return "", enumError(FieldComputerLevel, s, ComputerLevels, ComputerLevel.Label)
}

// ComputerSkill is a person's computer ability with the certificate held,
// if any.
type ComputerSkill struct {
	Level    ComputerLevel `bson:"level" json:"level"`
	CertName string        `bson:"certName,omitempty" json:"certName,omitempty"` // e.g. 全国计算机等级考试一级
}

// ParseComputerSkill reads the two columns 计算机能力 and 计算机证书. A
// certificate with no level means 有证书; 有证书 needs the certificate's
// name; 无 or 基本操作 with a certificate named is a contradiction.
func ParseComputerSkill(level, certName string) (ComputerSkill, error) {
	l, err := ParseComputerLevel(level)
	if err != nil {
		return ComputerSkill{}, err
	}
	cert := strings.TrimSpace(certName)
	if l == "" && cert != "" {
		l = ComputerCertified
	}
	s := ComputerSkill{Level: l, CertName: cert}
	return s, s.Validate()
}

// Validate checks that the level is known and that a certificate is named
// exactly when the level is 有证书.
func (s ComputerSkill) Validate() error {
	switch {
	case !s.Level.Valid():
		return enumError(FieldComputerLevel, string(s.Level), ComputerLevels, ComputerLevel.Label)
	case s.Level == ComputerCertified && s.CertName == "":
		return skillcert.Invalid(string(FieldComputerCert), "计算机能力为“有证书”时请填写计算机证书名称")
	case s.Level != ComputerCertified && s.CertName != "":
		return skillcert.Invalid(string(FieldComputerCert), "填写了计算机证书“%s”，计算机能力应为“有证书”，现为“%s”", s.CertName, s.Level.Label())
	case utf8.RuneCountInString(s.CertName) > maxCertName:
		return skillcert.Invalid(string(FieldComputerCert), "计算机证书名称不能超过%d个字", maxCertName)
	}
	return nil
}

// Label describes the skill in Chinese, e.g. "有证书（全国计算机等级考试一级）".
func (s ComputerSkill) Label() string {
	if s.Level == ComputerCertified && s.CertName != "" {
		return s.Level.Label() + "（" + s.CertName + "）"
	}
	return s.Level.Label()
}
