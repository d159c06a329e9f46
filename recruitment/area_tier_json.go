package recruitment

import (
	"encoding/json"
	"strconv"
	"strings"

	"skillcert"
)

// M2 writes the area in m² with no more decimals than it has: 200,
// 150.5, 199.99, -1.
func (a Area) M2() string {
	sign, v := "", int64(a)
	if v < 0 {
		sign, v = "-", -v
	}
	s := sign + strconv.FormatInt(v/100, 10)
	if frac := v % 100; frac != 0 {
		s += strings.TrimRight("."+strconv.FormatInt(100+frac, 10)[1:], "0")
	}
	return s
}

// areaTierJSON is a tier as the API carries it: the bound in m² as a
// number with at most two decimals.
type areaTierJSON struct {
	MinArea json.Number `json:"minArea"`
	Amount  Fen         `json:"amountFen"`
}

// MarshalJSON writes the tier with its bound in m², e.g. {"minArea":150.5}.
func (t AreaTier) MarshalJSON() ([]byte, error) {
	return json.Marshal(areaTierJSON{MinArea: json.Number(t.LowerBound.M2()), Amount: t.Amount})
}

// UnmarshalJSON reads a tier whose bound is m² with at most two decimals.
func (t *AreaTier) UnmarshalJSON(b []byte) error {
	var in areaTierJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return skillcert.Invalid("constructionSubsidy", "平台建设补助档次应为 {\"minArea\": 面积（平方米）, \"amountFen\": 金额（分）}")
	}
	s := strings.TrimSpace(string(in.MinArea))
	neg := strings.HasPrefix(s, "-")
	a, err := ParseArea(strings.TrimPrefix(s, "-"))
	if err != nil {
		return skillcert.Invalid("constructionSubsidy", "平台建设补助档次的面积下限“%s”应为平方米数，最多两位小数", s)
	}
	if neg {
		a = -a
	}
	t.LowerBound, t.Amount = a, in.Amount
	return nil
}
