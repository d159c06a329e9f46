package certificates

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"skillcert"
	"skillcert/audit"
)

func TestRevoke(t *testing.T) {
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 2)
	c := f.issue(t, comps[0].EnrollmentID)
	ctx := context.Background()

	_, err := f.svc.Revoke(ctx, wzStaff, c.ID, "  ")
	wantCode(t, err, skillcert.EINVALID)
	_, err = f.svc.Revoke(ctx, wzStaff, c.ID, strings.Repeat("长", maxReasonRunes+1))
	wantCode(t, err, skillcert.EINVALID)
	_, err = f.svc.Revoke(ctx, zqStaff, c.ID, "原因")
	wantCode(t, err, skillcert.ENOTFOUND)

	r, err := f.svc.Revoke(ctx, wzStaff, c.ID, "考核成绩作假")
	if err != nil || r.Status != StatusRevoked || r.RevokeReason != "考核成绩作假" || r.RevokedBy != wzStaff.AccountID {
		t.Fatalf("revoke: %+v %v", r, err)
	}
	_, err = f.svc.Revoke(ctx, wzStaff, c.ID, "再次撤销")
	wantCode(t, err, skillcert.ECONFLICT)

	// Issuing does not undo a revocation, one by one or by the batch.
	_, _, err = f.svc.Issue(ctx, wzStaff, c.EnrollmentID)
	wantCode(t, err, skillcert.ECONFLICT)
	res, err := f.svc.IssueCourse(ctx, wzStaff, "c1")
	if err != nil || res.Revoked != 1 || len(res.Issued) != 1 {
		t.Errorf("batch after a revocation: %+v %v", res, err)
	}
	if n := len(f.stored(t, c.EnrollmentID)); n != 1 {
		t.Errorf("%d certificates of the revoked enrollment", n)
	}
	// A revoked certificate is not downloaded.
	_, _, err = f.svc.PDF(ctx, wzStaff, c.ID)
	wantCode(t, err, skillcert.ECONFLICT)

	page, err := f.log.List(ctx, audit.Filter{TargetID: c.ID}, skillcert.PageRequest{})
	if err != nil || page.Total != 2 || page.Items[0].Action != ActionRevoke || !strings.Contains(page.Items[0].Detail, "考核成绩作假") {
		t.Errorf("audit = %+v %v", page.Items, err)
	}
}

func TestReissue(t *testing.T) {
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 1)
	old := f.issue(t, comps[0].EnrollmentID)
	ctx := context.Background()
	// The register corrects the holder's name; the reissue prints it.
	fixed := comps[0]
	fixed.HolderName = "张三民"
	f.fake.set(fixed)
	f.clock.set(time.Date(2027, 2, 1, 9, 0, 0, 0, shanghai))

	_, err := f.svc.Reissue(ctx, wzStaff, old.ID, "")
	wantCode(t, err, skillcert.EINVALID)
	_, err = f.svc.Reissue(ctx, zqStaff, old.ID, "遗失")
	wantCode(t, err, skillcert.ENOTFOUND)

	n, err := f.svc.Reissue(ctx, wzStaff, old.ID, "姓名有误，更正后补发")
	if err != nil {
		t.Fatal(err)
	}
	if n.Number != "TX2027-WZ-000001" || n.HolderName != "张三民" || n.Status != StatusValid || n.Supersedes != old.ID ||
		n.ValidUntil != old.ValidUntil || n.IssueDate.String() != "2027-02-01" || n.Token == old.Token {
		t.Errorf("new certificate: %+v", n)
	}
	got, err := f.svc.Get(ctx, wzStaff, old.ID)
	if err != nil || got.Status != StatusSuperseded || got.SupersededBy != n.ID || got.ReplacedNumber != n.Number {
		t.Errorf("old certificate: %+v %v", got, err)
	}
	cur, err := f.svc.current(ctx, old.EnrollmentID)
	if err != nil || cur == nil || cur.ID != n.ID {
		t.Errorf("the enrollment's certificate in force is %+v", cur)
	}
	// Issuing again returns the new one; reissuing the old one is refused
	// and names the new number.
	again, created, err := f.svc.Issue(ctx, wzStaff, old.EnrollmentID)
	if err != nil || created || again.ID != n.ID {
		t.Errorf("issue after reissue: %+v %v", again, err)
	}
	_, err = f.svc.Reissue(ctx, wzStaff, old.ID, "再次补发")
	if skillcert.ErrorCode(err) != skillcert.ECONFLICT || !strings.Contains(skillcert.ErrorMessage(err), n.Number) {
		t.Errorf("reissue of the superseded: %v", err)
	}
	// An expired certificate is not reissued.
	f.clock.set(time.Date(2029, 7, 1, 9, 0, 0, 0, shanghai))
	_, err = f.svc.Reissue(ctx, wzStaff, n.ID, "遗失")
	wantCode(t, err, skillcert.ECONFLICT)
}

// TestConcurrentReissueLeavesOneValidCertificate races five reissues of
// one certificate: one wins, the others are told so, and no pending
// record is left behind.
func TestConcurrentReissueLeavesOneValidCertificate(t *testing.T) {
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 1)
	old := f.issue(t, comps[0].EnrollmentID)
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.svc.Reissue(context.Background(), wzStaff, old.ID, "遗失")
			mu.Lock()
			defer mu.Unlock()
			switch skillcert.ErrorCode(err) {
			case "":
				won++
			case skillcert.ECONFLICT:
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if won != 1 {
		t.Errorf("%d reissues succeeded, want 1", won)
	}
	valid, pending := 0, 0
	for _, c := range f.stored(t, old.EnrollmentID) {
		switch c.Status {
		case StatusValid:
			valid++
		case StatusPending:
			pending++
		}
	}
	if valid != 1 || pending != 0 {
		t.Errorf("%d valid and %d pending certificates, want 1 and 0", valid, pending)
	}
}

// TestReissueCutOffByACrashIsCompleted stops a reissue after each of its
// writes and checks that a retry or the repair pass completes it.
func TestReissueCutOffByACrashIsCompleted(t *testing.T) {
	ctx := context.Background()

	// Crash after (2): the old certificate is retired, the new one
	// pending. Reissuing again resumes.
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 2)
	old := f.issue(t, comps[0].EnrollmentID)
	pending := f.crashAfterRetiring(t, old)
	n, err := f.svc.Reissue(ctx, wzStaff, old.ID, "遗失")
	if err != nil || n.ID != pending.ID || n.Status != StatusValid {
		t.Fatalf("resumed reissue: %+v %v", n, err)
	}

	// The same state completed by the repair pass instead.
	old2 := f.issue(t, comps[1].EnrollmentID)
	pending2 := f.crashAfterRetiring(t, old2)
	f.clock.set(f.clock.now().Add(repairAge + time.Second))
	// A pending record whose old certificate was never retired (a crash
	// after (1)) is deleted.
	orphan := *pending2
	orphan.ID, orphan.Slot, orphan.Number, orphan.Token = "orphan", "pending:orphan", "TX2026-WZ-900000", newToken()
	orphan.Supersedes = f.issue(t, comps[0].EnrollmentID).ID
	if err := f.svc.certs.InsertOne(ctx, &orphan); err != nil {
		t.Fatal(err)
	}
	f.clock.set(f.clock.now().Add(repairAge + time.Second))
	fixedN, err := f.svc.Repair(ctx)
	if err != nil || fixedN != 2 {
		t.Fatalf("repair fixed %d: %v", fixedN, err)
	}
	cur, err := f.svc.current(ctx, old2.EnrollmentID)
	if err != nil || cur == nil || cur.ID != pending2.ID || cur.Status != StatusValid {
		t.Errorf("after repair the certificate in force is %+v", cur)
	}
	if _, err := f.svc.find(ctx, "orphan"); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Errorf("the orphan is still there: %v", err)
	}
	if n, _ := f.svc.Repair(ctx); n != 0 {
		t.Errorf("a second repair fixed %d", n)
	}
}

// crashAfterRetiring performs the first two writes of a reissue of old
// and stops, as a crash would.
func (f *fixture) crashAfterRetiring(t *testing.T, old *Certificate) *Certificate {
	t.Helper()
	ctx := context.Background()
	comp, err := f.fake.CompletedEnrollment(ctx, old.EnrollmentID)
	if err != nil {
		t.Fatal(err)
	}
	n, err := f.svc.build(comp, wzStaff)
	if err != nil {
		t.Fatal(err)
	}
	n.Status, n.Slot, n.Supersedes, n.ReissueReason = StatusPending, "pending:"+n.ID, old.ID, "遗失"
	n.Number = "TX2026-WZ-8" + old.Number[len(old.Number)-5:]
	if err := f.svc.certs.InsertOne(ctx, n); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.certs.UpdateOne(ctx, byID(old.ID), set("status", StatusSuperseded, "slot", "superseded:"+old.ID,
		"supersededBy", n.ID, "supersededAt", f.clock.now().UTC(), "replacedNumber", n.Number))
	if err != nil {
		t.Fatal(err)
	}
	if cur, _ := f.svc.current(ctx, old.EnrollmentID); cur != nil {
		t.Fatalf("the crash left %s in force", cur.Number)
	}
	// Pending records are invisible meanwhile.
	if _, err := f.svc.VerifyByToken(ctx, "ip", n.Token); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Errorf("a pending certificate verifies: %v", err)
	}
	return n
}
