package roster

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"skillcert"
)

// ImportRow is one non-empty data row of an import file.
type ImportRow struct {
	Line   int              `json:"line"` // the row number the user sees in the spreadsheet
	Values map[Field]string `json:"values"`
}

// SampleRowMarker fills the 备注 cell of the template's sample row; a row
// carrying it is skipped on import, so a forgotten sample never becomes a
// person.
const SampleRowMarker = "示例：导入前请删除此行"

// headerScanRows is how many non-empty rows may stand above the header
// (a title, a note) before the file is refused.
const headerScanRows = 10

// errNoHeader says the rows seen so far hold no header row.
var errNoHeader = errors.New("no header row")

// ParseImportFile reads an import file (.xlsx or .csv, chosen by the
// name's extension) into rows. The header row is the first of the first
// ten non-empty rows that has both 姓名 and 身份证号码; rows above it are
// ignored. Columns are matched by header, so their order is free; unknown
// headers and missing required columns are refused. Empty rows and the
// template's sample row are skipped. Files beyond lim (zero fields take
// DefaultLimits) are refused with ETOOLARGE; other faults are EINVALID.
func ParseImportFile(name string, data []byte, lim Limits) ([]ImportRow, error) {
	lim = lim.withDefaults()
	if int64(len(data)) > lim.MaxBytes {
		return nil, skillcert.Errorf(skillcert.ETOOLARGE, "文件大小 %s 超过上限 %s", formatSize(int64(len(data))), formatSize(lim.MaxBytes))
	}
	if len(data) == 0 {
		return nil, skillcert.Errorf(skillcert.EINVALID, "文件是空的")
	}
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		ext = strings.ToLower(name[i:])
	}
	var rows []ImportRow
	var err error
	switch ext {
	case ".xlsx":
		rows, err = readXLSX(data, lim)
	case ".csv":
		rows, err = readCSV(data, lim)
	case ".xls":
		return nil, skillcert.Errorf(skillcert.EINVALID, "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入")
	default:
		return nil, skillcert.Errorf(skillcert.EINVALID, "只能导入 .xlsx 或 .csv 文件，不能导入“%s”", name)
	}
	if errors.Is(err, errNoHeader) {
		return nil, skillcert.Errorf(skillcert.EINVALID,
			"没有找到表头行：前 %d 行中没有同时包含“姓名”和“身份证号码”的行，请使用导入模板", headerScanRows)
	}
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// tableBuilder turns the raw rows of one sheet into ImportRows.
type tableBuilder struct {
	lim     Limits
	columns map[int]Field // column index → field, once the header is found
	scanned int           // non-empty rows seen while looking for the header
	rows    []ImportRow
}

// add takes the next row of the sheet; line is its row number.
func (b *tableBuilder) add(line int, cells []string) error {
	for i, c := range cells {
		cells[i] = cleanCell(c)
	}
	if isEmpty(cells) {
		return nil
	}
	if b.columns == nil {
		if !isHeaderRow(cells) {
			if b.scanned++; b.scanned >= headerScanRows {
				return errNoHeader
			}
			return nil
		}
		cols, err := parseHeader(cells)
		if err != nil {
			return err
		}
		b.columns = cols
		return nil
	}
	values := make(map[Field]string, len(b.columns))
	for i, f := range b.columns {
		if i < len(cells) && cells[i] != "" {
			values[f] = unquoteCell(cells[i])
		}
	}
	if len(values) == 0 || values[FieldNotes] == SampleRowMarker {
		return nil
	}
	if int64(len(b.rows)) >= b.lim.MaxRows {
		return skillcert.Errorf(skillcert.ETOOLARGE, "数据超过 %d 行的上限，请拆分成几个文件分别导入", b.lim.MaxRows)
	}
	b.rows = append(b.rows, ImportRow{Line: line, Values: values})
	return nil
}

// idColumn is the index of the ID number column, or -1 before the header
// row is found.
func (b *tableBuilder) idColumn() int {
	for i, f := range b.columns {
		if f == FieldIDNumber {
			return i
		}
	}
	return -1
}

// finish returns the rows once a header and at least one data row were
// found.
func (b *tableBuilder) finish() ([]ImportRow, error) {
	if b.columns == nil {
		return nil, errNoHeader
	}
	if len(b.rows) == 0 {
		return nil, skillcert.Errorf(skillcert.EINVALID, "文件中没有人员数据：表头下面没有填写任何一行")
	}
	return b.rows, nil
}

// cleanCell trims spaces, including full-width and zero-width ones.
func cleanCell(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
	})
}

// unquoteCell undoes SafeCell, so an exported file imports unchanged.
func unquoteCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune(formulaStarts, rune(s[1])) {
		return s[1:]
	}
	return s
}

func isEmpty(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

// isHeaderRow reports whether the row names both 姓名 and 身份证号码.
func isHeaderRow(cells []string) bool {
	var name, id bool
	for _, c := range cells {
		switch headerAliases[headerKey(c)] {
		case FieldName:
			name = true
		case FieldIDNumber:
			id = true
		}
	}
	return name && id
}

// parseHeader maps the header cells to fields. Empty header cells and the
// columns an export adds (序号, 性别, …) are ignored; any other unknown
// header, a column given twice and a missing required column are faults,
// all reported together.
func parseHeader(cells []string) (map[int]Field, error) {
	cols := make(map[int]Field, len(cells))
	where := make(map[Field]int, len(cells))
	var faults, unknown []string
	for i, c := range cells {
		key := headerKey(c)
		if key == "" || ignoredHeaders[key] {
			continue
		}
		f, ok := headerAliases[key]
		if !ok {
			unknown = append(unknown, fmt.Sprintf("“%s”（%s 列）", c, columnName(i)))
			continue
		}
		if j, dup := where[f]; dup {
			faults = append(faults, fmt.Sprintf("“%s”列出现了两次（%s 列和 %s 列）", f.Column(), columnName(j), columnName(i)))
			continue
		}
		where[f] = i
		cols[i] = f
	}
	if len(unknown) > 0 {
		var known []string
		for _, f := range ImportFields {
			known = append(known, f.Column())
		}
		faults = append(faults, fmt.Sprintf("无法识别的列：%s，可用的列：%s", strings.Join(unknown, "、"), strings.Join(known, "、")))
	}
	var missing []string
	for _, f := range ImportFields {
		if _, ok := where[f]; !ok && f.Required() {
			missing = append(missing, "“"+f.Column()+"”")
		}
	}
	if len(missing) > 0 {
		faults = append(faults, "缺少必填列："+strings.Join(missing, "、"))
	}
	if len(faults) > 0 {
		return nil, skillcert.Errorf(skillcert.EINVALID, "表头有误：%s", strings.Join(faults, "；"))
	}
	return cols, nil
}

// columnName is the spreadsheet letter of a 0-based column index.
func columnName(i int) string {
	name, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return fmt.Sprintf("第%d", i+1)
	}
	return name
}
