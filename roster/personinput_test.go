package roster

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"skillcert"
)

func goodInput(t *testing.T) PersonInput {
	return PersonInput{
		Name:          "沈建国",
		IDNumber:      withCheck(t, "33048319850312101"),
		Mobile:        "139 0573 1234",
		Town:          "WZ",
		Village:       "WZ01",
		Groups:        []string{"landless_farmer", "enterprise_worker"},
		Education:     "高中",
		ComputerLevel: "基本操作",
		Employment:    "在职",
		Notes:         "  愿意参加电工培训 ",
	}
}

func TestPersonInputValidate(t *testing.T) {
	p, err := goodInput(t).Validate(today)
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	want := Person{
		Name: "沈建国", IDNumber: "330483198503121011", IDMasked: "330483********1011", IDSuffix: "1011",
		BirthDate: date(1985, 3, 12), Gender: GenderMale, Mobile: "13905731234", Town: "WZ", Village: "WZ01",
		Groups:    []TargetGroup{GroupEnterpriseWorker, GroupLandlessFarmer},
		Education: EduSeniorHigh, ComputerSkill: ComputerSkill{Level: ComputerBasic},
		Employment: EmployedStatus, Notes: "愿意参加电工培训",
	}
	if !samePerson(p, want) {
		t.Errorf("Validate\n got %+v\nwant %+v", p, want)
	}
	if p.AgeAt(skillcert.DateOf(today)) != 40 || !p.InGroup(GroupLandlessFarmer) || p.InGroup(GroupPlatformStaff) {
		t.Errorf("AgeAt/InGroup wrong for %+v", p)
	}
	// The edit form shows the record as codes and reads back to the same person.
	again, err := p.Input().Validate(today)
	if err != nil || !samePerson(again, p) {
		t.Errorf("Input().Validate() = %+v, %v; want %+v", again, err, p)
	}
}

func samePerson(a, b Person) bool {
	return a.Name == b.Name && a.IDNumber == b.IDNumber && a.IDMasked == b.IDMasked && a.IDSuffix == b.IDSuffix &&
		a.BirthDate == b.BirthDate && a.Gender == b.Gender && a.Mobile == b.Mobile && a.Town == b.Town &&
		a.Village == b.Village && slices.Equal(a.Groups, b.Groups) && a.Education == b.Education &&
		a.ComputerSkill == b.ComputerSkill && a.Employment == b.Employment && a.Notes == b.Notes
}

func TestPersonInputValidateReportsEveryField(t *testing.T) {
	in := PersonInput{
		Name:          "张3",
		IDNumber:      "33048319990230101X",
		Mobile:        "1234567890",
		Town:          " ",
		Village:       "",
		Groups:        nil,
		Education:     "",
		ComputerLevel: "有证书",
		Employment:    "上班",
		Notes:         strings.Repeat("注", 201),
	}
	_, err := in.Validate(today)
	var fe FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("Validate error %T %v, want FieldErrors", err, err)
	}
	want := FieldErrors{
		{FieldName, "姓名", "姓名只能包含汉字、字母和“·”，不能有“3”"},
		{FieldIDNumber, "身份证号码", "身份证号码中的出生日期 19990230 不是有效日期"},
		{FieldMobile, "手机号码", "手机号码“1234567890”无效，应为1开头的11位数字"},
		{FieldTown, "镇（街道）", "请填写镇（街道）"},
		{FieldVillage, "村（社区）", "请填写村（社区）"},
		{FieldGroups, "人员类别", "请至少填写一个人员类别，可填写：企业职工、被征地农民、城镇零就业家庭、农村低保家庭、就业困难人员、基层平台工作人员、企业退休人员"},
		{FieldEducation, "文化程度", "请填写文化程度，可填写：小学、初中、高中、中专、技校、大专、本科、硕士研究生、博士研究生"},
		{FieldComputerCert, "计算机证书", "计算机能力为“有证书”时请填写计算机证书名称"},
		{FieldEmployment, "就业状态", "就业状态“上班”无法识别，可填写：在职、灵活就业、自主创业、务农、失业、未就业、在校学生、退休"},
		{FieldNotes, "备注", "备注不能超过200个字，现为201个字"},
	}
	if !slices.Equal(fe, want) {
		t.Errorf("FieldErrors:\n got %v\nwant %v", fe, want)
	}
	se := fe.AsError()
	if se.Code != skillcert.EINVALID || se.Field != "name" || !strings.HasPrefix(se.Message, "姓名只能包含汉字、字母和“·”，不能有“3”；身份证号码中的出生日期") {
		t.Errorf("AsError() = %+v", se)
	}
	if fe.For(FieldMobile) != want[2].Message || fe.For("nothing") != "" {
		t.Errorf("For(mobile) = %q", fe.For(FieldMobile))
	}
	if FieldErrors(nil).AsError() != nil {
		t.Error("AsError of no faults is not nil")
	}
}

func TestNormalizeName(t *testing.T) {
	tests := []struct{ in, want, wantErr string }{
		{"沈建国", "沈建国", ""},
		{" 李 伟 ", "李伟", ""},
		{"李\u3000\u3000伟", "李伟", ""},
		{"阿依古丽·买买提", "阿依古丽·买买提", ""},
		{"阿依古丽•买买提", "阿依古丽·买买提", ""},
		{"阿依古丽・买买提", "阿依古丽·买买提", ""},
		{"Anna", "Anna", ""},
		{"王Anna", "王Anna", ""},
		{"张三", "张三", ""},
		{strings.Repeat("长", 30), strings.Repeat("长", 30), ""},
		{"", "", "请填写姓名"},
		{"张", "", "姓名应为2到30个字，现为1个字"},
		{strings.Repeat("长", 31), "", "姓名应为2到30个字，现为31个字"},
		{"Anna Li", "", "姓名中不能有空格"},
		{"·张三", "", "姓名中的“·”只能用在两个字之间"},
		{"张三·", "", "姓名中的“·”只能用在两个字之间"},
		{"阿依古丽··买买提", "", "姓名中的“·”只能用在两个字之间"},
		{"张三(男)", "", "姓名只能包含汉字、字母和“·”，不能有“(”"},
		{"=HYPERLINK", "", "姓名只能包含汉字、字母和“·”，不能有“=”"},
	}
	for _, tt := range tests {
		got, err := normalizeName(tt.in)
		if skillcert.ErrorMessage(err) != tt.wantErr && !(err == nil && tt.wantErr == "") {
			t.Errorf("normalizeName(%q) error %v, want %q", tt.in, err, tt.wantErr)
		}
		if got != tt.want {
			t.Errorf("normalizeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeMobile(t *testing.T) {
	tests := []struct{ in, want, wantErr string }{
		{"13905731234", "13905731234", ""},
		{"139-0573-1234", "13905731234", ""},
		{"+86 139 0573 1234", "13905731234", ""},
		{"", "", ""},
		{"19912345678", "19912345678", ""},
		{"１３９０５７３１２３４", "13905731234", ""},       // full-width digits, as in ID numbers
		{"＋８６ １３９－０５７３－１２３４", "13905731234", ""}, // full-width plus, hyphens and space
		{"12905731234", "", "手机号码“12905731234”无效，应为1开头的11位数字"},
		{"1390573123", "", "手机号码“1390573123”无效，应为1开头的11位数字"},
		{"139057312345", "", "手机号码“139057312345”无效，应为1开头的11位数字"},
		{"0573-88888888", "", "手机号码“057388888888”无效，应为1开头的11位数字"},
	}
	for _, tt := range tests {
		got, err := normalizeMobile(tt.in)
		if (err == nil) != (tt.wantErr == "") || (err != nil && skillcert.ErrorMessage(err) != tt.wantErr) {
			t.Errorf("normalizeMobile(%q) error %v, want %q", tt.in, err, tt.wantErr)
		}
		if got != tt.want {
			t.Errorf("normalizeMobile(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
