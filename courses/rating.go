package courses

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/audit"
	"skillcert/store"
)

// Rating is a trainee's rating of a course they completed (服务对象评议,
// policy 四(二)2): content, teacher and organization from 1 to 5 and an
// optional comment. It carries no person: every report shows ratings
// anonymously. That a person rated is kept on their enrollment (rated),
// so each enrollment rates once.
type Rating struct {
	ID       string `bson:"_id" json:"-"`
	CourseID string `bson:"courseId" json:"courseId"`
	// Town is the organizer's town ("" = the city bureau), Year the year
	// of the rating: a town's assessment reads its year's ratings.
	Town         string    `bson:"town" json:"town"`
	Year         int       `bson:"year" json:"year"`
	Content      int       `bson:"content" json:"content"`
	Teacher      int       `bson:"teacher" json:"teacher"`
	Organization int       `bson:"organization" json:"organization"`
	Comment      string    `bson:"comment,omitempty" json:"comment,omitempty"`
	CreatedAt    time.Time `bson:"createdAt" json:"-"` // kept to the day in reports
}

// RatingInput is what the trainee submits.
type RatingInput struct {
	Content      int    `json:"content"`
	Teacher      int    `json:"teacher"`
	Organization int    `json:"organization"`
	Comment      string `json:"comment"`
}

// MaxRatingComment is the longest comment, in characters.
const MaxRatingComment = 500

// Validate checks the scores (1–5) and the comment's length.
func (in *RatingInput) Validate() error {
	for _, f := range []struct {
		name, label string
		v           int
	}{{"content", "培训内容", in.Content}, {"teacher", "授课教师", in.Teacher}, {"organization", "组织管理", in.Organization}} {
		if f.v < 1 || f.v > 5 {
			return skillcert.Invalid(f.name, "请为“%s”评 1 到 5 分", f.label)
		}
	}
	in.Comment = strings.TrimSpace(in.Comment)
	if n := utf8.RuneCountInString(in.Comment); n > MaxRatingComment {
		return skillcert.Invalid("comment", "意见建议不能超过%d个字，现为%d个字", MaxRatingComment, n)
	}
	return nil
}

// RateCourse records the actor's (a trainee's) rating of a course they
// completed; once per enrollment (ECONFLICT the second time).
func (s *Service) RateCourse(ctx context.Context, a *skillcert.Actor, courseID string, in RatingInput) error {
	if a == nil || a.PersonID == "" {
		return skillcert.Errorf(skillcert.EFORBIDDEN, "只有学员本人可以评议课程")
	}
	if err := in.Validate(); err != nil {
		return err
	}
	c, err := s.findCourse(ctx, courseID)
	if err != nil {
		return err
	}
	e, err := s.findEnrollment(ctx, EnrollmentID(courseID, a.PersonID))
	if err != nil {
		return err
	}
	if e == nil || e.Status != EnrollmentEnrolled {
		return skillcert.Errorf(skillcert.ENOTFOUND, "您没有参加该课程")
	}
	if c.Status != StatusCompleted || e.Completion == nil || !e.Completion.Completed {
		return skillcert.Errorf(skillcert.ECONFLICT, "课程结业后，结业学员才能评议")
	}
	now := s.now()
	// The mark first: a crash before the rating is written loses the
	// rating, never counts it twice.
	ok, err := s.updateIf(ctx, s.enrollments, e.ID, bsonD("status", EnrollmentEnrolled, "rated", bsonD("$ne", true)),
		set(bsonE("rated", true)))
	if err != nil {
		return err
	}
	if !ok {
		return skillcert.Errorf(skillcert.ECONFLICT, "您已评议过该课程，每次报名只能评议一次")
	}
	r := Rating{ID: skillcert.NewID(), CourseID: c.ID, Town: c.Town, Year: skillcert.DateOf(now).Year,
		Content: in.Content, Teacher: in.Teacher, Organization: in.Organization, Comment: in.Comment,
		CreatedAt: skillcert.DateOf(now).Start().UTC()}
	if err := s.ratings().InsertOne(ctx, &r); err != nil {
		return err
	}
	// A crash before the total is updated leaves the rating out of it
	// until the nightly rebuild of the totals.
	if err := s.addRating(ctx, r); err != nil {
		return err
	}
	// The audit trail says that the person rated, not what.
	return s.record(ctx, a, "course.rate", "course", c.ID, audit.ResultOK, "")
}

// Rated reports whether the actor has rated the course.
func (s *Service) Rated(ctx context.Context, a *skillcert.Actor, courseID string) (bool, error) {
	if a == nil || a.PersonID == "" {
		return false, nil
	}
	var doc struct {
		Rated bool `bson:"rated"`
	}
	err := s.enrollments.FindOne(ctx, byID(EnrollmentID(courseID, a.PersonID)), &doc,
		options.FindOne().SetProjection(bson.D{{Key: "rated", Value: 1}}))
	if store.IsNotFound(err) {
		return false, nil
	}
	return doc.Rated, err
}

func (s *Service) ratings() *store.Collection { return s.ratingsColl }

// RatingSummary sums ratings: the count and the sum of each score, so an
// average is a fraction of two integers.
type RatingSummary struct {
	Count        int64 `json:"count"`
	Content      int64 `json:"content"`
	Teacher      int64 `json:"teacher"`
	Organization int64 `json:"organization"`
}

// Total is the sum of the three scores (out of 15 × Count).
func (r RatingSummary) Total() int64 { return r.Content + r.Teacher + r.Organization }

// TownRatings is the total of the ratings of the courses a town organized
// in a year ("" = the city bureau's courses).
func (s *Service) TownRatings(ctx context.Context, town string, year int) (RatingSummary, error) {
	var t ratingSums
	err := s.ratingSums.FindOne(ctx, byID(ratingSumsID(year, town)), &t)
	if store.IsNotFound(err) {
		return RatingSummary{}, nil
	}
	return t.summary(), err
}

// RatingsByTown is a year's rating totals by organizing town ("" = the
// city bureau): one document per town that has ratings.
func (s *Service) RatingsByTown(ctx context.Context, year int) (map[string]RatingSummary, error) {
	var rows []ratingSums
	if err := s.ratingSums.Find(ctx, bsonD("year", year), &rows); err != nil {
		return nil, err
	}
	out := make(map[string]RatingSummary, len(rows))
	for _, r := range rows {
		out[r.Town] = r.summary()
	}
	return out, nil
}
