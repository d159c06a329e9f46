package courses

import (
	"context"
	"sort"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
)

// DaySession is a session of a day as its trainee or instructor sees it
// on their home page: with its check-in window and where that stands now.
type DaySession struct {
	Session
	Opens, Closes time.Time
	// CheckinOpen says the check-in window is open now; CheckinClosed
	// that it has ended.
	CheckinOpen, CheckinClosed bool
}

func (s *Service) daySessions(sessions []Session, day time.Time) []DaySession {
	now := s.now()
	d := day.In(skillcert.CST)
	from := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, skillcert.CST)
	to := from.AddDate(0, 0, 1)
	var out []DaySession
	for _, ss := range sessions {
		if ss.Start.Before(from) || !ss.Start.Before(to) {
			continue
		}
		open, closeAt := s.checkin.Window(ss)
		out = append(out, DaySession{Session: ss, Opens: open, Closes: closeAt,
			CheckinOpen: !now.Before(open) && now.Before(closeAt), CheckinClosed: !now.Before(closeAt)})
	}
	return out
}

// MySessionsOn lists the sessions on the day (China Standard Time) of the
// courses the acting trainee is enrolled in, by start time.
func (s *Service) MySessionsOn(ctx context.Context, a *skillcert.Actor, day time.Time) ([]DaySession, error) {
	if a == nil || a.PersonID == "" {
		return nil, nil
	}
	mine, err := s.personEnrollments(ctx, a.PersonID, EnrollmentEnrolled)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(mine))
	for _, e := range mine {
		ids = append(ids, e.CourseID)
	}
	sessions, err := s.sessionsOfCourses(ctx, ids)
	if err != nil {
		return nil, err
	}
	return s.daySessions(sessions, day), nil
}

// InstructorSessionsOn lists the acting instructor's sessions on the day
// (China Standard Time), by start time.
func (s *Service) InstructorSessionsOn(ctx context.Context, a *skillcert.Actor, day time.Time) ([]DaySession, error) {
	if a == nil || a.AccountID == "" {
		return nil, nil
	}
	d := day.In(skillcert.CST)
	from := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, skillcert.CST)
	var sessions []Session
	err := s.sessions.Find(ctx, bson.D{{Key: "instructorId", Value: a.AccountID},
		{Key: "start", Value: bson.D{{Key: "$gte", Value: from}, {Key: "$lt", Value: from.AddDate(0, 0, 1)}}}},
		&sessions, options.Find().SetSort(bson.D{{Key: "start", Value: 1}}).SetLimit(50))
	if err != nil {
		return nil, err
	}
	return s.daySessions(sessions, day), nil
}

// CourseStart is a course and the start of its first session.
type CourseStart struct {
	Course Course
	Starts time.Time
}

// CoursesStartingBetween lists the published courses the actor may see
// whose first session starts in [from, to), soonest first; it looks at
// the newest 100 published courses.
func (s *Service) CoursesStartingBetween(ctx context.Context, a *skillcert.Actor, from, to time.Time) ([]CourseStart, error) {
	list, err := s.ListCourses(ctx, a, CourseFilter{Status: StatusPublished}, skillcert.PageRequest{Page: 1, Size: 100})
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(list.Items))
	byID := map[string]Course{}
	for _, c := range list.Items {
		ids = append(ids, c.ID)
		byID[c.ID] = c
	}
	sessions, err := s.sessionsOfCourses(ctx, ids)
	if err != nil {
		return nil, err
	}
	first := map[string]time.Time{}
	for _, ss := range sessions {
		if t, ok := first[ss.CourseID]; !ok || ss.Start.Before(t) {
			first[ss.CourseID] = ss.Start
		}
	}
	var out []CourseStart
	for id, t := range first {
		if !t.Before(from) && t.Before(to) {
			out = append(out, CourseStart{Course: byID[id], Starts: t})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Starts.Before(out[j].Starts) })
	return out, nil
}
