package skillcert

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Date is a calendar day — a birth date, a cutoff, a validity end, a
// holiday — not an instant. It has no time of day and no zone: 1992-02-29
// is that day wherever it is read. The zero Date means "no date".
//
// It is written as "YYYY-MM-DD" in JSON, forms and the database (a string
// there, so it sorts and compares as a date on both engines and never
// shifts by the zone of whoever reads it). Reading also accepts a stored
// BSON datetime (records written before this type), taken as the day it
// falls on in China Standard Time.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateLayout is the one text form of a Date.
const DateLayout = "2006-01-02"

// NewDate returns the calendar day y-m-d, normalized as time.Date does
// (2026-02-30 becomes 2026-03-02).
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 12, 0, 0, 0, time.UTC).In(CST))
}

// DateOf returns the day an instant falls on in China Standard Time.
func DateOf(t time.Time) Date {
	y, m, d := t.In(CST).Date()
	return Date{Year: y, Month: m, Day: d}
}

// Today is the current day in China Standard Time.
func Today() Date { return DateOf(time.Now()) }

// ParseDate reads "YYYY-MM-DD" (surrounding spaces ignored). An empty
// string gives the zero Date without error. A day that does not exist
// (2023-02-29) is an error, with a Chinese message.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, &Error{Code: EINVALID, Message: fmt.Sprintf("日期“%s”无效，请按 年-月-日 填写，例如 2026-03-31", s)}
	}
	return Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, nil
}

// MustParseDate is ParseDate for constants in tests and reference data.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == Date{} }

// String is "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Start is the first instant of the day in China Standard Time.
func (d Date) Start() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, CST) }

// End is the first instant of the next day in China Standard Time: an
// instant t falls on d when d.Start() <= t < d.End().
func (d Date) End() time.Time { return d.AddDays(1).Start() }

// AddDays returns the day n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return NewDate(d.Year, d.Month, d.Day+n) }

// AddMonths returns the day n months later, with the day of the month
// kept where it exists and the month's last day otherwise (31 March plus
// one month is 30 April, not 1 May).
func (d Date) AddMonths(n int) Date {
	first := NewDate(d.Year, d.Month+time.Month(n), 1)
	last := NewDate(first.Year, first.Month+1, 0).Day
	return Date{Year: first.Year, Month: first.Month, Day: min(d.Day, last)}
}

// Weekday is the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.Start().Weekday() }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.key() < e.key():
		return -1
	case d.key() > e.key():
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.key() < e.key() }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.key() > e.key() }

func (d Date) key() int { return d.Year*10000 + int(d.Month)*100 + d.Day }

// FullYearsAt is the age in full years (周岁) on day at of a person born on
// d: N from the N-th anniversary of d on; the anniversary of 29 February
// in a common year is 1 March. Negative when at is before d.
func (d Date) FullYearsAt(at Date) int {
	years := at.Year - d.Year
	if at.Month < d.Month || (at.Month == d.Month && at.Day < d.Day) {
		years--
	}
	return years
}

// MarshalText writes "YYYY-MM-DD" ("" for the zero Date).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "YYYY-MM-DD" ("" gives the zero Date).
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes "YYYY-MM-DD", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD", "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &Error{Code: EINVALID, Message: "日期应为“年-月-日”格式的文字，例如 \"2026-03-31\""}
	}
	return d.UnmarshalText([]byte(s))
}

// MarshalBSONValue stores the Date as the string "YYYY-MM-DD", or null
// for the zero Date.
func (d Date) MarshalBSONValue() (byte, []byte, error) {
	if d.IsZero() {
		return byte(bson.TypeNull), nil, nil
	}
	t, b, err := bson.MarshalValue(d.String())
	return byte(t), b, err
}

// UnmarshalBSONValue reads a stored string, null, or (older records) a
// datetime, taken as its day in China Standard Time.
func (d *Date) UnmarshalBSONValue(typ byte, data []byte) error {
	raw := bson.RawValue{Type: bson.Type(typ), Value: data}
	switch bson.Type(typ) {
	case bson.TypeNull, bson.TypeUndefined:
		*d = Date{}
		return nil
	case bson.TypeString:
		return d.UnmarshalText([]byte(raw.StringValue()))
	case bson.TypeDateTime:
		*d = DateOf(raw.Time())
		return nil
	}
	return fmt.Errorf("skillcert.Date: cannot read BSON type %s", bson.Type(typ))
}
