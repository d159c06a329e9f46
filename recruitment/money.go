package recruitment

import (
	"strconv"
	"strings"
)

// Fen is an amount of money in fen (分, 1/100 yuan). Money is never a float.
type Fen int64

// Yuan returns n whole yuan in fen.
func Yuan(n int64) Fen { return Fen(n * 100) }

// String writes the amount as yuan with two decimals and thousands
// separators, e.g. "100,000.00 元".
func (f Fen) String() string {
	sign := ""
	n := int64(f)
	if n < 0 {
		sign, n = "-", -n
	}
	whole := strconv.FormatInt(n/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	cents := n % 100
	return sign + b.String() + "." + string(rune('0'+cents/10)) + string(rune('0'+cents%10)) + " 元"
}
