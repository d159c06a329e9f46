package roster

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestPersonJSONNeverPairsTheMaskedNumberWithTheBirthDate: the masked
// number hides exactly the birth date; a person's JSON carries the masked
// number and the birth year, never the birth date.
func TestPersonJSONNeverPairsTheMaskedNumberWithTheBirthDate(t *testing.T) {
	id, err := ParseIDNumber("330483198501011011", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p := Person{ID: "p1", Name: "沈建国", IDNumber: id.String(), IDMasked: id.Masked(), IDSuffix: id.Suffix(), BirthDate: id.BirthDate()}
	for _, v := range []any{p, &p, []Person{p}} {
		js, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		s := string(js)
		if !strings.Contains(s, `"idMasked":"330483********1011"`) {
			t.Errorf("no masked number: %s", s)
		}
		for _, leak := range []string{"birthDate", "1985-01-01", "19850101", "1984-12-31", id.String()} {
			if strings.Contains(s, leak) {
				t.Errorf("JSON shows %q: %s", leak, s)
			}
		}
		if !strings.Contains(s, `"birthYear":1985`) {
			t.Errorf("no birth year (1985, read in China Standard Time): %s", s)
		}
	}
}
