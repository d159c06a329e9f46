package auth

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
	"skillcert/store"
)

// Trainee accounts made by self-registration (学员自助注册). The login name
// of such an account is the mobile number given at registration: people
// know it by heart, it fits the username rule, and unlike the ID number it
// may appear in account lists and in the audit trail of failed logins. The
// account's key is derived from the person it links to, so a person has
// at most one self-registered account however often registration races.

// NewTrainee is what self-registration passes to create a trainee account.
type NewTrainee struct {
	Mobile   string // the login name
	Name     string
	Password string
	// PersonID is the person the account links to; empty for a pending
	// registration that named a person already in the register without an
	// activation code (the account links to nobody and cannot log in).
	PersonID string
	// Town is the town of the person's registration, whose office looks
	// after the account (password resets).
	Town string
	// Pending accounts cannot log in until the town confirms the person.
	Pending bool
}

// traineeAccountID is the key of the self-registered account of a person.
func traineeAccountID(personID string) string { return "trainee-" + personID }

var errMobileTaken = func(username string) error {
	return &skillcert.Error{Code: skillcert.ECONFLICT, Field: "mobile",
		Message: "手机号码 " + username + " 已注册过账号，请直接登录；忘记密码请联系所在镇（街道）人力社保管理所"}
}

// UsernameFree reports whether a mobile number may become a login name:
// nobody has it or, when takeOver (a registration with an activation
// code), only a pending registration that links to nobody, which the new
// account replaces.
func (s *Service) UsernameFree(ctx context.Context, mobile string, takeOver bool) (bool, error) {
	acc, err := s.FindAccountByUsername(ctx, mobile)
	if skillcert.ErrorCode(err) == skillcert.ENOTFOUND {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return takeOver && acc.Pending && acc.PersonID == "", nil
}

// RegisterTrainee creates the trainee account of a self-registering
// person: ECONFLICT naming the field when the mobile number is already a
// login name or the person already has an account. An active
// registration (with an activation code) replaces a pending one that
// links to nobody under the same login name.
func (s *Service) RegisterTrainee(ctx context.Context, in NewTrainee) (*Account, error) {
	if err := ValidatePasswordFor(in.Password, in.Mobile); err != nil {
		return nil, err
	}
	username := NormalizeUsername(in.Mobile)
	if !usernameRe.MatchString(username) || (in.PersonID == "" && !in.Pending) {
		return nil, skillcert.Invalid("mobile", "手机号码“%s”不能用作登录名", in.Mobile)
	}
	if ex, err := s.FindAccountByUsername(ctx, username); err == nil {
		if in.Pending || !ex.Pending || ex.PersonID != "" {
			return nil, errMobileTaken(username)
		}
		if _, err := s.accounts.DeleteOne(ctx, bson.D{{Key: "_id", Value: ex.ID}}); err != nil {
			return nil, err
		}
	} else if skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		return nil, err
	}
	id := "trainee-claim-" + skillcert.NewID()
	if in.PersonID != "" {
		id = traineeAccountID(in.PersonID)
		if _, err := s.TraineeAccountOf(ctx, in.PersonID); err == nil {
			return nil, &skillcert.Error{Code: skillcert.ECONFLICT, Field: "idNumber", Message: "该身份证号码已注册过账号，请直接登录"}
		} else if skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
			return nil, err
		}
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, skillcert.Internal(err)
	}
	now := s.now().UTC()
	acc := &Account{ID: id, Username: username, Name: in.Name, PasswordHash: hash,
		Role: skillcert.RoleTrainee, PersonID: in.PersonID, OfficeTown: in.Town, Pending: in.Pending, CreatedAt: now, UpdatedAt: now}
	if err := s.accounts.InsertOne(ctx, acc); err != nil {
		if store.IsDuplicate(err) {
			return nil, &skillcert.Error{Code: skillcert.ECONFLICT, Field: "mobile", Message: "该手机号码已注册过账号，请直接登录"}
		}
		return nil, err
	}
	actor := acc.Actor()
	detail := "trainee " + acc.Username
	if acc.Pending {
		detail += " pending"
	}
	if err := s.audit.RecordAs(ctx, withIP(actor, ctx), "account.register", "account", acc.ID, audit.ResultOK, detail); err != nil {
		return nil, err
	}
	return acc, nil
}

// ActivateAccountsOfPerson lets the pending accounts linked to a person
// log in (the town confirmed the person). It returns how many it
// activated.
func (s *Service) ActivateAccountsOfPerson(ctx context.Context, personID string) (int, error) {
	var accs []Account
	if err := s.accounts.Find(ctx, bson.D{{Key: "personId", Value: personID}}, &accs); err != nil {
		return 0, err
	}
	n := 0
	for _, acc := range accs {
		if !acc.Pending {
			continue
		}
		if _, err := s.accounts.UpdateOne(ctx, bson.D{{Key: "_id", Value: acc.ID}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "pending", Value: false}, {Key: "updatedAt", Value: s.now().UTC()}}}}); err != nil {
			return n, err
		}
		if err := s.audit.Record(ctx, "account.activate", "account", acc.ID, audit.ResultOK, "registration confirmed"); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// TraineeAccountOf returns the account linked to a person; ENOTFOUND if
// there is none.
func (s *Service) TraineeAccountOf(ctx context.Context, personID string) (*Account, error) {
	var acc Account
	if personID == "" {
		return nil, notFoundAccount(store.ErrNotFound)
	}
	if err := s.accounts.FindOne(ctx, bson.D{{Key: "personId", Value: personID}}, &acc); err != nil {
		return nil, notFoundAccount(err)
	}
	return &acc, nil
}

// DisableAccountsOfPerson disables every account linked to a person and
// revokes their tokens (a self-registration the town rejected). It
// returns how many accounts it disabled.
func (s *Service) DisableAccountsOfPerson(ctx context.Context, personID string) (int, error) {
	var accs []Account
	if err := s.accounts.Find(ctx, bson.D{{Key: "personId", Value: personID}}, &accs); err != nil {
		return 0, err
	}
	for _, acc := range accs {
		if _, err := s.accounts.UpdateOne(ctx, bson.D{{Key: "_id", Value: acc.ID}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "disabled", Value: true}, {Key: "updatedAt", Value: s.now().UTC()}}}}); err != nil {
			return 0, err
		}
		if _, err := s.sessions.DeleteMany(ctx, bson.D{{Key: "accountId", Value: acc.ID}}); err != nil {
			return 0, err
		}
		if err := s.audit.Record(ctx, "account.disable", "account", acc.ID, audit.ResultOK, "registration rejected"); err != nil {
			return 0, err
		}
	}
	return len(accs), nil
}

// RenameTrainee changes the login name of the actor's self-registered
// account when its contact mobile number changes: only an account whose
// login name is the old number is renamed (demo and staff-made logins
// keep theirs). It reports whether the login name changed.
func (s *Service) RenameTrainee(ctx context.Context, a *skillcert.Actor, oldMobile, newMobile string) (bool, error) {
	if a == nil || a.Role != skillcert.RoleTrainee || oldMobile == "" || oldMobile == newMobile {
		return false, nil
	}
	var acc Account
	if err := s.accounts.FindOne(ctx, bson.D{{Key: "_id", Value: a.AccountID}}, &acc); err != nil {
		return false, notFoundAccount(err)
	}
	username := NormalizeUsername(newMobile)
	if acc.Username != NormalizeUsername(oldMobile) || !usernameRe.MatchString(username) {
		return false, nil
	}
	_, err := s.accounts.UpdateOne(ctx, bson.D{{Key: "_id", Value: acc.ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "username", Value: username}, {Key: "updatedAt", Value: s.now().UTC()}}}})
	if store.IsDuplicate(err) {
		return false, &skillcert.Error{Code: skillcert.ECONFLICT, Field: "mobile", Message: "手机号码 " + username + " 已是其他账号的登录名，请换一个号码"}
	}
	if err != nil {
		return false, err
	}
	return true, s.audit.Record(ctx, "account.rename", "account", acc.ID, audit.ResultOK, acc.Username+" → "+username)
}
