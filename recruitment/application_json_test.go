package recruitment

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
)

// TestApplicationJSONNeverPairsTheMaskedNumberWithTheBirthDate: an
// application's JSON carries the masked number and the birth year, and
// neither the birth date nor the screening's inputs that hold it.
func TestApplicationJSONNeverPairsTheMaskedNumberWithTheBirthDate(t *testing.T) {
	// Read as from the database: born on 1990-01-01 (China Standard Time).
	doc, err := bson.Marshal(bson.D{{Key: "_id", Value: "a1"}, {Key: "name", Value: "张一"}, {Key: "idMasked", Value: "330483********1011"},
		{Key: "birthDate", Value: time.Date(1990, time.January, 1, 0, 0, 0, 0, skillcert.CST)}})
	if err != nil {
		t.Fatal(err)
	}
	var app Application
	if err := bson.Unmarshal(doc, &app); err != nil {
		t.Fatal(err)
	}
	app.Screening = Screening{Results: []RequirementResult{{Key: RequirementAge, Passed: true,
		Basis: "birth=1990-01-01;cutoff=2023-03-31;limit=35", Explanation: "截至 2023-03-31 年满 33 周岁，未超过 35 周岁上限"}}}
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
