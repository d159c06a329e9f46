package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"skillcert"
)

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
)

// decodeCSVText returns the file as UTF-8: a UTF-8 file (with or without
// BOM) as it is, anything else read as GB18030, the superset of the GBK
// that Chinese Excel writes.
func decodeCSVText(data []byte) ([]byte, error) {
	if bytes.HasPrefix(data, utf8BOM) {
		return data[len(utf8BOM):], nil
	}
	if bytes.HasPrefix(data, utf16LEBOM) || bytes.HasPrefix(data, utf16BEBOM) {
		return nil, skillcert.Errorf(skillcert.EINVALID, "不支持 UTF-16（Unicode 文本）编码的文件，请在 Excel 中另存为“CSV（逗号分隔）”或 .xlsx")
	}
	if utf8.Valid(data) {
		return data, nil
	}
	text, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return nil, &skillcert.Error{Code: skillcert.EINVALID, Message: "无法识别文件的文字编码，请另存为 UTF-8 或 GBK 编码的 CSV 文件", Err: err}
	}
	return text, nil
}

// readCSV feeds the records of a CSV file to b. Row numbers are those a
// spreadsheet shows: blank lines count, and a quoted cell spanning several
// lines stays one row.
func readCSV(data []byte, lim Limits) ([]ImportRow, error) {
	text, err := decodeCSVText(data)
	if err != nil {
		return nil, err
	}
	b := &tableBuilder{lim: lim}
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	extraLines := 0 // line breaks inside quoted cells of earlier records
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine - extraLines
			}
			return nil, &skillcert.Error{Code: skillcert.EINVALID, Message: fmt.Sprintf("CSV 文件第 %d 行格式错误，请用 Excel 打开后另存为 CSV", line), Err: err}
		}
		start, _ := r.FieldPos(0)
		line := start - extraLines
		for _, f := range rec {
			extraLines += strings.Count(f, "\n")
		}
		if err := b.add(line, rec); err != nil {
			return nil, err
		}
	}
	return b.finish()
}
