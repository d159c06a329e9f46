package roster

import (
	"strings"
	"unicode"
)

// Field names an input of a person record: the JSON name of the form field
// and the key of an imported row's values.
type Field string

// The fields a user types or imports.
const (
	FieldName          Field = "name"
	FieldIDNumber      Field = "idNumber"
	FieldMobile        Field = "mobile"
	FieldTown          Field = "town"
	FieldVillage       Field = "village"
	FieldGroups        Field = "groups"
	FieldEducation     Field = "education"
	FieldComputerLevel Field = "computerLevel"
	FieldComputerCert  Field = "computerCert"
	FieldEmployment    Field = "employment"
	FieldNotes         Field = "notes"
)

// ImportFields lists the fields in the column order of the import
// template.
var ImportFields = []Field{
	FieldName, FieldIDNumber, FieldMobile, FieldTown, FieldVillage, FieldGroups,
	FieldEducation, FieldComputerLevel, FieldComputerCert, FieldEmployment, FieldNotes,
}

// Column is the field's column header in the import template.
func (f Field) Column() string {
	switch f {
	case FieldName:
		return "姓名"
	case FieldIDNumber:
		return "身份证号码"
	case FieldMobile:
		return "手机号码"
	case FieldTown:
		return "镇（街道）"
	case FieldVillage:
		return "村（社区）"
	case FieldGroups:
		return "人员类别"
	case FieldEducation:
		return "文化程度"
	case FieldComputerLevel:
		return "计算机能力"
	case FieldComputerCert:
		return "计算机证书"
	case FieldEmployment:
		return "就业状态"
	case FieldNotes:
		return "备注"
	}
	return string(f)
}

// Required reports whether a file must have the field's column and each
// record must fill it.
func (f Field) Required() bool {
	switch f {
	case FieldName, FieldIDNumber, FieldTown, FieldVillage, FieldGroups, FieldEducation, FieldEmployment:
		return true
	}
	return false
}

// headerAliases maps normalized header texts to fields. Keys are written
// as headerKey leaves them: no spaces, brackets, slashes or asterisks.
var headerAliases = map[string]Field{
	"姓名":      FieldName,
	"身份证号码":   FieldIDNumber,
	"身份证号":    FieldIDNumber,
	"身份证":     FieldIDNumber,
	"公民身份号码":  FieldIDNumber,
	"居民身份证号码": FieldIDNumber,
	"手机号码":    FieldMobile,
	"手机号":     FieldMobile,
	"手机":      FieldMobile,
	"联系电话":    FieldMobile,
	"镇街道":     FieldTown,
	"镇街":      FieldTown,
	"镇":       FieldTown,
	"所属镇街道":   FieldTown,
	"村社区":     FieldVillage,
	"村":       FieldVillage,
	"所属村社区":   FieldVillage,
	"人员类别":    FieldGroups,
	"人员类型":    FieldGroups,
	"文化程度":    FieldEducation,
	"学历":      FieldEducation,
	"计算机能力":   FieldComputerLevel,
	"计算机水平":   FieldComputerLevel,
	"计算机证书":   FieldComputerCert,
	"计算机证书名称": FieldComputerCert,
	"就业状态":    FieldEmployment,
	"就业情况":    FieldEmployment,
	"备注":      FieldNotes,
}

// ignoredHeaders are columns an export carries that import skips, being
// derived or kept by the system.
var ignoredHeaders = map[string]bool{
	"序号": true, "性别": true, "出生日期": true, "年龄": true,
	"状态": true, "登记状态": true, "登记时间": true, "更新时间": true,
}

// headerKey normalizes a header cell: spaces, brackets of either width,
// slashes and the asterisks that mark required columns are dropped, so
// "镇(街道)", "镇（街道）" and "*镇/街道" are the same.
func headerKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune("()（）[]【】/／*＊", r) {
			return -1
		}
		return r
	}, s)
}
