package roster

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"skillcert"
)

// ImportSheet is the name of the template's data sheet.
const ImportSheet = "劳动力资源登记"

// instructionsSheet is the name of the template's instructions sheet.
const instructionsSheet = "填写说明"

// templateRows is how far down the template's drop-down lists reach.
const templateRows = 20001

// sampleRow is the template's example; its 备注 holds SampleRowMarker so
// an import skips it. The ID number is synthetic (桐乡 address code).
func sampleRow() map[Field]string {
	first17 := "33048319900101123"
	return map[Field]string{
		FieldName:          "张小明",
		FieldIDNumber:      first17 + string(IDCheckChar(first17)),
		FieldMobile:        "13800000000",
		FieldTown:          "乌镇镇",
		FieldVillage:       "示例村",
		FieldGroups:        GroupEnterpriseWorker.Label() + "、" + GroupLandlessFarmer.Label(),
		FieldEducation:     EduSeniorHigh.Label(),
		FieldComputerLevel: ComputerCertified.Label(),
		FieldComputerCert:  "全国计算机等级考试一级",
		FieldEmployment:    FlexibleStatus.Label(),
		FieldNotes:         SampleRowMarker,
	}
}

// fieldHelp explains each column on the instructions sheet.
func fieldHelp(f Field) string {
	switch f {
	case FieldName:
		return fmt.Sprintf("%d到%d个字，只能包含汉字、字母和“·”（如 阿依古丽·买买提）", minNameLen, maxNameLen)
	case FieldIDNumber:
		return "18位居民身份证号码，末位X大小写均可。请保持该列为文本格式，以免 Excel 把号码改成科学计数法。出生日期和性别由号码得出，无需填写"
	case FieldMobile:
		return "1开头的11位手机号码"
	case FieldTown:
		return "填写名称，如 乌镇镇、洲泉镇、龙翔街道"
	case FieldVillage:
		return "填写名称，须是所填镇（街道）下属的村（社区）"
	case FieldGroups:
		return "可填多个，用“、”分隔。可填写：" + labels(TargetGroups, TargetGroup.Label)
	case FieldEducation:
		return "可填写：" + labels(Educations, Education.Label) + "（“大学专科”“高职”按大专，也可写“硕士”“博士”）"
	case FieldComputerLevel:
		return "可填写：" + labels(ComputerLevels, ComputerLevel.Label) + "；选“有证书”时须填写计算机证书"
	case FieldComputerCert:
		return fmt.Sprintf("证书名称，如 全国计算机等级考试一级，不超过%d个字", maxCertName)
	case FieldEmployment:
		return "可填写：" + labels(EmploymentStatuses, EmploymentStatus.Label)
	case FieldNotes:
		return fmt.Sprintf("不超过%d个字", maxNotesLen)
	}
	return ""
}

func requirement(f Field) string {
	switch {
	case f.Required():
		return "必填"
	case f == FieldComputerCert:
		return "有证书时必填"
	}
	return "选填"
}

// ImportTemplate returns the import template: a data sheet with the header
// row, one sample row (skipped on import) and drop-down lists, and an
// instructions sheet listing the allowed values of every column.
func ImportTemplate() ([]byte, error) {
	data, err := workbookBytes(ImportSheet, func(f *excelize.File) error {
		if err := writeTemplateSheet(f); err != nil {
			return err
		}
		return writeInstructions(f)
	})
	if err != nil {
		return nil, skillcert.Internal(err)
	}
	return data, nil
}

func writeTemplateSheet(f *excelize.File) error {
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	required, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "#C00000"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		NumFmt:    textFormat,
	})
	if err != nil {
		return err
	}
	sample, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "#808080"}, NumFmt: textFormat})
	if err != nil {
		return err
	}
	last := columnName(len(ImportFields) - 1)
	if err := f.SetColStyle(ImportSheet, "A:"+last, st.text); err != nil {
		return err
	}
	example := sampleRow()
	for i, fld := range ImportFields {
		col := columnName(i)
		width := 14.0
		switch fld {
		case FieldIDNumber, FieldGroups, FieldComputerCert, FieldNotes:
			width = 24
		}
		if err := f.SetColWidth(ImportSheet, col, col, width); err != nil {
			return err
		}
		style := st.header
		if fld.Required() {
			style = required
		}
		if err := setTextCell(f, ImportSheet, col+"1", fld.Column(), style); err != nil {
			return err
		}
		if err := setTextCell(f, ImportSheet, col+"2", example[fld], sample); err != nil {
			return err
		}
	}
	if err := f.SetPanes(ImportSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	lists := map[Field][]string{
		FieldEducation:     labelList(Educations, Education.Label),
		FieldComputerLevel: labelList(ComputerLevels, ComputerLevel.Label),
		FieldEmployment:    labelList(EmploymentStatuses, EmploymentStatus.Label),
	}
	for i, fld := range ImportFields {
		keys, ok := lists[fld]
		if !ok {
			continue
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%[1]s2:%[1]s%d", columnName(i), templateRows))
		if err := dv.SetDropList(keys); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleWarning, fld.Column(), "请从下拉列表中选择："+strings.Join(keys, "、"))
		if err := f.AddDataValidation(ImportSheet, dv); err != nil {
			return err
		}
	}
	return nil
}

func writeInstructions(f *excelize.File) error {
	if _, err := f.NewSheet(instructionsSheet); err != nil {
		return err
	}
	st, err := newSheetStyles(f)
	if err != nil {
		return err
	}
	rows := [][]string{{"列名", "是否必填", "填写说明"}}
	for _, fld := range ImportFields {
		rows = append(rows, []string{fld.Column(), requirement(fld), fieldHelp(fld)})
	}
	rows = append(rows,
		[]string{},
		[]string{"注意事项"},
		[]string{"1", "", "第2行是示例（备注为“" + SampleRowMarker + "”），导入时会被跳过，请删除后再填写。"},
		[]string{"2", "", "列的顺序可以调整，但表头文字请勿修改；不需要的选填列可以删除。"},
		[]string{"3", "", fmt.Sprintf("每个文件最多 %d 行数据，大小不超过 %s；可导入 .xlsx 文件或 .csv 文件（UTF-8 或 GBK 编码）。", DefaultLimits.MaxRows, formatSize(DefaultLimits.MaxBytes))},
		[]string{"4", "", "同一文件中身份证号码重复的，以先出现的一行为准，后面的行会报错，不会导入。"},
		[]string{"5", "", "导入前会逐行检查，有错误时可下载错误报告，按行号和原因改正后重新导入。"},
	)
	for r, row := range rows {
		for c, v := range row {
			style := st.text
			if r == 0 {
				style = st.header
			}
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			if err := setTextCell(f, instructionsSheet, cell, v, style); err != nil {
				return err
			}
		}
	}
	if err := f.SetColWidth(instructionsSheet, "A", "A", 14); err != nil {
		return err
	}
	if err := f.SetColWidth(instructionsSheet, "B", "B", 14); err != nil {
		return err
	}
	return f.SetColWidth(instructionsSheet, "C", "C", 90)
}

// setTextCell writes a string cell through SafeCell with a style.
func setTextCell(f *excelize.File, sheet, cell, value string, style int) error {
	if err := f.SetCellStr(sheet, cell, SafeCell(value)); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, cell, cell, style)
}

func labelList[T ~string](all []T, label func(T) string) []string {
	out := make([]string, len(all))
	for i, v := range all {
		out[i] = label(v)
	}
	return out
}
