package roster

import (
	"context"
	"sync"
	"time"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
	"skillcert/idcrypt"
	"skillcert/orgs"
	"skillcert/store"
)

// Accounts is what the register needs of the accounts (package auth
// implements it): trainee accounts for self-registration, and the link
// between an account and its person.
type Accounts interface {
	// RegisterTrainee creates a self-registered trainee account.
	RegisterTrainee(ctx context.Context, in auth.NewTrainee) (*auth.Account, error)
	// TraineeAccountOf returns the account linked to a person, ENOTFOUND
	// if none.
	TraineeAccountOf(ctx context.Context, personID string) (*auth.Account, error)
	// DisableAccountsOfPerson disables the accounts linked to a person.
	DisableAccountsOfPerson(ctx context.Context, personID string) (int, error)
	// UsernameFree reports whether a mobile number may become a login
	// name (takeOver: replacing a pending registration linked to nobody).
	UsernameFree(ctx context.Context, mobile string, takeOver bool) (bool, error)
	// ActivateAccountsOfPerson lets a confirmed person's pending
	// accounts log in.
	ActivateAccountsOfPerson(ctx context.Context, personID string) (int, error)
	// RenameTrainee follows a trainee's new mobile number with their login
	// name where the login name is the old number.
	RenameTrainee(ctx context.Context, a *skillcert.Actor, oldMobile, newMobile string) (bool, error)
}

// Service keeps the register in the database. Every method takes the
// acting user, decides access with the policy of package auth and audits
// every change.
type Service struct {
	persons   *store.Collection
	imports   *store.Collection
	importErr *store.Collection
	throttle  *store.Collection
	// activation holds the one-time activation codes, hashed with
	// activationKey (activation_service.go).
	activation    *store.Collection
	activationKey []byte
	audit         *audit.Log
	orgs          *orgs.Tree
	accounts      Accounts
	now           func() time.Time
	limits        Limits
	ids           *idcrypt.Keyring
	// smallImport: see the constant; tests lower it.
	smallImport int

	jobs    sync.WaitGroup
	running chan struct{} // one import writes at a time

	// changed, if set, is told of each person whose record an edit
	// changed (recruitment re-screens their applications).
	changed func(ctx context.Context, personID string)
	// written, if set, is told of every person created, changed or
	// deleted (notify.go).
	written func(ctx context.Context, personIDs ...string)
}

// OnPersonChanged registers fn to be told of every person whose record a
// staff edit or confirmation changed.
func (s *Service) OnPersonChanged(fn func(ctx context.Context, personID string)) { s.changed = fn }

// NewService returns the register's service.
// ID numbers are sealed and looked up with keys.
func NewService(db *store.DB, log *audit.Log, tree *orgs.Tree, accounts Accounts, keys *idcrypt.Keyring) *Service {
	return &Service{
		persons:    db.Collection(store.CollPersons),
		imports:    db.Collection(store.CollRosterImports),
		importErr:  db.Collection(store.CollRosterImportErrs),
		throttle:   db.Collection(store.CollRegisterThrottle),
		activation: db.Collection(store.CollActivationCodes),
		audit:      log, orgs: tree, accounts: accounts, ids: keys,
		now: time.Now, limits: DefaultLimits, smallImport: smallImport,
		running: make(chan struct{}, 1),
	}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// SetLimits replaces the import limits (tests).
func (s *Service) SetLimits(l Limits) { s.limits = l.withDefaults() }

// Limits returns the import limits in force.
func (s *Service) Limits() Limits { return s.limits }

// Wait blocks until every import started in the background has ended.
func (s *Service) Wait() { s.jobs.Wait() }

// Orgs is the org tree the service resolves towns and villages in.
func (s *Service) Orgs() *orgs.Tree { return s.orgs }

// PlaceName names a town and village for people: 乌镇镇 民合村.
func (s *Service) PlaceName(town, village string) string {
	name := s.orgs.TownName(town)
	if u, ok := s.orgs.Unit(village); ok {
		name += " " + u.Name
	}
	return name
}

// scopeName names the part of the network the actor works for.
func (s *Service) scopeName(a *skillcert.Actor) string {
	if a == nil || a.Town == "" {
		return s.orgs.City().Name
	}
	return s.PlaceName(a.Town, a.Village)
}

// errNotVisible hides whether a person outside the caller's reach exists.
var errNotVisible = &skillcert.Error{Code: skillcert.ENOTFOUND, Message: "人员不存在或不在您的管辖范围内"}

// requirePermission refuses an actor whose role lacks p (the routes check
// it already; the service does not rely on that).
func requirePermission(a *skillcert.Actor, p auth.Permission) error {
	if auth.Allowed(a, p) {
		return nil
	}
	role := "未登录"
	if a != nil {
		role = a.Role.Label()
	}
	return skillcert.Errorf(skillcert.EFORBIDDEN, "您的角色（%s）无权进行此操作", role)
}

// checkWriteScope decides whether the actor may keep a person in the town
// and village: EFORBIDDEN naming the actor's own part of the network.
func (s *Service) checkWriteScope(a *skillcert.Actor, town, village string) error {
	if err := auth.CheckScope(a, town, village); err != nil {
		return skillcert.Errorf(skillcert.EFORBIDDEN, "您只能登记%s的人员，不能登记%s的人员", s.scopeName(a), s.PlaceName(town, village))
	}
	return nil
}

// resolvePlace turns a town and village, each given by code or by name,
// into codes; the faults name the field.
func (s *Service) resolvePlace(town, village string) (string, string, FieldErrors) {
	var fe FieldErrors
	t, ok := s.orgs.TownByName(town)
	if !ok {
		fe.addf(FieldTown, "镇（街道）“%s”不存在，请填写桐乡市的镇（街道）名称，如 乌镇镇、梧桐街道", town)
		return "", "", fe
	}
	v, ok := s.orgs.VillageByName(t.Code, village)
	if !ok {
		fe.addf(FieldVillage, "村（社区）“%s”不属于%s", village, t.Name)
		return t.Code, "", fe
	}
	return t.Code, v.Code, nil
}
