package certificates

import (
	"context"
	"testing"

	"skillcert"
	"skillcert/audit"
)

// A course batch cut short after some of its certificates went in and
// fewer of their audit entries were written (the state a crash leaves,
// made here by writing the marker and part of the batch by hand) is
// finished by FinishBatches: every planned certificate stored once with
// the numbers drawn for it, exactly one audit entry each, the marker
// closed; running the repair or the batch again changes nothing.
func TestAnInterruptedBatchIsFinishedWithOneAuditEntryPerCertificate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const n = 12
	comps := f.fake.addCourse(wzCourse("c1"), n)
	var fresh []*Certificate
	for _, comp := range comps {
		c, err := f.svc.build(comp, wzStaff)
		if err != nil {
			t.Fatal(err)
		}
		fresh = append(fresh, c)
	}
	series := numberSeries(fresh[0].IssueDate, fresh[0].Town)
	first, err := f.svc.drawNumbers(ctx, series, n)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range fresh {
		c.Number = formatNumber(series, first+int64(i))
	}
	b, err := f.svc.startBatch(ctx, wzStaff, "c1", fresh)
	if err != nil {
		t.Fatal(err)
	}
	// The crash: seven certificates in, three of them audited.
	docs := make([]any, 7)
	for i := range docs {
		docs[i] = fresh[i]
	}
	if _, err := f.svc.certs.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	for _, c := range fresh[:3] {
		if err := f.log.RecordAs(ctx, wzStaff, ActionIssue, auditTarget, c.ID, audit.ResultOK, c.Number); err != nil {
			t.Fatal(err)
		}
	}

	// Not yet stale: a live batch is left alone.
	if done, err := f.svc.FinishBatches(ctx, BatchStaleAfter); err != nil || len(done) != 0 {
		t.Fatalf("a fresh batch was taken for interrupted: %v %v", done, err)
	}
	done, err := f.svc.FinishBatches(ctx, 0)
	if err != nil || len(done) != 1 || done[0].BatchID != b.ID || done[0].Issued != n || done[0].Planned != n {
		t.Fatalf("repair: %+v %v", done, err)
	}
	check := func(when string) {
		t.Helper()
		stored, err := f.svc.courseInForce(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		if len(stored) != n {
			t.Fatalf("%s: %d certificates stored, want %d", when, len(stored), n)
		}
		seen := map[string]bool{}
		for i, c := range stored {
			if seen[c.EnrollmentID] || c.Number != fresh[i].Number || c.Status != StatusValid {
				t.Fatalf("%s: certificate %d: %s %s %s (want number %s, one per enrollment)", when, i, c.EnrollmentID, c.Number, c.Status, fresh[i].Number)
			}
			seen[c.EnrollmentID] = true
			page, err := f.log.List(ctx, audit.Filter{TargetID: c.ID, Action: ActionIssue}, skillcert.PageRequest{Page: 1, Size: 5})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != 1 || page.Items[0].ActorID != wzStaff.AccountID {
				t.Fatalf("%s: certificate %s has %d issue entries (want one, by the batch's actor)", when, c.Number, page.Total)
			}
		}
	}
	check("after the repair")
	var marker batchDoc
	if err := f.svc.batches.FindOne(ctx, byID(b.ID), &marker); err != nil || marker.State != batchDone || !marker.Resumed || len(marker.Certs) != 0 {
		t.Fatalf("marker after the repair: %+v %v", marker, err)
	}
	if done, err := f.svc.FinishBatches(ctx, 0); err != nil || len(done) != 0 {
		t.Fatalf("second repair: %+v %v", done, err)
	}
	res, err := f.svc.IssueCourse(ctx, wzStaff, "c1")
	if err != nil || len(res.Issued) != 0 || res.AlreadyIssued != n {
		t.Fatalf("the batch again: %+v %v", res, err)
	}
	check("after the batch again")
	if v, err := f.log.Verify(ctx); err != nil || !v.OK {
		t.Fatalf("audit chain: %+v %v", v, err)
	}
}
