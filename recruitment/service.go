package recruitment

import (
	"context"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
	"skillcert/orgs"
	"skillcert/store"
)

// Service runs coordinator recruitment on the database: policy versions,
// holiday calendars, posts, applications with their screening, scores and
// selection, the city's review, the public notice, hiring and the staffing
// table. Every method takes the acting user, decides access with the auth
// policy and audits every change.
type Service struct {
	posts     *store.Collection
	apps      *store.Collection
	policies  *store.Collection
	calendars *store.Collection
	audit     *audit.Log
	orgs      *orgs.Tree
	deps      Deps
	now       func() time.Time
}

// NewService returns the recruitment service. Dependencies left nil are
// reported as not wired when an operation needs them; Staff defaults to
// counting staff accounts (AccountStaffCounter).
func NewService(db *store.DB, log *audit.Log, tree *orgs.Tree, deps Deps) *Service {
	if deps.Staff == nil {
		deps.Staff = NewAccountStaffCounter(db)
	}
	return &Service{
		posts:     db.Collection(store.CollRecruitmentPosts),
		apps:      db.Collection(store.CollRecruitmentApplications),
		policies:  db.Collection(store.CollPolicyParams),
		calendars: db.Collection(store.CollHolidayCalendars),
		audit:     log, orgs: tree, deps: deps, now: time.Now,
	}
}

// SetDeps replaces the dependencies that are not nil in d: the lead's
// wiring before the server serves requests, and fakes in tests. It is not
// safe to call while requests are served.
func (s *Service) SetDeps(d Deps) {
	if d.Register != nil {
		s.deps.Register = d.Register
	}
	if d.Accounts != nil {
		s.deps.Accounts = d.Accounts
	}
	if d.Training != nil {
		s.deps.Training = d.Training
	}
	if d.Staff != nil {
		s.deps.Staff = d.Staff
	}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Today is the current calendar day in China Standard Time.
func (s *Service) Today() skillcert.Date { return skillcert.DateOf(s.now()) }

// record appends an audit entry for the actor.
func (s *Service) record(ctx context.Context, a *skillcert.Actor, action, targetType, targetID, result, detail string) error {
	if a == nil {
		return s.audit.Record(ctx, action, targetType, targetID, result, detail)
	}
	return s.audit.RecordAs(ctx, a, action, targetType, targetID, result, detail)
}

// ok records a successful change.
func (s *Service) ok(ctx context.Context, a *skillcert.Actor, action, targetType, targetID, detail string) error {
	return s.record(ctx, a, action, targetType, targetID, audit.ResultOK, detail)
}

// denied records a refused attempt and returns err.
func (s *Service) denied(ctx context.Context, a *skillcert.Actor, action, targetType, targetID string, err error) error {
	_ = s.record(ctx, a, action, targetType, targetID, audit.ResultDenied, skillcert.ErrorMessage(err))
	return err
}

func actorID(a *skillcert.Actor) string {
	if a == nil {
		return "system"
	}
	return a.AccountID
}

func byID(id string) bson.D { return bson.D{{Key: "_id", Value: id}} }

func set(fields ...bson.E) bson.D { return bson.D{{Key: "$set", Value: bson.D(fields)}} }

func field(k string, v any) bson.E { return bson.E{Key: k, Value: v} }

func inList[T any](values []T) bson.D { return bson.D{{Key: "$in", Value: values}} }

// errChanged is returned when a conditional update found the record in
// another state than it was read in.
var errChanged = skillcert.Errorf(skillcert.ECONFLICT, "记录已被他人修改，请刷新后重试")

// stamp is the current instant as stored: UTC, whole milliseconds, so a
// record read back equals the one written.
func (s *Service) stamp() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

func itoa(n int) string { return strconv.Itoa(n) }
