package orgs_test

import (
	"context"
	"testing"

	"skillcert"
	"skillcert/orgs"
	"skillcert/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestReferenceTree(t *testing.T) {
	db := storetest.Open(t)
	tree, err := orgs.Load(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if tree.City().Name != "桐乡市" {
		t.Fatalf("city = %q", tree.City().Name)
	}
	towns := tree.Towns()
	want := []string{"梧桐街道", "凤鸣街道", "龙翔街道", "濮院镇", "屠甸镇", "乌镇镇", "崇福镇", "洲泉镇", "大麻镇", "河山镇", "石门镇", "高桥镇", "桐乡经济开发区", "振东新区"}
	if len(towns) != len(want) {
		t.Fatalf("towns = %d, want %d", len(towns), len(want))
	}
	for i, u := range towns {
		if u.Name != want[i] {
			t.Errorf("town %d = %s, want %s", i, u.Name, want[i])
		}
		if !u.Type.IsTownLevel() || u.Town != u.Code || u.OfficeName == "" {
			t.Errorf("town %s malformed: %+v", u.Name, u)
		}
		if len(tree.Villages(u.Code)) == 0 {
			t.Errorf("town %s has no villages", u.Name)
		}
		for _, v := range tree.Villages(u.Code) {
			if !v.Sample {
				t.Errorf("village %s not marked as sample", v.Name)
			}
		}
	}
	pilots := 0
	for _, u := range towns {
		if u.Pilot {
			pilots++
			if u.Code != "WZ" && u.Code != "ZQ" && u.Code != "LX" {
				t.Errorf("unexpected pilot %s", u.Name)
			}
		}
	}
	if pilots != 3 {
		t.Errorf("pilots = %d, want 3 (乌镇, 洲泉, 龙翔)", pilots)
	}
	if u, ok := tree.TownByName("乌镇"); !ok || u.Code != "WZ" {
		t.Errorf("TownByName(乌镇) = %v %v", u, ok)
	}
	if !tree.VillageInTown("WZ", "WZ01") || tree.VillageInTown("ZQ", "WZ01") {
		t.Error("VillageInTown wrong")
	}
	if err := tree.CheckPlace("WZ", "ZQ01"); skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Errorf("CheckPlace(WZ, ZQ01) = %v", err)
	}
	if err := tree.CheckPlace("NOPE", ""); skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Errorf("CheckPlace(NOPE) = %v", err)
	}
}
