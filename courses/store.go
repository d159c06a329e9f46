package courses

import (
	"context"
	"sort"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/store"
)

// This file holds the reads the services share. Every filter here starts
// with _id or a field that leads an index in store/indexes_courses.go.

func byID(id string) bson.D { return bson.D{{Key: "_id", Value: id}} }

// bsonD builds a document from alternating keys and values.
func bsonD(kv ...any) bson.D {
	d := make(bson.D, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		d = append(d, bson.E{Key: kv[i].(string), Value: kv[i+1]})
	}
	return d
}

func bsonE(k string, v any) bson.E { return bson.E{Key: k, Value: v} }

func set(fields ...bson.E) bson.D { return bson.D{{Key: "$set", Value: bson.D(fields)}} }

func inc(field string, n int) bson.D {
	return bson.D{{Key: "$inc", Value: bson.D{{Key: field, Value: n}}}}
}

func inList[T any](values []T) bson.D { return bson.D{{Key: "$in", Value: values}} }

// findCourse reads a course by ID.
func (s *Service) findCourse(ctx context.Context, id string) (*Course, error) {
	var c Course
	if err := s.courses.FindOne(ctx, byID(id), &c); err != nil {
		if store.IsNotFound(err) {
			return nil, errCourseNotVisible
		}
		return nil, err
	}
	return &c, nil
}

// findSession reads a session by ID.
func (s *Service) findSession(ctx context.Context, id string) (*Session, error) {
	var ss Session
	if err := s.sessions.FindOne(ctx, byID(id), &ss); err != nil {
		if store.IsNotFound(err) {
			return nil, skillcert.Errorf(skillcert.ENOTFOUND, "课次不存在")
		}
		return nil, err
	}
	return &ss, nil
}

// courseSessions lists a course's sessions by start time.
func (s *Service) courseSessions(ctx context.Context, courseID string) ([]Session, error) {
	var out []Session
	err := s.sessions.Find(ctx, bson.D{{Key: "courseId", Value: courseID}}, &out,
		options.Find().SetSort(bson.D{{Key: "start", Value: 1}}))
	return out, err
}

// sessionsOfCourses lists the sessions of several courses by start time.
func (s *Service) sessionsOfCourses(ctx context.Context, courseIDs []string) ([]Session, error) {
	if len(courseIDs) == 0 {
		return nil, nil
	}
	var out []Session
	err := s.sessions.Find(ctx, bson.D{{Key: "courseId", Value: inList(courseIDs)}}, &out,
		options.Find().SetSort(bson.D{{Key: "start", Value: 1}}))
	return out, err
}

// coursesByID reads several courses, keyed by ID.
func (s *Service) coursesByID(ctx context.Context, ids []string) (map[string]*Course, error) {
	out := make(map[string]*Course, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var list []Course
	if err := s.courses.Find(ctx, bson.D{{Key: "_id", Value: inList(ids)}}, &list); err != nil {
		return nil, err
	}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	return out, nil
}

// findEnrollment reads an enrollment by ID; nil if there is none.
func (s *Service) findEnrollment(ctx context.Context, id string) (*Enrollment, error) {
	var e Enrollment
	if err := s.enrollments.FindOne(ctx, byID(id), &e); err != nil {
		if store.IsNotFound(err) {
			return nil, nil
		}
		return nil, err
	}
	return &e, nil
}

// personEnrollments lists a person's enrollments with one of the statuses
// (all when none are given).
func (s *Service) personEnrollments(ctx context.Context, personID string, statuses ...EnrollmentStatus) ([]Enrollment, error) {
	q := bson.D{{Key: "personId", Value: personID}}
	if len(statuses) > 0 {
		q = append(q, bson.E{Key: "status", Value: inList(statuses)})
	}
	var out []Enrollment
	err := s.enrollments.Find(ctx, q, &out)
	return out, err
}

// courseEnrollments lists a course's enrollments with one of the statuses.
func (s *Service) courseEnrollments(ctx context.Context, courseID string, statuses ...EnrollmentStatus) ([]Enrollment, error) {
	q := bson.D{{Key: "courseId", Value: courseID}}
	if len(statuses) > 0 {
		q = append(q, bson.E{Key: "status", Value: inList(statuses)})
	}
	var out []Enrollment
	err := s.enrollments.Find(ctx, q, &out, options.Find().SetSort(bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}))
	return out, err
}

// activeSessionsOf returns the sessions of the courses a person holds or
// awaits a seat in, other than exceptCourse, leaving out courses that are
// no longer active (cancelled or completed): the sessions a new course
// must not clash with.
func (s *Service) activeSessionsOf(ctx context.Context, enrollments []Enrollment, exceptCourse string) ([]Session, error) {
	var ids []string
	for _, e := range enrollments {
		if e.Status.Active() && e.CourseID != exceptCourse {
			ids = append(ids, e.CourseID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	cs, err := s.coursesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	var live []string
	for _, id := range ids {
		if c, ok := cs[id]; ok && c.Status.Active() {
			live = append(live, id)
		}
	}
	return s.sessionsOfCourses(ctx, live)
}

// firstStart is the start of the earliest session, zero if none.
func firstStart(sessions []Session) time.Time {
	var t time.Time
	for _, ss := range sessions {
		if t.IsZero() || ss.Start.Before(t) {
			t = ss.Start
		}
	}
	return t
}

// sortSessions orders sessions by start time.
func sortSessions(list []Session) {
	sort.SliceStable(list, func(i, j int) bool { return list[i].Start.Before(list[j].Start) })
}

func upsert() *options.UpdateOneOptionsBuilder { return options.UpdateOne().SetUpsert(true) }
