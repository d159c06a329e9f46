package roster

import (
	"slices"
	"testing"

	"skillcert"
)

func TestParseEducation(t *testing.T) {
	tests := []struct {
		in   string
		want Education
	}{
		{"小学", EduPrimary}, {"初中", EduJuniorHigh}, {"高中", EduSeniorHigh}, {"中专", EduSecondaryVo},
		{"技校", EduTechnical}, {"大专", EduCollege}, {"大学专科", EduCollege}, {"高职", EduCollege},
		{"本科", EduBachelor}, {"硕士研究生", EduMaster}, {"硕士", EduMaster}, {"博士研究生", EduDoctor},
		{"博士", EduDoctor}, {" 大 专 ", EduCollege}, {"college", EduCollege}, {"COLLEGE", EduCollege},
		{"小学及以下", EduPrimary},
	}
	for _, tt := range tests {
		got, err := ParseEducation(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseEducation(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	_, err := ParseEducation("大学")
	want := "文化程度“大学”无法识别，可填写：小学、初中、高中、中专、技校、大专、本科、硕士研究生、博士研究生"
	if skillcert.ErrorMessage(err) != want || skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Errorf("ParseEducation(大学) error = %v, want %s", err, want)
	}
}

func TestEducationOrder(t *testing.T) {
	tests := []struct {
		e, other Education
		atLeast  bool
	}{
		{EduCollege, EduCollege, true},        // 大专以上 includes 大专
		{EduBachelor, EduCollege, true},       // 本科 ≥ 大专
		{EduDoctor, EduCollege, true},         // 博士 ≥ 大专
		{EduSeniorHigh, EduCollege, false},    // 高中 < 大专
		{EduTechnical, EduCollege, false},     // 技校 < 大专
		{EduSecondaryVo, EduSeniorHigh, true}, // 中专 = 高中
		{EduSeniorHigh, EduTechnical, true},   // 高中 = 技校
		{EduTechnical, EduSecondaryVo, true},  // 技校 = 中专
		{EduJuniorHigh, EduSeniorHigh, false},
		{EduPrimary, EduPrimary, true},
		{EduMaster, EduDoctor, false},
		{"", EduPrimary, false},
		{"phd", EduPrimary, false},
	}
	for _, tt := range tests {
		if got := tt.e.AtLeast(tt.other); got != tt.atLeast {
			t.Errorf("%q.AtLeast(%q) = %v, want %v", tt.e, tt.other, got, tt.atLeast)
		}
	}
	// Educations is listed in non-decreasing rank.
	for i := 1; i < len(Educations); i++ {
		if Educations[i].Rank() < Educations[i-1].Rank() {
			t.Errorf("%s listed after %s but ranks lower", Educations[i], Educations[i-1])
		}
	}
}

// TestEnumLabelsRoundTrip parses every label and every code back to its value.
func TestEnumLabelsRoundTrip(t *testing.T) {
	for _, e := range Educations {
		if got, err := ParseEducation(e.Label()); got != e || err != nil {
			t.Errorf("education %q: label %q parsed to %q, %v", e, e.Label(), got, err)
		}
	}
	for _, g := range TargetGroups {
		for _, s := range []string{g.Label(), string(g)} {
			if got, err := ParseTargetGroup(s); got != g || err != nil {
				t.Errorf("group %q: %q parsed to %q, %v", g, s, got, err)
			}
		}
	}
	for _, s := range EmploymentStatuses {
		for _, in := range []string{s.Label(), string(s)} {
			if got, err := ParseEmploymentStatus(in); got != s || err != nil {
				t.Errorf("employment %q: %q parsed to %q, %v", s, in, got, err)
			}
		}
	}
	for _, l := range ComputerLevels {
		for _, in := range []string{l.Label(), string(l)} {
			if got, err := ParseComputerLevel(in); got != l || err != nil {
				t.Errorf("computer level %q: %q parsed to %q, %v", l, in, got, err)
			}
		}
	}
	for _, g := range Genders {
		if got, ok := ParseGender(g.Label()); got != g || !ok {
			t.Errorf("gender %q: label parsed to %q", g, got)
		}
	}
	if _, ok := ParseGender("未知"); ok {
		t.Error("ParseGender(未知) succeeded")
	}
}

func TestParseTargetGroups(t *testing.T) {
	tests := []struct {
		cell    string
		want    []TargetGroup
		wantErr string
	}{
		{"企业职工", []TargetGroup{GroupEnterpriseWorker}, ""},
		{"就业困难人员、被征地农民", []TargetGroup{GroupLandlessFarmer, GroupEmploymentDifficult}, ""},
		{"被征地农民,企业职工；农村低保家庭", []TargetGroup{GroupEnterpriseWorker, GroupLandlessFarmer, GroupRuralLowIncome}, ""},
		{"零就业家庭，协理员 企业退休人员", []TargetGroup{GroupZeroEmployment, GroupPlatformStaff, GroupEnterpriseRetiree}, ""},
		{"landless_farmer;platform_staff", []TargetGroup{GroupLandlessFarmer, GroupPlatformStaff}, ""},
		{"企业职工、企业职工", nil, "人员类别“企业职工”重复填写"},
		{"基层平台工作人员、协理员", nil, "人员类别“基层平台工作人员”重复填写"},
		{"企业职工、农民、学生", nil, "人员类别“农民”、“学生”无法识别，可填写：企业职工、被征地农民、城镇零就业家庭、农村低保家庭、就业困难人员、基层平台工作人员、企业退休人员"},
	}
	for _, tt := range tests {
		got, err := ParseTargetGroups(SplitGroups(tt.cell))
		if tt.wantErr != "" {
			if skillcert.ErrorMessage(err) != tt.wantErr {
				t.Errorf("%q: error %v, want %s", tt.cell, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %v, %v; want %v", tt.cell, got, err, tt.want)
		}
	}
}

func TestParseComputerSkill(t *testing.T) {
	tests := []struct {
		level, cert string
		want        ComputerSkill
		wantErr     string
		wantField   string
	}{
		{"", "", ComputerSkill{}, "", ""},
		{"无", "", ComputerSkill{Level: ComputerNone}, "", ""},
		{"基本操作", "", ComputerSkill{Level: ComputerBasic}, "", ""},
		{"有证书", "全国计算机等级考试一级", ComputerSkill{Level: ComputerCertified, CertName: "全国计算机等级考试一级"}, "", ""},
		{"", " 全国计算机等级考试二级 ", ComputerSkill{Level: ComputerCertified, CertName: "全国计算机等级考试二级"}, "", ""},
		{"certified", "ICDL", ComputerSkill{Level: ComputerCertified, CertName: "ICDL"}, "", ""},
		{"有证书", "", ComputerSkill{}, "计算机能力为“有证书”时请填写计算机证书名称", "computerCert"},
		{"无", "全国计算机等级考试一级", ComputerSkill{}, "填写了计算机证书“全国计算机等级考试一级”，计算机能力应为“有证书”，现为“无”", "computerCert"},
		{"精通", "", ComputerSkill{}, "计算机能力“精通”无法识别，可填写：无、基本操作、有证书", "computerLevel"},
	}
	for _, tt := range tests {
		got, err := ParseComputerSkill(tt.level, tt.cert)
		if tt.wantErr != "" {
			var se *skillcert.Error
			if !asError(err, &se) || se.Message != tt.wantErr || se.Field != tt.wantField {
				t.Errorf("(%q, %q): error %v, want %s on %s", tt.level, tt.cert, err, tt.wantErr, tt.wantField)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("(%q, %q) = %+v, %v; want %+v", tt.level, tt.cert, got, err, tt.want)
		}
	}
	if !ComputerBasic.AbleToUse() || !ComputerCertified.AbleToUse() || ComputerNone.AbleToUse() || ComputerLevel("").AbleToUse() {
		t.Error("AbleToUse: want true only for basic and certified")
	}
}

func TestParseEmploymentStatus(t *testing.T) {
	for in, want := range map[string]EmploymentStatus{
		"在职": EmployedStatus, "灵活就业": FlexibleStatus, "个体经营": SelfEmployedStatus, "务农": FarmingStatus,
		"失业": UnemployedStatus, "登记失业": UnemployedStatus, "未就业": NotEmployedStatus, "学生": StudentStatus,
		"退休": RetiredStatus, "已退休": RetiredStatus,
	} {
		if got, err := ParseEmploymentStatus(in); got != want || err != nil {
			t.Errorf("ParseEmploymentStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseEmploymentStatus("上班"); skillcert.ErrorMessage(err) != "就业状态“上班”无法识别，可填写：在职、灵活就业、自主创业、务农、失业、未就业、在校学生、退休" {
		t.Errorf("ParseEmploymentStatus(上班) error = %v", err)
	}
}
