package roster

import (
	"encoding/json"

	"skillcert"
)

// MarshalJSON writes the person without the birth date: the masked ID
// number hides exactly the birth date, so the two never go out together
// (the audited reveal shows the whole number). The birth year stands in.
func (p Person) MarshalJSON() ([]byte, error) {
	type plain Person
	return json.Marshal(struct {
		plain
		BirthDate *struct{} `json:"birthDate,omitempty"` // hides the embedded field; always nil
		BirthYear int       `json:"birthYear"`
	}{plain: plain(p), BirthYear: p.BirthYear()})
}

// BirthYear is the year of birth, what pages and lists show beside the
// masked number instead of the birth date.
func (p *Person) BirthYear() int { return skillcert.CalendarYear(p.BirthDate) }
