package roster

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
)

// scoped registers a person in each of 民合村 (WZ01), 横港村 (WZ02) and
// 湘溪村 (洲泉镇).
func (f *fixture) scoped() (wz01, wz02, zq *Person) {
	f.t.Helper()
	wz01 = f.create(wzStaff, input("沈建国", wzID["沈建国"]))
	in := input("钱丽华", wzID["钱丽华"])
	in.Village = "WZ02"
	wz02 = f.create(wzStaff, in)
	in = input("蒋秀英", wzID["蒋秀英"])
	in.Town, in.Village = "ZQ", "ZQ02"
	zq = f.create(zqStaff, in)
	return
}

func names(p skillcert.Page[Person]) string {
	var out []string
	for _, x := range p.Items {
		out = append(out, x.Name)
	}
	return strings.Join(out, ",")
}

func TestListIsScopedToTheActorsTownAndVillage(t *testing.T) {
	f := newFixture(t)
	wz01, wz02, zq := f.scoped()
	cases := []struct {
		actor *skillcert.Actor
		want  string
	}{
		{cityAdmin, "沈建国,蒋秀英,钱丽华"},
		{wzStaff, "沈建国,钱丽华"},
		{wzVillage, "沈建国"},
		{wz02Staff, "钱丽华"},
		{zqStaff, "蒋秀英"},
	}
	for _, c := range cases {
		page, err := f.svc.List(ctxAs(c.actor), c.actor, Filter{}, skillcert.PageRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if got := names(page); got != c.want || page.Total != int64(strings.Count(c.want, ",")+1) {
			t.Errorf("%s lists %q (total %d), want %q", c.actor.Username, got, page.Total, c.want)
		}
		for _, p := range page.Items {
			if p.IDNumber != "" || !strings.Contains(p.IDMasked, "********") {
				t.Errorf("%s: list item carries the whole ID number: %+v", c.actor.Username, p)
			}
		}
	}
	// A filter naming another unit finds nothing, never widens the scope.
	page, err := f.svc.List(ctxAs(wzVillage), wzVillage, Filter{Village: "WZ02"}, skillcert.PageRequest{})
	if err != nil || page.Total != 0 {
		t.Errorf("village staff filtering another village: %v %v", names(page), err)
	}
	page, err = f.svc.List(ctxAs(wzStaff), wzStaff, Filter{Town: "ZQ"}, skillcert.PageRequest{})
	if err != nil || page.Total != 0 {
		t.Errorf("town staff filtering another town: %v %v", names(page), err)
	}
	// Reading one person: the same scope; others get not found.
	for _, c := range []struct {
		actor *skillcert.Actor
		p     *Person
		ok    bool
	}{
		{wzVillage, wz01, true}, {wzVillage, wz02, false}, {wzVillage, zq, false},
		{wzStaff, wz02, true}, {wzStaff, zq, false}, {zqStaff, wz01, false}, {cityAdmin, zq, true},
		{teacher, wz01, false},
	} {
		got, err := f.svc.Get(ctxAs(c.actor), c.actor, c.p.ID)
		if c.ok && (err != nil || got.Name != c.p.Name || got.IDNumber != "") {
			t.Errorf("%s reading %s: %+v %v", c.actor.Username, c.p.Name, got, err)
		}
		if !c.ok && skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
			t.Errorf("%s reading %s: %v, want not found", c.actor.Username, c.p.Name, err)
		}
	}
	// The instructor has no list.
	if _, err := f.svc.List(ctxAs(teacher), teacher, Filter{}, skillcert.PageRequest{}); skillcert.ErrorCode(err) != skillcert.EFORBIDDEN {
		t.Errorf("instructor listing: %v", err)
	}
}

func TestListSearches(t *testing.T) {
	f := newFixture(t)
	f.scoped()
	in := input("沈小明", wzID["吴小红"])
	in.Mobile, in.Groups, in.Education, in.Village = "13600001111", []string{"城镇零就业家庭", "就业困难人员"}, "本科", "WZ04"
	f.create(wzStaff, in)
	pending := input("褚建明", wzID["褚建明"])
	f.create(wzStaff, pending)
	if _, err := f.svc.persons.UpdateOne(context.Background(), f.svc.byIDHashes(wzID["褚建明"]),
		bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: PersonPending}}}}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		actor *skillcert.Actor
		f     Filter
		want  string
	}{
		{wzStaff, Filter{Name: "沈"}, "沈小明,沈建国"},
		{wzStaff, Filter{Name: "沈建"}, "沈建国"},
		{wzStaff, Filter{Name: "."}, ""}, // no regular expression from the user
		{wzStaff, Filter{IDNumber: wzID["钱丽华"][14:]}, "钱丽华"},
		{wzStaff, Filter{IDNumber: strings.ToLower(wzID["钱丽华"])}, "钱丽华"},
		{cityAdmin, Filter{IDNumber: wzID["蒋秀英"][14:]}, "蒋秀英"},
		{wzStaff, Filter{IDNumber: wzID["蒋秀英"]}, ""}, // another town's resident
		{wzStaff, Filter{Mobile: "136 0000 1111"}, "沈小明"},
		{wzStaff, Filter{Group: GroupEmploymentDifficult}, "沈小明"},
		{cityAdmin, Filter{Group: GroupEnterpriseWorker}, "沈建国,蒋秀英,褚建明,钱丽华"},
		{wzStaff, Filter{Village: "WZ04"}, "沈小明"},
		{cityAdmin, Filter{Village: "ZQ02"}, "蒋秀英"},
		{wzStaff, Filter{Education: EduBachelor}, "沈小明"},
		{cityAdmin, Filter{Education: EduSeniorHigh, Town: "WZ"}, "沈建国,褚建明,钱丽华"},
		{wzStaff, Filter{Status: PersonPending}, "褚建明"},
		{cityAdmin, Filter{Status: PersonPending}, "褚建明"},
		{wzStaff, Filter{Name: "沈", Group: GroupEnterpriseWorker}, "沈建国"},
	}
	for _, c := range cases {
		page, err := f.svc.List(ctxAs(c.actor), c.actor, c.f, skillcert.PageRequest{})
		if err != nil {
			t.Errorf("%+v: %v", c.f, err)
			continue
		}
		if got := names(page); got != c.want {
			t.Errorf("%s %+v: %q, want %q", c.actor.Username, c.f, got, c.want)
		}
	}
	for _, bad := range []Filter{{IDNumber: "12345"}, {Mobile: "123"}, {Group: "x"}, {Education: "大学"}, {Village: "ZQ02", Town: "WZ"}, {Status: "gone"}} {
		if _, err := f.svc.List(ctxAs(cityAdmin), cityAdmin, bad, skillcert.PageRequest{}); skillcert.ErrorCode(err) != skillcert.EINVALID {
			t.Errorf("filter %+v: %v, want invalid", bad, err)
		}
	}
	// Pages.
	page, err := f.svc.List(ctxAs(wzStaff), wzStaff, Filter{}, skillcert.PageRequest{Page: 2, Size: 2})
	if err != nil || names(page) != "褚建明,钱丽华" || page.Total != 4 || page.Pages() != 2 {
		t.Errorf("page 2: %q total %d, %v", names(page), page.Total, err)
	}
}

func TestCreateUpdateDeleteAreScopedAndAudited(t *testing.T) {
	f := newFixture(t)
	wz01, _, zq := f.scoped()
	// Creating in another town or village is refused.
	in := input("王海峰", wzID["王海峰"])
	in.Town, in.Village = "ZQ", "ZQ02"
	if _, err := f.svc.Create(ctxAs(wzStaff), wzStaff, in); skillcert.ErrorCode(err) != skillcert.EFORBIDDEN {
		t.Errorf("乌镇镇 creating in 洲泉镇: %v", err)
	}
	in.Town, in.Village = "WZ", "WZ02"
	if _, err := f.svc.Create(ctxAs(wzVillage), wzVillage, in); skillcert.ErrorCode(err) != skillcert.EFORBIDDEN {
		t.Errorf("民合村 creating in 横港村: %v", err)
	}
	if _, err := f.svc.Create(ctxAs(cityAdmin), cityAdmin, in); skillcert.ErrorCode(err) != skillcert.EFORBIDDEN {
		t.Errorf("the city creating: %v", err)
	}
	// One person per ID number, city-wide; the conflict does not tell
	// another town where (issue 11 item 7).
	dup := input("沈建国", wzID["蒋秀英"])
	_, err := f.svc.Create(ctxAs(wzStaff), wzStaff, dup)
	if skillcert.ErrorCode(err) != skillcert.ECONFLICT || !strings.Contains(skillcert.ErrorMessage(err), "管辖范围以外") ||
		strings.Contains(skillcert.ErrorMessage(err), "洲泉") || strings.Contains(skillcert.ErrorMessage(err), "湘溪") {
		t.Errorf("duplicate across towns: %v", err)
	}
	dup.IDNumber = strings.ToLower(wzID["沈建国"])
	if _, err = f.svc.Create(ctxAs(wzStaff), wzStaff, dup); skillcert.ErrorCode(err) != skillcert.ECONFLICT || !strings.Contains(skillcert.ErrorMessage(err), "沈建国") {
		t.Errorf("duplicate in town: %v", err)
	}
	// Every fault of a form at once, field by field.
	_, err = f.svc.Create(ctxAs(wzStaff), wzStaff, PersonInput{Name: "张3", IDNumber: "123", Town: "WZ", Village: "XX"})
	var fe FieldErrors
	if !errors.As(err, &fe) || skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Fatalf("bad form: %v", err)
	}
	for _, fld := range []Field{FieldName, FieldIDNumber, FieldVillage, FieldGroups, FieldEducation, FieldEmployment} {
		if fe.For(fld) == "" {
			t.Errorf("no fault for %s in %v", fld, fe)
		}
	}

	// Update: move within the town; keep the number when left empty.
	up := wz01.Input()
	up.IDNumber, up.Village, up.Mobile = "", "WZ03", "13905730000"
	got, err := f.svc.Update(ctxAs(wzStaff), wzStaff, wz01.ID, up)
	if err != nil {
		t.Fatal(err)
	}
	stored := f.stored()[wzID["沈建国"]]
	if got.Village != "WZ03" || stored.Village != "WZ03" || stored.Mobile != "13905730000" || stored.IDNumber != wzID["沈建国"] || got.IDNumber != "" {
		t.Errorf("after update: %+v / %+v", got, stored)
	}
	// Nothing changed: no write, no audit.
	before := f.auditCount("person.update", "")
	if _, err := f.svc.Update(ctxAs(wzStaff), wzStaff, wz01.ID, up); err != nil {
		t.Fatal(err)
	}
	if n := f.auditCount("person.update", ""); n != before {
		t.Errorf("an update that changed nothing was audited (%d → %d)", before, n)
	}
	// 民合村's staff no longer reach 沈建国 (he lives in 虹桥村 now).
	if _, err := f.svc.Update(ctxAs(wzVillage), wzVillage, wz01.ID, up); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Errorf("village staff updating a person of another village: %v", err)
	}
	// A town cannot move its resident to another town.
	up.Town, up.Village = "ZQ", "ZQ02"
	if _, err := f.svc.Update(ctxAs(wzStaff), wzStaff, wz01.ID, up); skillcert.ErrorCode(err) != skillcert.EFORBIDDEN {
		t.Errorf("moving to another town: %v", err)
	}
	if _, err := f.svc.Update(ctxAs(zqStaff), zqStaff, wz01.ID, up); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Errorf("another town updating: %v", err)
	}
	// Correcting the ID number to one in use is a conflict.
	up = wz01.Input()
	up.IDNumber = wzID["蒋秀英"]
	if _, err := f.svc.Update(ctxAs(wzStaff), wzStaff, wz01.ID, up); skillcert.ErrorCode(err) != skillcert.ECONFLICT {
		t.Errorf("correcting to a number in use: %v", err)
	}

	// Delete: scoped, audited, refused for a person with an account.
	if err := f.svc.Delete(ctxAs(wzStaff), wzStaff, zq.ID); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Errorf("deleting another town's person: %v", err)
	}
	if _, err := f.auth.RegisterTrainee(context.Background(), auth.NewTrainee{Mobile: "13900001111", Name: "蒋秀英", Password: "Passw0rd1", PersonID: zq.ID}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Delete(ctxAs(zqStaff), zqStaff, zq.ID); skillcert.ErrorCode(err) != skillcert.ECONFLICT {
		t.Errorf("deleting a person with an account: %v", err)
	}
	if err := f.svc.Delete(ctxAs(wzStaff), wzStaff, wz01.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.stored()[wzID["沈建国"]]; ok {
		t.Error("deleted person still stored")
	}
	for action, want := range map[string]int{"person.create": 3, "person.update": 1, "person.delete": 1} {
		if n := f.auditCount(action, ""); n != want {
			t.Errorf("%d %s audit entries, want %d", n, action, want)
		}
	}
}

func TestRevealIsScopedAndAudited(t *testing.T) {
	f := newFixture(t)
	wz01, wz02, zq := f.scoped()
	cases := []struct {
		actor *skillcert.Actor
		p     *Person
		code  string
	}{
		{wzVillage, wz01, ""}, {wzVillage, wz02, skillcert.ENOTFOUND}, {wzStaff, wz02, ""}, {wzStaff, zq, skillcert.ENOTFOUND},
		{cityAdmin, zq, ""}, {teacher, wz01, skillcert.EFORBIDDEN},
		{&skillcert.Actor{Role: skillcert.RoleTrainee, PersonID: wz01.ID}, wz01, ""},
		{&skillcert.Actor{Role: skillcert.RoleTrainee, PersonID: wz01.ID}, wz02, skillcert.ENOTFOUND},
	}
	for _, c := range cases {
		n, err := f.svc.RevealIDNumber(ctxAs(c.actor), c.actor, c.p.ID)
		if skillcert.ErrorCode(err) != c.code {
			t.Errorf("%s revealing %s: %v, want %q", c.actor.Role, c.p.Name, err, c.code)
		}
		if c.code == "" && n != wzID[c.p.Name] {
			t.Errorf("%s revealed %q for %s", c.actor.Role, n, c.p.Name)
		}
	}
	if n := f.auditCount("person.reveal", wz01.ID); n != 2 {
		t.Errorf("%d reveal entries for %s, want 2", n, wz01.Name)
	}
}

func TestExportIsScopedMaskedAndNeutralized(t *testing.T) {
	f := newFixture(t)
	f.scoped()
	in := input("褚建明", wzID["褚建明"])
	in.Notes = "=HYPERLINK(\"http://x\")"
	f.create(wzVillage, in)
	read := func(data []byte) [][]string {
		t.Helper()
		x, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows(ExportSheet)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	data, n, err := f.svc.Export(ctxAs(wzVillage), wzVillage, Filter{}, false)
	if err != nil || n != 2 {
		t.Fatalf("export: %d %v", n, err)
	}
	rows := read(data)
	if len(rows) != 3 || rows[1][1] != "沈建国" || rows[2][1] != "褚建明" {
		t.Fatalf("rows %v", rows)
	}
	if rows[1][2] != skillcert.MaskIDNumber(wzID["沈建国"]) || rows[1][6] != "乌镇镇" || rows[1][7] != "民合村" {
		t.Errorf("row %v", rows[1])
	}
	if rows[2][13] != "'=HYPERLINK(\"http://x\")" {
		t.Errorf("formula not neutralized: %q", rows[2][13])
	}
	// Whole numbers: the roles that may see them, audited as such.
	data, _, err = f.svc.Export(ctxAs(wzStaff), wzStaff, Filter{Name: "钱"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if rows := read(data); len(rows) != 2 || rows[1][2] != wzID["钱丽华"] {
		t.Errorf("full export rows %v", rows)
	}
	page, _ := f.svc.audit.List(context.Background(), audit.Filter{Action: "person.export"}, skillcert.PageRequest{})
	details := map[string]bool{}
	for _, e := range page.Items {
		details[e.Detail] = true
	}
	if page.Total != 2 || !details["1 persons, full id numbers"] || !details["2 persons, masked"] {
		t.Errorf("export audit %+v", page.Items)
	}
	if _, _, err := f.svc.Export(ctxAs(teacher), teacher, Filter{}, false); skillcert.ErrorCode(err) != skillcert.EFORBIDDEN {
		t.Errorf("instructor export: %v", err)
	}
}

func TestAddTargetGroupKeepsDisplayOrderAndIsIdempotent(t *testing.T) {
	f := newFixture(t)
	in := input("沈建国", wzID["沈建国"])
	in.Groups = []string{"企业退休人员", "被征地农民"}
	p := f.create(wzStaff, in)
	ctx := ctxAs(cityAdmin)
	for i := 0; i < 2; i++ {
		if err := f.svc.AddTargetGroup(ctx, p.ID, GroupPlatformStaff); err != nil {
			t.Fatal(err)
		}
	}
	got := f.stored()[wzID["沈建国"]].Groups
	want := []TargetGroup{GroupLandlessFarmer, GroupPlatformStaff, GroupEnterpriseRetiree}
	if strings.Join(groupStrings(got), ",") != strings.Join(groupStrings(want), ",") {
		t.Errorf("groups %v, want %v", got, want)
	}
	if n := f.auditCount("person.update", p.ID); n != 1 {
		t.Errorf("%d update entries, want 1", n)
	}
	if err := f.svc.AddTargetGroup(ctx, p.ID, "nobody"); skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Errorf("unknown group: %v", err)
	}
}

func groupStrings(gs []TargetGroup) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = string(g)
	}
	return out
}
