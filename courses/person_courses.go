package courses

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert/store"
)

// personCourses lists every course a person ever enrolled in. A course is
// added before the enrollment is written and never removed, so the list
// is a superset of the person's enrollments and they are read by key,
// never by scanning: on the embedded engine only a read by _id uses an
// index, and enrollment is the busiest path.
type personCourses struct {
	ID        string    `bson:"_id"` // person ID
	CourseIDs []string  `bson:"courseIds"`
	UpdatedAt time.Time `bson:"updatedAt"`
}

// personState reads the person's enrollment in the course (nil if none)
// and their enrollments in other courses, and whether the course is on
// their list already.
func (s *Service) personState(ctx context.Context, personID, courseID string) (current *Enrollment, others []Enrollment, listed bool, err error) {
	var pc personCourses
	if err := s.persons.FindOne(ctx, byID(personID), &pc); err != nil && !store.IsNotFound(err) {
		return nil, nil, false, err
	}
	for _, cid := range pc.CourseIDs {
		if cid == courseID {
			listed = true
			continue
		}
		e, err := s.findEnrollment(ctx, EnrollmentID(cid, personID))
		if err != nil {
			return nil, nil, false, err
		}
		if e != nil {
			others = append(others, *e)
		}
	}
	current, err = s.findEnrollment(ctx, EnrollmentID(courseID, personID))
	return current, others, listed, err
}

// listCourse adds the course to the person's list; repeating it changes
// nothing.
func (s *Service) listCourse(ctx context.Context, personID, courseID string) error {
	_, err := s.persons.UpdateOne(ctx, byID(personID),
		bson.D{{Key: "$addToSet", Value: bsonD("courseIds", courseID)}, {Key: "$set", Value: bsonD("updatedAt", s.now().UTC())}},
		upsert())
	return err
}
