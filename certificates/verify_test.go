package certificates

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"skillcert"
)

func TestVerifyByNumberAndName(t *testing.T) {
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 2)
	c := f.issue(t, comps[0].EnrollmentID)
	ctx := context.Background()

	v, err := f.svc.VerifyByNumber(ctx, "10.0.0.1", strings.ToLower(c.Number), " 张三明 ")
	if err != nil {
		t.Fatal(err)
	}
	want := Verification{
		State: StateValid, StateLabel: "有效", Number: c.Number, Title: "职业技能培训合格证书",
		HolderName: "张*明", IDMasked: "330483********123X", CourseTitle: c.CourseTitle, Trade: "电工", Level: "中级",
		CourseStart: "2026-03-02", CourseEnd: "2026-05-29", Issuer: "桐乡市乌镇镇人力资源和社会保障管理所",
		IssueDate: "2026-06-05", ValidUntil: "2029-06-05",
	}
	if *v != want {
		t.Errorf("verification\n got %+v\nwant %+v", *v, want)
	}
	// Nothing more: no full name, no IDs, no token.
	js, _ := json.Marshal(v)
	for _, secret := range []string{"张三明", c.PersonID, c.EnrollmentID, c.Token, c.ID} {
		if strings.Contains(string(js), secret) {
			t.Errorf("the public answer shows %q: %s", secret, js)
		}
	}

	// A wrong number and a right number with a wrong name (even another
	// holder's) get the very same answer.
	other := f.issue(t, comps[1].EnrollmentID)
	var answers []error
	for _, q := range [][2]string{
		{"TX2026-WZ-999999", "张三明"},  // no such number
		{c.Number, "张三"},             // right number, wrong name
		{c.Number, other.HolderName}, // right number, another holder's name
		{"not a number", "张三明"},      // malformed
	} {
		_, err := f.svc.VerifyByNumber(ctx, "10.0.0.1", q[0], q[1])
		answers = append(answers, err)
	}
	for i, err := range answers {
		if skillcert.ErrorCode(err) != skillcert.ENOTFOUND || skillcert.ErrorMessage(err) != skillcert.ErrorMessage(answers[0]) {
			t.Errorf("answer %d: %v, want the same not-found as a wrong number (%v)", i, err, answers[0])
		}
	}
	if strings.Contains(skillcert.ErrorMessage(answers[1]), "姓名不") {
		t.Errorf("the answer hints at the name: %v", answers[1])
	}

	_, err = f.svc.VerifyByNumber(ctx, "10.0.0.1", "", "张三明")
	wantCode(t, err, skillcert.EINVALID)
	_, err = f.svc.VerifyByNumber(ctx, "10.0.0.1", c.Number, "  ")
	wantCode(t, err, skillcert.EINVALID)
}

func TestVerifyByToken(t *testing.T) {
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 1)
	c := f.issue(t, comps[0].EnrollmentID)
	ctx := context.Background()
	v, err := f.svc.VerifyByToken(ctx, "10.0.0.2", c.Token)
	if err != nil || v.Number != c.Number || v.State != StateValid || v.HolderName != "张*明" {
		t.Fatalf("by token: %+v %v", v, err)
	}
	if v, err := f.svc.VerifyByToken(ctx, "10.0.0.2", strings.ToUpper(c.Token)); err != nil || v.Number != c.Number {
		t.Errorf("upper-case token: %v", err)
	}
	for _, bad := range []string{newToken(), "", "../../etc", c.Token[:31], c.Number} {
		_, err := f.svc.VerifyByToken(ctx, "10.0.0.2", bad)
		wantCode(t, err, skillcert.ENOTFOUND)
	}
}

func TestVerifyShowsRevokedExpiredAndSuperseded(t *testing.T) {
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 3)
	ctx := context.Background()
	revoked := f.issue(t, comps[0].EnrollmentID)
	expiring := f.issue(t, comps[1].EnrollmentID)
	old := f.issue(t, comps[2].EnrollmentID)

	f.clock.set(time.Date(2026, 7, 1, 9, 0, 0, 0, shanghai))
	if _, err := f.svc.Revoke(ctx, wzStaff, revoked.ID, "培训期间冒名顶替"); err != nil {
		t.Fatal(err)
	}
	reissued, err := f.svc.Reissue(ctx, wzStaff, old.ID, "证书遗失")
	if err != nil {
		t.Fatal(err)
	}

	v, err := f.svc.VerifyByNumber(ctx, "ip", revoked.Number, revoked.HolderName)
	if err != nil || v.State != StateRevoked || v.StateLabel != "已撤销" || v.RevokedOn != "2026-07-01" || v.RevokeReason != "培训期间冒名顶替" {
		t.Errorf("revoked: %+v %v", v, err)
	}
	v, err = f.svc.VerifyByToken(ctx, "ip", old.Token)
	if err != nil || v.State != StateSuperseded || v.ReplacedBy != reissued.Number || v.SupersededOn != "2026-07-01" {
		t.Errorf("superseded: %+v %v", v, err)
	}
	v, err = f.svc.VerifyByNumber(ctx, "ip", reissued.Number, old.HolderName)
	if err != nil || v.State != StateValid || v.ValidUntil != old.ValidUntil.String() || v.IssueDate != "2026-07-01" {
		t.Errorf("replacement: %+v %v", v, err)
	}

	// Valid through its last day, expired the day after (in China).
	f.clock.set(time.Date(2029, 6, 5, 23, 59, 0, 0, shanghai))
	if v, _ := f.svc.VerifyByToken(ctx, "ip", expiring.Token); v == nil || v.State != StateValid {
		t.Errorf("on the last day: %+v", v)
	}
	f.clock.set(time.Date(2029, 6, 5, 16, 0, 0, 0, time.UTC)) // 2029-06-06 00:00 in China
	v, err = f.svc.VerifyByToken(ctx, "ip", expiring.Token)
	if err != nil || v.State != StateExpired || v.StateLabel != "已过期" || v.ValidUntil != "2029-06-05" {
		t.Errorf("expired: %+v %v", v, err)
	}
	// A revoked certificate stays revoked after its last day.
	if v, _ := f.svc.VerifyByToken(ctx, "ip", revoked.Token); v == nil || v.State != StateRevoked {
		t.Errorf("revoked later: %+v", v)
	}
}

func TestLongTermCertificatesNeverExpire(t *testing.T) {
	f := newFixture(t)
	course := wzCourse("c1")
	course.ValidityMonths = 0
	comps := f.fake.addCourse(course, 1)
	c := f.issue(t, comps[0].EnrollmentID)
	f.clock.set(time.Date(2080, 1, 1, 0, 0, 0, 0, shanghai))
	v, err := f.svc.VerifyByToken(context.Background(), "ip", c.Token)
	if err != nil || v.State != StateValid || !v.LongTerm || v.ValidUntil != "" {
		t.Errorf("long-term: %+v %v", v, err)
	}
}

// TestVerifyIsThrottledPerClient: number look-ups count, right or wrong;
// token look-ups count when they miss; a client over the limit is refused
// until the next window; other clients are not affected.
func TestVerifyIsThrottledPerClient(t *testing.T) {
	f := newFixture(t)
	f.svc.SetVerifyLimit(VerifyLimit{Lookups: 3, Window: 10 * time.Minute})
	comps := f.fake.addCourse(wzCourse("c1"), 1)
	c := f.issue(t, comps[0].EnrollmentID)
	ctx := context.Background()
	f.clock.set(time.Date(2026, 6, 5, 10, 0, 30, 0, shanghai))

	// Good token look-ups do not count.
	for range 5 {
		if _, err := f.svc.VerifyByToken(ctx, "1.1.1.1", c.Token); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.VerifyByNumber(ctx, "1.1.1.1", c.Number, "张三明"); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.VerifyByNumber(ctx, "1.1.1.1", c.Number, "李四")
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.VerifyByToken(ctx, "1.1.1.1", newToken()) // a miss: the third
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.VerifyByNumber(ctx, "1.1.1.1", c.Number, "张三明")
	wantCode(t, err, skillcert.ERATELIMITED)
	if !strings.Contains(skillcert.ErrorMessage(err), "10:10") {
		t.Errorf("message %q does not say when to retry", skillcert.ErrorMessage(err))
	}
	_, err = f.svc.VerifyByToken(ctx, "1.1.1.1", c.Token)
	wantCode(t, err, skillcert.ERATELIMITED)

	if _, err := f.svc.VerifyByNumber(ctx, "2.2.2.2", c.Number, "张三明"); err != nil {
		t.Errorf("another client: %v", err)
	}
	f.clock.set(time.Date(2026, 6, 5, 10, 10, 0, 0, shanghai))
	if _, err := f.svc.VerifyByNumber(ctx, "1.1.1.1", c.Number, "张三明"); err != nil {
		t.Errorf("next window: %v", err)
	}

	// Purge drops the past window and keeps the current one.
	f.clock.set(time.Date(2026, 6, 5, 10, 25, 0, 0, shanghai))
	if err := f.svc.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := f.svc.throttle.Count(ctx, bsonD("windowStart", bsonD("$gte", time.Date(2026, 6, 5, 0, 0, 0, 0, shanghai))))
	if err != nil || n != 0 {
		t.Errorf("%d throttle windows left after purge, want 0 (%v)", n, err)
	}
}
