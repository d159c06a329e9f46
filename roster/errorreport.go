package roster

import (
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"

	"skillcert"
)

// errorReportSheet is the name of the error report's sheet.
const errorReportSheet = "错误明细"

var errorReportHeader = []string{"行号", "列", "原因", "姓名", "身份证号码（已隐去中间8位）", "镇（街道）", "村（社区）"}

var errorReportWidths = []float64{8, 14, 60, 12, 24, 14, 14}

// ErrorReport writes the faults of an import as an .xlsx file, one line
// per fault sorted by row: 行号, 列, 原因, followed by the row's name, masked
// ID number, town and village so the user can find the person. Values from
// the file pass through SafeCell.
func ErrorReport(errs []RowError) ([]byte, error) {
	sorted := slices.Clone(errs)
	SortRowErrors(sorted)
	data, err := workbookBytes(errorReportSheet, func(f *excelize.File) error {
		return streamTable(f, errorReportSheet, errorReportHeader, errorReportWidths, func(yield func([]string) error) error {
			for _, e := range sorted {
				line := ""
				if e.Line > 0 {
					line = strconv.Itoa(e.Line)
				}
				v := e.Values
				row := []string{line, e.Column, e.Message, v[FieldName], skillcert.MaskIDNumber(v[FieldIDNumber]), v[FieldTown], v[FieldVillage]}
				if err := yield(row); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return nil, skillcert.Internal(err)
	}
	return data, nil
}
