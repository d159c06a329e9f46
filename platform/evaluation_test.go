package platform_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/courses"
	"skillcert/store"
)

// TestPendingEvaluationIsNeverCountedAsTheWhole: the demo's completed
// course is set back to what a crash mid-evaluation leaves (marker pending,
// no enrollment evaluated). Its certificate page and batch refuse with a
// message instead of "completed 0, unissued 0"; once FinishEvaluations
// has run (as at start-up), the page counts what it counted before.
func TestPendingEvaluationIsNeverCountedAsTheWhole(t *testing.T) {
	s := newPlatform(t)
	ctx := context.Background()
	admin := actorOf(t, s, "admin")
	page, err := s.Courses.ListCourses(ctx, admin, courses.CourseFilter{Status: courses.StatusCompleted}, skillcert.PageRequest{})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("completed demo course: %v", err)
	}
	id := page.Items[0].ID
	before, err := s.Certificates.Course(ctx, admin, id, skillcert.PageRequest{})
	if err != nil || before.Completed <= 0 {
		t.Fatalf("certificate page before: %+v, %v", before, err)
	}

	round := time.Now().Add(-time.Minute).UTC().Truncate(time.Millisecond)
	if _, err := s.DB.Collection(store.CollCourses).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "evaluation", Value: courses.Evaluation{State: courses.EvaluationPending, Round: round}}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB.Collection(store.CollEnrollments).UpdateMany(ctx, bson.D{{Key: "courseId", Value: id}},
		bson.D{{Key: "$unset", Value: bson.D{{Key: "completion", Value: ""}, {Key: "evaluatedAt", Value: ""}}}}); err != nil {
		t.Fatal(err)
	}
	_, err = s.Certificates.Course(ctx, admin, id, skillcert.PageRequest{})
	if skillcert.ErrorCode(err) != skillcert.ECONFLICT || !strings.Contains(skillcert.ErrorMessage(err), "结业评定尚未完成") {
		t.Fatalf("certificate page with the evaluation pending: %v; want a conflict saying so", err)
	}
	if _, err := s.Certificates.IssueCourse(ctx, admin, id); skillcert.ErrorCode(err) != skillcert.ECONFLICT {
		t.Fatalf("batch issue with the evaluation pending: %v; want a conflict", err)
	}

	reps, err := s.Courses.FinishEvaluations(ctx, 0)
	if err != nil || len(reps) != 1 || reps[0].CourseID != id || reps[0].Written != reps[0].Total {
		t.Fatalf("repair: %+v, %v", reps, err)
	}
	after, err := s.Certificates.Course(ctx, admin, id, skillcert.PageRequest{})
	if err != nil || after.Completed != before.Completed || after.Unissued != before.Unissued {
		t.Fatalf("certificate page after the repair: %+v, %v; want completed %d, unissued %d", after, err, before.Completed, before.Unissued)
	}
}
