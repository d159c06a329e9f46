package courses

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"skillcert"
	"skillcert/audit"
)

// EvaluationState says whether a course's completion evaluation has
// written every enrollment.
type EvaluationState string

// The evaluation states.
const (
	EvaluationPending EvaluationState = "pending" // 评定中（或被中断，待补完）
	EvaluationDone    EvaluationState = "done"    // 已评定
)

// Label is the state in Chinese.
func (s EvaluationState) Label() string {
	switch s {
	case EvaluationPending:
		return "评定中"
	case EvaluationDone:
		return "已评定"
	}
	return string(s)
}

// Evaluation is a course's record of its latest completion evaluation. It
// is written as pending before the first enrollment is evaluated (with
// the course's move to completed, in the same write) and as done after
// the last, so an evaluation cut short by a crash or a deadline is known
// by its marker and finished by FinishEvaluations; until then no list
// presents the course's completions as a whole.
type Evaluation struct {
	State EvaluationState `bson:"state" json:"state"`
	// Round is the evaluation's moment: the sessions ended by then count,
	// and every enrollment it evaluates carries it as evaluatedAt, which
	// is how a resumed evaluation knows whom it has already written.
	Round      time.Time  `bson:"round" json:"round"`
	Total      int        `bson:"total" json:"total"`
	Completed  int        `bson:"completed" json:"completed"`
	FinishedAt *time.Time `bson:"finishedAt,omitempty" json:"finishedAt,omitempty"`
}

// Pending reports whether the evaluation has not written every enrollment.
func (e *Evaluation) Pending() bool { return e != nil && e.State == EvaluationPending }

// EvaluationStaleAfter is how long an evaluation may stay pending before
// the housekeeping takes it for one cut short: longer than any request's
// deadline.
const EvaluationStaleAfter = 5 * time.Minute

// evaluationRound is the moment of a new evaluation, at the database's
// time precision so that it compares equal once read back.
func (s *Service) evaluationRound() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

func pendingEvaluation(round time.Time) bson.E {
	return bsonE("evaluation", Evaluation{State: EvaluationPending, Round: round})
}

// evaluate marks the course's evaluation pending and runs it.
func (s *Service) evaluate(ctx context.Context, a *skillcert.Actor, c *Course, sessions []Session) ([]Enrollment, error) {
	round := s.evaluationRound()
	if _, err := s.courses.UpdateOne(ctx, byID(c.ID), set(pendingEvaluation(round))); err != nil {
		return nil, err
	}
	list, _, err := s.runEvaluation(ctx, a, c, sessions, round, false)
	return list, err
}

// runEvaluation evaluates every enrolled person of a course by its
// completion rule over the sessions ended by round, writes the outcome of
// each enrollment not yet written in this round (in batches, by key, the
// same values however often it runs), then marks the evaluation done with
// its counts and records it in the audit trail.
func (s *Service) runEvaluation(ctx context.Context, a *skillcert.Actor, c *Course, sessions []Session, round time.Time, resumed bool) ([]Enrollment, int, error) {
	held := map[string]bool{}
	for _, ss := range sessions {
		if ss.Ended(round) {
			held[ss.ID] = true
		}
	}
	enrolled, err := s.courseEnrollments(ctx, c.ID, EnrollmentEnrolled)
	if err != nil {
		return nil, 0, err
	}
	marks, err := s.courseMarks(ctx, c.ID, held)
	if err != nil {
		return nil, 0, err
	}
	models := make([]mongo.WriteModel, 0, len(enrolled))
	completed := 0
	for i := range enrolled {
		e := &enrolled[i]
		comp := EvaluateCompletion(c.Completion, len(held), marks[e.PersonID], e.Score)
		if comp.Completed {
			completed++
		}
		if e.EvaluatedAt.Equal(round) && e.Completion != nil {
			continue // written in this round before an interruption
		}
		e.Completion, e.EvaluatedAt = &comp, round
		models = append(models, mongo.NewUpdateOneModel().
			SetFilter(byID(e.ID)). // by key alone, as in SetScores
			SetUpdate(set(bsonE("completion", comp), bsonE("evaluatedAt", round))))
	}
	if _, err := s.enrollments.BulkWrite(ctx, models, false); err != nil {
		return nil, 0, err
	}
	for i := range enrolled {
		s.written(ctx, s.enrollments, enrolled[i].ID, true) // the coverage summaries (reports)
	}
	finished := s.now().UTC()
	done := Evaluation{State: EvaluationDone, Round: round, Total: len(enrolled), Completed: completed, FinishedAt: &finished}
	// Only this round's marker: a newer evaluation started meanwhile keeps its own.
	if _, err := s.courses.UpdateOne(ctx, bsonD("_id", c.ID, "evaluation.round", round), set(bsonE("evaluation", done))); err != nil {
		return nil, 0, err
	}
	c.Evaluation = &done
	detail := fmt.Sprintf("sessions held %d, completed %d of %d", len(held), completed, len(enrolled))
	if resumed {
		detail += fmt.Sprintf(", resumed after an interruption: %d written now", len(models))
	}
	if err := s.record(ctx, a, "course.evaluate", "course", c.ID, audit.ResultOK, detail); err != nil {
		return nil, 0, err
	}
	return enrolled, len(models), nil
}

// EvaluationRepair says what FinishEvaluations did to one course.
type EvaluationRepair struct {
	CourseID string    `json:"courseId"`
	Round    time.Time `json:"round"`
	Total    int       `json:"total"`
	// Written counts the enrollments the interrupted evaluation had not
	// written and the repair did.
	Written int `json:"written"`
}

// FinishEvaluations finishes every course evaluation left pending for
// longer than staleAfter (0 at the start-up of the embedded engine, whose
// one process owns the data: anything pending then was cut short): each
// is run again in its own round, writing only the enrollments it had not
// written, so every enrollment ends evaluated exactly once per round.
func (s *Service) FinishEvaluations(ctx context.Context, staleAfter time.Duration) ([]EvaluationRepair, error) {
	var pending []Course
	cutoff := s.now().Add(-staleAfter).UTC()
	if err := s.courses.Find(ctx, bsonD("evaluation.state", EvaluationPending, "evaluation.round", bsonD("$lte", cutoff)), &pending); err != nil {
		return nil, err
	}
	var out []EvaluationRepair
	for i := range pending {
		c := &pending[i]
		round := c.Evaluation.Round
		sessions, err := s.courseSessions(ctx, c.ID)
		if err != nil {
			return out, err
		}
		list, written, err := s.runEvaluation(ctx, nil, c, sessions, round, true)
		if err != nil {
			return out, err
		}
		out = append(out, EvaluationRepair{CourseID: c.ID, Round: round, Total: len(list), Written: written})
	}
	return out, nil
}
