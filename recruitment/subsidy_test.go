package recruitment

import (
	"testing"

	"skillcert"
)

func TestConstructionSubsidy(t *testing.T) {
	p := DefaultPolicy()
	tests := []struct {
		area int
		want Fen
	}{
		{0, Yuan(60000)},
		{99, Yuan(60000)},  // below 100 m²
		{100, Yuan(80000)}, // 100 m² and above
		{199, Yuan(80000)}, // below 200 m²
		{200, Yuan(100000)},
		{201, Yuan(100000)},
		{5000, Yuan(100000)},
	}
	for _, tt := range tests {
		got, err := ConstructionSubsidy(p, tt.area)
		if err != nil || got != tt.want {
			t.Errorf("ConstructionSubsidy(%d m²) = %s, %v; want %s", tt.area, got, err, tt.want)
		}
	}
	_, err := ConstructionSubsidy(p, -1)
	wantError(t, err, skillcert.EINVALID, "area", "服务场地面积不能为负数，当前为 -1 平方米")

	p.ConstructionSubsidy = []AreaTier{{LowerBound: 50_00, Amount: Yuan(1)}} // invalid, but must not panic
	_, err = ConstructionSubsidy(p, 10)
	wantError(t, err, skillcert.EINVALID, "area", "10 平方米不在任何补助档次内")
}

func TestPersonnelSubsidy(t *testing.T) {
	p := DefaultPolicy()
	tests := []struct {
		wage    Fen
		percent int
		want    Fen
	}{
		{Yuan(1310), 150, 196500}, // 1,965.00 yuan
		{131001, 150, 196502},     // 1,965.015 → 1,965.02 (half up)
		{131003, 150, 196505},     // 1,965.045 → 1,965.05
		{131002, 150, 196503},     // exact
		{Yuan(2490), 150, 373500}, // 3,735.00 yuan
		{100001, 133, 133001},     // 1,330.0133 → 1,330.01
		{100004, 133, 133005},     // 1,330.0532 → 1,330.05
		{100003, 150, 150005},     // 1,500.045 → 1,500.05
	}
	for _, tt := range tests {
		p.MonthlyMinimumWage, p.PersonnelSubsidyPercent = tt.wage, tt.percent
		if got := PersonnelSubsidy(p); got != tt.want {
			t.Errorf("PersonnelSubsidy(%s × %d%%) = %d fen, want %d", tt.wage, tt.percent, got, tt.want)
		}
	}
	if got := PersonnelSubsidy(DefaultPolicy()).String(); got != "1,965.00 元" {
		t.Errorf("default personnel subsidy = %s", got)
	}

	p = DefaultPolicy()
	p.MonthlyMinimumWage = 131001 // 1,965.02 per person, rounded before multiplying
	for onPost, want := range map[int]Fen{0: 0, 1: 196502, 3: 589506} {
		got, err := MonthlyPersonnelSubsidy(p, onPost)
		if err != nil || got != want {
			t.Errorf("MonthlyPersonnelSubsidy(%d) = %d, %v; want %d", onPost, got, err, want)
		}
	}
	_, err := MonthlyPersonnelSubsidy(p, -1)
	wantError(t, err, skillcert.EINVALID, "onPost", "在岗人数不能为负数，当前为 -1")
}
