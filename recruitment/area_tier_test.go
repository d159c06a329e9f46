package recruitment

import (
	"encoding/json"
	"testing"

	"skillcert"
)

// TestDecimalTierBound: a tier may start at 150.5 m²; 150.49 m² is below
// it, 150.50 m² in it; JSON carries the bound in m².
func TestDecimalTierBound(t *testing.T) {
	p := DefaultPolicy()
	p.ConstructionSubsidy = append(p.ConstructionSubsidy, AreaTier{LowerBound: 150_50, Amount: Yuan(90000)})
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		area Area
		want Fen
	}{{150_49, Yuan(80000)}, {150_50, Yuan(90000)}, {199_99, Yuan(90000)}, {200_00, Yuan(100000)}} {
		got, _, err := ConstructionSubsidyForArea(p, tt.area)
		if err != nil || got != tt.want {
			t.Errorf("%s: %s %v, want %s", tt.area, got, err, tt.want)
		}
	}
	b, err := json.Marshal(p.ConstructionSubsidy)
	if err != nil {
		t.Fatal(err)
	}
	if want := `[{"minArea":200,"amountFen":10000000},{"minArea":100,"amountFen":8000000},{"minArea":0,"amountFen":6000000},{"minArea":150.5,"amountFen":9000000}]`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	var back []AreaTier
	if err := json.Unmarshal(b, &back); err != nil || len(back) != 4 || back[3] != p.ConstructionSubsidy[3] {
		t.Errorf("round trip: %+v %v", back, err)
	}
	err = json.Unmarshal([]byte(`{"minArea":150.555,"amountFen":1}`), &back[0])
	wantError(t, err, skillcert.EINVALID, "constructionSubsidy", "平台建设补助档次的面积下限“150.555”应为平方米数，最多两位小数")
	for a, want := range map[Area]string{0: "0", 200_00: "200", 150_50: "150.5", 199_99: "199.99", 100_05: "100.05", -100: "-1"} {
		if a.M2() != want {
			t.Errorf("Area(%d).M2() = %s, want %s", int64(a), a.M2(), want)
		}
	}
}
