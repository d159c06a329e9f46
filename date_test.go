package skillcert

import (
	"encoding/json"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

func TestDateRoundTripsWithoutShifting(t *testing.T) {
	type rec struct {
		Birth Date `bson:"birth" json:"birth"`
		None  Date `bson:"none" json:"none"`
	}
	in := rec{Birth: MustParseDate("1992-02-29")}

	js, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(js) != `{"birth":"1992-02-29","none":null}` {
		t.Fatalf("JSON = %s", js)
	}
	var back rec
	if err := json.Unmarshal(js, &back); err != nil || back != in {
		t.Fatalf("JSON back = %+v, %v", back, err)
	}

	bs, err := bson.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got := bson.Raw(bs).Lookup("birth").StringValue(); got != "1992-02-29" {
		t.Fatalf("stored as %q", got)
	}
	var fromDB rec
	if err := bson.Unmarshal(bs, &fromDB); err != nil || fromDB != in {
		t.Fatalf("BSON back = %+v, %v", fromDB, err)
	}
}

func TestDateReadsLegacyDatetimeAsTheChinaDay(t *testing.T) {
	// Older records hold midnight China time, i.e. 16:00 UTC the day before.
	legacy := bson.D{{Key: "birth", Value: time.Date(1992, 2, 28, 16, 0, 0, 0, time.UTC)}}
	bs, _ := bson.Marshal(legacy)
	var r struct {
		Birth Date `bson:"birth"`
	}
	if err := bson.Unmarshal(bs, &r); err != nil {
		t.Fatal(err)
	}
	if r.Birth.String() != "1992-02-29" {
		t.Fatalf("legacy datetime read as %s", r.Birth)
	}
}

func TestParseDateRefusesDaysThatDoNotExist(t *testing.T) {
	for _, s := range []string{"2023-02-29", "2026-13-01", "2026/03/01", "20260301", "2026-3-1"} {
		if _, err := ParseDate(s); ErrorCode(err) != EINVALID {
			t.Errorf("ParseDate(%q) = %v, want EINVALID", s, err)
		}
	}
	if d, err := ParseDate(" "); err != nil || !d.IsZero() {
		t.Errorf("blank = %v, %v", d, err)
	}
}

func TestDateFullYearsAtCutoff(t *testing.T) {
	cutoff := MustParseDate("2023-03-31")
	cases := []struct {
		birth string
		want  int
	}{
		{"1987-04-01", 35}, // "35周岁以下" at 2023-03-31 accepts this birth
		{"1987-03-31", 36}, // the 36th birthday is the cutoff itself
		{"1988-02-29", 35},
	}
	for _, c := range cases {
		if got := MustParseDate(c.birth).FullYearsAt(cutoff); got != c.want {
			t.Errorf("born %s: %d, want %d", c.birth, got, c.want)
		}
	}
	leap := MustParseDate("2000-02-29")
	if leap.FullYearsAt(MustParseDate("2018-02-28")) != 17 || leap.FullYearsAt(MustParseDate("2018-03-01")) != 18 {
		t.Error("29 February's anniversary in a common year is 1 March")
	}
}

func TestDateArithmeticAndInstants(t *testing.T) {
	d := MustParseDate("2026-12-31")
	if d.AddDays(1).String() != "2027-01-01" || d.AddDays(-365).String() != "2025-12-31" {
		t.Fatal("AddDays")
	}
	// 23:59 China time on the 31st is still the 31st; 00:00 on the 1st is not.
	late := time.Date(2026, 12, 31, 15, 59, 0, 0, time.UTC)
	if DateOf(late) != d || !late.Before(d.End()) || late.Before(d.Start()) {
		t.Fatal("23:59 CST belongs to the day")
	}
	if DateOf(d.End()) != d.AddDays(1) {
		t.Fatal("End is the next day's start")
	}
	if !d.After(d.AddDays(-1)) || d.Compare(d) != 0 || !d.AddDays(-1).Before(d) {
		t.Fatal("comparisons")
	}
}
