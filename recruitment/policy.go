package recruitment

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"skillcert"
	"skillcert/roster"
)

// PolicyParams are the figures of the coordinator policy in force from
// EffectiveFrom on. They are data the city edits, never constants in code;
// a post keeps the Version it was opened under.
type PolicyParams struct {
	Version       string         `bson:"version" json:"version"`             // e.g. "2012-1"
	EffectiveFrom skillcert.Date `bson:"effectiveFrom" json:"effectiveFrom"` // first day in force
	Source        string         `bson:"source,omitempty" json:"source,omitempty"`

	// AgeLimit is the highest admitted age in full years, inclusive:
	// "35周岁以下" admits 35.
	AgeLimit              int              `bson:"ageLimit" json:"ageLimit"`
	MinEducation          roster.Education `bson:"minEducation" json:"minEducation"`
	RequireComputerSkills bool             `bson:"requireComputerSkills" json:"requireComputerSkills"`

	// TownStaff is the town office's minimum staffing, e.g. 15 per 100,000
	// registered residents (1.5 per 10,000).
	TownStaff StaffRatio `bson:"townStaff" json:"townStaff"`
	// VillageLargePopulation is the registered population from which
	// (inclusive: "3000人以上" includes 3,000) a village station gets
	// VillageStaffLarge staff instead of VillageStaffSmall.
	VillageLargePopulation int `bson:"villageLargePopulation" json:"villageLargePopulation"`
	VillageStaffLarge      int `bson:"villageStaffLarge" json:"villageStaffLarge"`
	VillageStaffSmall      int `bson:"villageStaffSmall" json:"villageStaffSmall"`

	// NoticeWorkingDays is the length of the public notice (公示) of
	// proposed hires, in working days.
	NoticeWorkingDays int `bson:"noticeWorkingDays" json:"noticeWorkingDays"`

	// ConstructionSubsidy are the tiers of the one-time platform
	// construction subsidy by service area; one tier must start at 0 m².
	ConstructionSubsidy []AreaTier `bson:"constructionSubsidy" json:"constructionSubsidy"`
	// PersonnelSubsidyPercent is the monthly subsidy per coordinator on
	// post as a percentage of the monthly minimum wage (150 = 150%).
	PersonnelSubsidyPercent int `bson:"personnelSubsidyPercent" json:"personnelSubsidyPercent"`
	// MonthlyMinimumWage is the city's monthly minimum wage (最低月工资标准).
	MonthlyMinimumWage Fen `bson:"monthlyMinimumWageFen" json:"monthlyMinimumWageFen"`

	// SubsidyParams are the insurance share and the reward bands
	// (subsidy_params.go).
	SubsidyParams `bson:",inline"`
}

// StaffRatio is "at least Staff people per Residents registered residents".
// It is a ratio of integers so that the norm is computed exactly.
type StaffRatio struct {
	Staff     int `bson:"staff" json:"staff"`
	Residents int `bson:"residents" json:"residents"`
}

// String writes the ratio per 10,000 residents, e.g. "每 1 万户籍人口不少于
// 1.5 名", or per Residents when that has no short decimal.
func (r StaffRatio) String() string {
	if r.Staff <= 0 || r.Residents <= 0 {
		return "未设定"
	}
	num, den := int64(r.Staff)*10000, int64(r.Residents)
	s := strconv.FormatInt(num/den, 10)
	rem := num % den
	if rem != 0 {
		var frac strings.Builder
		for i := 0; i < 4 && rem != 0; i++ {
			rem *= 10
			frac.WriteByte(byte('0' + rem/den))
			rem %= den
		}
		if rem != 0 {
			return fmt.Sprintf("每 %d 户籍人口不少于 %d 名", r.Residents, r.Staff)
		}
		s += "." + frac.String()
	}
	return "每 1 万户籍人口不少于 " + s + " 名"
}

// AreaTier is one tier of the construction subsidy: service areas of
// LowerBound or more (and below the next tier up) get Amount. The bound is
// in hundredths of m², so a tier may start at 150.5 m²; JSON carries it as
// m² ("minArea", area_tier_json.go).
type AreaTier struct {
	LowerBound Area `bson:"minAreaCenti" json:"-"` // inclusive ("以上")
	Amount     Fen  `bson:"amountFen" json:"amountFen"`
}

// DefaultPolicy returns the figures of the 2012 policy (桐乡市《关于进一步加强
// 基层人力社保公共服务平台建设的实施意见》, 2012-08-14), sections 三(二) and 四.
//
// The policy names no minimum wage. MonthlyMinimumWage is set to 1,310 yuan,
// Zhejiang's first-tier monthly minimum wage from 2011-04-01; which tier
// applied to the city is not verified here and the city admin must confirm
// or correct the figure.
func DefaultPolicy() PolicyParams {
	return PolicyParams{
		Version:                "2012-1",
		EffectiveFrom:          skillcert.Date{Year: 2012, Month: time.August, Day: 14},
		Source:                 "桐乡市人民政府《关于进一步加强基层人力社保公共服务平台建设的实施意见》（2012年8月14日）",
		AgeLimit:               35,
		MinEducation:           roster.EduCollege,
		RequireComputerSkills:  true,
		TownStaff:              StaffRatio{Staff: 15, Residents: 100000},
		VillageLargePopulation: 3000,
		VillageStaffLarge:      2,
		VillageStaffSmall:      1,
		NoticeWorkingDays:      5,
		ConstructionSubsidy: []AreaTier{
			{LowerBound: 200_00, Amount: Yuan(100000)},
			{LowerBound: 100_00, Amount: Yuan(80000)},
			{LowerBound: 0, Amount: Yuan(60000)},
		},
		PersonnelSubsidyPercent: 150,
		MonthlyMinimumWage:      Yuan(1310),
		SubsidyParams:           DefaultSubsidyParams(),
	}
}

// Validate checks the parameters and returns the first fault as an
// EINVALID error naming the field.
func (p PolicyParams) Validate() error {
	v := strings.TrimSpace(p.Version)
	switch {
	case v == "":
		return skillcert.Invalid("version", "请填写政策参数版本号")
	case utf8.RuneCountInString(v) > 32:
		return skillcert.Invalid("version", "版本号不能超过 32 个字符")
	case p.EffectiveFrom.IsZero():
		return skillcert.Invalid("effectiveFrom", "请填写生效日期")
	case p.AgeLimit < 18 || p.AgeLimit > 60:
		return skillcert.Invalid("ageLimit", "年龄上限应在 18 至 60 周岁之间，当前为 %d 周岁", p.AgeLimit)
	case !p.MinEducation.Valid():
		return skillcert.Invalid("minEducation", "最低学历“%s”无法识别，可填写：%s", p.MinEducation, roster.EducationChoices())
	case p.TownStaff.Staff <= 0 || p.TownStaff.Residents <= 0:
		return skillcert.Invalid("townStaff", "镇（街道）人员配备标准的人数和户籍人口都应大于 0，当前为每 %d 人 %d 名", p.TownStaff.Residents, p.TownStaff.Staff)
	case p.VillageLargePopulation <= 0:
		return skillcert.Invalid("villageLargePopulation", "村（社区）配备人数的人口分界应大于 0，当前为 %d 人", p.VillageLargePopulation)
	case p.VillageStaffSmall < 1:
		return skillcert.Invalid("villageStaffSmall", "%d 人以下的村（社区）至少配备 1 名工作人员，当前为 %d 名", p.VillageLargePopulation, p.VillageStaffSmall)
	case p.VillageStaffLarge < p.VillageStaffSmall:
		return skillcert.Invalid("villageStaffLarge", "%d 人以上的村（社区）配备人数（%d 名）不能少于较小村（社区）（%d 名）", p.VillageLargePopulation, p.VillageStaffLarge, p.VillageStaffSmall)
	case p.NoticeWorkingDays < 1 || p.NoticeWorkingDays > 30:
		return skillcert.Invalid("noticeWorkingDays", "公示期应在 1 至 30 个工作日之间，当前为 %d 个工作日", p.NoticeWorkingDays)
	case p.PersonnelSubsidyPercent < 1 || p.PersonnelSubsidyPercent > 1000:
		return skillcert.Invalid("personnelSubsidyPercent", "人员经费补助比例应在 1%% 至 1000%% 之间，当前为 %d%%", p.PersonnelSubsidyPercent)
	case p.MonthlyMinimumWage <= 0:
		return skillcert.Invalid("monthlyMinimumWageFen", "请填写最低月工资标准")
	}
	if err := p.SubsidyParams.Validate(); err != nil {
		return err
	}
	return validateTiers(p.ConstructionSubsidy)
}

func validateTiers(tiers []AreaTier) error {
	if len(tiers) == 0 {
		return skillcert.Invalid("constructionSubsidy", "请填写平台建设补助标准")
	}
	seen := map[Area]bool{}
	for _, t := range tiers {
		switch {
		case t.LowerBound < 0:
			return skillcert.Invalid("constructionSubsidy", "服务场地面积下限不能为负数，当前为 %s 平方米", t.LowerBound.M2())
		case seen[t.LowerBound]:
			return skillcert.Invalid("constructionSubsidy", "服务场地面积下限 %s 平方米重复", t.LowerBound.M2())
		case t.Amount <= 0:
			return skillcert.Invalid("constructionSubsidy", "%s 平方米以上档次的补助金额应大于 0", t.LowerBound.M2())
		}
		seen[t.LowerBound] = true
	}
	if !seen[0] {
		return skillcert.Invalid("constructionSubsidy", "平台建设补助标准缺少从 0 平方米起的档次")
	}
	return nil
}

// ValidateVersions checks every version and that no two share a version
// name or an effective date.
func ValidateVersions(versions []PolicyParams) error {
	names := map[string]bool{}
	days := map[skillcert.Date]string{}
	for _, p := range versions {
		if err := p.Validate(); err != nil {
			return err
		}
		if names[p.Version] {
			return skillcert.Invalid("version", "政策参数版本号“%s”重复", p.Version)
		}
		names[p.Version] = true
		k := p.EffectiveFrom
		if other, ok := days[k]; ok {
			return skillcert.Invalid("effectiveFrom", "版本“%s”与“%s”的生效日期同为 %s", other, p.Version, p.EffectiveFrom.String())
		}
		days[k] = p.Version
	}
	return nil
}

// PolicyAt returns the version in force on day: the one with the latest
// EffectiveFrom on or before that calendar day (Asia/Shanghai). It is
// ENOTFOUND when none had come into force yet, ECONFLICT when two versions
// take effect on the same day.
func PolicyAt(versions []PolicyParams, day skillcert.Date) (PolicyParams, error) {
	best, bestKey, found, tie := PolicyParams{}, skillcert.Date{}, false, false
	for _, p := range versions {
		k := p.EffectiveFrom
		if k.After(day) {
			continue
		}
		switch {
		case !found || k.After(bestKey):
			best, bestKey, found, tie = p, k, true, false
		case k == bestKey:
			tie = true
		}
	}
	if !found {
		return PolicyParams{}, skillcert.Errorf(skillcert.ENOTFOUND, "%s 没有生效的政策参数", day.String())
	}
	if tie {
		return PolicyParams{}, skillcert.Errorf(skillcert.ECONFLICT, "%s 有多个政策参数版本同时生效", best.EffectiveFrom.String())
	}
	return best, nil
}
