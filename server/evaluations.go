package main

import (
	"context"

	"skillcert/courses"
)

// finishEvaluations finishes course evaluations cut short by a crash or
// a deadline (courses.FinishEvaluations). At start-up on the embedded
// engine, whose data one process owns, every pending evaluation is such a
// leftover; otherwise (MongoDB, several instances, and every later run)
// only those pending longer than courses.EvaluationStaleAfter are.
func (a *App) finishEvaluations(ctx context.Context, startup bool) {
	stale := courses.EvaluationStaleAfter
	if startup && a.DB.Embedded() {
		stale = 0
	}
	done, err := a.Courses.FinishEvaluations(ctx, stale)
	for _, r := range done {
		a.log.Warn("courses: finished an interrupted completion evaluation", "course", r.CourseID,
			"enrolled", r.Total, "written", r.Written)
	}
	if err != nil && ctx.Err() == nil {
		a.log.Error("courses: finish interrupted evaluations", "err", err)
	}
}
