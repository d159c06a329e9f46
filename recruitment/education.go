package recruitment

// EducationLevel is the highest completed level of schooling (文化程度).
// The codes are stable and shared with the roster package, so the two can
// be mapped one to one.
type EducationLevel string

// The education levels, lowest first. 高中, 中专 and 技校 are all upper
// secondary and rank equal.
const (
	EducationPrimary             EducationLevel = "primary"              // 小学
	EducationJunior              EducationLevel = "junior"               // 初中
	EducationSenior              EducationLevel = "senior"               // 高中
	EducationSecondaryVocational EducationLevel = "secondary_vocational" // 中专
	EducationTechnicalSchool     EducationLevel = "technical_school"     // 技校
	EducationCollege             EducationLevel = "college"              // 大专（含高职）
	EducationBachelor            EducationLevel = "bachelor"             // 本科
	EducationMaster              EducationLevel = "master"               // 硕士研究生
	EducationDoctor              EducationLevel = "doctor"               // 博士研究生
)

// EducationLevels lists every level in display order, lowest first.
var EducationLevels = []EducationLevel{
	EducationPrimary, EducationJunior, EducationSenior,
	EducationSecondaryVocational, EducationTechnicalSchool,
	EducationCollege, EducationBachelor, EducationMaster, EducationDoctor,
}

// Rank orders the levels: 1 for 小学 up to 7 for 博士研究生, with 高中, 中专
// and 技校 all 3. An unknown level ranks 0.
func (e EducationLevel) Rank() int {
	switch e {
	case EducationPrimary:
		return 1
	case EducationJunior:
		return 2
	case EducationSenior, EducationSecondaryVocational, EducationTechnicalSchool:
		return 3
	case EducationCollege:
		return 4
	case EducationBachelor:
		return 5
	case EducationMaster:
		return 6
	case EducationDoctor:
		return 7
	}
	return 0
}

// Valid reports whether e is one of the defined levels.
func (e EducationLevel) Valid() bool { return e.Rank() > 0 }

// AtLeast reports whether e is least or higher ("大专以上" includes 大专).
// An unknown level is never at least anything.
func (e EducationLevel) AtLeast(least EducationLevel) bool {
	return e.Valid() && least.Valid() && e.Rank() >= least.Rank()
}

// Label is the level's name in Chinese.
func (e EducationLevel) Label() string {
	switch e {
	case EducationPrimary:
		return "小学"
	case EducationJunior:
		return "初中"
	case EducationSenior:
		return "高中"
	case EducationSecondaryVocational:
		return "中专"
	case EducationTechnicalSchool:
		return "技校"
	case EducationCollege:
		return "大专"
	case EducationBachelor:
		return "本科"
	case EducationMaster:
		return "硕士研究生"
	case EducationDoctor:
		return "博士研究生"
	}
	return string(e)
}
