package recruitment

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"skillcert"
	"skillcert/roster"
)

// Requirements are a post's conditions, fixed when the post is opened from
// the policy version then in force.
type Requirements struct {
	PolicyVersion string `bson:"policyVersion" json:"policyVersion"`
	// Cutoff is the day ages are counted at, by default the application
	// deadline.
	Cutoff                skillcert.Date   `bson:"cutoff" json:"cutoff"`
	AgeLimit              int              `bson:"ageLimit" json:"ageLimit"` // inclusive
	MinEducation          roster.Education `bson:"minEducation" json:"minEducation"`
	RequireComputerSkills bool             `bson:"requireComputerSkills" json:"requireComputerSkills"`
	// FullTimeRequired is an optional extra the town may add: the
	// education must have been full-time (全日制).
	FullTimeRequired bool `bson:"fullTimeRequired" json:"fullTimeRequired"`
	// Extra are further requirements in free text (e.g. 有较好的思想政治素质),
	// shown to applicants and checked by people, not by the screening.
	Extra []string `bson:"extra,omitempty" json:"extra,omitempty"`
}

// RequirementsFrom builds a post's requirements from the policy version in
// force and the cutoff day; blank extras are dropped, the rest trimmed.
func RequirementsFrom(p PolicyParams, cutoff skillcert.Date, extras ...string) Requirements {
	r := Requirements{
		PolicyVersion:         p.Version,
		Cutoff:                cutoff,
		AgeLimit:              p.AgeLimit,
		MinEducation:          p.MinEducation,
		RequireComputerSkills: p.RequireComputerSkills,
	}
	for _, e := range extras {
		if e = strings.TrimSpace(e); e != "" {
			r.Extra = append(r.Extra, e)
		}
	}
	return r
}

// Validate checks the requirements of a post.
func (r Requirements) Validate() error {
	switch {
	case r.Cutoff.IsZero():
		return skillcert.Invalid("cutoff", "请填写年龄计算截止日期")
	case r.AgeLimit < 18 || r.AgeLimit > 60:
		return skillcert.Invalid("ageLimit", "年龄上限应在 18 至 60 周岁之间，当前为 %d 周岁", r.AgeLimit)
	case !r.MinEducation.Valid():
		return skillcert.Invalid("minEducation", "最低学历“%s”无法识别，可填写：%s", r.MinEducation, roster.EducationChoices())
	case len(r.Extra) > 10:
		return skillcert.Invalid("extra", "其他条件最多 10 条，当前为 %d 条", len(r.Extra))
	}
	for i, e := range r.Extra {
		if strings.TrimSpace(e) == "" {
			return skillcert.Invalid("extra", "第 %d 条其他条件为空", i+1)
		}
		if utf8.RuneCountInString(e) > 200 {
			return skillcert.Invalid("extra", "第 %d 条其他条件超过 200 个字", i+1)
		}
	}
	return nil
}

// RequirementKey names one checked requirement.
type RequirementKey string

// The checked requirements.
const (
	RequirementAge       RequirementKey = "age"
	RequirementEducation RequirementKey = "education"
	RequirementComputer  RequirementKey = "computer"
	RequirementFullTime  RequirementKey = "full_time" // 全日制
)

// Label is the requirement's name in Chinese.
func (k RequirementKey) Label() string {
	switch k {
	case RequirementAge:
		return "年龄"
	case RequirementEducation:
		return "学历"
	case RequirementComputer:
		return "计算机能力"
	case RequirementFullTime:
		return "全日制学历"
	}
	return string(k)
}

// computerRequirement is how the notice words the computer condition.
const computerRequirement = "“熟练使用计算机”要求"

// RequirementResult is the outcome of one requirement with its reason in
// plain Chinese, naming the numbers.
type RequirementResult struct {
	Key         RequirementKey `bson:"key" json:"key"`
	Passed      bool           `bson:"passed" json:"passed"`
	Explanation string         `bson:"explanation" json:"explanation"`
	// Basis records the inputs the outcome was decided on, so that a
	// re-screening can tell whether they changed. Opaque to readers.
	Basis string `bson:"basis" json:"-"` // holds the birth date: never beside the masked number
	// Override is set when town staff admitted a failed requirement as an
	// exception; Passed stays false and the city reviews it.
	Override *Override `bson:"override,omitempty" json:"override,omitempty"`
}

// Overridden reports whether a failed requirement was admitted by override.
func (r RequirementResult) Overridden() bool { return r.Override != nil }

// Satisfied reports whether the requirement passed or was overridden.
func (r RequirementResult) Satisfied() bool { return r.Passed || r.Override != nil }

// Override is town staff's written exception to a failed requirement
// ("年龄一般在35周岁以下": 一般 allows exceptions), for the city to review.
type Override struct {
	Reason string    `bson:"reason" json:"reason"`
	By     string    `bson:"by" json:"by"` // the acting account
	At     time.Time `bson:"at" json:"at"`
}

// MinOverrideReason is the shortest written reason for an override, in
// characters.
const MinOverrideReason = 5

// Screening is the explained check of an applicant against a post's
// requirements. Eligible is true when every result passed or was overridden.
type Screening struct {
	Results  []RequirementResult `bson:"results" json:"results"`
	Eligible bool                `bson:"eligible" json:"eligible"`
}

// Result returns the result for key.
func (s Screening) Result(key RequirementKey) (RequirementResult, bool) {
	for _, r := range s.Results {
		if r.Key == key {
			return r, true
		}
	}
	return RequirementResult{}, false
}

// Overridden lists the keys admitted by override; a screening with any
// needs the city's review.
func (s Screening) Overridden() []RequirementKey {
	var keys []RequirementKey
	for _, r := range s.Results {
		if r.Override != nil {
			keys = append(keys, r.Key)
		}
	}
	return keys
}

func (s *Screening) recompute() {
	s.Eligible = len(s.Results) > 0
	for _, r := range s.Results {
		if !r.Satisfied() {
			s.Eligible = false
		}
	}
}

// Screen checks the applicant against the requirements: age and education
// always, computer skills and full-time study when the post asks for them.
// Missing or unreadable data fail with an explanation saying so.
func Screen(a Applicant, r Requirements) Screening {
	s := Screening{Results: []RequirementResult{screenAge(a, r), screenEducation(a, r)}}
	if r.RequireComputerSkills {
		s.Results = append(s.Results, screenComputer(a))
	}
	if r.FullTimeRequired {
		s.Results = append(s.Results, screenFullTime(a))
	}
	s.recompute()
	return s
}

func screenAge(a Applicant, r Requirements) RequirementResult {
	res := RequirementResult{Key: RequirementAge}
	cutoff := r.Cutoff.String()
	if a.BirthDate.IsZero() {
		res.Basis = fmt.Sprintf("birth=;cutoff=%s;limit=%d", cutoff, r.AgeLimit)
		res.Explanation = "缺少出生日期，无法核对年龄"
		return res
	}
	birth := a.BirthDate.String()
	res.Basis = fmt.Sprintf("birth=%s;cutoff=%s;limit=%d", birth, cutoff, r.AgeLimit)
	age := a.BirthDate.FullYearsAt(r.Cutoff)
	switch {
	case age < 0:
		res.Explanation = fmt.Sprintf("出生日期晚于年龄计算截止日期 %s，请核对身份证号码", cutoff)
	case age > r.AgeLimit:
		res.Explanation = fmt.Sprintf("截至 %s 年满 %d 周岁，超过 %d 周岁上限", cutoff, age, r.AgeLimit)
	default:
		res.Passed = true
		res.Explanation = fmt.Sprintf("截至 %s 年满 %d 周岁，未超过 %d 周岁上限", cutoff, age, r.AgeLimit)
	}
	return res
}

func screenEducation(a Applicant, r Requirements) RequirementResult {
	lvl, want := a.Education.Level, r.MinEducation
	res := RequirementResult{Key: RequirementEducation, Basis: fmt.Sprintf("level=%s;min=%s", lvl, want)}
	switch {
	case lvl == "":
		res.Explanation = fmt.Sprintf("未填写学历，无法核对%s以上要求", want.Label())
	case !lvl.Valid():
		res.Explanation = fmt.Sprintf("学历“%s”无法识别，无法核对%s以上要求", lvl, want.Label())
	case !lvl.AtLeast(want):
		res.Explanation = fmt.Sprintf("学历为%s，低于%s要求", lvl.Label(), want.Label())
	default:
		res.Passed = true
		res.Explanation = fmt.Sprintf("学历为%s，符合%s以上要求", lvl.Label(), want.Label())
	}
	return res
}

func screenComputer(a Applicant) RequirementResult {
	c := a.ComputerSkill
	cert := strings.TrimSpace(c.CertName)
	res := RequirementResult{Key: RequirementComputer, Basis: fmt.Sprintf("level=%s;cert=%s", c.Level, cert)}
	switch {
	case c.Level == ComputerCertified && cert == "":
		res.Explanation = "未填写计算机证书名称，无法核对" + computerRequirement
	case c.Level == ComputerCertified:
		res.Passed = true
		res.Explanation = fmt.Sprintf("持有计算机证书“%s”，符合%s", cert, computerRequirement)
	case c.Level == ComputerBasic:
		res.Passed = true
		res.Explanation = "已提供计算机操作能力证明，符合" + computerRequirement
	default:
		res.Explanation = "未提供计算机能力证明，不符合" + computerRequirement
	}
	return res
}

func screenFullTime(a Applicant) RequirementResult {
	res := RequirementResult{Key: RequirementFullTime, Basis: fmt.Sprintf("fullTime=%t", a.Education.FullTime)}
	if a.Education.FullTime {
		res.Passed = true
		res.Explanation = "学历为全日制，符合全日制要求"
	} else {
		res.Explanation = "学历为非全日制，不符合全日制要求"
	}
	return res
}

// ApplyOverride admits the failed requirement key as an exception with a
// written reason of at least MinOverrideReason characters. The result stays
// failed and flagged for the city's review; Eligible is recomputed.
func ApplyOverride(s *Screening, key RequirementKey, reason, by string, at time.Time) error {
	reason = strings.TrimSpace(reason)
	i := -1
	for j, r := range s.Results {
		if r.Key == key {
			i = j
		}
	}
	switch {
	case i < 0:
		return skillcert.Invalid("key", "本岗位没有“%s”这项条件", key.Label())
	case s.Results[i].Passed:
		return skillcert.Invalid("key", "“%s”条件已符合，无需破格", key.Label())
	case s.Results[i].Override != nil:
		return skillcert.Errorf(skillcert.ECONFLICT, "“%s”条件已于 %s 破格", key.Label(), skillcert.DateOf(s.Results[i].Override.At).String())
	case utf8.RuneCountInString(reason) < MinOverrideReason:
		return skillcert.Invalid("reason", "破格理由至少 %d 个字，当前为 %d 个字", MinOverrideReason, utf8.RuneCountInString(reason))
	case utf8.RuneCountInString(reason) > 500:
		return skillcert.Invalid("reason", "破格理由不能超过 500 个字")
	case strings.TrimSpace(by) == "":
		return skillcert.Invalid("by", "缺少破格操作人")
	case at.IsZero():
		return skillcert.Invalid("at", "缺少破格时间")
	}
	s.Results[i].Override = &Override{Reason: reason, By: by, At: at}
	s.recompute()
	return nil
}

// Rescreen screens the applicant again after their data or the post's
// requirements changed. An override is carried over only when the
// requirement still fails on exactly the same inputs (same Basis: for age the
// birth date, cutoff and limit; for education the level and minimum; for
// computer skills the level and certificate; for full-time the flag).
// Changed inputs mean the written reason was about other facts, so the
// override is dropped and must be given again. Dropped lists the keys whose
// override was not carried over, including those that now pass.
func Rescreen(prev Screening, a Applicant, r Requirements) (next Screening, dropped []RequirementKey) {
	next = Screen(a, r)
	for _, old := range prev.Results {
		if old.Override == nil {
			continue
		}
		kept := false
		for i, cur := range next.Results {
			if cur.Key == old.Key && !cur.Passed && cur.Basis == old.Basis {
				o := *old.Override
				next.Results[i].Override = &o
				kept = true
			}
		}
		if !kept {
			dropped = append(dropped, old.Key)
		}
	}
	next.recompute()
	return next, dropped
}
