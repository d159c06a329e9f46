package recruitment

import "skillcert"

// ConstructionSubsidy is the one-time platform construction subsidy for a
// service area of area square metres: the amount of the highest tier whose
// lower bound the area reaches (2012: 200 m² and above 100,000 yuan; 100 m²
// and above but below 200 m² 80,000; below 100 m² 60,000). Area is in whole
// square metres; pass a measured area rounded down, since a fraction never
// reaches the next tier.
func ConstructionSubsidy(p PolicyParams, area int) (Fen, error) {
	if area < 0 {
		return 0, skillcert.Invalid("area", "服务场地面积不能为负数，当前为 %d 平方米", area)
	}
	best := Area(-1)
	var amount Fen
	for _, t := range p.ConstructionSubsidy {
		if t.LowerBound <= Area(area)*100 && t.LowerBound > best {
			best, amount = t.LowerBound, t.Amount
		}
	}
	if best < 0 {
		return 0, skillcert.Invalid("area", "%d 平方米不在任何补助档次内", area)
	}
	return amount, nil
}

// PersonnelSubsidy is the monthly subsidy per coordinator on post:
// PersonnelSubsidyPercent of the monthly minimum wage, rounded half up to the
// fen (150% of 1,310.00 yuan is 1,965.00; of 1,310.01 yuan, 1,965.015 →
// 1,965.02). The employer's social insurance share, paid on top, is not
// included.
func PersonnelSubsidy(p PolicyParams) Fen {
	return Fen((int64(p.MonthlyMinimumWage)*int64(p.PersonnelSubsidyPercent) + 50) / 100)
}

// MonthlyPersonnelSubsidy is the monthly subsidy for onPost coordinators:
// the rounded per-person amount times the head count.
func MonthlyPersonnelSubsidy(p PolicyParams, onPost int) (Fen, error) {
	if onPost < 0 {
		return 0, skillcert.Invalid("onPost", "在岗人数不能为负数，当前为 %d", onPost)
	}
	return PersonnelSubsidy(p) * Fen(onPost), nil
}
