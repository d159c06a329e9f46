// Package platform wires the domain services over one database; the
// server and the seed command both start from here, so demo data goes
// through exactly the services users go through.
package platform

import (
	"context"
	"fmt"

	"skillcert/audit"
	"skillcert/auth"
	"skillcert/certificates"
	"skillcert/courses"
	"skillcert/idcrypt"
	"skillcert/keys"
	"skillcert/orgs"
	"skillcert/recruitment"
	"skillcert/reports"
	"skillcert/roster"
	"skillcert/store"
	"skillcert/subsidies"
)

// Options are the settings the services need.
type Options struct {
	// JWTSecret is the master secret (SKILLCERT_JWT_SECRET or the key
	// file of the data directory): every purpose's key is derived from it
	// (package keys), login tokens included.
	JWTSecret string
	// BaseURL is the public URL (certificate QR codes, check-in links).
	BaseURL string
	// IDKeys seal and look up resident ID numbers (see LoadIDKeys).
	IDKeys *idcrypt.Keyring
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
	// Subsidies runs the construction subsidy and the monthly personnel
	// subsidy ledgers (subsidies.go).
	Subsidies *subsidies.Service

	secret string
}

// Key returns the key of one purpose (keys.Purpose*), derived from the
// master secret.
func (s *Services) Key(purpose string) []byte { return DerivedSecret(s.secret, purpose) }

// New applies the schema steps and builds every service.
func New(ctx context.Context, db *store.DB, opts Options) (*Services, error) {
	if opts.IDKeys == nil {
		return nil, fmt.Errorf("platform: no ID-number keys")
	}
	if err := db.Migrate(ctx, schemaSteps(opts.IDKeys)); err != nil {
		return nil, err
	}
	tree, err := orgs.Load(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("load org tree: %w", err)
	}
	s := &Services{DB: db, Orgs: tree, secret: opts.JWTSecret}
	s.Audit = audit.NewLog(db)
	s.Audit.SetKey(s.Key(keys.PurposeAudit))
	s.Auth = auth.NewService(db, s.Audit, tree, s.Key(keys.PurposeJWT))
	s.Roster = roster.NewService(db, s.Audit, tree, s.Auth, opts.IDKeys)
	s.Roster.SetActivationKey(s.Key(keys.PurposeActivation))
	renderer, err := certificates.NewRenderer()
	if err != nil {
		return nil, err
	}
	s.Courses = courses.NewService(db, s.Audit, tree, people{s.Roster}, s.Auth)
	if err := s.Courses.SetCheckin(s.Key(keys.PurposeCheckin), courses.DefaultCheckinConfig()); err != nil {
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
	s.Reports.SetAuditLog(s.Audit)
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
	s.wireSubsidies()
	// Summaries written by an older version are rebuilt in the background.
	if _, err := s.Reports.MigrateLayout(ctx); err != nil {
		return nil, fmt.Errorf("reports: check the summaries' layout: %w", err)
	}
	return s, nil
}

// DerivedSecret is the key of one purpose (keys.Purpose*) derived from
// the master secret with HKDF (keys.Derive), so one configured secret
// serves every purpose without one key being usable for another.
func DerivedSecret(secret, purpose string) []byte {
	return keys.Derive([]byte(secret), purpose)
}
