package recruitment

import (
	"testing"
	"time"

	"skillcert"
	"skillcert/roster"
)

func TestDefaultPolicyIs2012(t *testing.T) {
	p := DefaultPolicy()
	if err := p.Validate(); err != nil {
		t.Fatalf("DefaultPolicy().Validate() = %v", err)
	}
	if p.Version != "2012-1" || p.EffectiveFrom.String() != "2012-08-14" || p.AgeLimit != 35 ||
		p.MinEducation != roster.EduCollege || !p.RequireComputerSkills ||
		p.TownStaff != (StaffRatio{Staff: 15, Residents: 100000}) ||
		p.VillageLargePopulation != 3000 || p.VillageStaffLarge != 2 || p.VillageStaffSmall != 1 ||
		p.NoticeWorkingDays != 5 || p.PersonnelSubsidyPercent != 150 || p.MonthlyMinimumWage != 131000 {
		t.Errorf("DefaultPolicy() = %+v", p)
	}
	if got := p.TownStaff.String(); got != "每 1 万户籍人口不少于 1.5 名" {
		t.Errorf("TownStaff.String() = %q", got)
	}
}

func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*PolicyParams)
		field   string
		message string
	}{
		{"blank version", func(p *PolicyParams) { p.Version = "  " }, "version", "请填写政策参数版本号"},
		{"long version", func(p *PolicyParams) {
			p.Version = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"
		}, "version", "版本号不能超过 32 个字符"},
		{"no effective date", func(p *PolicyParams) { p.EffectiveFrom = skillcert.Date{} }, "effectiveFrom", "请填写生效日期"},
		{"age 17", func(p *PolicyParams) { p.AgeLimit = 17 }, "ageLimit", "年龄上限应在 18 至 60 周岁之间，当前为 17 周岁"},
		{"age 61", func(p *PolicyParams) { p.AgeLimit = 61 }, "ageLimit", "年龄上限应在 18 至 60 周岁之间，当前为 61 周岁"},
		{"education", func(p *PolicyParams) { p.MinEducation = "phd" }, "minEducation", "最低学历“phd”无法识别，可填写：小学、初中、高中、中专、技校、大专、本科、硕士研究生、博士研究生"},
		{"ratio staff", func(p *PolicyParams) { p.TownStaff.Staff = 0 }, "townStaff", "镇（街道）人员配备标准的人数和户籍人口都应大于 0，当前为每 100000 人 0 名"},
		{"ratio residents", func(p *PolicyParams) { p.TownStaff.Residents = 0 }, "townStaff", "镇（街道）人员配备标准的人数和户籍人口都应大于 0，当前为每 0 人 15 名"},
		{"village boundary", func(p *PolicyParams) { p.VillageLargePopulation = 0 }, "villageLargePopulation", "村（社区）配备人数的人口分界应大于 0，当前为 0 人"},
		{"village small", func(p *PolicyParams) { p.VillageStaffSmall = 0 }, "villageStaffSmall", "3000 人以下的村（社区）至少配备 1 名工作人员，当前为 0 名"},
		{"village large", func(p *PolicyParams) { p.VillageStaffLarge = 0 }, "villageStaffLarge", "3000 人以上的村（社区）配备人数（0 名）不能少于较小村（社区）（1 名）"},
		{"notice 0", func(p *PolicyParams) { p.NoticeWorkingDays = 0 }, "noticeWorkingDays", "公示期应在 1 至 30 个工作日之间，当前为 0 个工作日"},
		{"notice 31", func(p *PolicyParams) { p.NoticeWorkingDays = 31 }, "noticeWorkingDays", "公示期应在 1 至 30 个工作日之间，当前为 31 个工作日"},
		{"percent", func(p *PolicyParams) { p.PersonnelSubsidyPercent = 0 }, "personnelSubsidyPercent", "人员经费补助比例应在 1% 至 1000% 之间，当前为 0%"},
		{"wage", func(p *PolicyParams) { p.MonthlyMinimumWage = 0 }, "monthlyMinimumWageFen", "请填写最低月工资标准"},
		{"no tiers", func(p *PolicyParams) { p.ConstructionSubsidy = nil }, "constructionSubsidy", "请填写平台建设补助标准"},
		{"negative tier", func(p *PolicyParams) { p.ConstructionSubsidy[1].LowerBound = -100 }, "constructionSubsidy", "服务场地面积下限不能为负数，当前为 -1 平方米"},
		{"duplicate tier", func(p *PolicyParams) { p.ConstructionSubsidy[1].LowerBound = 200_00 }, "constructionSubsidy", "服务场地面积下限 200 平方米重复"},
		{"zero amount", func(p *PolicyParams) { p.ConstructionSubsidy[0].Amount = 0 }, "constructionSubsidy", "200 平方米以上档次的补助金额应大于 0"},
		{"no zero tier", func(p *PolicyParams) { p.ConstructionSubsidy = p.ConstructionSubsidy[:2] }, "constructionSubsidy", "平台建设补助标准缺少从 0 平方米起的档次"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultPolicy()
			tt.change(&p)
			wantError(t, p.Validate(), skillcert.EINVALID, tt.field, tt.message)
		})
	}
	edges := []func(*PolicyParams){
		func(p *PolicyParams) { p.AgeLimit = 18 },
		func(p *PolicyParams) { p.AgeLimit = 60 },
		func(p *PolicyParams) { p.NoticeWorkingDays = 1 },
		func(p *PolicyParams) { p.NoticeWorkingDays = 30 },
		func(p *PolicyParams) { p.VillageStaffLarge = 1 },
	}
	for i, change := range edges {
		p := DefaultPolicy()
		change(&p)
		if err := p.Validate(); err != nil {
			t.Errorf("edge %d: %v", i, err)
		}
	}
}

func TestStaffRatioString(t *testing.T) {
	tests := []struct {
		r    StaffRatio
		want string
	}{
		{StaffRatio{15, 100000}, "每 1 万户籍人口不少于 1.5 名"},
		{StaffRatio{3, 20000}, "每 1 万户籍人口不少于 1.5 名"},
		{StaffRatio{2, 10000}, "每 1 万户籍人口不少于 2 名"},
		{StaffRatio{1, 8000}, "每 1 万户籍人口不少于 1.25 名"},
		{StaffRatio{1, 3000}, "每 3000 户籍人口不少于 1 名"},
		{StaffRatio{0, 10000}, "未设定"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func twoVersions() []PolicyParams {
	old := DefaultPolicy()
	cur := DefaultPolicy()
	cur.Version = "2020-1"
	cur.EffectiveFrom = ymd(2020, time.January, 1)
	cur.AgeLimit = 40
	return []PolicyParams{cur, old} // order does not matter
}

func TestPolicyAt(t *testing.T) {
	versions := twoVersions()
	tests := []struct {
		day  skillcert.Date
		want string
	}{
		{ymd(2012, time.August, 14), "2012-1"},
		{ymd(2019, time.December, 31), "2012-1"},
		{skillcert.DateOf(time.Date(2019, time.December, 31, 15, 59, 0, 0, time.UTC)), "2012-1"},
		{skillcert.DateOf(time.Date(2019, time.December, 31, 16, 0, 0, 0, time.UTC)), "2020-1"}, // 2020-01-01 00:00 in Shanghai
		{ymd(2020, time.January, 1), "2020-1"},
		{ymd(2030, time.June, 1), "2020-1"},
	}
	for _, tt := range tests {
		p, err := PolicyAt(versions, tt.day)
		if err != nil || p.Version != tt.want {
			t.Errorf("PolicyAt(%v) = %s, %v; want %s", tt.day, p.Version, err, tt.want)
		}
	}
	_, err := PolicyAt(versions, ymd(2012, time.August, 13))
	wantError(t, err, skillcert.ENOTFOUND, "", "2012-08-13 没有生效的政策参数")
	_, err = PolicyAt(nil, ymd(2020, time.January, 1))
	wantError(t, err, skillcert.ENOTFOUND, "", "2020-01-01 没有生效的政策参数")

	tied := append(twoVersions(), DefaultPolicy())
	tied[2].Version = "2020-2"
	tied[2].EffectiveFrom = ymd(2020, time.January, 1)
	_, err = PolicyAt(tied, ymd(2021, time.January, 1))
	wantError(t, err, skillcert.ECONFLICT, "", "2020-01-01 有多个政策参数版本同时生效")
	if p, err := PolicyAt(tied, ymd(2019, time.January, 1)); err != nil || p.Version != "2012-1" {
		t.Errorf("a tie later on must not affect earlier days: %s, %v", p.Version, err)
	}
}

func TestValidateVersions(t *testing.T) {
	if err := ValidateVersions(twoVersions()); err != nil {
		t.Fatalf("ValidateVersions = %v", err)
	}
	sameName := twoVersions()
	sameName[0].Version = "2012-1"
	wantError(t, ValidateVersions(sameName), skillcert.EINVALID, "version", "政策参数版本号“2012-1”重复")

	sameDay := twoVersions()
	sameDay[0].EffectiveFrom = ymd(2012, time.August, 14)
	wantError(t, ValidateVersions(sameDay), skillcert.EINVALID, "effectiveFrom", "版本“2020-1”与“2012-1”的生效日期同为 2012-08-14")

	bad := twoVersions()
	bad[1].AgeLimit = 0
	wantError(t, ValidateVersions(bad), skillcert.EINVALID, "ageLimit", "年龄上限应在 18 至 60 周岁之间，当前为 0 周岁")
}
