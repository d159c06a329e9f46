package roster

import (
	"slices"
	"strconv"
)

// A masked export shows the year of birth, not the birth date: the masked
// number hides exactly the birth date, and beside it the date would
// complete the number. The full export (whole numbers) keeps the date.

// exportBirthColumn is where the export writes the birth.
const exportBirthColumn = 4

// exportHeaderFor is the export's header: 出生年份 for a masked export.
func exportHeaderFor(fullID bool) []string {
	if fullID {
		return exportHeader
	}
	h := slices.Clone(exportHeader)
	h[exportBirthColumn] = "出生年份"
	return h
}

// birthYearCell is the year of birth as a masked export writes it.
func birthYearCell(p *Person) string {
	if y := p.BirthYear(); y != 0 {
		return strconv.Itoa(y)
	}
	return ""
}
