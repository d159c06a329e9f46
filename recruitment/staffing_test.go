package recruitment

import (
	"testing"

	"skillcert"
)

func TestTownRequired(t *testing.T) {
	// required = ⌈population × 15 / 100,000⌉, computed as
	// (population×15 + 99,999) / 100,000 in integers.
	tests := []struct {
		population int
		want       int
	}{
		{0, 0},               // 0
		{1, 1},               // 15/100,000 = 0.00015 → 1
		{6666, 1},            // 99,990/100,000 = 0.9999 → 1
		{6667, 2},            // 100,005/100,000 = 1.00005 → 2
		{10000, 2},           // 150,000/100,000 = 1.5 → 2
		{13333, 2},           // 199,995/100,000 = 1.99995 → 2
		{13334, 3},           // 200,010/100,000 = 2.0001 → 3
		{20000, 3},           // 300,000/100,000 = 3 exactly → 3
		{20001, 4},           // 300,015/100,000 = 3.00015 → 4
		{100000, 15},         // 1,500,000/100,000 = 15
		{123456, 19},         // 1,851,840/100,000 = 18.5184 → 19
		{2000000000, 300000}, // 30,000,000,000 overflows int32, not int64
	}
	p := DefaultPolicy()
	for _, tt := range tests {
		if got := TownRequired(p, tt.population); got != tt.want {
			t.Errorf("TownRequired(%d) = %d, want %d", tt.population, got, tt.want)
		}
	}
	if got := TownRequired(p, -5); got != 0 {
		t.Errorf("TownRequired(-5) = %d, want 0", got)
	}
	// Another norm: 2 per 10,000.
	p.TownStaff = StaffRatio{Staff: 2, Residents: 10000}
	for pop, want := range map[int]int{4999: 1, 5000: 1, 5001: 2, 10000: 2, 10001: 3} {
		if got := TownRequired(p, pop); got != want {
			t.Errorf("2 per 10,000: TownRequired(%d) = %d, want %d", pop, got, want)
		}
	}
}

func TestVillageRequired(t *testing.T) {
	p := DefaultPolicy()
	for pop, want := range map[int]int{0: 1, 1: 1, 2999: 1, 3000: 2, 3001: 2, 50000: 2} {
		if got := VillageRequired(p, pop); got != want {
			t.Errorf("VillageRequired(%d) = %d, want %d", pop, got, want)
		}
	}
}

func TestStaffingGaps(t *testing.T) {
	p := DefaultPolicy()
	tests := []struct {
		name   string
		town   bool
		pop    int
		onPost int
		want   Gap
	}{
		{"town short", true, 20000, 1, Gap{Required: 3, OnPost: 1, Shortfall: 2}},
		{"town exact", true, 20000, 3, Gap{Required: 3, OnPost: 3}},
		{"town surplus", true, 10000, 5, Gap{Required: 2, OnPost: 5, Surplus: 3}},
		{"empty town", true, 0, 0, Gap{}},
		{"village 2999 with 1", false, 2999, 1, Gap{Required: 1, OnPost: 1}},
		{"village 3000 with 1", false, 3000, 1, Gap{Required: 2, OnPost: 1, Shortfall: 1}},
		{"village 3001 with 0", false, 3001, 0, Gap{Required: 2, Shortfall: 2}},
		{"village 2999 with 2", false, 2999, 2, Gap{Required: 1, OnPost: 2, Surplus: 1}},
	}
	for _, tt := range tests {
		staffing := VillageStaffing
		if tt.town {
			staffing = TownStaffing
		}
		got, err := staffing(p, tt.pop, tt.onPost)
		if err != nil || got != tt.want {
			t.Errorf("%s: %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
	_, err := TownStaffing(p, -1, 0)
	wantError(t, err, skillcert.EINVALID, "population", "户籍人口不能为负数，当前为 -1")
	_, err = VillageStaffing(p, 100, -2)
	wantError(t, err, skillcert.EINVALID, "onPost", "在岗人数不能为负数，当前为 -2")
}

func TestSummarizeStaffing(t *testing.T) {
	p := DefaultPolicy()
	towns := []Unit{
		{Code: "wuzhen", Name: "乌镇镇（示例）", Population: 20000, OnPost: 1},   // 3 required, short 2
		{Code: "zhouquan", Name: "洲泉镇（示例）", Population: 10000, OnPost: 4}, // 2 required, surplus 2
	}
	villages := []Unit{
		{Code: "v1", Name: "示例一村", Town: "wuzhen", Population: 3000, OnPost: 1},  // 2, short 1
		{Code: "v2", Name: "示例二村", Town: "wuzhen", Population: 2999, OnPost: 1},  // 1, even
		{Code: "v3", Name: "示例三村", Town: "zhouquan", Population: 500, OnPost: 2}, // 1, surplus 1
	}
	c, err := SummarizeStaffing(p, towns, villages)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Towns) != 2 || c.Towns[0].Code != "wuzhen" || c.Towns[0].Gap != (Gap{Required: 3, OnPost: 1, Shortfall: 2}) {
		t.Errorf("Towns = %+v", c.Towns)
	}
	if want := (Gap{Required: 5, OnPost: 5, Shortfall: 2, Surplus: 2}); c.TownTotal != want {
		t.Errorf("TownTotal = %+v, want %+v (a surplus does not cancel another town's shortfall)", c.TownTotal, want)
	}
	if want := (Gap{Required: 4, OnPost: 4, Shortfall: 1, Surplus: 1}); c.VillageTotal != want {
		t.Errorf("VillageTotal = %+v, want %+v", c.VillageTotal, want)
	}
	if want := (Gap{Required: 9, OnPost: 9, Shortfall: 3, Surplus: 3}); c.Total() != want {
		t.Errorf("Total = %+v, want %+v", c.Total(), want)
	}
	if want := (Gap{Required: 3, OnPost: 2, Shortfall: 1}); c.VillagesOf("wuzhen") != want {
		t.Errorf("VillagesOf(wuzhen) = %+v, want %+v", c.VillagesOf("wuzhen"), want)
	}
	if c.VillagesOf("nowhere") != (Gap{}) {
		t.Error("VillagesOf an unknown town is not zero")
	}

	villages[2].Population = -3
	_, err = SummarizeStaffing(p, towns, villages)
	wantError(t, err, skillcert.EINVALID, "population", "示例三村：户籍人口不能为负数，当前为 -3")
}
