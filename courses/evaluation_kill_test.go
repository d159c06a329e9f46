package courses_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"skillcert/audit"
	"skillcert/courses"
	"skillcert/orgs"
	"skillcert/store"
)

const killChildEnv = "SKILLCERT_EVAL_KILL_DIR"

// openDir opens (and migrates) the database "kill" on an engine of this
// process over dir.
func openDir(t *testing.T, dir string) (*store.DB, func()) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	eng, err := store.StartEngine(dir, log)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, store.Config{Database: "kill", Embedded: eng, Logger: log})
	if err != nil {
		eng.Stop()
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, store.Steps); err != nil {
		t.Fatal(err)
	}
	return db, func() { _ = db.Close(context.Background()); eng.Stop() }
}

// fixtureOn is newFixture over a given database.
func fixtureOn(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	tree, err := orgs.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	log := audit.NewLog(db)
	people := &fakePeople{byID: map[string]courses.Candidate{}, byNumber: map[string]string{}}
	svc := courses.NewService(db, log, tree, people, fakeInstructors{"t-li": "李老师", "t-wu": "吴老师"})
	clk := &clock{t: at(t, "2026-12-01 10:00")}
	svc.SetClock(clk.Now)
	return &fixture{t: t, ctx: ctx, db: db, svc: svc, log: log, people: people, clock: clk}
}

// TestEvaluationKilledMidwayIsFinishedOnRestart kills a process in the
// middle of completing a 120-person course — just before it sends the
// second batch of evaluations, with 50 written — and then, as a restarted
// server does, opens the same data directory and finishes the pending
// evaluation: every enrollment ends evaluated exactly once, in the
// interrupted evaluation's round, and the 50 written before the kill are
// not written again.
func TestEvaluationKilledMidwayIsFinishedOnRestart(t *testing.T) {
	const n = 120
	if dir := os.Getenv(killChildEnv); dir != "" {
		evaluationKillChild(t, dir, n)
		return
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestEvaluationKilledMidwayIsFinishedOnRestart$", "-test.count=1")
	cmd.Env = append(os.Environ(), killChildEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !strings.Contains(string(out), "killing at batch 2") || !asExit(err, &exit) || exit.ExitCode() != 3 {
		t.Fatalf("the child was not killed mid-evaluation (%v):\n%s", err, out)
	}
	courseID := ""
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "course "); ok {
			courseID = id
		}
	}

	db, closeDB := openDir(t, dir)
	defer closeDB()
	f := fixtureOn(t, db)
	c := f.get(courseID)
	if c.Status != courses.StatusCompleted || !c.Evaluation.Pending() {
		t.Fatalf("after the kill: status %s, evaluation %+v; want completed and pending", c.Status, c.Evaluation)
	}
	round := c.Evaluation.Round
	evaluatedIn := func() (int, int) {
		in, other := 0, 0
		for _, e := range f.enrollments(courseID) {
			switch {
			case e.Completion != nil && e.EvaluatedAt.Equal(round):
				in++
			case e.Completion != nil:
				other++
			}
		}
		return in, other
	}
	if in, other := evaluatedIn(); in != store.WriteBatchSize || other != 0 {
		t.Fatalf("after the kill: %d evaluated in the round, %d otherwise; want %d and 0", in, other, store.WriteBatchSize)
	}

	f.clock.Set(at(t, "2026-12-14 12:01")) // the restart, a minute after the kill
	// The periodic pass leaves an evaluation that may still be running alone.
	if reps, err := f.svc.FinishEvaluations(f.ctx, courses.EvaluationStaleAfter); err != nil || len(reps) != 0 {
		t.Fatalf("periodic pass a minute after: %+v, %v; want nothing yet", reps, err)
	}
	reps, err := f.svc.FinishEvaluations(f.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 1 || reps[0].CourseID != courseID || reps[0].Total != n || reps[0].Written != n-store.WriteBatchSize {
		t.Fatalf("repair: %+v; want %s with %d enrolled and %d written", reps, courseID, n, n-store.WriteBatchSize)
	}
	if in, other := evaluatedIn(); in != n || other != 0 {
		t.Fatalf("after the repair: %d evaluated in the round, %d otherwise; want %d and 0", in, other, n)
	}
	c = f.get(courseID)
	if c.Evaluation == nil || c.Evaluation.State != courses.EvaluationDone || c.Evaluation.Total != n || c.Evaluation.Completed != n/2 {
		t.Fatalf("marker after the repair: %+v; want done, %d of %d completed", c.Evaluation, n/2, n)
	}
	if got := f.auditCount("course.evaluate", audit.ResultOK); got != 1 {
		t.Fatalf("course.evaluate audited %d times, want once", got)
	}
	if reps, err := f.svc.FinishEvaluations(f.ctx, 0); err != nil || len(reps) != 0 {
		t.Fatalf("second repair: %+v, %v; want nothing to do", reps, err)
	}
}

func asExit(err error, out **exec.ExitError) bool {
	e, ok := err.(*exec.ExitError)
	*out = e
	return ok
}

// evaluationKillChild builds the course in dir and dies while completing
// it. Half the people attended (and complete), half did not.
func evaluationKillChild(t *testing.T, dir string, n int) {
	db, _ := openDir(t, dir)
	f := fixtureOn(t, db)
	c := f.course(wzStaff, func(in *courses.CourseInput) { in.Capacity = n })
	ss := f.session(wzStaff, c.ID, sessionIn("2026-12-14", "09:00", "11:30", "t-li", "乌镇成校 305室"))
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, c.ID, courses.StatusPublished))
	people := make([]string, n)
	for i := range people {
		people[i] = f.person("WZ", "WZ01")
	}
	lines, err := f.svc.EnrollPeople(f.ctx, wzStaff, c.ID, people)
	if err != nil || len(lines) != n {
		t.Fatalf("enroll: %d, %v", len(lines), err)
	}
	f.clock.Set(at(t, "2026-12-14 09:05"))
	roll := make([]courses.MarkInput, n)
	for i, p := range people {
		roll[i] = courses.MarkInput{PersonID: p, Mark: courses.MarkPresent}
		if i%2 == 1 {
			roll[i].Mark = courses.MarkAbsent
		}
	}
	f.ok(f.svc.RollCall(f.ctx, wzStaff, ss.ID, roll))
	f.clock.Set(at(t, "2026-12-14 12:00"))
	f.ok(f.svc.TransitionCourse(f.ctx, wzStaff, c.ID, courses.StatusInProgress))
	fmt.Printf("course %s\n", c.ID)
	batches := 0
	ctx := store.WithCommandHook(f.ctx, func(command, coll string) {
		if command == "update" && coll == store.CollEnrollments {
			batches++
			if batches == 2 {
				fmt.Println("killing at batch 2")
				os.Exit(3) // no clean-up, no deferred calls: as a kill
			}
		}
	})
	_, err = f.svc.TransitionCourse(ctx, wzStaff, c.ID, courses.StatusCompleted)
	fmt.Printf("completed without being killed: %v\n", err)
}
