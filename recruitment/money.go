package recruitment

import (
	"strconv"
	"strings"

	"skillcert"
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

// ParseYuan reads an amount typed in yuan with at most two decimals, e.g.
// "1310" or "1,310.50", as fen. Negative amounts are refused.
func ParseYuan(s string) (Fen, error) {
	t := strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	whole, frac, hasDot := strings.Cut(t, ".")
	if whole == "" || !digits(whole) || len(whole) > 12 || (hasDot && (len(frac) == 0 || len(frac) > 2 || !digits(frac))) {
		return 0, skillcert.Invalid("amount", "金额“%s”无效，应为最多两位小数的元数，如 1310 或 1310.50", strings.TrimSpace(s))
	}
	n, _ := strconv.ParseInt(whole, 10, 64)
	f := n * 100
	if hasDot {
		if len(frac) == 1 {
			frac += "0"
		}
		c, _ := strconv.ParseInt(frac, 10, 64)
		f += c
	}
	return Fen(f), nil
}
