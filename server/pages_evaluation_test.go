package main

import (
	"context"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/courses"
	"skillcert/store"
)

// TestPendingEvaluationIsShownOnTheCoursePages: a completion evaluation
// cut short (or still running past the request) is said on the course's
// page and its results page, which otherwise would present a partial
// count of completions as the result; once done, the notice is gone.
func TestPendingEvaluationIsShownOnTheCoursePages(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	admin := &skillcert.Actor{AccountID: ta.accountID("admin"), Username: "admin", Role: skillcert.RoleCityAdmin}
	done, err := ta.app.Courses.ListCourses(ctx, admin, courses.CourseFilter{Status: courses.StatusCompleted}, skillcert.PageRequest{Page: 1, Size: 1})
	if err != nil || len(done.Items) == 0 {
		t.Fatalf("a completed demo course: %v", err)
	}
	id := done.Items[0].ID
	pc := ta.pageClient("admin")
	pages := []string{"/manage/courses/" + id, "/manage/courses/" + id + "/results"}
	for _, p := range pages {
		if strings.Contains(string(pc.get(p).Body), `data-testid="evaluation-pending"`) {
			t.Fatalf("%s shows the pending notice for a finished evaluation", p)
		}
	}
	set := func(state courses.EvaluationState) {
		t.Helper()
		res, err := ta.app.DB.Collection(store.CollCourses).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "evaluation.state", Value: state}}}})
		if err != nil || res.MatchedCount != 1 {
			t.Fatalf("marking the evaluation %s: %v %+v", state, err, res)
		}
	}
	set(courses.EvaluationPending)
	for _, p := range pages {
		if body := string(pc.get(p).Body); !strings.Contains(body, `data-testid="evaluation-pending"`) || !strings.Contains(body, "结业评定还没有完成") {
			t.Errorf("%s does not say the evaluation is still pending", p)
		}
	}
	set(courses.EvaluationDone)
	for _, p := range pages {
		if strings.Contains(string(pc.get(p).Body), `data-testid="evaluation-pending"`) {
			t.Errorf("%s still shows the pending notice after the evaluation is done", p)
		}
	}
}
