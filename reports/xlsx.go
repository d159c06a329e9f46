package reports

import (
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// safeText keeps a cell from being read as a formula by a spreadsheet.
func safeText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteXLSX writes the tables to an .xlsx workbook, one sheet each, with
// the same cells the page shows: counts as numbers, rates as the text
// shown. Above each table its title and the note (as-of time, period).
func WriteXLSX(w io.Writer, note string, tables []Table) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, t := range tables {
		sheet := sheetName(i, t.Title)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		if err := f.SetSheetRow(sheet, "A1", &[]any{safeText(t.Title)}); err != nil {
			return err
		}
		if err := f.SetSheetRow(sheet, "A2", &[]any{safeText(note)}); err != nil {
			return err
		}
		head := make([]any, len(t.Header))
		for k, h := range t.Header {
			head[k] = h
		}
		if err := f.SetSheetRow(sheet, "A4", &head); err != nil {
			return err
		}
		if err := f.SetRowStyle(sheet, 4, 4, bold); err != nil {
			return err
		}
		for r, row := range t.Rows {
			vals := make([]any, len(row))
			for k, c := range row {
				if c.Num != nil {
					vals[k] = *c.Num
				} else {
					vals[k] = safeText(c.Text)
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, 5+r)
			if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
				return err
			}
		}
		_ = f.SetColWidth(sheet, "A", "A", 24)
		_ = f.SetColWidth(sheet, "B", "H", 14)
	}
	return f.Write(w)
}

// sheetName is a valid, unique sheet name (≤ 31 characters, no []:*?/\).
func sheetName(i int, title string) string {
	r := []rune(strings.Map(func(c rune) rune {
		if strings.ContainsRune(`[]:*?/\`, c) {
			return '-'
		}
		return c
	}, title))
	if p := strings.IndexRune(string(r), '（'); p > 0 {
		r = []rune(string(r)[:p])
	}
	if len(r) > 26 {
		r = r[:26]
	}
	return string(r) + "_" + string(rune('1'+i))
}

// OutreachTable is an outreach list as a table, every page of it.
func OutreachTable(title string, rows []OutreachRow) Table {
	t := Table{Key: "outreach", Title: title, Header: []string{"序号", "姓名", "身份证号（已隐藏）"}}
	for i, r := range rows {
		t.Rows = append(t.Rows, []Cell{num(int64(i + 1)), text(r.Name), text(r.IDMasked)})
	}
	return t
}
