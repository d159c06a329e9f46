package reports

import "fmt"

// Fraction is a rate as two integers, never a float: Num of Den.
type Fraction struct {
	Num int64 `json:"num"`
	Den int64 `json:"den"`
}

// Permille is the rate in tenths of a percent, rounded half up; 0 when
// the denominator is 0.
func (f Fraction) Permille() int64 {
	if f.Den <= 0 {
		return 0
	}
	return (f.Num*2000 + f.Den) / (2 * f.Den)
}

// String is the rate as a percentage with one decimal, e.g. 37.5%; "—"
// when there is nothing to divide by.
func (f Fraction) String() string {
	if f.Den <= 0 {
		return "—"
	}
	p := f.Permille()
	return fmt.Sprintf("%d.%d%%", p/10, p%10)
}

// Less orders fractions by value without division.
func (f Fraction) Less(g Fraction) bool {
	if f.Den <= 0 || g.Den <= 0 {
		return f.Den <= 0 && g.Den > 0
	}
	return f.Num*g.Den < g.Num*f.Den
}
