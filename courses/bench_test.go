package courses_test

import (
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert/courses"
	"skillcert/store"
)

// The enroll path against the raw database operations it needs, measured
// in the same run: go test -run '^$' -bench Enroll -benchtime 300x ./courses/
// Each iteration enrolls a new trainee into a course with seats to spare
// (a new course every 1000 iterations, the capacity limit).

// benchCourses publishes enough courses of 1000 seats for b.N enrollments.
func benchCourses(b *testing.B, f *fixture) []*courses.Course {
	var cs []*courses.Course
	for range b.N/courses.MaxCapacity + 1 {
		cs = append(cs, f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = courses.MaxCapacity }))
	}
	return cs
}

func benchPeople(b *testing.B, f *fixture) []string {
	people := make([]string, b.N)
	for i := range people {
		people[i] = f.person("WZ", "WZ01")
	}
	return people
}

func BenchmarkEnroll(b *testing.B) {
	f := newFixture(b)
	cs := benchCourses(b, f)
	people := benchPeople(b, f)
	b.ResetTimer()
	for i := range b.N {
		res, err := f.svc.Enroll(f.ctx, trainee(people[i]), cs[i/courses.MaxCapacity].ID)
		if err != nil || res.Enrollment.Status != courses.EnrollmentEnrolled {
			b.Fatalf("enroll: %+v, %v", res, err)
		}
	}
}

// BenchmarkEnrollRawOps does what the enroll path does to the database,
// directly on the same collections: read the course, the person's course
// list, their enrollment and the course's sessions; add the course to the
// list; insert the pending enrollment; take a seat with one conditional
// increment; settle the enrollment; write the message and the audit
// entry. "filter" puts the conditions in the filters, one command per
// write (as on MongoDB); "key" writes by _id alone, without conditions:
// the least these writes can cost on the engine.
func BenchmarkEnrollRawOps(b *testing.B) {
	b.Run("filter", func(b *testing.B) { rawEnroll(b, true) })
	b.Run("key", func(b *testing.B) { rawEnroll(b, false) })
}

func rawEnroll(b *testing.B, conditions bool) {
	f := newFixture(b)
	cs := benchCourses(b, f)
	people := benchPeople(b, f)
	coursesC := f.db.Collection(store.CollCourses)
	sessions := f.db.Collection(store.CollCourseSessions)
	enrollments := f.db.Collection(store.CollEnrollments)
	persons := f.db.Collection(store.CollPersonCourses)
	messages := f.db.Collection(store.CollMessages)
	b.ResetTimer()
	for i := range b.N {
		c, p := cs[i/courses.MaxCapacity], people[i]
		id := courses.EnrollmentID(c.ID, p)
		var course courses.Course
		if err := coursesC.FindOne(f.ctx, bson.D{{Key: "_id", Value: c.ID}}, &course); err != nil {
			b.Fatal(err)
		}
		var list bson.Raw
		if err := persons.FindOne(f.ctx, bson.D{{Key: "_id", Value: p}}, &list); err != nil && !store.IsNotFound(err) {
			b.Fatal(err)
		}
		var e courses.Enrollment
		if err := enrollments.FindOne(f.ctx, bson.D{{Key: "_id", Value: id}}, &e); err != nil && !store.IsNotFound(err) {
			b.Fatal(err)
		}
		var ss []courses.Session
		if err := sessions.Find(f.ctx, bson.D{{Key: "courseId", Value: c.ID}}, &ss, options.Find().SetSort(bson.D{{Key: "start", Value: 1}})); err != nil {
			b.Fatal(err)
		}
		now := time.Now().UTC()
		if _, err := persons.UpdateOne(f.ctx, bson.D{{Key: "_id", Value: p}},
			bson.D{{Key: "$addToSet", Value: bson.D{{Key: "courseIds", Value: c.ID}}}, {Key: "$set", Value: bson.D{{Key: "updatedAt", Value: now}}}},
			options.UpdateOne().SetUpsert(true)); err != nil {
			b.Fatal(err)
		}
		e = courses.Enrollment{ID: id, CourseID: c.ID, PersonID: p, Name: "学员" + p, Town: "WZ", Village: "WZ01",
			Status: courses.EnrollmentPending, Attempt: "0123456789abcdef01234567", SeatPending: true,
			Source: courses.SourceSelf, EnrolledBy: "acc-" + p, CreatedAt: now, UpdatedAt: now}
		if err := enrollments.InsertOne(f.ctx, e); err != nil {
			b.Fatal(err)
		}
		seat := bson.D{{Key: "_id", Value: c.ID}}
		settle := bson.D{{Key: "_id", Value: id}}
		if conditions {
			seat = append(seat, bson.E{Key: "status", Value: courses.StatusPublished}, bson.E{Key: "capacity", Value: course.Capacity},
				bson.E{Key: "enrolled", Value: bson.D{{Key: "$lt", Value: course.Capacity}}})
			settle = append(settle, bson.E{Key: "status", Value: courses.EnrollmentPending}, bson.E{Key: "attempt", Value: e.Attempt})
		}
		res, err := coursesC.UpdateOne(f.ctx, seat, bson.D{{Key: "$inc", Value: bson.D{{Key: "enrolled", Value: 1}}}})
		if err != nil || res.MatchedCount != 1 {
			b.Fatalf("take a seat: %v", err)
		}
		res, err = enrollments.UpdateOne(f.ctx, settle, bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: courses.EnrollmentEnrolled},
			{Key: "seatPending", Value: false}, {Key: "enrolledAt", Value: now}, {Key: "updatedAt", Value: now}}}})
		if err != nil || res.MatchedCount != 1 {
			b.Fatalf("settle: %v", err)
		}
		m := courses.Message{ID: "e:" + id + ":" + e.Attempt + ":enrolled", PersonID: p, Kind: courses.MessageEnrolled, CourseID: c.ID,
			Title: "报名成功", Body: "您已成功报名课程，请按时参加培训。", CreatedAt: now, SendState: courses.SendPending, NextAttemptAt: now}
		if err := messages.InsertOne(f.ctx, m); err != nil {
			b.Fatal(err)
		}
		if err := f.log.RecordAs(f.ctx, trainee(p), "enrollment.create", "enrollment", id, "ok", "enrolled"); err != nil {
			b.Fatal(err)
		}
	}
}
