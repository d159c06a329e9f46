package roster

import (
	"slices"
	"testing"
)

func TestCheckRowsDuplicates(t *testing.T) {
	rows := parseTestdata(t, "duplicates.csv")
	if len(rows) != 8 {
		t.Fatalf("got %d rows, want 8", len(rows))
	}
	valid, errs := CheckRows(rows, today)
	var lines []int
	for _, v := range valid {
		lines = append(lines, v.Line)
	}
	if !slices.Equal(lines, []int{2, 3}) {
		t.Errorf("valid lines %v, want [2 3]", lines)
	}
	// The first row with a number keeps it, even when that row has another
	// fault (line 8); later rows point at it.
	assertRowErrors(t, errs, []RowError{
		{Line: 4, Column: "身份证号码", Message: "相同身份证号码已在第 2 行出现"},
		{Line: 5, Column: "身份证号码", Message: "相同身份证号码已在第 3 行出现"},
		{Line: 6, Column: "身份证号码", Message: "相同身份证号码已在第 2 行出现"},
		{Line: 7, Column: "身份证号码", Message: "身份证号码校验位错误，应为 1"},
		{Line: 8, Column: "手机号码", Message: "手机号码“12345”无效，应为1开头的11位数字"},
		{Line: 9, Column: "身份证号码", Message: "相同身份证号码已在第 8 行出现"},
	})
	dups := DuplicateIDRows(rows, today)
	var dupLines []int
	for _, d := range dups {
		dupLines = append(dupLines, d.Line)
		if d.Field != FieldIDNumber || d.Values[FieldName] == "" {
			t.Errorf("duplicate %+v lacks field or values", d)
		}
	}
	if !slices.Equal(dupLines, []int{4, 5, 6, 9}) {
		t.Errorf("DuplicateIDRows lines %v, want [4 5 6 9]", dupLines)
	}
}

func TestCheckRowsDuplicateWithOtherFault(t *testing.T) {
	// A later duplicate that is also otherwise wrong reports both faults.
	rows := []ImportRow{
		{Line: 2, Values: vals("甲一", "330483198503121011", "", "乌镇镇", "民合村", "企业职工", "高中", "", "", "在职", "")},
		{Line: 3, Values: vals("乙", "330483198503121011", "", "乌镇镇", "民合村", "企业职工", "高中", "", "", "在职", "")},
	}
	valid, errs := CheckRows(rows, today)
	if len(valid) != 1 || valid[0].Line != 2 {
		t.Errorf("valid %+v", valid)
	}
	assertRowErrors(t, errs, []RowError{
		{Line: 3, Column: "姓名", Message: "姓名应为2到30个字，现为1个字"},
		{Line: 3, Column: "身份证号码", Message: "相同身份证号码已在第 2 行出现"},
	})
}

func TestRowToInput(t *testing.T) {
	in := RowToInput(ImportRow{Line: 5, Values: vals("沈建国", "330483198503121011", "13905731234", "乌镇镇", "民合村", "企业职工、被征地农民；就业困难人员", "高中", "有证书", "全国计算机等级考试一级", "在职", "备注")})
	want := PersonInput{
		Name: "沈建国", IDNumber: "330483198503121011", Mobile: "13905731234", Town: "乌镇镇", Village: "民合村",
		Groups: []string{"企业职工", "被征地农民", "就业困难人员"}, Education: "高中", ComputerLevel: "有证书",
		ComputerCert: "全国计算机等级考试一级", Employment: "在职", Notes: "备注",
	}
	if !slices.Equal(in.Groups, want.Groups) {
		t.Errorf("Groups = %q, want %q", in.Groups, want.Groups)
	}
	in.Groups, want.Groups = nil, nil
	if !equalInput(in, want) {
		t.Errorf("RowToInput = %+v\nwant %+v", in, want)
	}
}

func equalInput(a, b PersonInput) bool {
	return a.Name == b.Name && a.IDNumber == b.IDNumber && a.Mobile == b.Mobile && a.Town == b.Town &&
		a.Village == b.Village && slices.Equal(a.Groups, b.Groups) && a.Education == b.Education &&
		a.ComputerLevel == b.ComputerLevel && a.ComputerCert == b.ComputerCert && a.Employment == b.Employment && a.Notes == b.Notes
}

func TestSortRowErrors(t *testing.T) {
	errs := []RowError{
		{Line: 9, Field: FieldName, Message: "a"},
		{Line: 3, Field: FieldNotes, Message: "b"},
		{Line: 3, Field: FieldIDNumber, Message: "c"},
		{Line: 3, Field: FieldIDNumber, Message: "d"},
		{Line: 3, Message: "e"},
	}
	SortRowErrors(errs)
	var got string
	for _, e := range errs {
		got += e.Message
	}
	if got != "ecdba" {
		t.Errorf("order %s, want ecdba (row, then column order, row-wide faults first, stable)", got)
	}
}
