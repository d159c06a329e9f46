package roster

import (
	"fmt"
	"sort"
	"time"
)

// RowError is one fault of one row of an import file.
type RowError struct {
	Line    int              `json:"line"`             // the row number the user sees
	Field   Field            `json:"field,omitempty"`  // "" for a fault of the whole row
	Column  string           `json:"column,omitempty"` // the Chinese column header
	Message string           `json:"message"`          // the reason, in Chinese
	Values  map[Field]string `json:"-"`                // the row as read, for the error report
}

// ValidRow is a row that passed every check, with the person it
// describes. Town and Village still hold the names from the file.
type ValidRow struct {
	Line   int    `json:"line"`
	Person Person `json:"person"`
}

// RowToInput reads a row's values into a PersonInput; the 人员类别 cell is
// split into its groups.
func RowToInput(row ImportRow) PersonInput {
	v := row.Values
	return PersonInput{
		Name:          v[FieldName],
		IDNumber:      v[FieldIDNumber],
		Mobile:        v[FieldMobile],
		Town:          v[FieldTown],
		Village:       v[FieldVillage],
		Groups:        SplitGroups(v[FieldGroups]),
		Education:     v[FieldEducation],
		ComputerLevel: v[FieldComputerLevel],
		ComputerCert:  v[FieldComputerCert],
		Employment:    v[FieldEmployment],
		Notes:         v[FieldNotes],
	}
}

// CheckRows validates every row and the file as a whole. A row with any
// fault is left out of valid and each fault is reported; errs are sorted
// by row, then by column order.
//
// Duplicates within the file: the first row carrying an ID number keeps
// it, even when that row has other faults, and every later row with the
// same number is refused with 相同身份证号码已在第 N 行出现 (N being that
// first row). Importing the later row instead would silently replace what
// the user most likely typed first; refusing it lets them decide.
func CheckRows(rows []ImportRow, today time.Time) (valid []ValidRow, errs []RowError) {
	dups := make(map[int]RowError)
	for _, d := range DuplicateIDRows(rows, today) {
		dups[d.Line] = d
	}
	for _, row := range rows {
		p, err := RowToInput(row).Validate(today)
		fe, _ := err.(FieldErrors)
		d, dup := dups[row.Line]
		if len(fe) == 0 && !dup {
			valid = append(valid, ValidRow{Line: row.Line, Person: p})
			continue
		}
		for _, f := range fe {
			errs = append(errs, RowError{Line: row.Line, Field: f.Field, Column: f.Column, Message: f.Message, Values: row.Values})
		}
		if dup {
			errs = append(errs, d)
		}
	}
	SortRowErrors(errs)
	return valid, errs
}

// DuplicateIDRows reports the rows whose ID number an earlier row of the
// file already carries (compared after normalizing: trimmed, X upper-case,
// full-width digits). Rows without a valid number are not compared; their
// own fault is reported by validation.
func DuplicateIDRows(rows []ImportRow, today time.Time) []RowError {
	first := make(map[string]int, len(rows))
	var errs []RowError
	for _, row := range rows {
		id, err := ParseIDNumber(row.Values[FieldIDNumber], today)
		if err != nil {
			continue
		}
		if line, seen := first[id.String()]; seen {
			errs = append(errs, RowError{
				Line: row.Line, Field: FieldIDNumber, Column: FieldIDNumber.Column(),
				Message: fmt.Sprintf("相同身份证号码已在第 %d 行出现", line), Values: row.Values,
			})
			continue
		}
		first[id.String()] = row.Line
	}
	return errs
}

// SortRowErrors orders faults by row, then by the column order of the
// template, keeping the order of faults in the same cell.
func SortRowErrors(errs []RowError) {
	order := make(map[Field]int, len(ImportFields))
	for i, f := range ImportFields {
		order[f] = i + 1
	}
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Line != errs[j].Line {
			return errs[i].Line < errs[j].Line
		}
		return order[errs[i].Field] < order[errs[j].Field]
	})
}
