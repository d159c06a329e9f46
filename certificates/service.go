package certificates

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"skillcert/audit"
	"skillcert/orgs"
	"skillcert/store"
)

// Service issues, serves, verifies, revokes and reissues certificates on
// the database. Every method that acts for a user takes the actor and
// decides access with the auth policy; every change is audited.
type Service struct {
	certs     *store.Collection
	counters  *store.Collection
	throttle  *store.Collection
	downloads *store.Collection
	batches   *store.Collection // markers of course batches (batch.go)
	audit     *audit.Log
	orgs      *orgs.Tree
	renderer  *Renderer
	baseURL   string
	log       *slog.Logger
	now       func() time.Time
	limit     VerifyLimit

	mu          sync.RWMutex
	completions Completions
	// changed, if set, is told of the holders of certificates issued,
	// revoked or reissued (reports_hook.go).
	changed func(ctx context.Context, personIDs ...string)
}

// NewService returns the certificates service. baseURL is the platform's
// public address, under which the QR codes point to the verification
// page; completions says who completed which course (NoCompletions until
// the courses are wired).
func NewService(db *store.DB, log *audit.Log, tree *orgs.Tree, renderer *Renderer, baseURL string, completions Completions) *Service {
	return &Service{
		certs:     db.Collection(store.CollCertificates),
		counters:  db.Collection(store.CollCounters),
		throttle:  db.Collection(store.CollCertificateThrottle),
		downloads: db.Collection(store.CollCertificateDownloads),
		batches:   db.Collection(store.CollCertificateBatches),
		audit:     log, orgs: tree, renderer: renderer, baseURL: baseURL,
		log: slog.Default(), now: time.Now, limit: DefaultVerifyLimit,
		completions: completions,
	}
}

// SetCompletions replaces the source of completions (wiring the courses
// after start-up, and tests).
func (s *Service) SetCompletions(c Completions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.completions = c
}

func (s *Service) source() Completions {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.completions
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Now is the service's clock, for views that show states as of today.
func (s *Service) Now() time.Time { return s.now() }

// SetLogger sets the logger for failures that do not fail the request.
func (s *Service) SetLogger(l *slog.Logger) { s.log = l }

// SetVerifyLimit replaces the throttle of public look-ups.
func (s *Service) SetVerifyLimit(l VerifyLimit) { s.limit = l }

// Renderer is the service's PDF renderer.
func (s *Service) Renderer() *Renderer { return s.renderer }

// BaseURL is the public address the QR codes point under.
func (s *Service) BaseURL() string { return s.baseURL }

// issuer is the full name of the office that organizes courses of a town
// ("" = the city bureau), as printed on the certificate.
func (s *Service) issuer(town string) (string, bool) {
	if town == "" {
		return s.orgs.City().OfficeName, s.orgs.City().OfficeName != ""
	}
	u, ok := s.orgs.Unit(town)
	if !ok || !u.Type.IsTownLevel() || u.OfficeName == "" {
		return "", false
	}
	return u.OfficeName, true
}
