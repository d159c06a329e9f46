package audit_test

import (
	"context"
	"testing"

	"skillcert"
	"skillcert/audit"
	"skillcert/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestRecordAndList(t *testing.T) {
	db := storetest.Open(t)
	log := audit.NewLog(db)
	ctx := skillcert.WithActor(context.Background(), &skillcert.Actor{AccountID: "a1", Username: "wz_staff", Role: skillcert.RoleTownStaff, Town: "WZ", IP: "10.0.0.1"})
	for _, act := range []string{"person.create", "person.update", "person.reveal_id"} {
		if err := log.Record(ctx, act, "person", "p1", audit.ResultOK, ""); err != nil {
			t.Fatal(err)
		}
	}
	anon := audit.WithIP(context.Background(), "10.0.0.9")
	if err := log.Record(anon, "login", "account", "ghost", audit.ResultFailed, "no such user"); err != nil {
		t.Fatal(err)
	}
	page, err := log.List(context.Background(), audit.Filter{ActorID: "a1"}, skillcert.PageRequest{Page: 1, Size: 2})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 3 || len(page.Items) != 2 {
		t.Fatalf("page = %d items of %d, want 2 of 3", len(page.Items), page.Total)
	}
	e := page.Items[0]
	if e.Town != "WZ" || e.IP != "10.0.0.1" || e.Role != "town_staff" || e.Result != "ok" {
		t.Errorf("entry lacks who/where: %+v", e)
	}
	all, err := log.List(context.Background(), audit.Filter{Action: "login"}, skillcert.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != 1 || all.Items[0].IP != "10.0.0.9" || all.Items[0].ActorID != "" {
		t.Fatalf("anonymous entry = %+v", all.Items)
	}
}

func TestRecordManyWritesEntriesLikeRecord(t *testing.T) {
	db := storetest.Open(t)
	log := audit.NewLog(db)
	actor := &skillcert.Actor{AccountID: "a2", Username: "wz_village", Role: skillcert.RoleVillageStaff, Town: "WZ", Village: "WZ01"}
	ctx := audit.WithIP(context.Background(), "10.0.0.7")
	items := []audit.Item{
		{Action: "person.update", TargetType: "person", TargetID: "p1", Result: audit.ResultOK, Detail: "第 2 行"},
		{Action: "person.create", TargetType: "import", TargetID: "job1", Result: audit.ResultOK, Detail: "新增 3 人"},
	}
	if err := log.RecordMany(ctx, actor, items); err != nil {
		t.Fatal(err)
	}
	if err := log.RecordMany(ctx, actor, nil); err != nil {
		t.Fatal(err)
	}
	page, err := log.List(context.Background(), audit.Filter{ActorID: "a2"}, skillcert.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 2 {
		t.Fatalf("entries = %d, want 2", page.Total)
	}
	for _, e := range page.Items {
		if e.Role != "village_staff" || e.Town != "WZ" || e.Village != "WZ01" || e.IP != "10.0.0.7" || e.ID == "" || e.At.IsZero() {
			t.Errorf("entry lacks who/where: %+v", e)
		}
	}
}
