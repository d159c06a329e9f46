package recruitment

import (
	"testing"

	"skillcert/roster"
)

// Full-width digits are accepted in a phone number, as in ID numbers.
func TestApplicationPhoneTakesFullWidthDigits(t *testing.T) {
	for in, want := range map[string]string{"１３９１１１１２２２２": "13911112222", "０５７３－８８８８８８８８": "0573-88888888"} {
		f := ApplicationInput{Phone: in, Education: Education{Level: roster.EduCollege, School: "学校"}}
		if err := f.Validate(); err != nil || f.Phone != want {
			t.Errorf("%q: phone %q, error %v; want %q", in, f.Phone, err, want)
		}
	}
}
