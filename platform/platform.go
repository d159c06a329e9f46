// Package platform wires the domain services over one database; the
// server and the seed command both start from here, so demo data goes
// through exactly the services users go through.
package platform

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"

	"skillcert/audit"
	"skillcert/auth"
	"skillcert/certificates"
	"skillcert/courses"
	"skillcert/orgs"
	"skillcert/recruitment"
	"skillcert/reports"
	"skillcert/roster"
	"skillcert/store"
)

// Options are the settings the services need.
type Options struct {
	// JWTSecret signs login tokens.
	JWTSecret string
	// BaseURL is the public URL (certificate QR codes, check-in links).
	BaseURL string
}

// Services are the domain services of the platform.
type Services struct {
	DB    *store.DB
	Orgs  *orgs.Tree
	Audit *audit.Log
	Auth  *auth.Service
	// Certificates reads completions from the courses and the register
	// (completions.go).
	Certificates *certificates.Service
	// Recruitment runs coordinator recruitment. Job-post training is
	// wired to the courses (jobpost.go); the register (roster) is not yet:
	// until it is, the operations needing it report so (see
	// recruitment.Deps).
	Recruitment *recruitment.Service
	// Roster keeps the register of residents (劳动力资源登记).
	Roster *roster.Service
	// Courses runs courses, enrollment, attendance and completion.
	Courses *courses.Service
	// Reports keeps the coverage summaries current from the register,
	// the enrollments and the certificates (reports.go).
	Reports *reports.Service
}

// New applies the schema steps and builds every service.
func New(ctx context.Context, db *store.DB, opts Options) (*Services, error) {
	if err := db.Migrate(ctx, store.Steps); err != nil {
		return nil, err
	}
	tree, err := orgs.Load(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("load org tree: %w", err)
	}
	s := &Services{DB: db, Orgs: tree}
	s.Audit = audit.NewLog(db)
	s.Auth = auth.NewService(db, s.Audit, tree, []byte(opts.JWTSecret))
	s.Roster = roster.NewService(db, s.Audit, tree, s.Auth)
	renderer, err := certificates.NewRenderer()
	if err != nil {
		return nil, err
	}
	s.Courses = courses.NewService(db, s.Audit, tree, s.Roster, s.Auth)
	if err := s.Courses.SetCheckin(DerivedSecret(opts.JWTSecret, "checkin"), courses.DefaultCheckinConfig()); err != nil {
		return nil, err
	}
	s.Certificates = certificates.NewService(db, s.Audit, tree, renderer, opts.BaseURL, certificates.NoCompletions{})
	s.Certificates.SetCompletions(completions{courses: s.Courses, roster: s.Roster})
	s.Recruitment = recruitment.NewService(db, s.Audit, tree, recruitment.Deps{Accounts: s.Auth,
		Register: register{roster: s.Roster}, Training: jobPostTraining{courses: s.Courses, orgs: tree}})
	// A register edit re-screens the person's applications (best effort:
	// a failure leaves the previous screening, which the town can re-run).
	s.Roster.OnPersonChanged(func(ctx context.Context, personID string) {
		_, _ = s.Recruitment.PersonChanged(ctx, personID)
	})
	s.Reports = reports.NewService(db, tree, reportSource{db: db})
	notify := func(_ context.Context, personIDs ...string) { s.Reports.PeopleChanged(personIDs...) }
	s.Roster.OnPersonsWritten(notify)
	s.Courses.OnEnrollmentsChanged(notify)
	s.Certificates.OnHoldersChanged(notify)
	s.Reports.SetAssessmentDeps(reports.AssessmentDeps{Policy: s.Recruitment.PolicyInForce,
		Ratings: func(ctx context.Context, year int) (map[string]reports.RatingSums, error) {
			by, err := s.Courses.RatingsByTown(ctx, year)
			out := map[string]reports.RatingSums{}
			for town, r := range by {
				out[town] = reports.RatingSums{Count: r.Count, Total: r.Total()}
			}
			return out, err
		}})
	return s, nil
}

// DerivedSecret is a key for one purpose derived from the JWT secret
// (HMAC-SHA256 of the purpose), so one configured secret serves every
// purpose without one key being usable for another: "checkin" for the
// courses' check-in codes, "ics-feed" for calendar feed tokens.
func DerivedSecret(jwtSecret, purpose string) []byte {
	m := hmac.New(sha256.New, []byte(jwtSecret))
	m.Write([]byte(purpose))
	return m.Sum(nil)
}
