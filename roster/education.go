package roster

// Education is the highest level of schooling completed (文化程度). Levels
// are ordered; 高中, 中专 and 技校 share one rank (upper-secondary).
type Education string

// The education levels, codes stored in the database.
const (
	EduPrimary     Education = "primary"      // 小学
	EduJuniorHigh  Education = "junior_high"  // 初中
	EduSeniorHigh  Education = "senior_high"  // 高中
	EduSecondaryVo Education = "secondary_vo" // 中专
	EduTechnical   Education = "technical"    // 技校
	EduCollege     Education = "college"      // 大专 (大学专科, 高职)
	EduBachelor    Education = "bachelor"     // 本科
	EduMaster      Education = "master"       // 硕士研究生
	EduDoctor      Education = "doctor"       // 博士研究生
)

// Educations lists the levels in ascending order.
var Educations = []Education{
	EduPrimary, EduJuniorHigh, EduSeniorHigh, EduSecondaryVo, EduTechnical,
	EduCollege, EduBachelor, EduMaster, EduDoctor,
}

var educationAliases = map[string]Education{
	"小学及以下":  EduPrimary,
	"普通高中":   EduSeniorHigh,
	"中等专科":   EduSecondaryVo,
	"中等专业学校": EduSecondaryVo,
	"职高":     EduSecondaryVo,
	"技工学校":   EduTechnical,
	"大学专科":   EduCollege,
	"专科":     EduCollege,
	"高职":     EduCollege,
	"大学本科":   EduBachelor,
	"硕士":     EduMaster,
	"研究生":    EduMaster,
	"博士":     EduDoctor,
	// the codes recruitment applications used before the one enum
	"junior":               EduJuniorHigh,
	"senior":               EduSeniorHigh,
	"secondary_vocational": EduSecondaryVo,
	"technical_school":     EduTechnical,
}

// Label is the level in Chinese.
func (e Education) Label() string {
	switch e {
	case EduPrimary:
		return "小学"
	case EduJuniorHigh:
		return "初中"
	case EduSeniorHigh:
		return "高中"
	case EduSecondaryVo:
		return "中专"
	case EduTechnical:
		return "技校"
	case EduCollege:
		return "大专"
	case EduBachelor:
		return "本科"
	case EduMaster:
		return "硕士研究生"
	case EduDoctor:
		return "博士研究生"
	}
	return string(e)
}

// Rank orders the levels: 1 for 小学 up to 7 for 博士研究生, with 高中, 中专
// and 技校 all 3; 0 for an unknown value.
func (e Education) Rank() int {
	switch e {
	case EduPrimary:
		return 1
	case EduJuniorHigh:
		return 2
	case EduSeniorHigh, EduSecondaryVo, EduTechnical:
		return 3
	case EduCollege:
		return 4
	case EduBachelor:
		return 5
	case EduMaster:
		return 6
	case EduDoctor:
		return 7
	}
	return 0
}

// AtLeast reports whether e is of other's rank or higher, so
// e.AtLeast(EduCollege) reads "大专以上" (以上 includes 大专 itself). An
// unknown level is never at least anything.
func (e Education) AtLeast(other Education) bool {
	return e.Rank() > 0 && e.Rank() >= other.Rank()
}

// Valid reports whether e is one of the levels.
func (e Education) Valid() bool { return e.Rank() > 0 }

// ParseEducation reads a level from its Chinese label, a common variant
// (大学专科, 高职, 硕士, 博士, …) or its code.
func ParseEducation(s string) (Education, error) {
	if e, ok := parseEnum(s, Educations, Education.Label, educationAliases); ok {
		return e, nil
	}
	return "", enumError(FieldEducation, s, Educations, Education.Label)
}
