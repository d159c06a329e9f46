package roster

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"skillcert"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// parseTestdata parses a file of testdata/ with the default limits.
func parseTestdata(t *testing.T, name string) []ImportRow {
	t.Helper()
	rows, err := ParseImportFile(name, readTestdata(t, name), Limits{})
	if err != nil {
		t.Fatalf("ParseImportFile(%s): %v", name, err)
	}
	return rows
}

// vals builds the values of a row from the fields in ImportFields order;
// empty strings are left out, as the parser leaves them.
func vals(cells ...string) map[Field]string {
	m := map[Field]string{}
	for i, c := range cells {
		if c != "" {
			m[ImportFields[i]] = c
		}
	}
	return m
}

func assertRows(t *testing.T, got, want []ImportRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d rows, want %d", len(got), len(want))
	}
	for i := 0; i < len(got) && i < len(want); i++ {
		if got[i].Line != want[i].Line || !maps.Equal(got[i].Values, want[i].Values) {
			t.Errorf("row %d:\n got line %d %v\nwant line %d %v", i, got[i].Line, got[i].Values, want[i].Line, want[i].Values)
		}
	}
}

func TestParseImportFileValidXLSX(t *testing.T) {
	rows := parseTestdata(t, "valid.xlsx")
	// Lines: title 1, header 2; 5 is empty, 7 is the sample row, 9 holds only 序号.
	assertRows(t, rows, []ImportRow{
		{3, vals("沈建国", "330483198503121011", "13905731234", "乌镇镇", "民合村", "企业职工", "高中", "基本操作", "", "在职", "")},
		{4, vals("钱丽华", "330483199207042022", "", "洲泉镇", "示例村", "被征地农民、就业困难人员", "初中", "无", "", "失业", "")},
		{6, vals("阿依古丽·买买提", "330483199802283031", "13800001111", "龙翔街道", "示例社区", "城镇零就业家庭,农村低保家庭", "大学专科", "有证书", "全国计算机等级考试一级", "灵活就业", "=1+1 不是公式")},
		{8, vals("李 伟", "33048319930818103x", "139 0573 9999", "乌镇镇", "民合村", "基层平台工作人员", "本科", "有证书", "计算机操作员四级", "在职", "人力社保协理员")},
		{10, vals("钱多多", "330483200002294045", "", "洲泉镇", "示例村", "企业退休人员", "小学", "", "", "退休", "")},
	})
	valid, errs := CheckRows(rows, today)
	if len(errs) != 0 || len(valid) != 5 {
		t.Fatalf("CheckRows: %d valid, errors %v", len(valid), errs)
	}
	li := valid[3].Person
	if li.Name != "李伟" || li.IDNumber != "33048319930818103X" || li.Mobile != "13905739999" ||
		li.ComputerSkill != (ComputerSkill{ComputerCertified, "计算机操作员四级"}) || li.Groups[0] != GroupPlatformStaff {
		t.Errorf("row 8 person = %+v", li)
	}
	if g := valid[2].Person.Groups; len(g) != 2 || g[0] != GroupZeroEmployment || g[1] != GroupRuralLowIncome {
		t.Errorf("row 6 groups = %v", g)
	}
	if p := valid[4].Person; p.Gender != GenderFemale || p.AgeAt(date(2025, 2, 28)) != 24 || p.AgeAt(date(2025, 3, 1)) != 25 {
		t.Errorf("row 10 (born 2000-02-29): gender %s, ages %d/%d", p.Gender, p.AgeAt(date(2025, 2, 28)), p.AgeAt(date(2025, 3, 1)))
	}
}

func TestParseImportFileGBKCSV(t *testing.T) {
	data := readTestdata(t, "gbk.csv")
	if utf8.Valid(data) {
		t.Fatal("gbk.csv is valid UTF-8; the test would not exercise GBK")
	}
	rows := parseTestdata(t, "gbk.csv")
	assertRows(t, rows, []ImportRow{
		{2, vals("徐建华", "330483197611305059", "13712345678", "崇福镇", "示例村", "被征地农民", "初中", "无", "", "务农", "")},
		{3, vals("褚秀兰", "330483200109156064", "", "濮院镇", "示例村", "企业职工、就业困难人员", "技校", "基本操作", "", "在职", "会说桐乡话")},
		{4, vals("屠甸镇人员", "", "", "屠甸镇", "示例村", "企业职工", "高中", "", "", "在职", "")},
	})
	valid, errs := CheckRows(rows, today)
	if len(valid) != 2 || valid[1].Person.Education != EduTechnical || valid[1].Person.Gender != GenderFemale {
		t.Errorf("valid rows = %+v", valid)
	}
	assertRowErrors(t, errs, []RowError{{Line: 4, Column: "身份证号码", Message: "请填写身份证号码"}})
}

func TestParseImportFileUTF8BOMCSV(t *testing.T) {
	data := readTestdata(t, "utf8bom.csv")
	if !bytes.HasPrefix(data, utf8BOM) {
		t.Fatal("utf8bom.csv has no BOM")
	}
	rows := parseTestdata(t, "utf8bom.csv")
	// Line 2 holds a two-line note, so 吴芳 is on spreadsheet row 3; row 4 is blank.
	assertRows(t, rows, []ImportRow{
		{2, map[Field]string{FieldName: "蒋文", FieldIDNumber: "330483198704017077", FieldTown: "梧桐街道", FieldVillage: "示例社区", FieldGroups: "企业职工", FieldEducation: "本科", FieldEmployment: "在职", FieldNotes: "第一行\n第二行"}},
		{3, map[Field]string{FieldName: "吴芳", FieldIDNumber: "330483198703318089", FieldTown: "凤鸣街道", FieldVillage: "示例社区", FieldGroups: "就业困难人员", FieldEducation: "中专", FieldEmployment: "未就业"}},
		{5, map[Field]string{FieldName: "朱海", FieldIDNumber: "330483199506159095", FieldTown: "高桥镇", FieldVillage: "示例村", FieldGroups: "企业职工", FieldEducation: "硕士", FieldEmployment: "在职", FieldNotes: "+86 号码"}},
	})
	valid, errs := CheckRows(rows, today)
	if len(valid) != 3 || len(errs) != 0 {
		t.Fatalf("CheckRows: %d valid, errors %v", len(valid), errs)
	}
	if p := valid[0].Person; p.ComputerSkill.Level != "" || p.Mobile != "" || p.Education != EduBachelor {
		t.Errorf("row 2 person = %+v", p)
	}
}

// TestParseImportFileSameBytesAnyEncoding: the same table in UTF-8,
// UTF-8 with BOM and GB18030 parses to the same rows.
func TestParseImportFileSameBytesAnyEncoding(t *testing.T) {
	text := strings.Join(templateHeader(), ",") + "\r\n褚秀兰,330483200109156064,,濮院镇,示例村,企业职工,技校,,,在职,㐀字在GBK之外\r\n"
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	var first []ImportRow
	for name, data := range map[string][]byte{"utf8": []byte(text), "bom": append(slicesClone(utf8BOM), text...), "gb18030": gb} {
		rows, err := ParseImportFile("x.csv", data, Limits{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if rows[0].Values[FieldNotes] != "㐀字在GBK之外" || rows[0].Values[FieldName] != "褚秀兰" {
			t.Errorf("%s: values %v", name, rows[0].Values)
		}
		if first == nil {
			first = rows
		}
		assertRows(t, rows, first)
	}
}

func slicesClone(b []byte) []byte { return append([]byte(nil), b...) }

func TestParseImportFileBadRows(t *testing.T) {
	rows := parseTestdata(t, "badrows.xlsx")
	if len(rows) != 19 {
		t.Fatalf("got %d rows, want 19 (lines 2–20)", len(rows))
	}
	valid, errs := CheckRows(rows, today)
	if len(valid) != 1 || valid[0].Line != 2 || valid[0].Person.Name != "沈建国" {
		t.Errorf("valid = %+v, want only line 2", valid)
	}
	groups := "企业职工、被征地农民、城镇零就业家庭、农村低保家庭、就业困难人员、基层平台工作人员、企业退休人员"
	assertRowErrors(t, errs, []RowError{
		{Line: 3, Column: "姓名", Message: "姓名只能包含汉字、字母和“·”，不能有“3”"},
		{Line: 4, Column: "身份证号码", Message: "身份证号码应为18位，现为17位"},
		{Line: 5, Column: "身份证号码", Message: "身份证号码校验位错误，应为 X"},
		{Line: 6, Column: "身份证号码", Message: "身份证号码中的出生日期 19990230 不是有效日期"},
		{Line: 7, Column: "身份证号码", Message: "身份证号码中的出生日期 20300101 晚于今天"},
		{Line: 8, Column: "身份证号码", Message: "身份证号码中的地址码 990483 无效：前两位 99 不是省级行政区划代码"},
		{Line: 9, Column: "身份证号码", Message: "身份证号码被存成了数字（3.30483199001062E+17），请把该列设置为文本格式后重新填写"},
		{Line: 10, Column: "手机号码", Message: "手机号码“1234567890”无效，应为1开头的11位数字"},
		{Line: 11, Column: "镇（街道）", Message: "请填写镇（街道）"},
		{Line: 11, Column: "村（社区）", Message: "请填写村（社区）"},
		{Line: 12, Column: "人员类别", Message: "人员类别“农民”无法识别，可填写：" + groups},
		{Line: 13, Column: "人员类别", Message: "人员类别“企业职工”重复填写"},
		{Line: 14, Column: "人员类别", Message: "请至少填写一个人员类别，可填写：" + groups},
		{Line: 15, Column: "文化程度", Message: "文化程度“大学”无法识别，可填写：小学、初中、高中、中专、技校、大专、本科、硕士研究生、博士研究生"},
		{Line: 16, Column: "计算机证书", Message: "计算机能力为“有证书”时请填写计算机证书名称"},
		{Line: 17, Column: "计算机证书", Message: "填写了计算机证书“全国计算机等级考试一级”，计算机能力应为“有证书”，现为“无”"},
		{Line: 18, Column: "就业状态", Message: "就业状态“上班”无法识别，可填写：在职、灵活就业、自主创业、务农、失业、未就业、在校学生、退休"},
		{Line: 19, Column: "备注", Message: "备注不能超过200个字，现为201个字"},
		{Line: 20, Column: "姓名", Message: "请填写姓名"},
		{Line: 20, Column: "身份证号码", Message: "身份证号码校验位错误，应为 1"},
		{Line: 20, Column: "文化程度", Message: "请填写文化程度，可填写：小学、初中、高中、中专、技校、大专、本科、硕士研究生、博士研究生"},
	})
	for _, e := range errs {
		if e.Values[FieldTown] == "" && e.Line != 11 {
			t.Errorf("line %d: error carries no row values", e.Line)
		}
	}
}

func assertRowErrors(t *testing.T, got, want []RowError) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d errors, want %d", len(got), len(want))
	}
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w string
		if i < len(got) {
			g = fmt.Sprintf("%d %s %s", got[i].Line, got[i].Column, got[i].Message)
		}
		if i < len(want) {
			w = fmt.Sprintf("%d %s %s", want[i].Line, want[i].Column, want[i].Message)
		}
		if g != w {
			t.Errorf("error %d:\n got %s\nwant %s", i, g, w)
		}
	}
}

func TestParseImportFileRefusesZipBomb(t *testing.T) {
	data := readTestdata(t, "zipbomb.xlsx")
	if len(data) > 1<<20 {
		t.Fatalf("zipbomb.xlsx is %d bytes; it should be small on disk", len(data))
	}
	_, err := ParseImportFile("zipbomb.xlsx", data, Limits{})
	var se *skillcert.Error
	if !asError(err, &se) || se.Code != skillcert.ETOOLARGE {
		t.Fatalf("err = %v, want ETOOLARGE", err)
	}
	if se.Message != "文件解压后超过 100.0 MB 的上限，不像正常的 Excel 表格，请检查后重新保存" {
		t.Errorf("message %s", se.Message)
	}
	// The bomb is honest: its entries really inflate to the huge size they
	// declare, so the limit, not damage, refused it.
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var total uint64
	for _, zf := range zr.File {
		if err := checkEntry(zf); err != nil {
			t.Fatalf("entry %s: %v", zf.Name, err)
		}
		total += zf.UncompressedSize64
	}
	if total < 128<<20 {
		t.Errorf("zipbomb.xlsx inflates to %d bytes, want at least 128 MiB", total)
	}
}

func TestParseImportFileRefusesLyingEntry(t *testing.T) {
	data := readTestdata(t, "lying.xlsx")
	_, err := ParseImportFile("lying.xlsx", data, Limits{})
	var se *skillcert.Error
	if !asError(err, &se) || se.Code != skillcert.EINVALID || se.Message != "无法读取该 .xlsx 文件，文件可能已损坏，请用 Excel 打开后重新保存" {
		t.Fatalf("err = %v, want EINVALID damaged file", err)
	}
	if !errors.Is(err, zip.ErrFormat) {
		t.Errorf("cause %v, want zip.ErrFormat from inflating past the declared size", se.Err)
	}
}

func TestParseImportFileLimits(t *testing.T) {
	data := readTestdata(t, "valid.xlsx")
	tests := []struct {
		name    string
		lim     Limits
		code    string
		message string
	}{
		{"bytes", Limits{MaxBytes: 1000}, skillcert.ETOOLARGE, fmt.Sprintf("文件大小 %s 超过上限 1000 字节", formatSize(int64(len(data))))},
		{"rows", Limits{MaxRows: 4}, skillcert.ETOOLARGE, "数据超过 4 行的上限，请拆分成几个文件分别导入"},
		{"rows exactly", Limits{MaxRows: 5}, "", ""},
		{"unpacked", Limits{MaxUncompressed: 10000}, skillcert.ETOOLARGE, "文件解压后超过 9.8 KB 的上限，不像正常的 Excel 表格，请检查后重新保存"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ParseImportFile("valid.xlsx", data, tt.lim)
			if tt.code == "" {
				if err != nil || len(rows) != 5 {
					t.Fatalf("got %d rows, %v", len(rows), err)
				}
				return
			}
			if skillcert.ErrorCode(err) != tt.code || skillcert.ErrorMessage(err) != tt.message {
				t.Errorf("err = %v, want %s %s", err, tt.code, tt.message)
			}
		})
	}
	csv := readTestdata(t, "utf8bom.csv")
	if _, err := ParseImportFile("x.csv", csv, Limits{MaxRows: 2}); skillcert.ErrorCode(err) != skillcert.ETOOLARGE {
		t.Errorf("CSV over the row limit: %v", err)
	}
}

func TestParseImportFileFaults(t *testing.T) {
	header := strings.Join(templateHeader(), ",")
	row := "沈建国,330483198503121011,,乌镇镇,民合村,企业职工,高中,,,在职,"
	junk := strings.Repeat("说明文字\n", 10)
	tests := []struct {
		name, file, data, want string
	}{
		{"empty file", "a.csv", "", "文件是空的"},
		{"xls", "名单.XLS", "x", "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入"},
		{"other extension", "名单.txt", "x", "只能导入 .xlsx 或 .csv 文件，不能导入“名单.txt”"},
		{"no extension", "名单", "x", "只能导入 .xlsx 或 .csv 文件，不能导入“名单”"},
		{"not a zip", "a.xlsx", "姓名,身份证号码", "无法读取该 .xlsx 文件，文件可能已损坏，请用 Excel 打开后重新保存"},
		{"ole file", "a.xlsx", string(oleMagic) + "rest", "这是旧版 .xls 文件或加密的 Excel 文件，请在 Excel 中另存为不加密的 .xlsx 后再导入"},
		{"utf-16", "a.csv", "\xff\xfe\x53\x59", "不支持 UTF-16（Unicode 文本）编码的文件，请在 Excel 中另存为“CSV（逗号分隔）”或 .xlsx"},
		{"no header", "a.csv", junk + header + "\n" + row, "没有找到表头行：前 10 行中没有同时包含“姓名”和“身份证号码”的行，请使用导入模板"},
		{"header only", "a.csv", header + "\n\n,,,\n", "文件中没有人员数据：表头下面没有填写任何一行"},
		{"only sample row", "a.csv", header + "\n" + strings.TrimSuffix(row, ",") + "," + SampleRowMarker, "文件中没有人员数据：表头下面没有填写任何一行"},
		{"missing columns", "a.csv", "姓名,身份证号码,手机号码\n" + "沈建国,330483198503121011,", "表头有误：缺少必填列：“镇（街道）”、“村（社区）”、“人员类别”、“文化程度”、“就业状态”"},
		{"unknown and duplicate", "a.csv", header + ",户籍地址,姓名\n" + row, "表头有误：“姓名”列出现了两次（A 列和 M 列）；无法识别的列：“户籍地址”（L 列），可用的列：姓名、身份证号码、手机号码、镇（街道）、村（社区）、人员类别、文化程度、计算机能力、计算机证书、就业状态、备注"},
		{"bad quotes", "a.csv", header + "\n" + `"沈建国"x,"330`, "CSV 文件第 2 行格式错误，请用 Excel 打开后另存为 CSV"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ParseImportFile(tt.file, []byte(tt.data), Limits{})
			if err == nil {
				t.Fatalf("got %v, want error %s", rows, tt.want)
			}
			if skillcert.ErrorCode(err) != skillcert.EINVALID || skillcert.ErrorMessage(err) != tt.want {
				t.Errorf("err = %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestParseImportFileHeaderVariants(t *testing.T) {
	// Half-width brackets, slashes, required-column asterisks, aliases,
	// columns an export adds, an unnamed empty column, any order.
	data := "序号,*姓名, 身份证号 ,性别,镇(街道),村／社区,人员类型,学历,,就业情况,登记时间\n" +
		"1,沈建国,330483198503121011,男,乌镇镇,民合村,企业职工,高中,,在职,2024-01-01\n"
	rows, err := ParseImportFile("a.csv", []byte(data), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	assertRows(t, rows, []ImportRow{{2, vals("沈建国", "330483198503121011", "", "乌镇镇", "民合村", "企业职工", "高中", "", "", "在职", "")}})
}

func TestParseImportFileXLSXWithoutHeader(t *testing.T) {
	data := sheetXLSX(t, [][]any{{"名单"}, {"沈建国", "330483198503121011"}, {"姓名"}, {"身份证号码"}})
	_, err := ParseImportFile("a.xlsx", data, Limits{})
	if skillcert.ErrorMessage(err) != "没有找到表头行：前 10 行中没有同时包含“姓名”和“身份证号码”的行，请使用导入模板" {
		t.Errorf("err = %v", err)
	}
}
