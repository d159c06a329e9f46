package recruitment

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestApplicationJSONNeverPairsTheMaskedNumberWithTheBirthDate: an
// application's JSON carries the masked number and the birth year, and
// neither the birth date nor the screening's inputs that hold it.
func TestApplicationJSONNeverPairsTheMaskedNumberWithTheBirthDate(t *testing.T) {
	birth := Date(1990, time.January, 1)
	req := Requirements{Cutoff: Date(2023, time.March, 31), AgeLimit: 35, MinEducation: "college"}
	app := Application{ID: "a1", Name: "张一", IDMasked: "330483********1011", BirthDate: birth,
		Screening: Screen(Applicant{BirthDate: birth}, req)}
	for _, v := range []any{app, &app, []Application{app}} {
		js, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		s := string(js)
		if !strings.Contains(s, `"idMasked":"330483********1011"`) || !strings.Contains(s, `"birthYear":1990`) {
			t.Errorf("masked number or birth year missing: %s", s)
		}
		for _, leak := range []string{"birthDate", "1990-01-01", "1989-12-31", "basis"} {
			if strings.Contains(s, leak) {
				t.Errorf("JSON shows %q: %s", leak, s)
			}
		}
	}
}
