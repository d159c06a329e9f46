package roster

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"skillcert"
)

// oleMagic opens legacy .xls files and encrypted workbooks.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// maxZipEntries bounds the parts of a workbook; real ones have dozens.
const maxZipEntries = 1000

// readXLSX reads the rows of the first sheet that has a header row.
//
// Before excelize sees the file, checkZip reads the zip central directory
// and refuses the file when its entries declare more than
// lim.MaxUncompressed bytes in total, then inflates every entry once into
// io.Discard to prove it holds exactly what it declares. (excelize drops
// read errors, so a lying entry would otherwise become a silently
// truncated sheet.)
func readXLSX(data []byte, lim Limits) ([]ImportRow, error) {
	if bytes.HasPrefix(data, oleMagic) {
		return nil, skillcert.Errorf(skillcert.EINVALID, "这是旧版 .xls 文件或加密的 Excel 文件，请在 Excel 中另存为不加密的 .xlsx 后再导入")
	}
	if err := checkZip(data, lim); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    lim.MaxUncompressed,
		UnzipXMLSizeLimit: min(lim.MaxUncompressed, 16<<20),
	})
	if err != nil {
		return nil, damagedXLSX(err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := readSheet(f, sheet, lim)
		if errors.Is(err, errNoHeader) {
			continue
		}
		return rows, err
	}
	return nil, errNoHeader
}

// readSheet reads the rows of one sheet; errNoHeader when it has no
// header row.
func readSheet(f *excelize.File, sheet string, lim Limits) ([]ImportRow, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, damagedXLSX(err)
	}
	defer rows.Close()
	b := &tableBuilder{lim: lim}
	line := 0
	for rows.Next() {
		line++
		cells, err := rows.Columns()
		if err != nil {
			return nil, damagedXLSX(err)
		}
		if err := markNumericID(f, sheet, line, b.idColumn(), cells); err != nil {
			return nil, err
		}
		if err := b.add(line, cells); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, damagedXLSX(err)
	}
	return b.finish()
}

// markNumericID replaces the value of a data row's ID cell by its number
// in exponent form (3.30483199001062E+17) when the cell is not text: a
// number cell, whatever its number format, holds at most 15 significant
// digits, so what it shows may be a different person's ID number (with a
// right check character about one time in eleven). The exponent form is
// what the ID parser refuses with the "saved as a number" reason. col < 0
// means the header has not been found yet.
func markNumericID(f *excelize.File, sheet string, line, col int, cells []string) error {
	if col < 0 || col >= len(cells) || cleanCell(cells[col]) == "" {
		return nil
	}
	ref, err := excelize.CoordinatesToCellName(col+1, line)
	if err != nil {
		return damagedXLSX(err)
	}
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		return damagedXLSX(err)
	}
	switch typ {
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString, excelize.CellTypeFormula:
		return nil // text (a formula cell typed "str" holds a text result)
	}
	raw, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		return damagedXLSX(err)
	}
	if v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64); err == nil {
		cells[col] = excelExponent(v)
	} else {
		cells[col] = "0E+0" // a boolean, error or date cell: not text either
	}
	return nil
}

// excelExponent writes v as Excel's General format shows a large number:
// 15 significant digits in exponent form, trailing zeros dropped.
func excelExponent(v float64) string {
	s := strconv.FormatFloat(v, 'E', 14, 64)
	mant, exp, _ := strings.Cut(s, "E")
	if strings.Contains(mant, ".") {
		mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
	}
	return mant + "E" + exp
}

// checkZip refuses a workbook whose zip entries declare more than the
// limit in total or that has too many entries, and then one whose entries
// do not inflate to their declared size with a matching checksum. The
// inflating is streamed and capped at each entry's declared size plus one
// byte, so the work never exceeds the limit.
func checkZip(data []byte, lim Limits) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return damagedXLSX(err)
	}
	if len(zr.File) > maxZipEntries {
		return skillcert.Errorf(skillcert.ETOOLARGE, "文件包含的部件过多（%d 个），不像正常的 Excel 表格", len(zr.File))
	}
	limit := uint64(lim.MaxUncompressed)
	var total uint64
	for _, zf := range zr.File {
		if zf.UncompressedSize64 > limit-total {
			return skillcert.Errorf(skillcert.ETOOLARGE, "文件解压后超过 %s 的上限，不像正常的 Excel 表格，请检查后重新保存", formatSize(lim.MaxUncompressed))
		}
		total += zf.UncompressedSize64
	}
	for _, zf := range zr.File {
		if err := checkEntry(zf); err != nil {
			return damagedXLSX(err)
		}
	}
	return nil
}

// checkEntry inflates one entry and fails unless it yields exactly its
// declared size with the right checksum.
func checkEntry(zf *zip.File) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, io.LimitReader(rc, int64(zf.UncompressedSize64)+1))
	if err != nil {
		return err
	}
	if uint64(n) != zf.UncompressedSize64 {
		return fmt.Errorf("zip entry %s: %d bytes, declared %d", zf.Name, n, zf.UncompressedSize64)
	}
	return nil
}

func damagedXLSX(err error) *skillcert.Error {
	return &skillcert.Error{Code: skillcert.EINVALID, Message: "无法读取该 .xlsx 文件，文件可能已损坏，请用 Excel 打开后重新保存", Err: err}
}
