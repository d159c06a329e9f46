package roster

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"skillcert"
)

// IDNumber is a checked resident ID number (居民身份证号码, GB 11643-1999).
// Only ParseIDNumber makes one; the zero value is "no number".
type IDNumber struct {
	number string
	birth  skillcert.Date
}

// idWeights are the ISO 7064 MOD 11-2 weights of the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps the weighted sum mod 11 to the check character.
const idCheckChars = "10X98765432"

// provinceCodes are the first two digits of the province-level divisions.
var provinceCodes = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true,
}

// earliestBirth is the earliest birth date accepted.
var earliestBirth = skillcert.Date{Year: 1900, Month: time.January, Day: 1}

// scientific matches what Excel shows when an ID number was typed into a
// number cell, e.g. 3.30483E+17.
var scientific = regexp.MustCompile(`^\d(\.\d+)?[eE]\+?\d+$`)

// IDCheckChar returns the check character for the first 17 digits of an ID
// number. It panics unless first17 is 17 ASCII digits.
func IDCheckChar(first17 string) byte {
	if len(first17) != 17 {
		panic("roster: IDCheckChar needs 17 digits")
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			panic("roster: IDCheckChar needs 17 digits")
		}
		sum += int(c-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// normalizeIDNumber trims spaces and turns full-width digits and any x
// into their ASCII upper-case forms.
func normalizeIDNumber(s string) string {
	s = strings.TrimSpace(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == 'x' || r == 'Ｘ' || r == 'ｘ':
			return 'X'
		}
		return r
	}, s)
}

// ParseIDNumber checks an 18-character resident ID number: digits, a real
// province-level address code, a real birth date between 1900-01-01 and
// today, and the ISO 7064 MOD 11-2 check character. Surrounding spaces are
// trimmed, full-width digits are accepted and a lower-case x is stored as
// X. Each kind of fault has its own Chinese message.
func ParseIDNumber(s string, today time.Time) (IDNumber, error) {
	s = normalizeIDNumber(s)
	if s == "" {
		return IDNumber{}, idInvalid("请填写身份证号码")
	}
	if scientific.MatchString(s) {
		return IDNumber{}, idInvalid("身份证号码被存成了数字（%s），请把该列设置为文本格式后重新填写", s)
	}
	if n := utf8.RuneCountInString(s); n != 18 {
		if n == 15 {
			return IDNumber{}, idInvalid("身份证号码应为18位，现为15位（第一代身份证号码请换成18位号码）")
		}
		return IDNumber{}, idInvalid("身份证号码应为18位，现为%d位", n)
	}
	for i, r := range []rune(s) {
		if i < 17 && (r < '0' || r > '9') {
			return IDNumber{}, idInvalid("身份证号码第%d位“%c”不是数字", i+1, r)
		}
		if i == 17 && (r < '0' || r > '9') && r != 'X' {
			return IDNumber{}, idInvalid("身份证号码最后一位应为数字或X，现为“%c”", r)
		}
	}
	if !provinceCodes[s[:2]] {
		return IDNumber{}, idInvalid("身份证号码中的地址码 %s 无效：前两位 %s 不是省级行政区划代码", s[:6], s[:2])
	}
	birth, err := idBirthDate(s[6:14], today)
	if err != nil {
		return IDNumber{}, err
	}
	if want := IDCheckChar(s[:17]); s[17] != want {
		return IDNumber{}, idInvalid("身份证号码校验位错误，应为 %c", want)
	}
	return IDNumber{number: s, birth: birth}, nil
}

// idBirthDate checks the YYYYMMDD part of an ID number.
func idBirthDate(digits string, today time.Time) (skillcert.Date, error) {
	y, _ := strconv.Atoi(digits[:4])
	m, _ := strconv.Atoi(digits[4:6])
	d, _ := strconv.Atoi(digits[6:8])
	date := skillcert.Date{Year: y, Month: time.Month(m), Day: d}
	if m < 1 || m > 12 || d < 1 || d > daysIn(date.Month, y) {
		return skillcert.Date{}, idInvalid("身份证号码中的出生日期 %s 不是有效日期", digits)
	}
	if date.Before(earliestBirth) {
		return skillcert.Date{}, idInvalid("身份证号码中的出生日期 %s 早于1900年1月1日", digits)
	}
	if skillcert.DateOf(today).Before(date) {
		return skillcert.Date{}, idInvalid("身份证号码中的出生日期 %s 晚于今天", digits)
	}
	return date, nil
}

func idInvalid(format string, args ...any) *skillcert.Error {
	return skillcert.Invalid(string(FieldIDNumber), format, args...)
}

// String returns the whole number; show it only to roles that may see it.
func (n IDNumber) String() string { return n.number }

// IsZero reports whether n holds no number.
func (n IDNumber) IsZero() bool { return n.number == "" }

// BirthDate returns the birth date.
func (n IDNumber) BirthDate() skillcert.Date { return n.birth }

// Gender is derived from the sequence code: odd for men, even for women.
func (n IDNumber) Gender() Gender {
	if n.number == "" {
		return ""
	}
	if (n.number[16]-'0')%2 == 1 {
		return GenderMale
	}
	return GenderFemale
}

// Masked returns the number for display: the first 6 characters, 8
// asterisks and the last 4 (330483********123X).
func (n IDNumber) Masked() string { return skillcert.MaskIDNumber(n.number) }

// Suffix returns the last 4 characters, kept for searching and for telling
// people apart without showing the whole number.
func (n IDNumber) Suffix() string {
	if len(n.number) < 4 {
		return ""
	}
	return n.number[len(n.number)-4:]
}

// AgeAt returns the age in full years (周岁) at the cutoff; see FullYearsAt.
func (n IDNumber) AgeAt(cutoff skillcert.Date) int { return FullYearsAt(n.birth, cutoff) }
