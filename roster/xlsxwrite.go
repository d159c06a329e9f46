package roster

import (
	"github.com/xuri/excelize/v2"
)

// textFormat is the built-in number format "@": the cell holds text, so
// Excel keeps an ID number's 18 digits when someone edits it.
const textFormat = 49

// sheetStyles are the styles shared by the sheets this package writes.
type sheetStyles struct {
	header int // bold on a light fill
	text   int // plain text cell
}

func newSheetStyles(f *excelize.File) (sheetStyles, error) {
	header, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		NumFmt:    textFormat,
	})
	if err != nil {
		return sheetStyles{}, err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: textFormat})
	if err != nil {
		return sheetStyles{}, err
	}
	return sheetStyles{header: header, text: text}, nil
}

// streamTable writes a header and rows of strings to a sheet, every cell
// as a text cell passed through SafeCell, the header row frozen.
func streamTable(f *excelize.File, sheet string, header []string, widths []float64, rows func(yield func([]string) error) error) error {
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetColStyle(1, len(header), st.text); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	line := 1
	write := func(values []string, style int) error {
		cells := make([]any, len(values))
		for i, v := range values {
			cells[i] = excelize.Cell{StyleID: style, Value: SafeCell(v)}
		}
		cell, err := excelize.CoordinatesToCellName(1, line)
		if err != nil {
			return err
		}
		line++
		return sw.SetRow(cell, cells)
	}
	if err := write(header, st.header); err != nil {
		return err
	}
	if err := rows(func(values []string) error { return write(values, st.text) }); err != nil {
		return err
	}
	return sw.Flush()
}

// workbookBytes renames the default sheet, lets fill write the workbook
// and returns the file's bytes.
func workbookBytes(firstSheet string, fill func(f *excelize.File) error) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), firstSheet); err != nil {
		return nil, err
	}
	if err := fill(f); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
