package roster

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// PersonInput is a person as a user types it into the form or a row of an
// import file holds it. Enumerations may be given by Chinese label or by
// code; Town and Village are whatever identifies the org unit at this
// stage (codes from a form, names from a file: the service resolves them).
type PersonInput struct {
	Name          string   `json:"name"`
	IDNumber      string   `json:"idNumber"`
	Mobile        string   `json:"mobile"`
	Town          string   `json:"town"`
	Village       string   `json:"village"`
	Groups        []string `json:"groups"`
	Education     string   `json:"education"`
	ComputerLevel string   `json:"computerLevel"`
	ComputerCert  string   `json:"computerCert"`
	Employment    string   `json:"employment"`
	Notes         string   `json:"notes"`
}

// Limits on typed text, in characters.
const (
	minNameLen  = 2
	maxNameLen  = 30
	maxOrgLen   = 50
	maxNotesLen = 200
)

// mobilePattern is a mainland mobile number.
var mobilePattern = regexp.MustCompile(`^1[3-9]\d{9}$`)

// Validate checks every field and returns the person the input describes,
// or FieldErrors listing every fault (not only the first). Birth date,
// gender, masked number and suffix are derived from the ID number. ID,
// Status and the timestamps are left for the service to set.
//
// Required: name, ID number, town, village, at least one target group,
// education and employment status. Mobile, computer skill and notes may be
// empty.
func (in PersonInput) Validate(today time.Time) (Person, error) {
	var errs FieldErrors
	p := Person{
		Town:    strings.TrimSpace(in.Town),
		Village: strings.TrimSpace(in.Village),
		Notes:   strings.TrimSpace(in.Notes),
	}

	name, err := normalizeName(in.Name)
	errs.add(FieldName, err)
	p.Name = name

	if id, err := ParseIDNumber(in.IDNumber, today); err != nil {
		errs.add(FieldIDNumber, err)
	} else {
		p.IDNumber, p.IDMasked, p.IDSuffix = id.String(), id.Masked(), id.Suffix()
		p.BirthDate, p.Gender = id.BirthDate(), id.Gender()
	}

	mobile, err := normalizeMobile(in.Mobile)
	errs.add(FieldMobile, err)
	p.Mobile = mobile

	requireOrg(&errs, FieldTown, p.Town)
	requireOrg(&errs, FieldVillage, p.Village)

	var groups []string
	for _, g := range in.Groups {
		groups = append(groups, SplitGroups(g)...)
	}
	if len(groups) == 0 {
		errs.addf(FieldGroups, "请至少填写一个人员类别，可填写：%s", labels(TargetGroups, TargetGroup.Label))
	} else {
		p.Groups, err = ParseTargetGroups(groups)
		errs.add(FieldGroups, err)
	}

	if strings.TrimSpace(in.Education) == "" {
		errs.addf(FieldEducation, "请填写文化程度，可填写：%s", labels(Educations, Education.Label))
	} else {
		p.Education, err = ParseEducation(in.Education)
		errs.add(FieldEducation, err)
	}

	p.ComputerSkill, err = ParseComputerSkill(in.ComputerLevel, in.ComputerCert)
	errs.add(FieldComputerLevel, err)

	if strings.TrimSpace(in.Employment) == "" {
		errs.addf(FieldEmployment, "请填写就业状态，可填写：%s", labels(EmploymentStatuses, EmploymentStatus.Label))
	} else {
		p.Employment, err = ParseEmploymentStatus(in.Employment)
		errs.add(FieldEmployment, err)
	}

	if n := utf8.RuneCountInString(p.Notes); n > maxNotesLen {
		errs.addf(FieldNotes, "备注不能超过%d个字，现为%d个字", maxNotesLen, n)
	}

	if len(errs) > 0 {
		return Person{}, errs
	}
	return p, nil
}

// nameDots are the separators people type in names such as 阿依古丽·买买提;
// all become the middle dot U+00B7.
const nameDots = "·•・‧･"

// normalizeName trims the name, unifies the dots, drops spaces inside a
// Chinese name and checks it: 2 to 30 characters, Chinese characters or
// letters, dots only between them.
func normalizeName(s string) (string, error) {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(nameDots, r) {
			return '·'
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" {
		return "", invalidField(FieldName, "请填写姓名")
	}
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		// Lists pad two-character names for alignment (张  三); such
		// spaces are not part of a Chinese name.
		if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsSpace(r) && !unicode.Is(unicode.Han, r) && r != '·' }) >= 0 {
			return "", invalidField(FieldName, "姓名中不能有空格")
		}
		s = strings.Join(strings.Fields(s), "")
	}
	n := utf8.RuneCountInString(s)
	if n < minNameLen || n > maxNameLen {
		return "", invalidField(FieldName, "姓名应为%d到%d个字，现为%d个字", minNameLen, maxNameLen, n)
	}
	prevDot := true // a dot may not open the name
	for _, r := range s {
		switch {
		case r == '·':
			if prevDot {
				return "", invalidField(FieldName, "姓名中的“·”只能用在两个字之间")
			}
			prevDot = true
		case unicode.Is(unicode.Han, r) || unicode.IsLetter(r):
			prevDot = false
		default:
			return "", invalidField(FieldName, "姓名只能包含汉字、字母和“·”，不能有“%c”", r)
		}
	}
	if prevDot {
		return "", invalidField(FieldName, "姓名中的“·”只能用在两个字之间")
	}
	return s, nil
}

// normalizeMobile drops spaces, hyphens and a +86 prefix and checks the
// rest is a mainland mobile number. Full-width digits, plus signs and
// hyphens are read as their ASCII forms, as in ID numbers. Empty is allowed.
func normalizeMobile(s string) (string, error) {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return r
	}, width.Narrow.String(s))
	if s == "" {
		return "", nil
	}
	if rest, ok := strings.CutPrefix(s, "+86"); ok {
		s = rest
	}
	if !mobilePattern.MatchString(s) {
		return "", invalidField(FieldMobile, "手机号码“%s”无效，应为1开头的11位数字", s)
	}
	return s, nil
}

func requireOrg(errs *FieldErrors, f Field, v string) {
	switch n := utf8.RuneCountInString(v); {
	case n == 0:
		errs.addf(f, "请填写%s", f.Column())
	case n > maxOrgLen:
		errs.addf(f, "%s不能超过%d个字", f.Column(), maxOrgLen)
	}
}
