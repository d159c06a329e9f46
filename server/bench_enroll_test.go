package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/auth"
	"skillcert/courses"
	"skillcert/demo"
	"skillcert/roster"
	"skillcert/store"
	"skillcert/store/storetest"
)

// The enroll endpoint against the raw database operations it needs,
// measured in the same run:
//
//	go test ./server -run '^$' -bench EnrollEndpoint -benchtime 100x -count 3
//
// Each iteration enrolls another demo resident, logged in as a trainee,
// into a city-wide course with seats to spare.

type enrollBench struct {
	app    *App
	course *courses.Course
	people []string // person IDs
	tokens []string
}

func newEnrollBench(b *testing.B) *enrollBench {
	b.Helper()
	ctx := context.Background()
	app, err := newAppWithDB(ctx, testConfig(), slog.New(slog.NewTextHandler(io.Discard, nil)), storetest.Open(b))
	if err != nil {
		b.Fatal(err)
	}
	if err := demo.Load(ctx, app.Services, testDemoPassword); err != nil {
		b.Fatal(err)
	}
	admin, err := app.Auth.FindAccountByUsername(ctx, "admin")
	if err != nil {
		b.Fatal(err)
	}
	staff, err := app.Auth.FindAccountByUsername(ctx, "wz_staff")
	if err != nil {
		b.Fatal(err)
	}
	teacher, err := app.Auth.FindAccountByUsername(ctx, "teacher")
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	c, err := app.Courses.CreateCourse(ctx, staff.Actor(), courses.CourseInput{Title: "基准测试课程", Type: courses.TypeEntrepreneurship,
		Town: "WZ", Capacity: courses.MaxCapacity, EnrollOpens: now.Add(-time.Hour), EnrollCloses: now.Add(80 * 24 * time.Hour), ClassHours: 2})
	if err != nil {
		b.Fatal(err)
	}
	day := now.Add(90 * 24 * time.Hour).In(shanghai).Format("2006-01-02")
	if _, err := app.Courses.AddSession(ctx, staff.Actor(), c.ID, courses.SessionInput{Date: day, StartTime: "19:00", EndTime: "21:00",
		Venue: "基准测试教室", InstructorID: teacher.ID, Topic: "基准", Hours: 2}); err != nil {
		b.Fatal(err)
	}
	if c, err = app.Courses.TransitionCourse(ctx, staff.Actor(), c.ID, courses.StatusPublished); err != nil {
		b.Fatal(err)
	}
	eb := &enrollBench{app: app, course: c}
	for page := 1; len(eb.people) < b.N; page++ {
		res, err := app.Roster.List(ctx, admin.Actor(), roster.Filter{Status: roster.PersonActive}, skillcert.PageRequest{Page: page, Size: skillcert.MaxPageSize})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Items) == 0 {
			b.Fatalf("only %d demo residents for %d iterations: use -benchtime 100x", len(eb.people), b.N)
		}
		for _, p := range res.Items {
			if len(eb.people) == b.N {
				break
			}
			acc, err := app.Auth.FindAccountByUsername(ctx, "trainee")
			if err != nil {
				b.Fatal(err)
			}
			if acc.PersonID == p.ID {
				continue // the demo trainee is enrolled in demo courses already
			}
			acc, err = app.Auth.CreateAccount(ctx, admin.Actor(), auth.NewAccount{Username: fmt.Sprintf("bench_%d", len(eb.people)),
				Name: p.Name, Password: "Passw0rd1", Role: skillcert.RoleTrainee, PersonID: p.ID})
			if err != nil {
				b.Fatal(err)
			}
			sess, err := app.Auth.OpenSession(ctx, acc.ID)
			if err != nil {
				b.Fatal(err)
			}
			eb.people = append(eb.people, p.ID)
			eb.tokens = append(eb.tokens, sess.Token)
		}
	}
	return eb
}

func BenchmarkEnrollEndpoint(b *testing.B) {
	eb := newEnrollBench(b)
	path := "/api/courses/" + eb.course.ID + "/enroll"
	b.ResetTimer()
	for i := range b.N {
		req := httptest.NewRequest("POST", path, nil)
		req.Header.Set("Authorization", "Bearer "+eb.tokens[i])
		res, err := eb.app.fiber.Test(req, -1)
		if err != nil || res.StatusCode != 201 {
			body, _ := io.ReadAll(res.Body)
			b.Fatalf("enroll: %v %d %s", err, res.StatusCode, body)
		}
		res.Body.Close()
	}
}

// BenchmarkEnrollEndpointRawOps issues what the endpoint needs of the
// database, directly: the login session by key, then the enroll path's
// reads and writes (course, the person's course list, their enrollment,
// the course's sessions; add the course to the list; insert the pending
// enrollment; take a seat with a conditional increment; settle the
// enrollment; the message; the audit entry), conditions in the filters
// as on MongoDB.
func BenchmarkEnrollEndpointRawOps(b *testing.B) {
	eb := newEnrollBench(b)
	ctx := context.Background()
	db := eb.app.DB
	sessions := db.Collection(store.CollSessions)
	coursesC := db.Collection(store.CollCourses)
	courseSessions := db.Collection(store.CollCourseSessions)
	enrollments := db.Collection(store.CollEnrollments)
	lists := db.Collection(store.CollPersonCourses)
	messages := db.Collection(store.CollMessages)
	var anySession bson.Raw
	if err := sessions.FindOne(ctx, bson.D{}, &anySession, options.FindOne().SetSort(bson.D{{Key: "_id", Value: 1}})); err != nil {
		b.Fatal(err)
	}
	sessionID := anySession.Lookup("_id").StringValue()
	c := eb.course
	b.ResetTimer()
	for i := range b.N {
		p := eb.people[i]
		id := courses.EnrollmentID(c.ID, p)
		var s bson.Raw
		if err := sessions.FindOne(ctx, bson.D{{Key: "_id", Value: sessionID}}, &s); err != nil {
			b.Fatal(err)
		}
		var course courses.Course
		if err := coursesC.FindOne(ctx, bson.D{{Key: "_id", Value: c.ID}}, &course); err != nil {
			b.Fatal(err)
		}
		var list bson.Raw
		if err := lists.FindOne(ctx, bson.D{{Key: "_id", Value: p}}, &list); err != nil && !store.IsNotFound(err) {
			b.Fatal(err)
		}
		var e courses.Enrollment
		if err := enrollments.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, &e); err != nil && !store.IsNotFound(err) {
			b.Fatal(err)
		}
		var ss []courses.Session
		if err := courseSessions.Find(ctx, bson.D{{Key: "courseId", Value: c.ID}}, &ss, options.Find().SetSort(bson.D{{Key: "start", Value: 1}})); err != nil {
			b.Fatal(err)
		}
		now := time.Now().UTC()
		if _, err := lists.UpdateOne(ctx, bson.D{{Key: "_id", Value: p}},
			bson.D{{Key: "$addToSet", Value: bson.D{{Key: "courseIds", Value: c.ID}}}, {Key: "$set", Value: bson.D{{Key: "updatedAt", Value: now}}}},
			options.UpdateOne().SetUpsert(true)); err != nil {
			b.Fatal(err)
		}
		e = courses.Enrollment{ID: id, CourseID: c.ID, PersonID: p, Name: "学员", Town: "WZ", Status: courses.EnrollmentPending,
			Attempt: "0123456789abcdef01234567", SeatPending: true, Source: courses.SourceSelf, CreatedAt: now, UpdatedAt: now}
		if err := enrollments.InsertOne(ctx, e); err != nil {
			b.Fatal(err)
		}
		res, err := coursesC.UpdateOne(ctx, bson.D{{Key: "_id", Value: c.ID}, {Key: "status", Value: courses.StatusPublished},
			{Key: "enrolled", Value: bson.D{{Key: "$lt", Value: course.Capacity}}}}, bson.D{{Key: "$inc", Value: bson.D{{Key: "enrolled", Value: 1}}}})
		if err != nil || res.MatchedCount != 1 {
			b.Fatalf("take a seat: %v", err)
		}
		res, err = enrollments.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "status", Value: courses.EnrollmentPending}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: courses.EnrollmentEnrolled}, {Key: "seatPending", Value: false}, {Key: "updatedAt", Value: now}}}})
		if err != nil || res.MatchedCount != 1 {
			b.Fatalf("settle: %v", err)
		}
		if err := messages.InsertOne(ctx, courses.Message{ID: "bench:" + id, PersonID: p, Kind: courses.MessageEnrolled, CourseID: c.ID,
			Title: "报名成功", Body: "您已成功报名课程。", CreatedAt: now, SendState: courses.SendPending, NextAttemptAt: now}); err != nil {
			b.Fatal(err)
		}
		if err := eb.app.Audit.Record(ctx, "enrollment.create", "enrollment", id, "ok", "enrolled"); err != nil {
			b.Fatal(err)
		}
	}
}
