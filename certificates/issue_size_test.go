package certificates

import (
	"context"
	"testing"

	"skillcert/store"
)

// TestIssueCourseOfAThousand issues the certificates of a 1,000-person
// course (the most a course takes) in one batch: the numbers are drawn in
// one increment and the records inserted in the store's batches, all of
// them saved; a second batch finds every one issued.
func TestIssueCourseOfAThousand(t *testing.T) {
	const n = 1000
	f := newFixture(t)
	f.fake.addCourse(wzCourse("c1"), n)
	res, err := f.svc.IssueCourse(context.Background(), wzStaff, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Issued) != n || len(res.Failed) != 0 {
		t.Fatalf("issued %d, failed %d (%+v); want %d and 0", len(res.Issued), len(res.Failed), first(res.Failed), n)
	}
	stored, err := f.db.Collection(store.CollCertificates).Count(context.Background(), bsonD("courseId", "c1"))
	if err != nil || stored != n {
		t.Fatalf("stored %d, %v; want %d", stored, err, n)
	}
	again, err := f.svc.IssueCourse(context.Background(), wzStaff, "c1")
	if err != nil || len(again.Issued) != 0 || again.AlreadyIssued != n {
		t.Fatalf("second batch: issued %d, already %d, %v", len(again.Issued), again.AlreadyIssued, err)
	}
}

func first(list []BatchFailure) any {
	if len(list) == 0 {
		return nil
	}
	return list[0]
}
