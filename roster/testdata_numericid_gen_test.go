package roster

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriteNumericIDTestdata writes numericid.xlsx and exponent.csv: ID
// numbers typed into number cells, as Excel stores an 18-digit number
// typed without a leading apostrophe. Run with -update.
func TestWriteNumericIDTestdata(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite testdata/")
	}
	if err := os.WriteFile(filepath.Join("testdata", "numericid.xlsx"), numericIDXLSX(t), 0o644); err != nil {
		t.Fatal(err)
	}
	csv := strings.Join(templateHeader(), ",") + "\r\n" +
		"沈建国,330483198503121011,,乌镇镇,民合村,企业职工,高中,,,在职,\r\n" +
		"王一,3.30483E+17,,乌镇镇,民合村,企业职工,高中,,,在职,\r\n" +
		"王二,3.30483199001062E17,,乌镇镇,民合村,企业职工,高中,,,在职,\r\n"
	if err := os.WriteFile(filepath.Join("testdata", "exponent.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
}

// numericIDTruncated is an 18-digit ID number whose last three digits are
// zero and whose check character is right: what a number cell holding
// 3304831990011060xx shows with number format 0 passes the check, so only
// the cell's type can tell it was mangled.
const numericIDTruncated = "330483199001106000"

// numericIDXLSX: one text ID, then number cells with the formats Excel
// users apply: 0 (built-in 1), General, #,##0 and a custom "000000000000000000".
func numericIDXLSX(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	header := templateHeader()
	if err := f.SetSheetRow("Sheet1", "A1", &header); err != nil {
		t.Fatal(err)
	}
	row := func(line int, name string, id any) {
		cells := []any{name, id, "", "乌镇镇", "民合村", "企业职工", "高中", "", "", "在职", ""}
		cell, _ := excelize.CoordinatesToCellName(1, line)
		if err := f.SetSheetRow("Sheet1", cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	style := func(line int, s *excelize.Style) {
		id, err := f.NewStyle(s)
		if err != nil {
			t.Fatal(err)
		}
		cell, _ := excelize.CoordinatesToCellName(indexOf(FieldIDNumber)+1, line)
		if err := f.SetCellStyle("Sheet1", cell, cell, id); err != nil {
			t.Fatal(err)
		}
	}
	zeros := "000000000000000000"
	row(2, "沈建国", "330483198503121011")
	row(3, "王一", 330483199001106000) // format 0: shows 330483199001106000, check passes
	style(3, &excelize.Style{NumFmt: 1})
	row(4, "王二", 330483199001062060) // format 0: shows 330483199001062000
	style(4, &excelize.Style{NumFmt: 1})
	row(5, "王三", 330483199001072074) // General
	row(6, "王四", 330483199001082088) // #,##0
	style(6, &excelize.Style{NumFmt: 3})
	row(7, "王五", 330483199001092091) // custom 18 zeros
	style(7, &excelize.Style{CustomNumFmt: &zeros})
	row(8, "王六", 0) // a zero
	style(8, &excelize.Style{NumFmt: 1})
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
