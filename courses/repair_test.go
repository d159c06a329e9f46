package courses_test

import (
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/courses"
	"skillcert/store"
)

// crashed writes the state an enrollment request leaves when the process
// dies mid-way, straight into the database.
type crashed struct{ f *fixture }

func (c crashed) pending(courseID, personID string) {
	c.f.t.Helper()
	now := c.f.clock.Now().UTC()
	err := c.f.db.Collection(store.CollEnrollments).InsertOne(c.f.ctx, courses.Enrollment{
		ID: courses.EnrollmentID(courseID, personID), CourseID: courseID, PersonID: personID, Name: "学员" + personID,
		Status: courses.EnrollmentPending, Attempt: "attempt-" + personID, SeatPending: true, Source: courses.SourceSelf,
		CreatedAt: now, UpdatedAt: now,
	})
	if err != nil {
		c.f.t.Fatal(err)
	}
}

func (c crashed) course(courseID string, update bson.D) {
	c.f.t.Helper()
	if _, err := c.f.db.Collection(store.CollCourses).UpdateOne(c.f.ctx, bson.D{{Key: "_id", Value: courseID}}, update); err != nil {
		c.f.t.Fatal(err)
	}
}

func (c crashed) enrollment(courseID, personID string, set bson.D) {
	c.f.t.Helper()
	set = append(set, bson.E{Key: "updatedAt", Value: c.f.clock.Now().UTC()})
	if _, err := c.f.db.Collection(store.CollEnrollments).UpdateOne(c.f.ctx,
		bson.D{{Key: "_id", Value: courses.EnrollmentID(courseID, personID)}}, bson.D{{Key: "$set", Value: set}}); err != nil {
		c.f.t.Fatal(err)
	}
}

func incEnrolled(n int) bson.D {
	return bson.D{{Key: "$inc", Value: bson.D{{Key: "enrolled", Value: n}}}}
}

func TestRepairCourse(t *testing.T) {
	f := newFixture(t)
	crash := crashed{f}
	c := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = 3 })
	p1, p2, p3, p4, w := f.person("WZ", "WZ01"), f.person("WZ", "WZ01"), f.person("WZ", "WZ01"), f.person("WZ", "WZ01"), f.person("WZ", "WZ01")
	f.ok(f.svc.Enroll(f.ctx, trainee(p1), c.ID))
	f.ok(f.svc.Enroll(f.ctx, trainee(p2), c.ID))
	// p3 took a seat and died before settling.
	crash.pending(c.ID, p3)
	crash.course(c.ID, incEnrolled(1))
	f.ok(f.svc.Enroll(f.ctx, trainee(w), c.ID)) // full: waitlisted
	// p1's cancellation died before giving the seat back.
	crash.enrollment(c.ID, p1, bson.D{{Key: "status", Value: courses.EnrollmentCancelled}, {Key: "seatPending", Value: true}})
	// p4's request died right after writing the enrollment.
	crash.pending(c.ID, p4)

	_, err := f.svc.RepairCourse(f.ctx, c.ID)
	wantErr(t, err, skillcert.ECONFLICT, "该课程有报名操作正在进行，请稍后再修复")

	f.clock.Add(courses.StaleAfter + time.Second)
	rep, err := f.svc.RepairCourse(f.ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := courses.RepairReport{CourseID: c.ID, EnrolledBefore: 3, EnrolledAfter: 1, WaitingBefore: 1, WaitingAfter: 1, Settled: 2, Cleared: 1}
	if *rep != want {
		t.Fatalf("report %+v\n want %+v", *rep, want)
	}
	status := map[string]courses.EnrollmentStatus{}
	for _, e := range f.enrollments(c.ID) {
		status[e.PersonID] = e.Status
		if e.SeatPending {
			t.Errorf("%s still flagged", e.PersonID)
		}
	}
	wantStatus := map[string]courses.EnrollmentStatus{p1: courses.EnrollmentCancelled, p2: courses.EnrollmentEnrolled,
		p3: courses.EnrollmentEnrolled, p4: courses.EnrollmentEnrolled, w: courses.EnrollmentWaitlisted}
	for p, st := range wantStatus {
		if status[p] != st {
			t.Errorf("%s: %s, want %s", p, status[p], st)
		}
	}
	if got := f.get(c.ID); got.Enrolled != 3 || got.Waiting != 1 {
		t.Fatalf("counters after repair: enrolled %d waiting %d", got.Enrolled, got.Waiting)
	}
	// Idempotent: a second pass finds nothing to do.
	rep, err = f.svc.RepairCourse(f.ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rep.EnrolledBefore != 3 || rep.EnrolledAfter != 3 || rep.Settled+rep.Cleared+rep.Promoted != 0 {
		t.Fatalf("second pass: %+v", rep)
	}
	if f.auditCount("course.repair", "ok") != 1 {
		t.Error("the repair with changes was not audited once")
	}
}

func TestRepairStaleFindsInterruptedPromotion(t *testing.T) {
	f := newFixture(t)
	crash := crashed{f}
	c := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = 1 })
	a, w := f.person("WZ", "WZ01"), f.person("WZ", "WZ01")
	f.ok(f.svc.Enroll(f.ctx, trainee(a), c.ID))
	f.ok(f.svc.Enroll(f.ctx, trainee(w), c.ID))
	// A capacity increase began promoting w: claimed and took a seat, then died.
	crash.course(c.ID, bson.D{{Key: "$set", Value: bson.D{{Key: "capacity", Value: 2}}}, {Key: "$inc", Value: bson.D{{Key: "enrolled", Value: 1}}}})
	crash.enrollment(c.ID, w, bson.D{{Key: "seatPending", Value: true}})
	if reps, err := f.svc.RepairStale(f.ctx); err != nil || len(reps) != 0 {
		t.Fatalf("fresh flag repaired: %+v, %v", reps, err)
	}
	f.clock.Add(courses.StaleAfter + time.Second)
	reps, err := f.svc.RepairStale(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 1 || reps[0].EnrolledBefore != 2 || reps[0].EnrolledAfter != 1 || reps[0].Cleared != 1 || reps[0].Promoted != 1 {
		t.Fatalf("reports: %+v", reps)
	}
	row, err := f.svc.MyEnrollment(f.ctx, trainee(w), c.ID)
	if err != nil || row.Status != courses.EnrollmentEnrolled {
		t.Fatalf("w after repair: %+v, %v", row, err)
	}
	if got := f.get(c.ID); got.Enrolled != 2 || got.Waiting != 0 {
		t.Fatalf("counters: enrolled %d waiting %d", got.Enrolled, got.Waiting)
	}
	if reps, err := f.svc.RepairStale(f.ctx); err != nil || len(reps) != 0 {
		t.Fatalf("second run: %+v, %v", reps, err)
	}
}
