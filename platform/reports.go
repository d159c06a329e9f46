package platform

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/certificates"
	"skillcert/courses"
	"skillcert/reports"
	"skillcert/roster"
	"skillcert/store"
)

// reportSource reads the facts the reports count straight from the
// collections of the register, the courses and the certificates, with
// projections of the few fields it needs (it implements reports.Source).
type reportSource struct{ db *store.DB }

var _ reports.Source = reportSource{}

type factPerson struct {
	ID        string              `bson:"_id"`
	Name      string              `bson:"name"`
	IDMasked  string              `bson:"idMasked"`
	Town      string              `bson:"town"`
	Village   string              `bson:"village"`
	Groups    []string            `bson:"groups"`
	Status    roster.PersonStatus `bson:"status"`
	CreatedAt time.Time           `bson:"createdAt"`
}

var personProjection = bson.D{{Key: "name", Value: 1}, {Key: "idMasked", Value: 1}, {Key: "town", Value: 1},
	{Key: "village", Value: 1}, {Key: "groups", Value: 1}, {Key: "status", Value: 1}, {Key: "createdAt", Value: 1}}

type factEnrollment struct {
	CourseID    string                   `bson:"courseId"`
	PersonID    string                   `bson:"personId"`
	Status      courses.EnrollmentStatus `bson:"status"`
	EnrolledAt  time.Time                `bson:"enrolledAt"`
	Completion  *courses.Completion      `bson:"completion"`
	EvaluatedAt time.Time                `bson:"evaluatedAt"`
}

var enrollmentProjection = bson.D{{Key: "courseId", Value: 1}, {Key: "personId", Value: 1}, {Key: "status", Value: 1},
	{Key: "enrolledAt", Value: 1}, {Key: "completion", Value: 1}, {Key: "evaluatedAt", Value: 1}}

type factCourse struct {
	ID     string         `bson:"_id"`
	Type   courses.Type   `bson:"type"`
	Status courses.Status `bson:"status"`
}

type factCert struct {
	ID         string              `bson:"_id"`
	PersonID   string              `bson:"personId"`
	Kind       string              `bson:"kind"`
	Status     certificates.Status `bson:"status"`
	IssueDate  skillcert.Date      `bson:"issueDate"`
	ValidUntil skillcert.Date      `bson:"validUntil"`
}

var certProjection = bson.D{{Key: "personId", Value: 1}, {Key: "kind", Value: 1}, {Key: "status", Value: 1},
	{Key: "issueDate", Value: 1}, {Key: "validUntil", Value: 1}}

func (r reportSource) facts(p factPerson) reports.PersonFacts {
	f := reports.PersonFacts{ID: p.ID, Name: p.Name, IDMasked: p.IDMasked, Town: p.Town, Village: p.Village,
		Groups: p.Groups, Active: p.Status == roster.PersonActive}
	if f.Groups == nil {
		f.Groups = []string{}
	}
	if !p.CreatedAt.IsZero() {
		f.Registered = skillcert.DateOf(p.CreatedAt)
	}
	return f
}

// enrollmentFact is an enrollment as the reports count it: only an
// enrollment holding a seat counts (a cancelled or waitlisted one does
// not), and its completion only once the course is completed (结业).
func enrollmentFact(e factEnrollment, c factCourse) (reports.EnrollmentFact, bool) {
	if e.Status != courses.EnrollmentEnrolled || e.EnrolledAt.IsZero() {
		return reports.EnrollmentFact{}, false
	}
	f := reports.EnrollmentFact{Course: e.CourseID, CourseType: c.Type, Enrolled: skillcert.DateOf(e.EnrolledAt)}
	if c.Status == courses.StatusCompleted && e.Completion != nil && !e.EvaluatedAt.IsZero() {
		f.Evaluated = skillcert.DateOf(e.EvaluatedAt)
		f.Completed = e.Completion.Completed
		f.Attended, f.Required = e.Completion.Attended, e.Completion.Required
	}
	return f, true
}

func certFact(c factCert) (reports.CertFact, bool) {
	if c.Status == certificates.StatusPending {
		return reports.CertFact{}, false
	}
	return reports.CertFact{ID: c.ID, Kind: courses.Type(c.Kind), Issued: c.IssueDate,
		Valid: c.Status == certificates.StatusValid, ValidUntil: c.ValidUntil}, true
}

// PersonFacts implements reports.Source.
func (r reportSource) PersonFacts(ctx context.Context, personID string) (reports.PersonFacts, error) {
	var p factPerson
	if err := r.db.Collection(store.CollPersons).FindOne(ctx, bson.D{{Key: "_id", Value: personID}}, &p,
		options.FindOne().SetProjection(personProjection)); err != nil {
		return reports.PersonFacts{}, err
	}
	f := r.facts(p)
	var es []factEnrollment
	if err := r.db.Collection(store.CollEnrollments).Find(ctx, bson.D{{Key: "personId", Value: personID}}, &es,
		options.Find().SetProjection(enrollmentProjection)); err != nil {
		return f, err
	}
	if len(es) > 0 {
		ids := make([]string, len(es))
		for i, e := range es {
			ids[i] = e.CourseID
		}
		var cs []factCourse
		if err := r.db.Collection(store.CollCourses).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}, &cs,
			options.Find().SetProjection(bson.D{{Key: "type", Value: 1}, {Key: "status", Value: 1}})); err != nil {
			return f, err
		}
		byID := map[string]factCourse{}
		for _, c := range cs {
			byID[c.ID] = c
		}
		for _, e := range es {
			if ef, ok := enrollmentFact(e, byID[e.CourseID]); ok {
				f.Enrollments = append(f.Enrollments, ef)
			}
		}
	}
	var certs []factCert
	if err := r.db.Collection(store.CollCertificates).Find(ctx, bson.D{{Key: "personId", Value: personID}}, &certs,
		options.Find().SetProjection(certProjection)); err != nil {
		return f, err
	}
	for _, c := range certs {
		if cf, ok := certFact(c); ok {
			f.Certs = append(f.Certs, cf)
		}
	}
	return f, nil
}

// EachPersonFacts implements reports.Source: four streaming reads of
// whole collections (courses, enrollments, certificates, persons), joined
// here in memory.
//
// Each read asks for every string _id (the filter everyone) and no sort:
// on MongoDB that is a scan of the _id index; the embedded engine, which
// sorts in memory after decoding every document before it answers, then
// streams the documents in batches instead (a sorted read of 100,000
// enrollments could outlast the per-command deadline on a loaded machine).
func (r reportSource) EachPersonFacts(ctx context.Context, fn func(reports.PersonFacts) error, progress func(done, total int)) error {
	var cs []factCourse
	if err := r.db.Collection(store.CollCourses).Find(ctx, everyID, &cs,
		options.Find().SetProjection(bson.D{{Key: "type", Value: 1}, {Key: "status", Value: 1}})); err != nil {
		return err
	}
	courseOf := map[string]factCourse{}
	for _, c := range cs {
		courseOf[c.ID] = c
	}
	enrollments := map[string][]reports.EnrollmentFact{}
	if err := stream(ctx, r.db.Collection(store.CollEnrollments), options.Find().SetProjection(enrollmentProjection), func(e factEnrollment) {
		if ef, ok := enrollmentFact(e, courseOf[e.CourseID]); ok {
			enrollments[e.PersonID] = append(enrollments[e.PersonID], ef)
		}
	}); err != nil {
		return err
	}
	certs := map[string][]reports.CertFact{}
	if err := stream(ctx, r.db.Collection(store.CollCertificates), options.Find().SetProjection(certProjection), func(c factCert) {
		if cf, ok := certFact(c); ok {
			certs[c.PersonID] = append(certs[c.PersonID], cf)
		}
	}); err != nil {
		return err
	}
	persons := r.db.Collection(store.CollPersons)
	total, err := persons.Count(ctx, bson.D{})
	if err != nil {
		return err
	}
	done := 0
	var ferr error
	err = stream(ctx, persons, options.Find().SetProjection(personProjection), func(p factPerson) {
		if ferr != nil {
			return
		}
		f := r.facts(p)
		f.Enrollments, f.Certs = enrollments[p.ID], certs[p.ID]
		ferr = fn(f)
		if done++; done%1000 == 0 {
			progress(done, int(total))
		}
	})
	progress(done, int(total))
	if err != nil {
		return err
	}
	return ferr
}

// everyID matches every document whose _id is a string (all of them: IDs
// are natural keys or skillcert.NewID).
var everyID = bson.D{{Key: "_id", Value: bson.D{{Key: "$gte", Value: ""}}}}

// stream decodes every document of a projected read of a whole
// collection, in no particular order.
func stream[T any](ctx context.Context, c *store.Collection, opts *options.FindOptionsBuilder, fn func(T)) error {
	cur, err := c.Cursor(ctx, everyID, opts)
	if err != nil {
		return err
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var v T
		if err := cur.Decode(&v); err != nil {
			return skillcert.Internal(err)
		}
		fn(v)
	}
	return cur.Err()
}

// ReportSourceOf is the reports' source over a database (tests, seed).
func ReportSourceOf(db *store.DB) reports.Source { return reportSource{db: db} }
