package roster

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"skillcert"
)

// formulaStarts are the characters that make a spreadsheet read a cell as
// a formula (or, for tab and carriage return, hide one).
const formulaStarts = "=+-@\t\r"

// SafeCell neutralizes a text for a spreadsheet cell: a value starting
// with = + - @, a tab or a carriage return gets a leading single quote, so
// no formula ever runs (CSV injection). Import removes the quote again.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune(formulaStarts, rune(s[0])) {
		return "'" + s
	}
	return s
}

// ExportSheet is the name of the sheet an export writes.
const ExportSheet = "劳动力资源登记"

// exportHeader is the header of an export: the import columns plus the
// derived and system ones, which an import skips.
var exportHeader = []string{
	"序号", "姓名", "身份证号码", "性别", "出生日期", "手机号码", "镇（街道）", "村（社区）",
	"人员类别", "文化程度", "计算机能力", "计算机证书", "就业状态", "备注", "状态", "登记时间",
}

var exportWidths = []float64{6, 10, 21, 5, 11, 13, 14, 14, 24, 10, 10, 20, 10, 24, 8, 17}

// ExportOptions choose how ExportPersonsWith writes the list.
type ExportOptions struct {
	// ShowFullID writes whole ID numbers, for roles that may see them;
	// otherwise they are masked.
	ShowFullID bool
	// OrgName turns a town or village code into its name; nil writes the
	// codes.
	OrgName func(code string) string
}

// ExportPersons writes the list as an .xlsx file with Chinese headers; ID
// numbers are masked unless showFullID. Town and village are written as
// codes; use ExportPersonsWith to write names.
func ExportPersons(persons []Person, showFullID bool) ([]byte, error) {
	return ExportPersonsWith(persons, ExportOptions{ShowFullID: showFullID})
}

// ExportPersonsWith writes the list as an .xlsx file. Every cell is a text
// cell passed through SafeCell, never a formula. With whole ID numbers and
// names for org units, the file imports back unchanged.
func ExportPersonsWith(persons []Person, opt ExportOptions) ([]byte, error) {
	orgName := opt.OrgName
	if orgName == nil {
		orgName = func(code string) string { return code }
	}
	data, err := workbookBytes(ExportSheet, func(f *excelize.File) error {
		return streamTable(f, ExportSheet, exportHeaderFor(opt.ShowFullID), exportWidths, func(yield func([]string) error) error {
			for i := range persons {
				if err := yield(exportRow(i+1, &persons[i], opt.ShowFullID, orgName)); err != nil {
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

func exportRow(n int, p *Person, fullID bool, orgName func(string) string) []string {
	id := p.IDMasked
	if fullID {
		id = p.IDNumber
	}
	if id == "" {
		id = skillcert.MaskIDNumber(p.IDNumber)
	}
	groups := make([]string, len(p.Groups))
	for i, g := range p.Groups {
		groups[i] = g.Label()
	}
	var birth, created string
	if !p.BirthDate.IsZero() {
		birth = p.BirthDate.String()
	}
	if !fullID {
		birth = birthYearCell(p)
	}
	if !p.CreatedAt.IsZero() {
		created = p.CreatedAt.In(shanghai).Format("2006-01-02 15:04")
	}
	level := ""
	if p.ComputerSkill.Level != "" {
		level = p.ComputerSkill.Level.Label()
	}
	return []string{
		strconv.Itoa(n), p.Name, id, p.Gender.Label(), birth, p.Mobile,
		orgName(p.Town), orgName(p.Village), strings.Join(groups, "、"), p.Education.Label(),
		level, p.ComputerSkill.CertName, p.Employment.Label(), p.Notes, p.Status.Label(), created,
	}
}
