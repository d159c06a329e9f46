package courses

import (
	"context"
	"crypto/rand"
	"log/slog"
	"time"

	"skillcert"
	"skillcert/audit"
	"skillcert/orgs"
	"skillcert/store"
)

// People is what the courses need of the register of residents (package
// roster implements it).
type People interface {
	// Candidate returns a person by ID with their name, masked ID number,
	// target groups and residence; ENOTFOUND if there is no such person.
	Candidate(ctx context.Context, personID string) (Candidate, error)
	// PersonIDsByIDNumbers maps each given ID number that names a person
	// within the actor's scope to that person's ID; numbers that are
	// invalid, unknown or out of scope are left out of the map.
	PersonIDsByIDNumbers(ctx context.Context, a *skillcert.Actor, idNumbers []string) (map[string]string, error)
}

// Instructors is what the courses need of the accounts (package auth
// implements it).
type Instructors interface {
	// InstructorName returns the name of an instructor account; ENOTFOUND
	// if the account does not exist or is not an instructor's.
	InstructorName(ctx context.Context, accountID string) (string, error)
}

// Service runs courses, sessions, enrollment, notifications, attendance,
// completion and calendars on the database. Every method takes the acting
// user and decides scope with the auth policy; every change is audited.
type Service struct {
	courses     *store.Collection
	sessions    *store.Collection
	enrollments *store.Collection
	attendance  *store.Collection
	throttle    *store.Collection
	messages    *store.Collection
	persons     *store.Collection
	audit       *audit.Log
	orgs        *orgs.Tree
	people      People
	instructors Instructors
	log         *slog.Logger
	now         func() time.Time
	localCAS    bool // see cas.go
	checkin     CheckinConfig
	secret      []byte
	// changed, if set, is told of the people whose enrollments a write
	// changed (reports_hook.go).
	changed     func(ctx context.Context, personIDs ...string)
	ratingsColl *store.Collection // rating.go
	ratingSums  *store.Collection // rating_sums.go
	db          *store.DB
}

// NewService returns the courses service. The check-in secret starts as a
// random one, so codes do not survive a restart; call SetCheckin with the
// configured secret in production.
func NewService(db *store.DB, log *audit.Log, tree *orgs.Tree, people People, instructors Instructors) *Service {
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	return &Service{
		courses:     db.Collection(store.CollCourses),
		sessions:    db.Collection(store.CollCourseSessions),
		enrollments: db.Collection(store.CollEnrollments),
		attendance:  db.Collection(store.CollAttendance),
		throttle:    db.Collection(store.CollCheckinThrottle),
		messages:    db.Collection(store.CollMessages),
		persons:     db.Collection(store.CollPersonCourses),
		ratingsColl: db.Collection(store.CollCourseRatings),
		ratingSums:  db.Collection(store.CollCourseRatingSums),
		db:          db,
		audit:       log, orgs: tree, people: people, instructors: instructors,
		log: slog.Default(), now: time.Now,
		checkin: DefaultCheckinConfig(), secret: secret,
		localCAS: db.Embedded(),
	}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// SetLogger sets the logger for failures that do not fail the request
// (a notification that could not be written).
func (s *Service) SetLogger(l *slog.Logger) { s.log = l }

// SetCheckin sets the secret the check-in codes are derived from and the
// check-in configuration.
func (s *Service) SetCheckin(secret []byte, cfg CheckinConfig) error {
	if len(secret) < 16 {
		return skillcert.Invalid("secret", "签到密钥至少需要 16 字节")
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	s.secret, s.checkin = append([]byte(nil), secret...), cfg
	return nil
}

// CheckinConfig returns the check-in configuration in force.
func (s *Service) CheckinConfig() CheckinConfig { return s.checkin }

// record appends an audit entry for the actor.
func (s *Service) record(ctx context.Context, a *skillcert.Actor, action, targetType, targetID, result, detail string) error {
	if a == nil {
		return s.audit.Record(ctx, action, targetType, targetID, result, detail)
	}
	return s.audit.RecordAs(ctx, a, action, targetType, targetID, result, detail)
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
