package roster

import (
	"strings"
	"testing"
	"unicode/utf8"

	"skillcert"
	"skillcert/orgs"
)

// Fuzz tests of the register's parsers of user input. `go test` runs
// their seed corpus; `go test -fuzz=FuzzImportRows -fuzztime=60s
// ./roster/` searches further (docs/security.md).

// FuzzImportRows feeds arbitrary bytes to the import parser (CSV, in
// UTF-8 or GBK) and the row checks: a refusal is a clear EINVALID or
// ETOOLARGE, never a panic; an accepted row has a valid ID number.
func FuzzImportRows(f *testing.F) {
	header := "姓名,身份证号码,镇（街道）,村（社区）,人员类别,文化程度,就业状态\n"
	for _, s := range []string{
		header + "沈建国,33048319930818103X,乌镇镇,民合村,企业职工,高中,在职\n",
		header + "\"王,五\",3.30483E+17,乌镇镇,民合村,,,\n",
		header + "=SUM(A1),330483199302301011,乌镇镇,,被征地农民,大专,失业\n",
		"姓名\n\x00\xff\xfe\n",
		"\xef\xbb\xbf" + header + "李\"四,330483200002294045\n",
		header + strings.Repeat(",", 300) + "\n",
		"",
	} {
		f.Add([]byte(s))
	}
	lim := Limits{MaxBytes: 1 << 16, MaxRows: 200, MaxUncompressed: 1 << 18}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseImportFile("fuzz.csv", data, lim)
		if err != nil {
			if c := skillcert.ErrorCode(err); c != skillcert.EINVALID && c != skillcert.ETOOLARGE {
				t.Fatalf("error code %q: %v", c, err)
			}
			return
		}
		valid, errs := CheckRows(rows, today)
		for _, v := range valid {
			if _, err := ParseIDNumber(v.Person.IDNumber, today); err != nil {
				t.Fatalf("accepted row %d with ID %q: %v", v.Line, v.Person.IDNumber, err)
			}
		}
		for _, e := range errs {
			if e.Message == "" || !utf8.ValidString(e.Message) {
				t.Fatalf("row error without a readable message: %+v", e)
			}
		}
	})
}

// FuzzListFilter feeds arbitrary query parameters to the list filter: a
// refusal is EINVALID, never a panic, and an accepted filter's query is
// built.
func FuzzListFilter(f *testing.F) {
	tree := orgs.NewTree([]orgs.Unit{
		{Code: "TX", Name: "桐乡市", Type: orgs.TypeCity},
		{Code: "WZ", Name: "乌镇镇", Type: orgs.TypeTown, Parent: "TX", Town: "WZ"},
		{Code: "WZ01", Name: "民合村", Type: orgs.TypeVillage, Parent: "WZ", Town: "WZ"},
	})
	f.Add("WZ", "WZ01", "沈", "103X", "13905731234", "landless_farmer", "高中", "pending")
	f.Add("", "ZQ01", "", "33048319930818103X", "", "", "college", "")
	f.Add("WZ\x00", "$ne", ".*", "", "1390573123x", "{\"$gt\":\"\"}", "", "active ")
	f.Fuzz(func(t *testing.T, town, village, name, id, mobile, group, edu, status string) {
		q := map[string]string{"town": town, "village": village, "name": name, "idNumber": id, "mobile": mobile,
			"group": group, "education": edu, "status": status}
		fl := FilterFromQuery(func(k string) string { return q[k] })
		if err := fl.normalize(tree, today); err != nil {
			if skillcert.ErrorCode(err) != skillcert.EINVALID {
				t.Fatalf("error code %q: %v", skillcert.ErrorCode(err), err)
			}
			return
		}
		_, _ = fl.query(&skillcert.Actor{Role: skillcert.RoleCityAdmin})
	})
}

// FuzzActivationCode: any typed code normalizes, without separators and
// stably, before it is hashed and looked up.
func FuzzActivationCode(f *testing.F) {
	for _, s := range []string{"abcde fghjk", "ABCDE-FGHJK", "　ＡＢ", "", "0000000000", "\x00\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := normalizeActivationCode(s)
		if strings.ContainsAny(c, " -\t\u3000") || normalizeActivationCode(c) != c {
			t.Fatalf("normalized %q to %q", s, c)
		}
	})
}
