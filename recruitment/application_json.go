package recruitment

import (
	"encoding/json"

	"skillcert"
)

// MarshalJSON writes the application without the birth date: the masked
// ID number hides exactly the birth date, so the two never go out
// together. The birth year stands in; the screening states the age.
func (a Application) MarshalJSON() ([]byte, error) {
	type plain Application
	return json.Marshal(struct {
		plain
		BirthDate *struct{} `json:"birthDate,omitempty"` // hides the embedded field; always nil
		BirthYear int       `json:"birthYear"`
	}{plain: plain(a), BirthYear: a.BirthYear()})
}

// BirthYear is the applicant's year of birth, shown beside the masked
// number instead of the birth date.
func (a *Application) BirthYear() int { return skillcert.CalendarYear(a.BirthDate) }
