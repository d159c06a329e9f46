package roster

import (
	"slices"
	"strings"
	"unicode"

	"skillcert"
)

// TargetGroup is a group the policy aims training at. A person may belong
// to several.
type TargetGroup string

// The target groups, codes stored in the database.
const (
	GroupEnterpriseWorker    TargetGroup = "enterprise_worker"     // 企业职工
	GroupLandlessFarmer      TargetGroup = "landless_farmer"       // 被征地农民
	GroupZeroEmployment      TargetGroup = "zero_employment"       // 城镇零就业家庭
	GroupRuralLowIncome      TargetGroup = "rural_low_income"      // 农村低保家庭
	GroupEmploymentDifficult TargetGroup = "employment_difficulty" // 就业困难人员
	GroupPlatformStaff       TargetGroup = "platform_staff"        // 基层平台工作人员
	GroupEnterpriseRetiree   TargetGroup = "enterprise_retiree"    // 企业退休人员
)

// TargetGroups lists the groups in display order.
var TargetGroups = []TargetGroup{
	GroupEnterpriseWorker, GroupLandlessFarmer, GroupZeroEmployment, GroupRuralLowIncome,
	GroupEmploymentDifficult, GroupPlatformStaff, GroupEnterpriseRetiree,
}

var targetGroupAliases = map[string]TargetGroup{
	"零就业家庭":     GroupZeroEmployment,
	"城镇零就业家庭成员": GroupZeroEmployment,
	"农村低保":      GroupRuralLowIncome,
	"农村低保家庭成员":  GroupRuralLowIncome,
	"就业困难":      GroupEmploymentDifficult,
	"基层平台人员":    GroupPlatformStaff,
	"人力社保协理员":   GroupPlatformStaff,
	"协理员":       GroupPlatformStaff,
	"编制人员":      GroupPlatformStaff,
	"企业退休":      GroupEnterpriseRetiree,
}

// Label is the group in Chinese.
func (g TargetGroup) Label() string {
	switch g {
	case GroupEnterpriseWorker:
		return "企业职工"
	case GroupLandlessFarmer:
		return "被征地农民"
	case GroupZeroEmployment:
		return "城镇零就业家庭"
	case GroupRuralLowIncome:
		return "农村低保家庭"
	case GroupEmploymentDifficult:
		return "就业困难人员"
	case GroupPlatformStaff:
		return "基层平台工作人员"
	case GroupEnterpriseRetiree:
		return "企业退休人员"
	}
	return string(g)
}

// Valid reports whether g is one of the groups.
func (g TargetGroup) Valid() bool { return slices.Contains(TargetGroups, g) }

// ParseTargetGroup reads a group from its Chinese label, a common variant
// (零就业家庭, 协理员, …) or its code.
func ParseTargetGroup(s string) (TargetGroup, error) {
	if g, ok := parseEnum(s, TargetGroups, TargetGroup.Label, targetGroupAliases); ok {
		return g, nil
	}
	return "", enumError(FieldGroups, s, TargetGroups, TargetGroup.Label)
}

// groupSeparators split several groups typed into one cell.
const groupSeparators = "、,，;；/／"

// SplitGroups splits a cell such as "企业职工、被征地农民" into its parts,
// dropping empty ones. Parts may be separated by 、 , ， ; ； / or spaces
// and line breaks.
func SplitGroups(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(groupSeparators, r)
	})
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ParseTargetGroups reads a list of groups and returns them in display
// order. Every unknown entry and every group named twice (also through a
// variant, such as 协理员 beside 基层平台工作人员) is an error.
func ParseTargetGroups(items []string) ([]TargetGroup, error) {
	var bad []string
	seen := make(map[TargetGroup]bool, len(items))
	for _, s := range items {
		g, err := ParseTargetGroup(s)
		if err != nil {
			bad = append(bad, "“"+strings.TrimSpace(s)+"”")
			continue
		}
		if seen[g] {
			return nil, skillcert.Invalid(string(FieldGroups), "人员类别“%s”重复填写", g.Label())
		}
		seen[g] = true
	}
	if len(bad) > 0 {
		return nil, skillcert.Invalid(string(FieldGroups), "人员类别%s无法识别，可填写：%s",
			strings.Join(bad, "、"), labels(TargetGroups, TargetGroup.Label))
	}
	var out []TargetGroup
	for _, g := range TargetGroups {
		if seen[g] {
			out = append(out, g)
		}
	}
	return out, nil
}
