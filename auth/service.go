// Package auth is accounts, login, tokens and the authorization policy:
// which role may use which route (Allowed) and which records an account
// may reach (CheckScope, CheckOwner, ListScope).
package auth

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/audit"
	"skillcert/orgs"
	"skillcert/store"
)

// Service manages accounts and sessions.
type Service struct {
	accounts *store.Collection
	sessions *store.Collection
	attempts *store.Collection
	audit    *audit.Log
	orgs     *orgs.Tree
	secret   []byte
	now      func() time.Time
}

// NewService returns the account service. secret signs the tokens.
func NewService(db *store.DB, log *audit.Log, tree *orgs.Tree, secret []byte) *Service {
	return &Service{
		accounts: db.Collection(store.CollAccounts),
		sessions: db.Collection(store.CollSessions),
		attempts: db.Collection(store.CollLoginAttempts),
		audit:    log, orgs: tree, secret: secret, now: time.Now,
	}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// session is the server-side half of a token; deleting it revokes the
// token.
type session struct {
	ID        string         `bson:"_id"`
	AccountID string         `bson:"accountId"`
	Username  string         `bson:"username"`
	Name      string         `bson:"name"`
	Role      skillcert.Role `bson:"role"`
	Town      string         `bson:"town"`
	Village   string         `bson:"village"`
	PersonID  string         `bson:"personId"`
	CreatedAt time.Time      `bson:"createdAt"`
	ExpiresAt time.Time      `bson:"expiresAt"`
	// LastSeen is when the session was last used (to a minute): a staff
	// session idle for longer than StaffIdleTimeout ends.
	LastSeen   time.Time `bson:"lastSeen"`
	MustChange bool      `bson:"mustChange,omitempty"`
}

// StaffIdleTimeout ends a session of any role but trainee that has not
// been used for this long; lastSeenStep is how stale the recorded last use
// may get before a request writes it again.
const (
	StaffIdleTimeout = 30 * time.Minute
	lastSeenStep     = time.Minute
)

// LoginResult is a successful login.
type LoginResult struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expiresAt"`
	Account   *Account  `json:"account"`
}

var errBadLogin = &skillcert.Error{Code: skillcert.EUNAUTHORIZED, Message: "用户名或密码错误"}

var errIdle = &skillcert.Error{Code: skillcert.EUNAUTHORIZED, Message: "长时间未操作，已自动退出，请重新登录"}

// Login checks a username and password and opens a session.
func (s *Service) Login(ctx context.Context, username, password string) (*LoginResult, error) {
	username = NormalizeUsername(username)
	now := s.now()
	if username == "" || password == "" {
		return nil, skillcert.Invalid("username", "请输入用户名和密码")
	}
	gate, err := s.admit(ctx, username, now)
	if err != nil {
		return nil, err
	}
	var acc Account
	err = s.accounts.FindOne(ctx, bson.D{{Key: "username", Value: username}}, &acc)
	if err != nil && !store.IsNotFound(err) {
		return nil, err
	}
	found := err == nil
	hash := dummyHash
	if found {
		hash = acc.PasswordHash
	}
	ok := CheckPassword(hash, password)
	if found && ok && acc.Pending {
		// A self-registration not yet confirmed answers like a wrong
		// password, so that a login does not tell whether the register
		// knew the person (the registration reply says how to proceed).
		_ = s.audit.Record(ctx, "login", "account", username, audit.ResultFailed, "registration pending")
		return nil, errBadLogin
	}
	if !found || !ok || acc.Disabled {
		if err := s.failed(ctx, gate, username, now); err != nil {
			return nil, err
		}
		detail := "wrong password"
		if !found {
			detail = "no such account"
		} else if acc.Disabled && ok {
			detail = "account disabled"
		}
		_ = s.audit.Record(ctx, "login", "account", username, audit.ResultFailed, detail)
		if found && ok && acc.Disabled {
			return nil, &skillcert.Error{Code: skillcert.EUNAUTHORIZED, Message: "该账号已停用，请联系所在单位管理员"}
		}
		return nil, errBadLogin
	}
	if err := s.succeeded(ctx, gate, username, now); err != nil {
		return nil, err
	}
	res, err := s.openSession(ctx, &acc, now)
	if err != nil {
		return nil, err
	}
	_ = s.audit.RecordAs(ctx, withIP(acc.Actor(), ctx), "login", "account", acc.ID, audit.ResultOK, "")
	return res, nil
}

func withIP(a *skillcert.Actor, ctx context.Context) *skillcert.Actor {
	a.IP = audit.IPFrom(ctx)
	if a.IP == "" {
		if c := skillcert.ActorFrom(ctx); c != nil {
			a.IP = c.IP
		}
	}
	return a
}

// OpenSession issues a token for an account without a password (used by
// the seed's and tests' set-up, never by a route). No password was typed,
// so none needs changing: the session is not held to a forced change.
func (s *Service) OpenSession(ctx context.Context, accountID string) (*LoginResult, error) {
	var acc Account
	if err := s.accounts.FindOne(ctx, bson.D{{Key: "_id", Value: accountID}}, &acc); err != nil {
		return nil, notFoundAccount(err)
	}
	acc.MustChangePassword = false
	return s.openSession(ctx, &acc, s.now())
}

func (s *Service) openSession(ctx context.Context, acc *Account, now time.Time) (*LoginResult, error) {
	exp := now.Add(Lifetime(acc.Role))
	sess := session{ID: skillcert.NewID(), AccountID: acc.ID, Username: acc.Username, Name: acc.Name, Role: acc.Role,
		Town: acc.Town, Village: acc.Village, PersonID: acc.PersonID, CreatedAt: now.UTC(), ExpiresAt: exp.UTC(),
		LastSeen: now.UTC(), MustChange: acc.MustChangePassword}
	if err := s.sessions.InsertOne(ctx, sess); err != nil {
		return nil, err
	}
	tok, err := signToken(s.secret, acc.ID, sess.ID, acc.Role, now, exp)
	if err != nil {
		return nil, skillcert.Internal(err)
	}
	return &LoginResult{Token: tok, ExpiresAt: exp, Account: acc}, nil
}

// Authenticate verifies a token and returns its actor. It costs one
// database read (the session by its key).
func (s *Service) Authenticate(ctx context.Context, token string) (*skillcert.Actor, error) {
	now := s.now()
	c, err := parseToken(s.secret, token, now)
	if err != nil {
		return nil, err
	}
	var sess session
	if err := s.sessions.FindOne(ctx, bson.D{{Key: "_id", Value: c.ID}}, &sess); err != nil {
		if store.IsNotFound(err) {
			return nil, errBadToken
		}
		return nil, err
	}
	if sess.AccountID != c.Subject || string(sess.Role) != c.Role || !sess.ExpiresAt.After(now) {
		return nil, errBadToken
	}
	if sess.Role != skillcert.RoleTrainee && !sess.LastSeen.IsZero() {
		if now.Sub(sess.LastSeen) > StaffIdleTimeout {
			if _, err := s.sessions.DeleteOne(ctx, bson.D{{Key: "_id", Value: sess.ID}}); err != nil {
				return nil, err
			}
			_ = s.audit.RecordAs(ctx, withIP(&skillcert.Actor{AccountID: sess.AccountID, Username: sess.Username, Role: sess.Role,
				Town: sess.Town, Village: sess.Village}, ctx), "logout", "account", sess.AccountID, audit.ResultOK, "idle timeout")
			return nil, errIdle
		}
		if now.Sub(sess.LastSeen) > lastSeenStep {
			if _, err := s.sessions.UpdateOne(ctx, bson.D{{Key: "_id", Value: sess.ID}},
				bson.D{{Key: "$set", Value: bson.D{{Key: "lastSeen", Value: now.UTC()}}}}); err != nil {
				return nil, err
			}
		}
	}
	return &skillcert.Actor{AccountID: sess.AccountID, Username: sess.Username, Name: sess.Name, Role: sess.Role,
		Town: sess.Town, Village: sess.Village, PersonID: sess.PersonID, SessionID: sess.ID, MustChangePassword: sess.MustChange}, nil
}

// Logout revokes the actor's current token.
func (s *Service) Logout(ctx context.Context, a *skillcert.Actor) error {
	if _, err := s.sessions.DeleteOne(ctx, bson.D{{Key: "_id", Value: a.SessionID}}); err != nil {
		return err
	}
	return s.audit.Record(ctx, "logout", "account", a.AccountID, audit.ResultOK, "")
}

// ChangePassword checks the old password, sets the new one and revokes
// every outstanding token of the account (all devices log in again).
func (s *Service) ChangePassword(ctx context.Context, a *skillcert.Actor, oldPw, newPw string) error {
	var acc Account
	if err := s.accounts.FindOne(ctx, bson.D{{Key: "_id", Value: a.AccountID}}, &acc); err != nil {
		return notFoundAccount(err)
	}
	if !CheckPassword(acc.PasswordHash, oldPw) {
		_ = s.audit.Record(ctx, "password.change", "account", acc.ID, audit.ResultFailed, "wrong old password")
		return skillcert.Invalid("oldPassword", "原密码不正确")
	}
	if err := ValidatePasswordFor(newPw, acc.Username); err != nil {
		return err
	}
	if oldPw == newPw {
		return skillcert.Invalid("newPassword", "新密码不能与原密码相同")
	}
	hash, err := HashPassword(newPw)
	if err != nil {
		return skillcert.Internal(err)
	}
	if _, err := s.accounts.UpdateOne(ctx, bson.D{{Key: "_id", Value: acc.ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "passwordHash", Value: hash}, {Key: "mustChangePassword", Value: false},
			{Key: "updatedAt", Value: s.now().UTC()}}}}); err != nil {
		return err
	}
	if _, err := s.sessions.DeleteMany(ctx, bson.D{{Key: "accountId", Value: acc.ID}}); err != nil {
		return err
	}
	return s.audit.Record(ctx, "password.change", "account", acc.ID, audit.ResultOK, "")
}

// PendingClaimLifetime is how long a registration that links to nobody
// keeps its mobile number.
const PendingClaimLifetime = 30 * 24 * time.Hour

// SystemAccountID is the actor of the set-up (seed and demo data), whose
// accounts keep their passwords without a forced change.
const SystemAccountID = "system"

// CreateAccount creates an account within the actor's power.
func (s *Service) CreateAccount(ctx context.Context, a *skillcert.Actor, in NewAccount) (*Account, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if in.Town != "" {
		if err := s.orgs.CheckPlace(in.Town, in.Village); err != nil {
			return nil, err
		}
	}
	if err := CheckAccountManagement(a, in.Role, in.Town); err != nil {
		_ = s.audit.Record(ctx, "account.create", "account", in.Username, audit.ResultDenied, err.Error())
		return nil, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, skillcert.Internal(err)
	}
	now := s.now().UTC()
	// A password someone else chose is changed at the first login; only
	// the set-up's own accounts (the demo set) are exempt.
	acc := &Account{ID: skillcert.NewID(), Username: in.Username, Name: in.Name, PasswordHash: hash, Role: in.Role,
		Town: in.Town, Village: in.Village, PersonID: in.PersonID, CreatedAt: now, UpdatedAt: now,
		MustChangePassword: a.AccountID != SystemAccountID}
	if err := s.accounts.InsertOne(ctx, acc); err != nil {
		if store.IsDuplicate(err) {
			return nil, &skillcert.Error{Code: skillcert.ECONFLICT, Field: "username", Message: "用户名“" + in.Username + "”已被使用"}
		}
		return nil, err
	}
	if err := s.audit.Record(ctx, "account.create", "account", acc.ID, audit.ResultOK, string(acc.Role)+" "+acc.Username); err != nil {
		return nil, err
	}
	return acc, nil
}

// FindAccountByUsername returns an account (seed and tests).
func (s *Service) FindAccountByUsername(ctx context.Context, username string) (*Account, error) {
	var acc Account
	if err := s.accounts.FindOne(ctx, bson.D{{Key: "username", Value: NormalizeUsername(username)}}, &acc); err != nil {
		return nil, notFoundAccount(err)
	}
	return &acc, nil
}

// GetAccount returns an account the actor may see.
func (s *Service) GetAccount(ctx context.Context, a *skillcert.Actor, id string) (*Account, error) {
	var acc Account
	if err := s.accounts.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, &acc); err != nil {
		return nil, notFoundAccount(err)
	}
	// The city sees every account; a town's staff the accounts of their town.
	if a.Role != skillcert.RoleCityAdmin && (a.Role != skillcert.RoleTownStaff ||
		(acc.Town != a.Town && (acc.Role != skillcert.RoleTrainee || acc.OfficeTown != a.Town))) {
		return nil, errOutOfScope
	}
	return &acc, nil
}

// AccountFilter narrows an account list.
type AccountFilter struct {
	Role skillcert.Role
}

// ListAccounts lists the accounts in the actor's scope, by username.
func (s *Service) ListAccounts(ctx context.Context, a *skillcert.Actor, f AccountFilter, page skillcert.PageRequest) (skillcert.Page[Account], error) {
	q := bson.D{}
	sc := ListScope(a)
	switch {
	case sc.None:
		return skillcert.NewPage[Account](nil, 0, page), nil
	case !sc.All && f.Role == skillcert.RoleTrainee:
		// A town's staff list the trainee accounts their office looks after.
		q = append(q, bson.E{Key: "officeTown", Value: sc.Town})
	case !sc.All:
		q = append(q, bson.E{Key: "town", Value: sc.Town})
	}
	if f.Role != "" {
		if !f.Role.Valid() {
			return skillcert.Page[Account]{}, skillcert.Invalid("role", "角色“%s”不存在", f.Role)
		}
		q = append(q, bson.E{Key: "role", Value: f.Role})
	}
	var items []Account
	opts := options.Find().SetSort(bson.D{{Key: "username", Value: 1}}).SetSkip(page.Skip()).SetLimit(page.Limit())
	if err := s.accounts.Find(ctx, q, &items, opts); err != nil {
		return skillcert.Page[Account]{}, err
	}
	total, err := s.accounts.Count(ctx, q)
	if err != nil {
		return skillcert.Page[Account]{}, err
	}
	return skillcert.NewPage(items, total, page), nil
}

// SetDisabled disables or re-enables an account; disabling revokes its
// tokens.
func (s *Service) SetDisabled(ctx context.Context, a *skillcert.Actor, id string, disabled bool) (*Account, error) {
	acc, err := s.GetAccount(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := CheckAccountCare(a, acc.Role, acc.Town, acc.OfficeTown); err != nil {
		return nil, err
	}
	if acc.ID == a.AccountID {
		return nil, skillcert.Errorf(skillcert.EINVALID, "不能停用自己的账号")
	}
	if _, err := s.accounts.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "disabled", Value: disabled}, {Key: "updatedAt", Value: s.now().UTC()}}}}); err != nil {
		return nil, err
	}
	if disabled {
		if _, err := s.sessions.DeleteMany(ctx, bson.D{{Key: "accountId", Value: id}}); err != nil {
			return nil, err
		}
	}
	acc.Disabled = disabled
	action := "account.enable"
	if disabled {
		action = "account.disable"
	}
	return acc, s.audit.Record(ctx, action, "account", id, audit.ResultOK, "")
}

// PurgeExpired deletes expired sessions and stale login attempts; the
// server runs it periodically (the embedded engine has no TTL indexes).
func (s *Service) PurgeExpired(ctx context.Context) error {
	now := s.now().UTC()
	if _, err := s.sessions.DeleteMany(ctx, bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lt", Value: now}}}}); err != nil {
		return err
	}
	if _, err := s.attempts.DeleteMany(ctx, bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lt", Value: now}}}}); err != nil {
		return err
	}
	// Registrations that named a registered person without an activation
	// code link to nobody; after PendingClaimLifetime they free the mobile
	// number again.
	_, err := s.accounts.DeleteMany(ctx, bson.D{{Key: "personId", Value: ""}, {Key: "pending", Value: true},
		{Key: "createdAt", Value: bson.D{{Key: "$lt", Value: now.Add(-PendingClaimLifetime)}}}})
	return err
}

func notFoundAccount(err error) error {
	if store.IsNotFound(err) {
		return &skillcert.Error{Code: skillcert.ENOTFOUND, Message: "账号不存在"}
	}
	return err
}
