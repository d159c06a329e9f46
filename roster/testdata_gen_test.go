package roster

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"flag"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// update rewrites the files in testdata/: go test -run TestWriteTestdata -update
var update = flag.Bool("update", false, "rewrite the files in testdata/")

// templateHeader is the header row of the import template.
func templateHeader() []string {
	h := make([]string, len(ImportFields))
	for i, f := range ImportFields {
		h[i] = f.Column()
	}
	return h
}

// TestWriteTestdata writes the static import files the other tests read.
// Every ID number in them is synthetic (桐乡 address code 330483) with a
// correct check character; every name is made up.
func TestWriteTestdata(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite testdata/")
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join("testdata", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("valid.xlsx", validXLSX(t))
	write("badrows.xlsx", badRowsXLSX(t))
	write("gbk.csv", gbkCSV(t))
	write("utf8bom.csv", utf8BOMCSV(t))
	write("duplicates.csv", duplicatesCSV(t))
	base := sheetXLSX(t, [][]any{anyRow(templateHeader()), anyRow(strings.Split("沈建国,330483198503121011,,乌镇镇,民合村,企业职工,高中,,,在职,", ","))})
	write("zipbomb.xlsx", zipBomb(t, base, 128<<20))
	write("lying.xlsx", lyingEntry(t, base, 4<<20))
}

func anyRow(cells []string) []any {
	out := make([]any, len(cells))
	for i, c := range cells {
		out[i] = c
	}
	return out
}

// sheetXLSX writes rows to the first sheet of a new workbook; a nil row
// stays empty.
func sheetXLSX(t *testing.T, rows [][]any, extraSheets ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		if row == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// validXLSX: a notes sheet first, then the data sheet with a title row,
// the header in its second row with columns reordered and half-width
// brackets, an empty row, the template's sample row, a row holding only a
// 序号 and a row whose 备注 was neutralized by SafeCell.
func validXLSX(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "说明"); err != nil {
		t.Fatal(err)
	}
	f.SetCellStr("说明", "A1", "本文件为测试数据，人员均为虚构。")
	f.SetCellStr("说明", "A2", "姓名和身份证号码见“人员名单”表。")
	if _, err := f.NewSheet("人员名单"); err != nil {
		t.Fatal(err)
	}
	sample := sampleRow()
	rows := [][]any{
		{"桐乡市劳动力资源登记表（测试数据，均为虚构）"},
		{"序号", "姓名", "身份证号", "镇(街道)", "村(社区)", "手机号码", "人员类别", "文化程度", "计算机能力", "计算机证书", "就业状态", "备注"},
		{"1", "沈建国", "330483198503121011", "乌镇镇", "民合村", "13905731234", "企业职工", "高中", "基本操作", "", "在职", ""},
		{"2", "钱丽华", "330483199207042022", "洲泉镇", "示例村", "", "被征地农民、就业困难人员", "初中", "无", "", "失业", ""},
		nil,
		{"3", "阿依古丽·买买提", "330483199802283031", "龙翔街道", "示例社区", "13800001111", "城镇零就业家庭,农村低保家庭", "大学专科", "有证书", "全国计算机等级考试一级", "灵活就业", SafeCell("=1+1 不是公式")},
		{"", sample[FieldName], sample[FieldIDNumber], sample[FieldTown], sample[FieldVillage], sample[FieldMobile], sample[FieldGroups], sample[FieldEducation], sample[FieldComputerLevel], sample[FieldComputerCert], sample[FieldEmployment], sample[FieldNotes]},
		{"4", " 李 伟 ", "33048319930818103x", "乌镇镇", "民合村", "139 0573 9999", "基层平台工作人员", "本科", "有证书", "计算机操作员四级", "在职", "人力社保协理员"},
		{"5"},
		{"6", "钱多多", "330483200002294045", "洲泉镇", "示例村", "", "企业退休人员", "小学", "", "", "退休", ""},
	}
	for i, row := range rows {
		if row == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("人员名单", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// badRowsXLSX: the template header, one good row, then one row per kind of
// fault (and one row with several).
func badRowsXLSX(t *testing.T) []byte {
	t.Helper()
	row := func(name, id, mobile, town, village, groups, edu, level, cert, emp, notes string) []any {
		return []any{name, id, mobile, town, village, groups, edu, level, cert, emp, notes}
	}
	ok := func(name, id string) []any {
		return row(name, id, "", "乌镇镇", "民合村", "企业职工", "高中", "", "", "在职", "")
	}
	with := func(r []any, f Field, v any) []any {
		r[indexOf(f)] = v
		return r
	}
	rows := [][]any{
		anyRow(templateHeader()),
		ok("沈建国", "330483198503121011"),                                             // 2 good
		ok("张3", "330483199001012012"),                                              // 3 name
		ok("王一", "33048319900102202"),                                               // 4 17 characters
		ok("王二", "330483199001032030"),                                              // 5 check character (want X)
		ok("王三", withCheck(t, "33048319990230204")),                                 // 6 30 February
		ok("王四", withCheck(t, "33048320300101205")),                                 // 7 in the future
		ok("王五", withCheck(t, "99048319900105205")),                                 // 8 address code
		with(ok("王六", ""), FieldIDNumber, 330483199001062060),                       // 9 typed into a number cell
		with(ok("王七", "330483199001072074"), FieldMobile, "1234567890"),             // 10 mobile
		with(with(ok("王八", "330483199001082088"), FieldTown, ""), FieldVillage, ""), // 11 town and village
		with(ok("王九", "330483199001092091"), FieldGroups, "农民"),                     // 12 unknown group
		with(ok("王十", "330483199001102106"), FieldGroups, "企业职工、企业职工"),              // 13 group twice
		with(ok("李一", "33048319900111211X"), FieldGroups, ""),                       // 14 no group
		with(ok("李二", "330483199001122123"), FieldEducation, "大学"),                  // 15 education
		with(ok("李三", "330483199001132137"), FieldComputerLevel, "有证书"),             // 16 certificate missing
		with(with(ok("李四", "330483199001142140"), FieldComputerLevel, "无"), FieldComputerCert, "全国计算机等级考试一级"), // 17 contradiction
		with(ok("李五", "330483199001152154"), FieldEmployment, "上班"),                                           // 18 employment
		with(ok("李六", "330483199001162168"), FieldNotes, strings.Repeat("注", 201)),                            // 19 notes
		row("", "330483199001172172", "", "乌镇镇", "民合村", "企业职工", "", "", "", "在职", ""),                         // 20 several faults
	}
	return sheetXLSX(t, rows)
}

func indexOf(f Field) int {
	for i, x := range ImportFields {
		if x == f {
			return i
		}
	}
	panic("no field " + f)
}

// gbkCSV is what Chinese Excel writes: GBK, CRLF, no BOM.
func gbkCSV(t *testing.T) []byte {
	t.Helper()
	text := strings.Join([]string{
		strings.Join(templateHeader(), ","),
		"徐建华,330483197611305059,13712345678,崇福镇,示例村,被征地农民,初中,无,,务农,",
		"褚秀兰,330483200109156064,,濮院镇,示例村,企业职工、就业困难人员,技校,基本操作,,在职,会说桐乡话",
		"屠甸镇人员,,,屠甸镇,示例村,企业职工,高中,,,在职,",
		"",
	}, "\r\n")
	data, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// utf8BOMCSV: BOM, header variants, optional columns absent, a quoted
// note spanning two lines and a blank line.
func utf8BOMCSV(t *testing.T) []byte {
	t.Helper()
	text := "\ufeff姓名,身份证号码,镇/街道,村/社区,人员类别,学历,就业状态,备注\n" +
		"蒋文,330483198704017077,梧桐街道,示例社区,企业职工,本科,在职,\"第一行\n第二行\"\n" +
		"吴芳,330483198703318089,凤鸣街道,示例社区,就业困难人员,中专,未就业,\n" +
		"\n" +
		"朱海,330483199506159095,高桥镇,示例村,企业职工,硕士,在职,\"'+86 号码\"\n"
	return []byte(text)
}

// duplicatesCSV: plain UTF-8; the same numbers several times.
func duplicatesCSV(t *testing.T) []byte {
	t.Helper()
	return []byte(strings.Join([]string{
		strings.Join(templateHeader(), ","),
		"甲一,330483198503121011,,乌镇镇,民合村,企业职工,高中,,,在职,",      // 2 first
		"乙二,33048319880505108X,,乌镇镇,民合村,企业职工,高中,,,在职,",      // 3 first
		"丙三,330483198503121011,,乌镇镇,民合村,企业职工,高中,,,在职,",      // 4 same as 2
		"丁四,33048319880505108x,,乌镇镇,民合村,企业职工,高中,,,在职,",      // 5 same as 3
		"戊五, 330483198503121011 ,,乌镇镇,民合村,企业职工,高中,,,在职,",    // 6 same as 2
		"己六,330483198503121012,,乌镇镇,民合村,企业职工,高中,,,在职,",      // 7 bad check, not compared
		"庚七,330483199506159095,12345,乌镇镇,民合村,企业职工,高中,,,在职,", // 8 first, bad mobile
		"辛八,330483199506159095,,乌镇镇,民合村,企业职工,高中,,,在职,",      // 9 same as 8
		"",
	}, "\n"))
}

// zipBomb keeps the workbook valid and adds to sheet1.xml `size` bytes of
// white space, honestly declared: a few hundred KB on disk.
func zipBomb(t *testing.T, xlsx []byte, size int) []byte {
	t.Helper()
	return rewriteSheet(t, xlsx, func(zw *zip.Writer, name string, content []byte) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		padded := padSheet(content, size)
		if _, err := io.Copy(w, padded); err != nil {
			t.Fatal(err)
		}
	})
}

// lyingEntry stores sheet1.xml padded with `size` bytes of white space
// but declares it 1,000 bytes long in the zip directory.
func lyingEntry(t *testing.T, xlsx []byte, size int) []byte {
	t.Helper()
	return rewriteSheet(t, xlsx, func(zw *zip.Writer, name string, content []byte) {
		var real bytes.Buffer
		if _, err := io.Copy(&real, padSheet(content, size)); err != nil {
			t.Fatal(err)
		}
		var comp bytes.Buffer
		fw, _ := flate.NewWriter(&comp, flate.BestCompression)
		fw.Write(real.Bytes())
		fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(real.Bytes()),
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: 1000,
		})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp.Bytes())
	})
}

// padSheet inserts white space after <sheetData>.
func padSheet(content []byte, size int) io.Reader {
	i := bytes.Index(content, []byte("<sheetData>"))
	if i < 0 {
		panic("no <sheetData> in sheet1.xml")
	}
	i += len("<sheetData>")
	return io.MultiReader(bytes.NewReader(content[:i]), io.LimitReader(spaces{}, int64(size)), bytes.NewReader(content[i:]))
}

type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// rewriteSheet copies the workbook, letting writeSheet store sheet1.xml.
func rewriteSheet(t *testing.T, xlsx []byte, writeSheet func(zw *zip.Writer, name string, content []byte)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == "xl/worksheets/sheet1.xml" {
			writeSheet(zw, zf.Name, content)
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
