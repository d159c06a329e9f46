// Package platform wires the domain services over one database; the
// server and the seed command both start from here, so demo data goes
// through exactly the services users go through.
package platform

import (
	"context"
	"fmt"

	"skillcert/audit"
	"skillcert/auth"
	"skillcert/orgs"
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
	return s, nil
}
