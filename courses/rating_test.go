package courses_test

import (
	"testing"
	"time"

	"skillcert"
	"skillcert/courses"
)

// TestRatingOncePerCompletedEnrollment: only a trainee who completed a
// completed course rates it, once; the town's sums count the ratings and
// carry no person.
func TestRatingOncePerCompletedEnrollment(t *testing.T) {
	f := newFixture(t)
	c := f.course(wzStaff, func(in *courses.CourseInput) { in.Capacity = 4 })
	day := at(t, "2026-12-14 00:00").Format("2006-01-02")
	ss := f.session(wzStaff, c.ID, sessionIn(day, "14:00", "16:30", "t-li", "乌镇成校 305室"))
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, c.ID, courses.StatusPublished))
	done, absent, outsider := f.person("WZ", "WZ01"), f.person("WZ", "WZ01"), f.person("WZ", "WZ01")
	f.ok(f.svc.Enroll(f.ctx, trainee(done), c.ID))
	f.ok(f.svc.Enroll(f.ctx, trainee(absent), c.ID))
	good := courses.RatingInput{Content: 5, Teacher: 4, Organization: 3, Comment: "  讲得清楚  "}

	// Before the course is completed, no one rates.
	err := f.svc.RateCourse(f.ctx, trainee(done), c.ID, good)
	wantErr(t, err, skillcert.ECONFLICT, "课程结业后，结业学员才能评议")

	f.clock.Set(ss.End.Add(time.Minute))
	f.ok(f.svc.RollCall(f.ctx, wzStaff, ss.ID, []courses.MarkInput{{PersonID: done, Mark: "present"}, {PersonID: absent, Mark: "absent"}}))
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, c.ID, courses.StatusInProgress))
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, c.ID, courses.StatusCompleted))

	for _, bad := range []courses.RatingInput{{Content: 0, Teacher: 3, Organization: 3}, {Content: 3, Teacher: 6, Organization: 3},
		{Content: 3, Teacher: 3, Organization: 3, Comment: string(make([]rune, 501))}} {
		if err := f.svc.RateCourse(f.ctx, trainee(done), c.ID, bad); skillcert.ErrorCode(err) != skillcert.EINVALID {
			t.Fatalf("%+v: %v", bad, err)
		}
	}
	wantErr(t, f.svc.RateCourse(f.ctx, trainee(absent), c.ID, good), skillcert.ECONFLICT, "课程结业后，结业学员才能评议")
	wantErr(t, f.svc.RateCourse(f.ctx, trainee(outsider), c.ID, good), skillcert.ENOTFOUND, "您没有参加该课程")
	wantErr(t, f.svc.RateCourse(f.ctx, wzStaff, c.ID, good), skillcert.EFORBIDDEN, "只有学员本人可以评议课程")

	if err := f.svc.RateCourse(f.ctx, trainee(done), c.ID, good); err != nil {
		t.Fatal(err)
	}
	wantErr(t, f.svc.RateCourse(f.ctx, trainee(done), c.ID, good), skillcert.ECONFLICT, "您已评议过该课程，每次报名只能评议一次")
	if rated, err := f.svc.Rated(f.ctx, trainee(done), c.ID); err != nil || !rated {
		t.Fatalf("rated: %v %v", rated, err)
	}
	sum, err := f.svc.TownRatings(f.ctx, "WZ", 2026)
	if err != nil {
		t.Fatal(err)
	}
	if sum != (courses.RatingSummary{Count: 1, Content: 5, Teacher: 4, Organization: 3}) || sum.Total() != 12 {
		t.Fatalf("town ratings %+v", sum)
	}
	if other, _ := f.svc.TownRatings(f.ctx, "ZQ", 2026); other.Count != 0 {
		t.Fatalf("another town's ratings %+v", other)
	}
}
