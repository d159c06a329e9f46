package courses

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
)

// TraineeCalendar returns the sessions of the acting trainee's enrolled
// courses as calendar events for WriteICS, by start time; the sessions of
// a cancelled course are marked cancelled so subscribed calendars drop
// them.
func (s *Service) TraineeCalendar(ctx context.Context, a *skillcert.Actor) ([]CalendarEvent, error) {
	if a == nil || a.PersonID == "" {
		return []CalendarEvent{}, nil
	}
	mine, err := s.personEnrollments(ctx, a.PersonID, EnrollmentEnrolled)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(mine))
	for _, e := range mine {
		ids = append(ids, e.CourseID)
	}
	cs, err := s.coursesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	sessions, err := s.sessionsOfCourses(ctx, ids)
	if err != nil {
		return nil, err
	}
	return s.events(sessions, cs), nil
}

// InstructorCalendar returns the acting instructor's sessions as calendar
// events, by start time.
func (s *Service) InstructorCalendar(ctx context.Context, a *skillcert.Actor) ([]CalendarEvent, error) {
	if a == nil || a.AccountID == "" || a.Role != skillcert.RoleInstructor {
		return []CalendarEvent{}, nil
	}
	var sessions []Session
	if err := s.sessions.Find(ctx, bsonD("instructorId", a.AccountID), &sessions,
		options.Find().SetSort(bsonD("start", 1))); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(sessions))
	seen := map[string]bool{}
	for _, ss := range sessions {
		if !seen[ss.CourseID] {
			seen[ss.CourseID] = true
			ids = append(ids, ss.CourseID)
		}
	}
	cs, err := s.coursesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	return s.events(sessions, cs), nil
}

func (s *Service) events(sessions []Session, cs map[string]*Course) []CalendarEvent {
	sortSessions(sessions)
	stamp := s.now()
	out := make([]CalendarEvent, 0, len(sessions))
	for _, ss := range sessions {
		c, ok := cs[ss.CourseID]
		if !ok {
			continue
		}
		ev := SessionEvent(ss, stamp)
		ev.Cancelled = c.Status == StatusCancelled
		out = append(out, ev)
	}
	return out
}
