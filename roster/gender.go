package roster

// Gender is derived from the ID number, never typed.
type Gender string

// The genders.
const (
	GenderMale   Gender = "male"
	GenderFemale Gender = "female"
)

// Genders lists the genders in display order.
var Genders = []Gender{GenderMale, GenderFemale}

// Label is the gender in Chinese.
func (g Gender) Label() string {
	switch g {
	case GenderMale:
		return "男"
	case GenderFemale:
		return "女"
	}
	return string(g)
}

// Valid reports whether g is one of the genders.
func (g Gender) Valid() bool { return g == GenderMale || g == GenderFemale }

// ParseGender reads a gender from its Chinese label (男/女, 男性/女性) or its
// code; ok is false for anything else.
func ParseGender(s string) (Gender, bool) {
	return parseEnum(s, Genders, Gender.Label, map[string]Gender{"男性": GenderMale, "女性": GenderFemale})
}
