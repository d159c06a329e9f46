package roster

import (
	"strings"
	"testing"
)

// An ID number typed into a number cell is refused with the "saved as a
// number" reason whatever the cell's number format, even when the digits
// it shows would pass the check character.
func TestParseImportFileNumericIDCells(t *testing.T) {
	if c := IDCheckChar(numericIDTruncated[:17]); c != numericIDTruncated[17] {
		t.Fatalf("test data: %s has check character %c", numericIDTruncated, c)
	}
	for _, name := range []string{"numericid.xlsx", "exponent.csv"} {
		rows := parseTestdata(t, name)
		valid, errs := CheckRows(rows, today)
		if len(valid) != 1 || valid[0].Person.Name != "沈建国" {
			t.Errorf("%s: valid rows %+v, want only 沈建国", name, valid)
		}
		if len(errs) != len(rows)-1 {
			t.Errorf("%s: %d errors for %d bad rows: %+v", name, len(errs), len(rows)-1, errs)
		}
		for _, e := range errs {
			if e.Column != "身份证号码" || !strings.HasPrefix(e.Message, "身份证号码被存成了数字") {
				t.Errorf("%s line %d: %s %s, want the saved-as-a-number reason", name, e.Line, e.Column, e.Message)
			}
		}
	}
}
