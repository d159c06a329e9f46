package roster

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"skillcert"
	"skillcert/audit"
)

func register(ip string) context.Context { return audit.WithIP(context.Background(), ip) }

func TestRegistrationLinksToTheRegisterWhenTheNameMatches(t *testing.T) {
	f := newFixture(t)
	shen := f.create(wzStaff, input("沈建国", wzID["沈建国"]))
	// A different name for a registered number is refused.
	_, err := f.svc.Register(register("10.0.0.1"), Registration{IDNumber: wzID["沈建国"], Name: "沈建华", Mobile: "13905731234", Password: "Passw0rd1", Village: "WZ01"})
	if skillcert.ErrorCode(err) != skillcert.EINVALID || !strings.Contains(skillcert.ErrorMessage(err), "姓名与登记信息不一致") {
		t.Fatalf("wrong name: %v", err)
	}
	// The right name links; spaces and another village do not matter.
	res, err := f.svc.Register(register("10.0.0.1"), Registration{IDNumber: wzID["沈建国"], Name: " 沈建国 ", Mobile: "139 0573 1234", Password: "Passw0rd1", Village: "ZQ02"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != PersonActive || res.PersonID != shen.ID || res.Username != "13905731234" {
		t.Fatalf("registered %+v", res)
	}
	acc, err := f.auth.TraineeAccountOf(context.Background(), shen.ID)
	if err != nil || acc.Role != skillcert.RoleTrainee || acc.Username != "13905731234" {
		t.Fatalf("account %+v %v", acc, err)
	}
	login, err := f.auth.Login(context.Background(), "13905731234", "Passw0rd1")
	if err != nil || login.Account.PersonID != shen.ID {
		t.Fatalf("login: %+v %v", login, err)
	}
	if p := f.stored()[wzID["沈建国"]]; p.Mobile != "13905731234" || p.Village != "WZ01" || p.Status != PersonActive {
		t.Errorf("person after registration %+v", p)
	}
	// Registering again is a conflict, with the mobile or another one.
	for _, m := range []string{"13905731234", "13905739999"} {
		_, err = f.svc.Register(register("10.0.0.1"), Registration{IDNumber: wzID["沈建国"], Name: "沈建国", Mobile: m, Password: "Passw0rd1", Village: "WZ01"})
		if skillcert.ErrorCode(err) != skillcert.ECONFLICT {
			t.Errorf("second registration with %s: %v", m, err)
		}
	}
}

func TestRegistrationCreatesAPendingPersonForTheTown(t *testing.T) {
	f := newFixture(t)
	res, err := f.svc.Register(register("10.0.0.2"), Registration{IDNumber: strings.ToLower(wzID["褚建明"]), Name: "褚建明", Mobile: "13711112222", Password: "Passw0rd1", Village: "WZ03"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != PersonPending || !strings.Contains(res.Message, "乌镇镇") {
		t.Fatalf("registered %+v", res)
	}
	p := f.stored()[wzID["褚建明"]]
	if p.Status != PersonPending || p.Town != "WZ" || p.Village != "WZ03" || p.Mobile != "13711112222" || p.Gender != GenderMale || len(p.Groups) != 0 {
		t.Fatalf("pending person %+v", p)
	}
	// The town sees it among the pending; the village of another place and
	// another town do not.
	page, _ := f.svc.List(ctxAs(wzStaff), wzStaff, Filter{Status: PersonPending}, skillcert.PageRequest{})
	if names(page) != "褚建明" {
		t.Errorf("pending list %q", names(page))
	}
	page, _ = f.svc.List(ctxAs(zqStaff), zqStaff, Filter{Status: PersonPending}, skillcert.PageRequest{})
	if page.Total != 0 {
		t.Errorf("洲泉镇 sees %q", names(page))
	}
	// Village staff cannot confirm; the town completes and confirms.
	in := input("褚建明", "")
	in.Village, in.Mobile = "WZ03", "13711112222"
	if _, err := f.svc.Confirm(ctxAs(wzVillage), wzVillage, p.ID, in); skillcert.ErrorCode(err) != skillcert.EFORBIDDEN {
		t.Errorf("village staff confirming: %v", err)
	}
	if _, err := f.svc.Confirm(ctxAs(zqStaff), zqStaff, p.ID, in); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Errorf("another town confirming: %v", err)
	}
	got, err := f.svc.Confirm(ctxAs(wzStaff), wzStaff, p.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != PersonActive || got.Education != EduSeniorHigh {
		t.Errorf("confirmed %+v", got)
	}
	if stored := f.stored()[wzID["褚建明"]]; stored.Status != PersonActive || stored.IDNumber != wzID["褚建明"] || stored.Mobile != "13711112222" {
		t.Errorf("stored after confirm %+v", stored)
	}
	if _, err := f.svc.Confirm(ctxAs(wzStaff), wzStaff, p.ID, in); skillcert.ErrorCode(err) != skillcert.ECONFLICT {
		t.Errorf("confirming twice: %v", err)
	}
	if f.auditCount("person.confirm", p.ID) != 1 {
		t.Error("confirmation not audited")
	}
}

func TestRejectingARegistrationDisablesTheAccount(t *testing.T) {
	f := newFixture(t)
	res, err := f.svc.Register(register("10.0.0.3"), Registration{IDNumber: wzID["王海峰"], Name: "王海峰", Mobile: "13800002222", Password: "Passw0rd1", Village: "WZ02"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Reject(ctxAs(wzStaff), wzStaff, res.PersonID, ""); skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Errorf("reject without a reason: %v", err)
	}
	if err := f.svc.Reject(ctxAs(wzStaff), wzStaff, res.PersonID, "经核实户籍不在本镇"); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.stored()[wzID["王海峰"]]; ok {
		t.Error("rejected person still stored")
	}
	if _, err := f.auth.Login(context.Background(), "13800002222", "Passw0rd1"); err == nil || !strings.Contains(skillcert.ErrorMessage(err), "停用") {
		t.Errorf("login after rejection: %v", err)
	}
	if f.auditCount("person.reject", res.PersonID) != 1 {
		t.Error("rejection not audited")
	}
}

func TestRegistrationValidatesEveryFieldAndIsThrottled(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Register(register("10.0.0.4"), Registration{IDNumber: "33048319900101123", Name: "张3", Mobile: "", Password: "short", Village: "XX"})
	var fe FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("bad registration: %v", err)
	}
	for _, fld := range []Field{FieldName, FieldIDNumber, FieldMobile, "password", FieldVillage} {
		if fe.For(fld) == "" {
			t.Errorf("no fault for %s: %v", fld, fe)
		}
	}
	// Five tries per ID number an hour (a wrong name each time), then refused.
	f.create(wzStaff, input("沈建国", wzID["沈建国"]))
	now := time.Now()
	f.svc.SetClock(func() time.Time { return now })
	try := func(ip string) error {
		_, err := f.svc.Register(register(ip), Registration{IDNumber: wzID["沈建国"], Name: "沈建华", Mobile: "13905731234", Password: "Passw0rd1", Village: "WZ01"})
		return err
	}
	for i := 0; i < registerPerNumber; i++ {
		if err := try("10.0.1." + string(rune('1'+i))); skillcert.ErrorCode(err) != skillcert.EINVALID {
			t.Fatalf("try %d: %v", i+1, err)
		}
	}
	if err := try("10.0.2.1"); skillcert.ErrorCode(err) != skillcert.ERATELIMITED {
		t.Fatalf("sixth try: %v", err)
	}
	// An hour later the window has passed.
	now = now.Add(registerWindow + time.Minute)
	if err := try("10.0.2.1"); skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Fatalf("after the window: %v", err)
	}
	// Per client IP: registerPerIP attempts, whatever the numbers.
	for i := 0; i < registerPerIP; i++ {
		_, err := f.svc.Register(register("10.9.9.9"), Registration{IDNumber: bigRows(t, registerPerIP)[i][1], Name: "测试人员", Mobile: "1390000" + string(rune('0'+i/10)) + string(rune('0'+i%10)) + "00", Password: "Passw0rd1", Village: "WZ01"})
		if err != nil {
			t.Fatalf("registration %d from one IP: %v", i+1, err)
		}
	}
	_, err = f.svc.Register(register("10.9.9.9"), Registration{IDNumber: wzID["吴小红"], Name: "吴小红", Mobile: "13900009999", Password: "Passw0rd1", Village: "WZ01"})
	if skillcert.ErrorCode(err) != skillcert.ERATELIMITED {
		t.Errorf("registration %d from one IP: %v", registerPerIP+1, err)
	}
}

func TestTraineeSeesAndEditsOnlyTheirOwnContactDetails(t *testing.T) {
	f := newFixture(t)
	res, err := f.svc.Register(register("10.0.0.5"), Registration{IDNumber: wzID["吴小红"], Name: "吴小红", Mobile: "13600001111", Password: "Passw0rd1", Village: "WZ04"})
	if err != nil {
		t.Fatal(err)
	}
	login, err := f.auth.Login(context.Background(), "13600001111", "Passw0rd1")
	if err != nil {
		t.Fatal(err)
	}
	me := login.Account.Actor()
	prof, err := f.svc.Profile(ctxAs(me), me)
	if err != nil {
		t.Fatal(err)
	}
	if prof.Person.ID != res.PersonID || prof.Person.IDNumber != "" || prof.PlaceName != "乌镇镇 陈庄村" {
		t.Errorf("profile %+v", prof)
	}
	if _, err := f.svc.UpdateProfile(ctxAs(me), me, ProfileInput{Mobile: "12345"}); skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Errorf("bad mobile: %v", err)
	}
	prof, err = f.svc.UpdateProfile(ctxAs(me), me, ProfileInput{Mobile: "13600002222"})
	if err != nil {
		t.Fatal(err)
	}
	if prof.Person.Mobile != "13600002222" || prof.Username != "13600002222" {
		t.Errorf("after update %+v", prof)
	}
	// The login name followed the mobile number.
	if _, err := f.auth.Login(context.Background(), "13600002222", "Passw0rd1"); err != nil {
		t.Errorf("login with the new mobile: %v", err)
	}
	// A trainee reaches no list and no other record.
	other := f.create(wzStaff, input("沈建国", wzID["沈建国"]))
	if _, err := f.svc.Get(ctxAs(me), me, other.ID); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Errorf("trainee reading another person: %v", err)
	}
	if _, err := f.svc.List(ctxAs(me), me, Filter{}, skillcert.PageRequest{}); skillcert.ErrorCode(err) != skillcert.EFORBIDDEN {
		t.Errorf("trainee listing: %v", err)
	}
	if _, err := f.svc.Profile(ctxAs(wzStaff), wzStaff); skillcert.ErrorCode(err) != skillcert.EFORBIDDEN {
		t.Errorf("staff reading a profile: %v", err)
	}
	if f.auditCount("person.update", res.PersonID) != 1 {
		t.Error("profile change not audited")
	}
}
