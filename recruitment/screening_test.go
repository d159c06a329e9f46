package recruitment

import (
	"slices"
	"testing"
	"time"

	"skillcert"
	"skillcert/roster"
)

// goodApplicant passes every requirement of postRequirements.
func goodApplicant() Applicant {
	return Applicant{
		BirthDate:     ymd(1995, time.May, 20),
		Education:     Education{Level: roster.EduCollege, School: "嘉兴职业技术学院", Major: "人力资源管理", FullTime: true},
		ComputerSkill: ComputerSkill{Level: ComputerCertified, CertName: "全国计算机等级考试二级"},
	}
}

func postRequirements() Requirements {
	return RequirementsFrom(DefaultPolicy(), ymd(2026, time.December, 31))
}

func TestRequirementsFrom(t *testing.T) {
	r := RequirementsFrom(DefaultPolicy(), ymd(2026, 12, 31), " 全日制 ", "", "  ", "有较好的思想政治素质")
	if r.PolicyVersion != "2012-1" || r.AgeLimit != 35 || r.MinEducation != roster.EduCollege || !r.RequireComputerSkills || r.FullTimeRequired {
		t.Errorf("RequirementsFrom = %+v", r)
	}
	if r.Cutoff != ymd(2026, time.December, 31) {
		t.Errorf("Cutoff = %v, want the day at midnight", r.Cutoff)
	}
	if !slices.Equal(r.Extra, []string{"全日制", "有较好的思想政治素质"}) {
		t.Errorf("Extra = %q", r.Extra)
	}
	if err := r.Validate(); err != nil {
		t.Errorf("Validate = %v", err)
	}
}

func TestRequirementsValidate(t *testing.T) {
	long := string(make([]rune, 201))
	tests := []struct {
		name    string
		change  func(*Requirements)
		field   string
		message string
	}{
		{"cutoff", func(r *Requirements) { r.Cutoff = skillcert.Date{} }, "cutoff", "请填写年龄计算截止日期"},
		{"age", func(r *Requirements) { r.AgeLimit = 0 }, "ageLimit", "年龄上限应在 18 至 60 周岁之间，当前为 0 周岁"},
		{"education", func(r *Requirements) { r.MinEducation = "" }, "minEducation", "最低学历“”无法识别，可填写：小学、初中、高中、中专、技校、大专、本科、硕士研究生、博士研究生"},
		{"blank extra", func(r *Requirements) { r.Extra = []string{"全日制", " "} }, "extra", "第 2 条其他条件为空"},
		{"long extra", func(r *Requirements) { r.Extra = []string{long} }, "extra", "第 1 条其他条件超过 200 个字"},
		{"many extras", func(r *Requirements) { r.Extra = make([]string, 11) }, "extra", "其他条件最多 10 条，当前为 11 条"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := postRequirements()
			tt.change(&r)
			wantError(t, r.Validate(), skillcert.EINVALID, tt.field, tt.message)
		})
	}
}

func TestScreenAge(t *testing.T) {
	tests := []struct {
		name   string
		cutoff skillcert.Date
		birth  skillcert.Date
		limit  int // 0: the policy's 35
		passed bool
		text   string
	}{
		{"36 on the cutoff", ymd(2026, 12, 31), ymd(1990, 12, 31), 0, false, "截至 2026-12-31 年满 36 周岁，超过 35 周岁上限"},
		{"35 from the next day", ymd(2026, 12, 31), ymd(1991, 1, 1), 0, true, "截至 2026-12-31 年满 35 周岁，未超过 35 周岁上限"},
		{"35th birthday the day before", ymd(2026, 6, 15), ymd(1991, 6, 14), 0, true, "截至 2026-06-15 年满 35 周岁，未超过 35 周岁上限"},
		{"35th birthday on the cutoff", ymd(2026, 6, 15), ymd(1991, 6, 15), 0, true, "截至 2026-06-15 年满 35 周岁，未超过 35 周岁上限"},
		{"35th birthday the day after", ymd(2026, 6, 15), ymd(1991, 6, 16), 0, true, "截至 2026-06-15 年满 34 周岁，未超过 35 周岁上限"},
		{"36th birthday the day before", ymd(2026, 6, 15), ymd(1990, 6, 14), 0, false, "截至 2026-06-15 年满 36 周岁，超过 35 周岁上限"},
		{"36th birthday on the cutoff", ymd(2026, 6, 15), ymd(1990, 6, 15), 0, false, "截至 2026-06-15 年满 36 周岁，超过 35 周岁上限"},
		{"36th birthday the day after", ymd(2026, 6, 15), ymd(1990, 6, 16), 0, true, "截至 2026-06-15 年满 35 周岁，未超过 35 周岁上限"},
		{"domain example, first admitted", ymd(2023, 3, 31), ymd(1987, 4, 1), 0, true, "截至 2023-03-31 年满 35 周岁，未超过 35 周岁上限"},
		{"domain example, last refused", ymd(2023, 3, 31), ymd(1987, 3, 31), 0, false, "截至 2023-03-31 年满 36 周岁，超过 35 周岁上限"},
		{"29 February 1988, cutoff 28 February 2024", ymd(2024, 2, 28), ymd(1988, 2, 29), 0, true, "截至 2024-02-28 年满 35 周岁，未超过 35 周岁上限"},
		{"29 February 1988, cutoff 29 February 2024", ymd(2024, 2, 29), ymd(1988, 2, 29), 0, false, "截至 2024-02-29 年满 36 周岁，超过 35 周岁上限"},
		{"29 February, common-year cutoff 28 February", ymd(2027, 2, 28), ymd(1992, 2, 29), 34, true, "截至 2027-02-28 年满 34 周岁，未超过 34 周岁上限"},
		{"29 February, common-year cutoff 1 March", ymd(2027, 3, 1), ymd(1992, 2, 29), 34, false, "截至 2027-03-01 年满 35 周岁，超过 34 周岁上限"},
		{"no birth date", ymd(2026, 12, 31), skillcert.Date{}, 0, false, "缺少出生日期，无法核对年龄"},
		{"born after the cutoff", ymd(2026, 12, 31), ymd(2027, 1, 1), 0, false, "出生日期晚于年龄计算截止日期 2026-12-31，请核对身份证号码"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := goodApplicant()
			a.BirthDate = tt.birth
			r := RequirementsFrom(DefaultPolicy(), tt.cutoff)
			if tt.limit != 0 {
				r.AgeLimit = tt.limit
			}
			s := Screen(a, r)
			res, ok := s.Result(RequirementAge)
			if !ok || res.Passed != tt.passed || res.Explanation != tt.text {
				t.Fatalf("age = %v %q, want %v %q", res.Passed, res.Explanation, tt.passed, tt.text)
			}
			if s.Eligible != tt.passed {
				t.Errorf("Eligible = %v, want %v", s.Eligible, tt.passed)
			}
		})
	}
}

func TestScreenEducation(t *testing.T) {
	tests := []struct {
		level  roster.Education
		passed bool
		text   string
	}{
		{roster.EduJuniorHigh, false, "学历为初中，低于大专要求"},
		{roster.EduSeniorHigh, false, "学历为高中，低于大专要求"},
		{roster.EduSecondaryVo, false, "学历为中专，低于大专要求"},
		{roster.EduTechnical, false, "学历为技校，低于大专要求"},
		{roster.EduCollege, true, "学历为大专，符合大专以上要求"},
		{roster.EduBachelor, true, "学历为本科，符合大专以上要求"},
		{roster.EduDoctor, true, "学历为博士研究生，符合大专以上要求"},
		{"", false, "未填写学历，无法核对大专以上要求"},
		{"phd", false, "学历“phd”无法识别，无法核对大专以上要求"},
	}
	for _, tt := range tests {
		a := goodApplicant()
		a.Education.Level = tt.level
		s := Screen(a, postRequirements())
		res, _ := s.Result(RequirementEducation)
		if res.Passed != tt.passed || res.Explanation != tt.text || s.Eligible != tt.passed {
			t.Errorf("%q: %v %q eligible %v, want %v %q", tt.level, res.Passed, res.Explanation, s.Eligible, tt.passed, tt.text)
		}
	}
	// A post may ask for more than the policy's minimum.
	a := goodApplicant()
	r := postRequirements()
	r.MinEducation = roster.EduBachelor
	res, _ := Screen(a, r).Result(RequirementEducation)
	if res.Passed || res.Explanation != "学历为大专，低于本科要求" {
		t.Errorf("bachelor post: %v %q", res.Passed, res.Explanation)
	}
}

func TestScreenComputer(t *testing.T) {
	tests := []struct {
		skill  ComputerSkill
		passed bool
		text   string
	}{
		{ComputerSkill{Level: ComputerNone}, false, "未提供计算机能力证明，不符合“熟练使用计算机”要求"},
		{ComputerSkill{}, false, "未提供计算机能力证明，不符合“熟练使用计算机”要求"},
		{ComputerSkill{Level: ComputerNone, CertName: "全国计算机等级考试一级"}, false, "未提供计算机能力证明，不符合“熟练使用计算机”要求"},
		{ComputerSkill{Level: ComputerBasic}, true, "已提供计算机操作能力证明，符合“熟练使用计算机”要求"},
		{ComputerSkill{Level: ComputerCertified, CertName: " 全国计算机等级考试一级 "}, true, "持有计算机证书“全国计算机等级考试一级”，符合“熟练使用计算机”要求"},
		{ComputerSkill{Level: ComputerCertified, CertName: " "}, false, "未填写计算机证书名称，无法核对“熟练使用计算机”要求"},
	}
	for _, tt := range tests {
		a := goodApplicant()
		a.ComputerSkill = tt.skill
		s := Screen(a, postRequirements())
		res, _ := s.Result(RequirementComputer)
		if res.Passed != tt.passed || res.Explanation != tt.text || s.Eligible != tt.passed {
			t.Errorf("%+v: %v %q, want %v %q", tt.skill, res.Passed, res.Explanation, tt.passed, tt.text)
		}
	}
	// A post without the computer requirement does not check it.
	r := postRequirements()
	r.RequireComputerSkills = false
	a := goodApplicant()
	a.ComputerSkill = ComputerSkill{}
	s := Screen(a, r)
	if _, ok := s.Result(RequirementComputer); ok || !s.Eligible {
		t.Errorf("computer checked although not required: %+v", s)
	}
}

func TestScreenFullTime(t *testing.T) {
	r := postRequirements()
	r.FullTimeRequired = true
	for _, full := range []bool{true, false} {
		a := goodApplicant()
		a.Education.FullTime = full
		s := Screen(a, r)
		res, _ := s.Result(RequirementFullTime)
		want := "学历为全日制，符合全日制要求"
		if !full {
			want = "学历为非全日制，不符合全日制要求"
		}
		if res.Passed != full || res.Explanation != want || s.Eligible != full {
			t.Errorf("fullTime %v: %v %q", full, res.Passed, res.Explanation)
		}
	}
	a := goodApplicant()
	a.Education.FullTime = false
	if s := Screen(a, postRequirements()); !s.Eligible || len(s.Results) != 3 {
		t.Errorf("full-time checked although not required: %+v", s)
	}
}

func TestScreenResultOrderAndKeys(t *testing.T) {
	r := postRequirements()
	r.FullTimeRequired = true
	s := Screen(goodApplicant(), r)
	var keys []RequirementKey
	for _, res := range s.Results {
		keys = append(keys, res.Key)
	}
	want := []RequirementKey{"age", "education", "computer", "full_time"}
	if !slices.Equal(keys, want) || !s.Eligible {
		t.Errorf("keys %v eligible %v, want %v true", keys, s.Eligible, want)
	}
}

// failing applicant: 36 and 中专, with computer skills.
func failing() (Screening, Applicant, Requirements) {
	a := goodApplicant()
	a.BirthDate = ymd(1990, time.December, 31)
	a.Education.Level = roster.EduSecondaryVo
	r := postRequirements()
	return Screen(a, r), a, r
}

var overrideAt = time.Date(2027, time.January, 5, 10, 0, 0, 0, shanghai)

func TestApplyOverride(t *testing.T) {
	s, _, _ := failing()
	if s.Eligible {
		t.Fatal("failing applicant is eligible")
	}
	if err := ApplyOverride(&s, RequirementAge, " 具有五年基层社保工作经验 ", "zhangsan", overrideAt); err != nil {
		t.Fatalf("ApplyOverride(age) = %v", err)
	}
	age, _ := s.Result(RequirementAge)
	if age.Passed || !age.Overridden() || !age.Satisfied() || age.Override.Reason != "具有五年基层社保工作经验" || age.Override.By != "zhangsan" || !age.Override.At.Equal(overrideAt) {
		t.Errorf("age after override = %+v %+v", age, age.Override)
	}
	if age.Explanation != "截至 2026-12-31 年满 36 周岁，超过 35 周岁上限" {
		t.Errorf("the explanation must stay: %q", age.Explanation)
	}
	if s.Eligible {
		t.Error("eligible with education still failing")
	}
	if err := ApplyOverride(&s, RequirementEducation, "五个汉字呢", "zhangsan", overrideAt); err != nil {
		t.Fatalf("ApplyOverride(education) with 5 characters = %v", err)
	}
	if !s.Eligible {
		t.Error("not eligible with every failure overridden")
	}
	if got := s.Overridden(); !slices.Equal(got, []RequirementKey{RequirementAge, RequirementEducation}) {
		t.Errorf("Overridden() = %v", got)
	}
}

func TestApplyOverrideRefusals(t *testing.T) {
	tests := []struct {
		name    string
		key     RequirementKey
		reason  string
		by      string
		at      time.Time
		code    string
		field   string
		message string
	}{
		{"passed requirement", RequirementComputer, "理由写得很充分", "zhangsan", overrideAt, skillcert.EINVALID, "key", "“计算机能力”条件已符合，无需破格"},
		{"requirement not on the post", RequirementFullTime, "理由写得很充分", "zhangsan", overrideAt, skillcert.EINVALID, "key", "本岗位没有“全日制学历”这项条件"},
		{"unknown key", "height", "理由写得很充分", "zhangsan", overrideAt, skillcert.EINVALID, "key", "本岗位没有“height”这项条件"},
		{"reason of 4 characters", RequirementAge, "经验丰富", "zhangsan", overrideAt, skillcert.EINVALID, "reason", "破格理由至少 5 个字，当前为 4 个字"},
		{"reason of spaces", RequirementAge, "  经验  ", "zhangsan", overrideAt, skillcert.EINVALID, "reason", "破格理由至少 5 个字，当前为 2 个字"},
		{"no reason", RequirementAge, "", "zhangsan", overrideAt, skillcert.EINVALID, "reason", "破格理由至少 5 个字，当前为 0 个字"},
		{"long reason", RequirementAge, string(make([]rune, 501)), "zhangsan", overrideAt, skillcert.EINVALID, "reason", "破格理由不能超过 500 个字"},
		{"no actor", RequirementAge, "理由写得很充分", " ", overrideAt, skillcert.EINVALID, "by", "缺少破格操作人"},
		{"no time", RequirementAge, "理由写得很充分", "zhangsan", time.Time{}, skillcert.EINVALID, "at", "缺少破格时间"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _ := failing()
			wantError(t, ApplyOverride(&s, tt.key, tt.reason, tt.by, tt.at), tt.code, tt.field, tt.message)
			if len(s.Overridden()) != 0 || s.Eligible {
				t.Errorf("a refused override changed the screening: %+v", s)
			}
		})
	}
	s, _, _ := failing()
	if err := ApplyOverride(&s, RequirementAge, "具有五年基层社保工作经验", "zhangsan", overrideAt); err != nil {
		t.Fatal(err)
	}
	err := ApplyOverride(&s, RequirementAge, "另一个理由写得很充分", "lisi", overrideAt)
	wantError(t, err, skillcert.ECONFLICT, "", "“年龄”条件已于 2027-01-05 破格")
	if age, _ := s.Result(RequirementAge); age.Override.By != "zhangsan" {
		t.Errorf("second override replaced the first: %+v", age.Override)
	}
}

func TestRescreen(t *testing.T) {
	overridden := func() (Screening, Applicant, Requirements) {
		s, a, r := failing()
		for _, k := range []RequirementKey{RequirementAge, RequirementEducation} {
			if err := ApplyOverride(&s, k, "具有五年基层社保工作经验", "zhangsan", overrideAt); err != nil {
				t.Fatal(err)
			}
		}
		return s, a, r
	}
	tests := []struct {
		name     string
		change   func(*Applicant, *Requirements)
		kept     []RequirementKey
		dropped  []RequirementKey
		eligible bool
	}{
		{"nothing changed", func(*Applicant, *Requirements) {}, []RequirementKey{"age", "education"}, nil, true},
		{"school and major changed", func(a *Applicant, _ *Requirements) {
			a.Education.School, a.Education.Major = "桐乡技师学院", "会计"
		}, []RequirementKey{"age", "education"}, nil, true},
		{"birth date corrected, still too old", func(a *Applicant, _ *Requirements) {
			a.BirthDate = ymd(1990, time.June, 1)
		}, []RequirementKey{"education"}, []RequirementKey{"age"}, false},
		{"birth date corrected, now passes", func(a *Applicant, _ *Requirements) {
			a.BirthDate = ymd(1991, time.June, 1)
		}, []RequirementKey{"education"}, []RequirementKey{"age"}, true},
		{"cutoff moved", func(_ *Applicant, r *Requirements) {
			r.Cutoff = ymd(2027, time.January, 31)
		}, []RequirementKey{"education"}, []RequirementKey{"age"}, false},
		{"education changed to 高中, still failing", func(a *Applicant, _ *Requirements) {
			a.Education.Level = roster.EduSeniorHigh
		}, []RequirementKey{"age"}, []RequirementKey{"education"}, false},
		{"education raised to 大专", func(a *Applicant, _ *Requirements) {
			a.Education.Level = roster.EduCollege
		}, []RequirementKey{"age"}, []RequirementKey{"education"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev, a, r := overridden()
			tt.change(&a, &r)
			next, dropped := Rescreen(prev, a, r)
			if got := next.Overridden(); !slices.Equal(got, tt.kept) {
				t.Errorf("kept %v, want %v", got, tt.kept)
			}
			if !slices.Equal(dropped, tt.dropped) {
				t.Errorf("dropped %v, want %v", dropped, tt.dropped)
			}
			if next.Eligible != tt.eligible {
				t.Errorf("Eligible = %v, want %v", next.Eligible, tt.eligible)
			}
			for _, res := range next.Results {
				if res.Override != nil && res.Override.Reason != "具有五年基层社保工作经验" {
					t.Errorf("%s: override not carried whole: %+v", res.Key, res.Override)
				}
			}
		})
	}
	// The carried override is a copy: changing it does not touch the old screening.
	prev, a, r := overridden()
	next, _ := Rescreen(prev, a, r)
	next.Results[0].Override.Reason = "改动"
	if prev.Results[0].Override.Reason != "具有五年基层社保工作经验" {
		t.Error("Rescreen shares the Override with the previous screening")
	}
}

func TestEducationAndComputerSkillValidate(t *testing.T) {
	long := string(make([]rune, 101))
	tests := []struct {
		name    string
		err     error
		field   string
		message string
	}{
		{"no level", Education{School: "x"}.Validate(), "education.level", "请选择学历，可填写：小学、初中、高中、中专、技校、大专、本科、硕士研究生、博士研究生"},
		{"bad level", Education{Level: "phd", School: "x"}.Validate(), "education.level", "学历“phd”无法识别，可填写：小学、初中、高中、中专、技校、大专、本科、硕士研究生、博士研究生"},
		{"no school", Education{Level: roster.EduCollege, School: " "}.Validate(), "education.school", "请填写毕业学校"},
		{"long school", Education{Level: roster.EduCollege, School: long}.Validate(), "education.school", "毕业学校不能超过 100 个字"},
		{"long major", Education{Level: roster.EduCollege, School: "x", Major: long}.Validate(), "education.major", "所学专业不能超过 100 个字"},
		{"no computer level", ComputerSkill{}.Validate(), "computerSkill.level", "请选择计算机能力，可填写：无、基本操作、有证书"},
		{"certified without name", ComputerSkill{Level: ComputerCertified}.Validate(), "computerSkill.certName", "请填写计算机证书名称"},
		{"long cert", ComputerSkill{Level: ComputerBasic, CertName: long}.Validate(), "computerSkill.certName", "证书名称不能超过 100 个字"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantError(t, tt.err, skillcert.EINVALID, tt.field, tt.message) })
	}
	a := goodApplicant()
	if err := a.Education.Validate(); err != nil {
		t.Errorf("good education: %v", err)
	}
	if err := a.ComputerSkill.Validate(); err != nil {
		t.Errorf("good computer skill: %v", err)
	}
	if err := (ComputerSkill{Level: ComputerNone}).Validate(); err != nil {
		t.Errorf("none is a valid answer: %v", err)
	}
}
