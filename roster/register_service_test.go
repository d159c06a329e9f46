package roster

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
)

func register(ip string) context.Context { return audit.WithIP(context.Background(), ip) }

// Issue 11 item 1: knowing a resident's ID number and name is not enough
// to take their record over; the replies tell nobody who is registered.
func TestRegistrationLinksToTheRegisterOnlyWithAnActivationCode(t *testing.T) {
	f := newFixture(t)
	shen := f.create(wzStaff, input("沈建国", wzID["沈建国"]))
	before := f.stored()[wzID["沈建国"]]
	reply := func(ip string, in Registration) (*Registered, error) {
		in.Password, in.Village = "Passw0rd1", "WZ01"
		return f.svc.Register(register(ip), in)
	}
	// Without a code: the right name, a wrong name and an unknown number
	// get the same reply, and the registered person is untouched.
	same := map[string]Registration{
		"right name":     {IDNumber: wzID["沈建国"], Name: "沈建国", Mobile: "13905731234"},
		"wrong name":     {IDNumber: wzID["沈建国"], Name: "沈建华", Mobile: "13905731235"},
		"unknown number": {IDNumber: wzID["褚建明"], Name: "褚建明", Mobile: "13905731236"},
	}
	var first string
	for what, in := range same {
		res, err := reply("10.0.0.1", in)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		msg := strings.ReplaceAll(res.Message, in.Mobile, "<mobile>")
		if res.PersonID != "" || res.Status != PersonPending || strings.Contains(msg, "乌镇") || strings.Contains(msg, "民合") {
			t.Errorf("%s: reply %+v tells too much", what, res)
		}
		if first == "" {
			first = msg
		} else if msg != first {
			t.Errorf("%s: reply differs:\n%s\n%s", what, msg, first)
		}
		if _, err := f.auth.Login(context.Background(), in.Mobile, "Passw0rd1"); skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED ||
			skillcert.ErrorMessage(err) != "用户名或密码错误" {
			t.Errorf("%s: login before confirmation: %v", what, err)
		}
	}
	if after := f.stored()[wzID["沈建国"]]; after.Mobile != before.Mobile || !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("the register changed without a code: %+v", after)
	}
	if _, err := f.auth.TraineeAccountOf(context.Background(), shen.ID); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Errorf("an account was linked without a code: %v", err)
	}

	// The village office issues a code; only the village or town in scope may.
	if _, err := f.svc.IssueActivationCode(ctxAs(zqStaff), zqStaff, shen.ID); err == nil {
		t.Error("another town issued a code")
	}
	code, err := f.svc.IssueActivationCode(ctxAs(wzVillage), wzVillage, shen.ID)
	if err != nil {
		t.Fatal(err)
	}
	var stored []activationDoc
	if err := f.svc.activation.Find(context.Background(), bson.D{{Key: "personId", Value: shen.ID}}, &stored); err != nil || len(stored) != 1 ||
		stored[0].ID == code.Code || strings.Contains(stored[0].ID, code.Code) {
		t.Fatalf("stored codes %+v (%v): the code must be kept hashed", stored, err)
	}
	if f.auditCount("person.activation_code", shen.ID) != 1 {
		t.Error("issuing not audited")
	}
	// Every mismatch gets the same refusal.
	bad := map[string]Registration{
		"wrong name":     {IDNumber: wzID["沈建国"], Name: "沈建华", Mobile: "13905731240", ActivationCode: code.Code},
		"wrong code":     {IDNumber: wzID["沈建国"], Name: "沈建国", Mobile: "13905731241", ActivationCode: "ABCDEFGHJK"},
		"unknown number": {IDNumber: wzID["吴小红"], Name: "吴小红", Mobile: "13905731242", ActivationCode: code.Code},
	}
	for what, in := range bad {
		_, err := reply("10.0.0.2", in)
		if skillcert.ErrorMessage(err) != skillcert.ErrorMessage(errActivation) {
			t.Errorf("%s: %v", what, err)
		}
	}
	// The right code links, lower case and spaced as typed; the mobile
	// number given takes over the pending registration made without a code.
	res, err := reply("10.0.0.3", Registration{IDNumber: wzID["沈建国"], Name: " 沈建国 ", Mobile: "139 0573 1234",
		ActivationCode: strings.ToLower(code.Code[:5] + " " + code.Code[5:])})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != PersonActive || res.PersonID != shen.ID || res.Username != "13905731234" {
		t.Fatalf("registered %+v", res)
	}
	login, err := f.auth.Login(context.Background(), "13905731234", "Passw0rd1")
	if err != nil || login.Account.PersonID != shen.ID {
		t.Fatalf("login: %+v %v", login, err)
	}
	if p := f.stored()[wzID["沈建国"]]; p.Mobile != "13905731234" || p.Status != PersonActive {
		t.Errorf("person after registration %+v", p)
	}
	// The code is used up; registering again is refused (an hour later,
	// past the throttle's window).
	later := time.Now().Add(registerWindow + time.Minute)
	f.svc.SetClock(func() time.Time { return later })
	if _, err := reply("10.0.0.4", Registration{IDNumber: wzID["沈建国"], Name: "沈建国", Mobile: "13905739999", ActivationCode: code.Code}); skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Errorf("a used code: %v", err)
	}
	if _, err := f.svc.IssueActivationCode(ctxAs(wzStaff), wzStaff, shen.ID); skillcert.ErrorCode(err) != skillcert.ECONFLICT {
		t.Errorf("a code for a person with an account: %v", err)
	}
}

func TestActivationCodesExpireAndReplaceEachOther(t *testing.T) {
	f := newFixture(t)
	p := f.create(wzStaff, input("沈建国", wzID["沈建国"]))
	now := time.Now()
	f.svc.SetClock(func() time.Time { return now })
	old, err := f.svc.IssueActivationCode(ctxAs(wzStaff), wzStaff, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := f.svc.IssueActivationCode(ctxAs(wzStaff), wzStaff, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	in := Registration{IDNumber: wzID["沈建国"], Name: "沈建国", Mobile: "13905731234", Password: "Passw0rd1", Village: "WZ01", ActivationCode: old.Code}
	if _, err := f.svc.Register(register("10.0.0.1"), in); skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Errorf("a replaced code: %v", err)
	}
	now = now.Add(ActivationLifetime + time.Minute)
	in.ActivationCode = fresh.Code
	if _, err := f.svc.Register(register("10.0.0.1"), in); skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Errorf("an expired code: %v", err)
	}
}

func TestRegistrationCreatesAPendingPersonForTheTown(t *testing.T) {
	f := newFixture(t)
	res, err := f.svc.Register(register("10.0.0.2"), Registration{IDNumber: strings.ToLower(wzID["褚建明"]), Name: "褚建明", Mobile: "13711112222", Password: "Passw0rd1", Village: "WZ03"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != PersonPending || strings.Contains(res.Message, "乌镇镇") {
		t.Fatalf("registered %+v", res)
	}
	if _, err := f.auth.Login(context.Background(), "13711112222", "Passw0rd1"); skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED {
		t.Errorf("login before the town confirmed: %v", err)
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
	if _, err := f.auth.Login(context.Background(), "13711112222", "Passw0rd1"); err != nil {
		t.Errorf("login after the town confirmed: %v", err)
	}
}

func TestRejectingARegistrationDisablesTheAccount(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.Register(register("10.0.0.3"), Registration{IDNumber: wzID["王海峰"], Name: "王海峰", Mobile: "13800002222", Password: "Passw0rd1", Village: "WZ02"}); err != nil {
		t.Fatal(err)
	}
	res := &Registered{PersonID: f.stored()[wzID["王海峰"]].ID}
	if err := f.svc.Reject(ctxAs(wzStaff), wzStaff, res.PersonID, ""); skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Errorf("reject without a reason: %v", err)
	}
	if err := f.svc.Reject(ctxAs(wzStaff), wzStaff, res.PersonID, "经核实户籍不在本镇"); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.stored()[wzID["王海峰"]]; ok {
		t.Error("rejected person still stored")
	}
	if _, err := f.auth.Login(context.Background(), "13800002222", "Passw0rd1"); skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED {
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
	// Five tries per ID number an hour (a wrong code each time), then refused.
	f.create(wzStaff, input("沈建国", wzID["沈建国"]))
	now := time.Now()
	f.svc.SetClock(func() time.Time { return now })
	try := func(ip string) error {
		_, err := f.svc.Register(register(ip), Registration{IDNumber: wzID["沈建国"], Name: "沈建华", Mobile: "13905731234", Password: "Passw0rd1", Village: "WZ01", ActivationCode: "ABCDEFGHJK"})
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
	if _, err := f.svc.Register(register("10.0.0.5"), Registration{IDNumber: wzID["吴小红"], Name: "吴小红", Mobile: "13600001111", Password: "Passw0rd1", Village: "WZ04"}); err != nil {
		t.Fatal(err)
	}
	res := &Registered{PersonID: f.stored()[wzID["吴小红"]].ID}
	// The town confirms the new resident; then the account logs in.
	in := input("吴小红", "")
	in.Village, in.Mobile = "WZ04", "13600001111"
	if _, err := f.svc.Confirm(ctxAs(wzStaff), wzStaff, res.PersonID, in); err != nil {
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
