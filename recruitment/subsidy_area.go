package recruitment

import (
	"strconv"
	"strings"

	"skillcert"
)

// Area is a service area in hundredths of a square metre (19999 =
// 199.99 m²): the policy speaks of m² with decimals, and a fraction never
// reaches the next tier.
type Area int64

// ParseArea reads an area in m² with at most two decimals ("199.99",
// "200", "85.5").
func ParseArea(s string) (Area, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "平方米"))
	s = strings.TrimSuffix(s, "m²")
	bad := skillcert.Invalid("area", "服务场地面积“%s”无法识别，应为平方米数，最多两位小数（如 199.99）", s)
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || (hasFrac && (frac == "" || len(frac) > 2)) {
		return 0, bad
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || w > 1_000_000 {
		return 0, bad
	}
	var f int64
	if hasFrac {
		for len(frac) < 2 {
			frac += "0"
		}
		if f, err = strconv.ParseInt(frac, 10, 64); err != nil || f < 0 {
			return 0, bad
		}
	}
	return Area(w*100 + f), nil
}

// String writes the area with two decimals, e.g. 199.99 平方米.
func (a Area) String() string {
	return strconv.FormatInt(int64(a)/100, 10) + "." + strconv.FormatInt(int64(a)%100/10, 10) +
		strconv.FormatInt(int64(a)%10, 10) + " 平方米"
}

// ConstructionSubsidyForArea is the one-time construction subsidy for a
// measured area: the amount of the highest tier whose lower bound ("以上"
// inclusive) the area reaches. 199.99 m² is below 200.
func ConstructionSubsidyForArea(p PolicyParams, a Area) (Fen, AreaTier, error) {
	if a < 0 {
		return 0, AreaTier{}, skillcert.Invalid("area", "服务场地面积不能为负数")
	}
	var best *AreaTier
	for i := range p.ConstructionSubsidy {
		t := &p.ConstructionSubsidy[i]
		if t.LowerBound <= a && (best == nil || t.LowerBound > best.LowerBound) {
			best = t
		}
	}
	if best == nil {
		return 0, AreaTier{}, skillcert.Invalid("area", "%s不在任何补助档次内", a)
	}
	return best.Amount, *best, nil
}
