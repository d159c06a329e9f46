package roster

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"skillcert"
)

// today is the fixed "now" of the tests: 2025-06-15 in Shanghai.
var today = time.Date(2025, 6, 15, 10, 30, 0, 0, shanghai)

// withCheck completes 17 digits with their check character, computed here
// independently of IDCheckChar.
func withCheck(t testing.TB, first17 string) string {
	t.Helper()
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	if len(first17) != 17 {
		t.Fatalf("withCheck(%q): need 17 digits", first17)
	}
	sum := 0
	for i, w := range weights {
		sum += int(first17[i]-'0') * w
	}
	return first17 + string("10X98765432"[sum%11])
}

func date(y int, m time.Month, d int) skillcert.Date {
	return skillcert.Date{Year: y, Month: m, Day: d}
}

func TestParseIDNumberValid(t *testing.T) {
	xID := "33048319930818103X"
	if withCheck(t, xID[:17]) != xID {
		t.Fatalf("fixture %s does not end in X", xID)
	}
	tests := []struct {
		in         string
		want       string
		birth      skillcert.Date
		gender     Gender
		masked     string
		suffix     string
		ageAtToday int
	}{
		{withCheck(t, "33048319850312101"), "330483198503121011", date(1985, 3, 12), GenderMale, "330483********1011", "1011", 40},
		{withCheck(t, "33048319920704202"), "330483199207042022", date(1992, 7, 4), GenderFemale, "330483********2022", "2022", 32},
		{xID, xID, date(1993, 8, 18), GenderMale, "330483********103X", "103X", 31},
		{" 33048319930818103x\t", xID, date(1993, 8, 18), GenderMale, "330483********103X", "103X", 31},
		{"３３０４８３１９９３０８１８１０３ｘ", xID, date(1993, 8, 18), GenderMale, "330483********103X", "103X", 31},
		{withCheck(t, "33048320000229404"), "330483200002294045", date(2000, 2, 29), GenderFemale, "330483********4045", "4045", 25},
		{withCheck(t, "11010519000101001"), "11010519000101001X", date(1900, 1, 1), GenderMale, "110105********001X", "001X", 125},
		{withCheck(t, "82000020250615002"), "820000202506150021", date(2025, 6, 15), GenderFemale, "820000********0021", "0021", 0},
		{withCheck(t, "71000019880410001"), "71000019880410001X", date(1988, 4, 10), GenderMale, "710000********001X", "001X", 37},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			id, err := ParseIDNumber(tt.in, today)
			if err != nil {
				t.Fatalf("ParseIDNumber(%q): %v", tt.in, err)
			}
			if id.String() != tt.want {
				t.Errorf("String() = %q, want %q", id.String(), tt.want)
			}
			if id.BirthDate() != tt.birth {
				t.Errorf("BirthDate() = %v, want %v", id.BirthDate(), tt.birth)
			}
			if id.Gender() != tt.gender {
				t.Errorf("Gender() = %q, want %q", id.Gender(), tt.gender)
			}
			if id.Masked() != tt.masked {
				t.Errorf("Masked() = %q, want %q", id.Masked(), tt.masked)
			}
			if id.Suffix() != tt.suffix {
				t.Errorf("Suffix() = %q, want %q", id.Suffix(), tt.suffix)
			}
			if got := id.AgeAt(skillcert.DateOf(today)); got != tt.ageAtToday {
				t.Errorf("AgeAt(today) = %d, want %d", got, tt.ageAtToday)
			}
		})
	}
}

func TestParseIDNumberInvalid(t *testing.T) {
	good := withCheck(t, "33048319850312101")
	wrongCheck := good[:17] + "5"
	tests := []struct {
		name, in, want string
	}{
		{"empty", "  ", "请填写身份证号码"},
		{"17 characters", good[:17], "身份证号码应为18位，现为17位"},
		{"19 characters", good + "1", "身份证号码应为18位，现为19位"},
		{"15-digit old number", "330483850312101", "身份证号码应为18位，现为15位（第一代身份证号码请换成18位号码）"},
		{"Excel number", "3.30483198503121E+17", "身份证号码被存成了数字（3.30483198503121E+17），请把该列设置为文本格式后重新填写"},
		{"letter inside", "3304831985O3121011", "身份证号码第11位“O”不是数字"},
		{"Chinese inside", "33048319850312101号", "身份证号码最后一位应为数字或X，现为“号”"},
		{"X not last", "33048319850312X011", "身份证号码第15位“X”不是数字"},
		{"bad last", "33048319850312101Y", "身份证号码最后一位应为数字或X，现为“Y”"},
		{"province 99", withCheck(t, "99048319850312101"), "身份证号码中的地址码 990483 无效：前两位 99 不是省级行政区划代码"},
		{"province 16", withCheck(t, "16048319850312101"), "身份证号码中的地址码 160483 无效：前两位 16 不是省级行政区划代码"},
		{"province 00", withCheck(t, "00048319850312101"), "身份证号码中的地址码 000483 无效：前两位 00 不是省级行政区划代码"},
		{"30 February", withCheck(t, "33048319990230101"), "身份证号码中的出生日期 19990230 不是有效日期"},
		{"29 February common year", withCheck(t, "33048319990229101"), "身份证号码中的出生日期 19990229 不是有效日期"},
		{"29 February 1900", withCheck(t, "33048319000229101"), "身份证号码中的出生日期 19000229 不是有效日期"},
		{"month 13", withCheck(t, "33048319991301101"), "身份证号码中的出生日期 19991301 不是有效日期"},
		{"month 00", withCheck(t, "33048319990001101"), "身份证号码中的出生日期 19990001 不是有效日期"},
		{"day 00", withCheck(t, "33048319990100101"), "身份证号码中的出生日期 19990100 不是有效日期"},
		{"31 April", withCheck(t, "33048319990431101"), "身份证号码中的出生日期 19990431 不是有效日期"},
		{"before 1900", withCheck(t, "33048318991231101"), "身份证号码中的出生日期 18991231 早于1900年1月1日"},
		{"tomorrow", withCheck(t, "33048320250616101"), "身份证号码中的出生日期 20250616 晚于今天"},
		{"wrong check digit", wrongCheck, "身份证号码校验位错误，应为 1"},
		{"wrong check, want X", "330483199308181035", "身份证号码校验位错误，应为 X"},
		{"X where digit due", good[:17] + "X", "身份证号码校验位错误，应为 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := ParseIDNumber(tt.in, today)
			if err == nil {
				t.Fatalf("ParseIDNumber(%q) = %q, want error %q", tt.in, id, tt.want)
			}
			var se *skillcert.Error
			if !asError(err, &se) || se.Code != skillcert.EINVALID || se.Field != "idNumber" {
				t.Fatalf("error %#v, want EINVALID on idNumber", err)
			}
			if se.Message != tt.want {
				t.Errorf("message\n got %s\nwant %s", se.Message, tt.want)
			}
			if !id.IsZero() {
				t.Errorf("rejected number returned a value: %q", id)
			}
		})
	}
}

// TestParseIDNumberEveryDay checks that every real date from 1900 to today
// is accepted and reads back as that calendar day, also in the summers
// Asia/Shanghai kept daylight saving (1919, 1940s, 1986–1991).
func TestParseIDNumberEveryDay(t *testing.T) {
	for d := time.Date(1900, 1, 1, 12, 0, 0, 0, time.UTC); !d.After(time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
		s := withCheck(t, "330483"+d.Format("20060102")+"001")
		id, err := ParseIDNumber(s, today)
		if err != nil {
			t.Fatalf("%s: %v", d.Format("2006-01-02"), err)
		}
		if b := id.BirthDate(); b.String() != d.Format("2006-01-02") {
			t.Fatalf("%s: BirthDate() is %s", d.Format("2006-01-02"), b)
		}
	}
}

func TestFullYearsAt(t *testing.T) {
	tests := []struct {
		name          string
		birth, cutoff skillcert.Date
		want          int
	}{
		{"day before 35th birthday", date(1990, 4, 1), date(2025, 3, 31), 34},
		{"on 35th birthday", date(1990, 4, 1), date(2025, 4, 1), 35},
		{"day after 35th birthday", date(1990, 4, 1), date(2025, 4, 2), 35},
		{"day before 36th birthday", date(1989, 4, 1), date(2025, 3, 31), 35},
		{"domain: born 1987-04-01, cutoff 2023-03-31", date(1987, 4, 1), date(2023, 3, 31), 35},
		{"domain: born 1987-03-31, cutoff 2023-03-31", date(1987, 3, 31), date(2023, 3, 31), 36},
		{"leap day, common year, Feb 28", date(2000, 2, 29), date(2025, 2, 28), 24},
		{"leap day, common year, Mar 1", date(2000, 2, 29), date(2025, 3, 1), 25},
		{"leap day, leap year, Feb 28", date(2000, 2, 29), date(2024, 2, 28), 23},
		{"leap day, leap year, Feb 29", date(2000, 2, 29), date(2024, 2, 29), 24},
		{"leap day, 2100 is common", date(2000, 2, 29), date(2100, 2, 28), 99},
		{"cutoff late evening counts as its day", date(1990, 4, 1), skillcert.DateOf(time.Date(2025, 3, 31, 23, 59, 0, 0, shanghai)), 34},
		{"cutoff given in UTC is read in Shanghai", date(1990, 4, 1), skillcert.DateOf(time.Date(2025, 3, 31, 16, 0, 0, 0, time.UTC)), 35},
		{"born on the cutoff", date(2025, 6, 15), date(2025, 6, 15), 0},
		{"cutoff before birth", date(2025, 6, 15), date(2020, 1, 1), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FullYearsAt(tt.birth, tt.cutoff); got != tt.want {
				t.Errorf("FullYearsAt(%s, %s) = %d, want %d", tt.birth, tt.cutoff, got, tt.want)
			}
		})
	}
}

func TestIDNumberAgeAtBoundaries(t *testing.T) {
	// 35周岁以下 with cutoff 2023-03-31 accepts people born on or after 1987-04-01.
	cutoff := date(2023, 3, 31)
	for _, tt := range []struct {
		first17 string
		want    int
	}{
		{"33048319870330001", 36}, // birthday the day before the cutoff
		{"33048319870331001", 36}, // birthday on the cutoff
		{"33048319870401001", 35}, // birthday the day after the cutoff
	} {
		id, err := ParseIDNumber(withCheck(t, tt.first17), today)
		if err != nil {
			t.Fatal(err)
		}
		if got := id.AgeAt(cutoff); got != tt.want {
			t.Errorf("%s: AgeAt(2023-03-31) = %d, want %d", tt.first17[6:14], got, tt.want)
		}
	}
}

func TestIDCheckChar(t *testing.T) {
	for _, first17 := range []string{"33048319930818103", "11010519491231002", "44030820000229001", "00000000000000000"} {
		want := withCheck(t, first17)[17]
		if got := IDCheckChar(first17); got != want {
			t.Errorf("IDCheckChar(%s) = %c, want %c", first17, got, want)
		}
	}
}

func FuzzParseIDNumber(f *testing.F) {
	for _, s := range []string{
		"33048319930818103X", "33048319930818103x", "330483198503121011", " 330483200002294045 ",
		"330483199902301011", "3.30483E+17", "", "ＸＸＸ", "33048319850312101", "99048319850312101X",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseIDNumber(s, today)
		if err != nil {
			if !id.IsZero() {
				t.Fatalf("error %v with a value %q", err, id)
			}
			if skillcert.ErrorCode(err) != skillcert.EINVALID {
				t.Fatalf("error code %q, want EINVALID", skillcert.ErrorCode(err))
			}
			return
		}
		n := id.String()
		if len(n) != 18 || utf8.RuneCountInString(n) != 18 {
			t.Fatalf("accepted %q is not 18 ASCII characters", n)
		}
		if n != strings.ToUpper(n) {
			t.Fatalf("accepted %q is not upper-case", n)
		}
		if got := withCheck(t, n[:17]); got != n {
			t.Fatalf("check character of %q recomputes to %q", n, got)
		}
		m := id.Masked()
		if len(m) != 18 || m[:6] != n[:6] || m[6:14] != "********" || m[14:] != n[14:] || m[14:] != id.Suffix() {
			t.Fatalf("Masked() = %q for %q", m, n)
		}
		if skillcert.MaskIDNumber(n) != m {
			t.Fatalf("skillcert.MaskIDNumber(%q) = %q, Masked() = %q", n, skillcert.MaskIDNumber(n), m)
		}
		if b := id.BirthDate(); strings.ReplaceAll(b.String(), "-", "") != n[6:14] {
			t.Fatalf("BirthDate() = %v for %q", b, n)
		}
		if id.BirthDate().After(skillcert.DateOf(today)) || id.BirthDate().Year < 1900 {
			t.Fatalf("BirthDate() = %v out of range", id.BirthDate())
		}
		again, err := ParseIDNumber(n, today)
		if err != nil || again != id {
			t.Fatalf("re-parsing %q: %v, %v", n, again, err)
		}
	})
}
