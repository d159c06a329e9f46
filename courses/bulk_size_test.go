package courses_test

import (
	"context"
	"testing"
	"time"

	"skillcert/courses"
)

// bulkDeadline bounds each large operation below: far more than any of
// them needs, and a hang (the engine never answering a command of 100 or
// more statements) fails the test instead of blocking it.
const bulkDeadline = 2 * time.Minute

// bigClass publishes a course with a pass score and one session on
// 2026-12-14 09:00–11:30 and enrolls n people through one bulk
// enrollment, checking that every one of them got a seat.
func bigClass(f *fixture, n int) (*courses.Course, *courses.Session, []string) {
	f.t.Helper()
	c := f.course(wzStaff, func(in *courses.CourseInput) { in.Capacity = n; in.PassScore = ptr(60) })
	ss := f.session(wzStaff, c.ID, sessionIn("2026-12-14", "09:00", "11:30", "t-li", "乌镇成校 305室"))
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, c.ID, courses.StatusPublished))
	people := make([]string, n)
	for i := range people {
		people[i] = f.person("WZ", "WZ01")
	}
	ctx, cancel := context.WithTimeout(f.ctx, bulkDeadline)
	defer cancel()
	start := time.Now()
	lines, err := f.svc.EnrollPeople(ctx, wzStaff, c.ID, people)
	f.t.Logf("bulk enrollment of %d: %s", n, time.Since(start).Round(time.Millisecond))
	if err != nil {
		f.t.Fatalf("bulk enrollment of %d: %v", n, err)
	}
	for _, l := range lines {
		if l.Outcome != courses.BulkEnrolled {
			f.t.Fatalf("bulk enrollment: %s %s %s", l.PersonID, l.Outcome, l.Reason)
		}
	}
	if got := f.countStatus(c.ID, courses.EnrollmentEnrolled); got != n {
		f.t.Fatalf("enrolled after bulk enrollment = %d, want %d", got, n)
	}
	return c, ss, people
}

// TestFiveHundredPersonCourse runs a 500-person course end to end on the
// real engine: bulk enrollment, a roll call of 500 lines (twice, the
// second changing every mark), 500 scores in one call, and completion,
// which evaluates all 500. Each step must answer and save everything.
func TestFiveHundredPersonCourse(t *testing.T) {
	const n = 500
	f := newFixture(t)
	c, ss, people := bigClass(f, n)

	f.clock.Set(at(t, "2026-12-14 09:05"))
	for round, mark := range []courses.Mark{courses.MarkLate, courses.MarkPresent} {
		roll := make([]courses.MarkInput, n)
		for i, p := range people {
			roll[i] = courses.MarkInput{PersonID: p, Mark: mark}
		}
		ctx, cancel := context.WithTimeout(f.ctx, bulkDeadline)
		start := time.Now()
		res, err := f.svc.RollCall(ctx, wzStaff, ss.ID, roll)
		t.Logf("roll call %d of %d lines: %s", round+1, n, time.Since(start).Round(time.Millisecond))
		cancel()
		if err != nil || res.Changed != n {
			t.Fatalf("roll call %d of %d lines: %+v, %v", round+1, n, res, err)
		}
		marks := f.marks(ss.ID)
		for _, p := range people {
			if marks[p].Mark != mark {
				t.Fatalf("roll call %d: %s has %q, want %q", round+1, p, marks[p].Mark, mark)
			}
		}
	}

	scores := make([]courses.ScoreInput, n)
	for i, p := range people {
		scores[i] = courses.ScoreInput{PersonID: p, Score: ptr(50 + i%50)} // 50..99: the first 10 of each 50 fail
	}
	ctx, cancel := context.WithTimeout(f.ctx, bulkDeadline)
	start := time.Now()
	changed, err := f.svc.SetScores(ctx, wzStaff, c.ID, scores)
	t.Logf("%d scores: %s", n, time.Since(start).Round(time.Millisecond))
	cancel()
	if err != nil || changed != n {
		t.Fatalf("%d scores: %d changed, %v", n, changed, err)
	}
	byPerson := map[string]courses.Enrollment{}
	for _, e := range f.enrollments(c.ID) {
		byPerson[e.PersonID] = e
	}
	for i, p := range people {
		if e := byPerson[p]; e.Score == nil || *e.Score != 50+i%50 {
			t.Fatalf("score of %s = %v, want %d", p, e.Score, 50+i%50)
		}
	}

	f.clock.Set(at(t, "2026-12-14 12:00"))
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, c.ID, courses.StatusInProgress))
	ctx, cancel = context.WithTimeout(f.ctx, bulkDeadline)
	start = time.Now()
	_, err = f.svc.TransitionCourse(ctx, wzStaff, c.ID, courses.StatusCompleted)
	t.Logf("completing a %d-person course: %s", n, time.Since(start).Round(time.Millisecond))
	cancel()
	if err != nil {
		t.Fatalf("completing a %d-person course: %v", n, err)
	}
	completed := 0
	for _, e := range f.enrollments(c.ID) {
		if e.Completion == nil || e.EvaluatedAt.IsZero() {
			t.Fatalf("%s not evaluated", e.PersonID)
		}
		if e.Completion.Completed {
			completed++
		}
	}
	if want := n - n/50*10; completed != want {
		t.Fatalf("completed %d, want %d", completed, want)
	}
}
