package roster

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestSafeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{"+8613905731234", "'+8613905731234"},
		{"-5", "'-5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"沈建国", "沈建国"},
		{"a=1", "a=1"},
		{" =1", " =1"},
		{"＝1", "＝1"},
		{"", ""},
		{"'=1", "'=1"},
	}
	for _, tt := range tests {
		if got := SafeCell(tt.in); got != tt.want {
			t.Errorf("SafeCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// exportFixture returns people as the store would hold them, with values
// that look like formulas where validation would not stop them.
func exportFixture(t *testing.T) []Person {
	t.Helper()
	in := []PersonInput{
		{Name: "沈建国", IDNumber: "330483198503121011", Mobile: "13905731234", Town: "WZ", Village: "WZ01",
			Groups: []string{"企业职工", "被征地农民"}, Education: "高中", ComputerLevel: "基本操作", Employment: "在职", Notes: "=HYPERLINK(\"http://example.com\",\"点我\")"},
		{Name: "阿依古丽·买买提", IDNumber: "33048319930818103X", Town: "LX", Village: "LX02",
			Groups: []string{"基层平台工作人员"}, Education: "大专", ComputerLevel: "有证书", ComputerCert: "@全国计算机等级考试一级", Employment: "灵活就业", Notes: "-1+2"},
		{Name: "钱多多", IDNumber: "330483200002294045", Town: "ZQ", Village: "ZQ03",
			Groups: []string{"企业退休人员"}, Education: "小学", Employment: "退休"},
	}
	var out []Person
	for i, x := range in {
		p, err := x.Validate(today)
		if err != nil {
			t.Fatalf("fixture %d: %v", i, err)
		}
		p.ID = "p" + string(rune('1'+i))
		p.Status = PersonActive
		p.CreatedAt = time.Date(2025, 5, 1, 1, 30, 0, 0, time.UTC)
		out = append(out, p)
	}
	out[2].Status = PersonPending
	return out
}

func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// assertAllText fails unless every non-empty cell of the sheet is a
// string cell without a formula.
func assertAllText(t *testing.T, f *excelize.File, sheet string) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			if v == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			typ, err := f.GetCellType(sheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
				t.Errorf("%s!%s %q has cell type %v, want a string", sheet, cell, v, typ)
			}
			if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
				t.Errorf("%s!%s holds formula %q", sheet, cell, formula)
			}
		}
	}
}

func TestExportPersons(t *testing.T) {
	persons := exportFixture(t)
	for _, full := range []bool{false, true} {
		data, err := ExportPersons(persons, full)
		if err != nil {
			t.Fatal(err)
		}
		f := openXLSX(t, data)
		if got := f.GetSheetList(); !slices.Equal(got, []string{ExportSheet}) {
			t.Fatalf("sheets %v", got)
		}
		rows, err := f.GetRows(ExportSheet)
		if err != nil {
			t.Fatal(err)
		}
		// A masked export shows the birth year: the birth date would
		// complete the masked number.
		header, birth, birth4 := slices.Clone(exportHeader), "1985", "2000"
		header[4] = "出生年份"
		id := "330483********1011"
		if full {
			header, birth, birth4 = exportHeader, "1985-03-12", "2000-02-29"
			id = "330483198503121011"
		}
		if !slices.Equal(rows[0], header) || len(rows) != 4 {
			t.Fatalf("header %v, %d rows", rows[0], len(rows))
		}
		if !full && (slices.Contains(rows[0], "出生日期") || bytes.Contains(data, []byte("1985-03-12")) || bytes.Contains(data, []byte("2000-02-29"))) {
			t.Error("masked export shows birth dates beside the masked numbers")
		}
		want := []string{"1", "沈建国", id, "男", birth, "13905731234", "WZ", "WZ01", "企业职工、被征地农民", "高中",
			"基本操作", "", "在职", "'=HYPERLINK(\"http://example.com\",\"点我\")", "已登记", "2025-05-01 09:30"}
		if !slices.Equal(rows[1], want) {
			t.Errorf("showFullID=%v row 2\n got %q\nwant %q", full, rows[1], want)
		}
		if rows[2][11] != "'@全国计算机等级考试一级" || rows[2][13] != "'-1+2" || rows[2][2] != map[bool]string{false: "330483********103X", true: "33048319930818103X"}[full] {
			t.Errorf("row 3 %q", rows[2])
		}
		if rows[3][4] != birth4 || rows[3][3] != "女" || rows[3][14] != "待确认" || rows[3][10] != "" {
			t.Errorf("row 4 %q", rows[3])
		}
		if !full && bytes.Contains(data, []byte("198503121011")) {
			t.Error("masked export contains a whole ID number")
		}
		assertAllText(t, f, ExportSheet)
	}
}

// TestExportImportRoundTrip: an export with whole numbers and org names
// imports back to the same people, SafeCell quotes removed.
func TestExportImportRoundTrip(t *testing.T) {
	persons := exportFixture(t)
	names := map[string]string{"WZ": "乌镇镇", "WZ01": "民合村", "LX": "龙翔街道", "LX02": "示例社区", "ZQ": "洲泉镇", "ZQ03": "示例村"}
	data, err := ExportPersonsWith(persons, ExportOptions{ShowFullID: true, OrgName: func(c string) string { return names[c] }})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ParseImportFile("导出.xlsx", data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	valid, errs := CheckRows(rows, today)
	if len(errs) != 0 || len(valid) != len(persons) {
		t.Fatalf("%d valid, errors %v", len(valid), errs)
	}
	for i, v := range valid {
		want := persons[i]
		want.Town, want.Village = names[want.Town], names[want.Village]
		if !samePerson(v.Person, want) {
			t.Errorf("row %d\n got %+v\nwant %+v", v.Line, v.Person, want)
		}
	}
}

func TestExportPersonsEmpty(t *testing.T) {
	data, err := ExportPersons(nil, false)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := openXLSX(t, data).GetRows(ExportSheet)
	if err != nil || len(rows) != 1 || !slices.Equal(rows[0], exportHeaderFor(false)) {
		t.Errorf("empty export rows %v, %v", rows, err)
	}
}

func TestImportTemplate(t *testing.T) {
	data, err := ImportTemplate()
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, data)
	if got := f.GetSheetList(); !slices.Equal(got, []string{ImportSheet, instructionsSheet}) {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows(ImportSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || !slices.Equal(rows[0], templateHeader()) {
		t.Fatalf("template rows %q", rows)
	}
	if last := rows[1][len(rows[1])-1]; last != SampleRowMarker {
		t.Errorf("sample row ends with %q", last)
	}
	assertAllText(t, f, ImportSheet)

	// The sample row alone imports nothing…
	if _, err := ParseImportFile("模板.xlsx", data, Limits{}); err == nil || !strings.Contains(err.Error(), "没有人员数据") {
		t.Errorf("template as is: %v", err)
	}
	// …but it is a valid person once unmarked, and rows typed below it import.
	sample := RowToInput(ImportRow{Values: sampleRow()})
	sample.Notes = ""
	if _, err := sample.Validate(today); err != nil {
		t.Errorf("sample row: %v", err)
	}
	if err := f.SetSheetRow(ImportSheet, "A3", &[]string{"沈建国", "330483198503121011", "", "乌镇镇", "民合村", "企业职工", "高中", "", "", "在职", ""}); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseImportFile("模板.xlsx", buf.Bytes(), Limits{})
	if err != nil || len(got) != 1 || got[0].Line != 3 {
		t.Errorf("filled template: %v, %v", got, err)
	}

	// Drop-down lists for the single-choice columns.
	dvs, err := f.GetDataValidations(ImportSheet)
	if err != nil || len(dvs) != 3 {
		t.Fatalf("data validations %v, %v", dvs, err)
	}
	// The instructions list every allowed value.
	help, err := f.GetRows(instructionsSheet)
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, r := range help {
		text += strings.Join(r, "|") + "\n"
	}
	for _, label := range slices.Concat(labelList(Educations, Education.Label), labelList(TargetGroups, TargetGroup.Label),
		labelList(ComputerLevels, ComputerLevel.Label), labelList(EmploymentStatuses, EmploymentStatus.Label), templateHeader()) {
		if !strings.Contains(text, label) {
			t.Errorf("instructions do not mention %s", label)
		}
	}
	if !strings.Contains(text, "身份证号码|必填|") || !strings.Contains(text, "手机号码|选填|") || !strings.Contains(text, "计算机证书|有证书时必填|") {
		t.Errorf("instructions:\n%s", text)
	}
}

func TestErrorReport(t *testing.T) {
	values := map[Field]string{FieldName: "=张三", FieldIDNumber: "330483198503121012", FieldTown: "乌镇镇", FieldVillage: "民合村"}
	errs := []RowError{
		{Line: 7, Field: FieldMobile, Column: "手机号码", Message: "手机号码“12345”无效，应为1开头的11位数字", Values: values},
		{Line: 3, Field: FieldIDNumber, Column: "身份证号码", Message: "身份证号码校验位错误，应为 1", Values: values},
		{Line: 3, Field: FieldName, Column: "姓名", Message: "姓名只能包含汉字、字母和“·”，不能有“=”", Values: values},
	}
	data, err := ErrorReport(errs)
	if err != nil {
		t.Fatal(err)
	}
	if errs[0].Line != 7 {
		t.Error("ErrorReport reordered its argument")
	}
	f := openXLSX(t, data)
	rows, err := f.GetRows(errorReportSheet)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		errorReportHeader,
		{"3", "姓名", "姓名只能包含汉字、字母和“·”，不能有“=”", "'=张三", "330483********1012", "乌镇镇", "民合村"},
		{"3", "身份证号码", "身份证号码校验位错误，应为 1", "'=张三", "330483********1012", "乌镇镇", "民合村"},
		{"7", "手机号码", "手机号码“12345”无效，应为1开头的11位数字", "'=张三", "330483********1012", "乌镇镇", "民合村"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %q", rows)
	}
	for i := range want {
		if !slices.Equal(rows[i], want[i]) {
			t.Errorf("row %d\n got %q\nwant %q", i+1, rows[i], want[i])
		}
	}
	assertAllText(t, f, errorReportSheet)
}
