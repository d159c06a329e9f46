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
	PersonID string
}

// traineeAccountID is the key of the self-registered account of a person.
func traineeAccountID(personID string) string { return "trainee-" + personID }

// RegisterTrainee creates the trainee account of a self-registering
// person: ECONFLICT naming the field when the mobile number is already a
// login name or the person already has an account.
func (s *Service) RegisterTrainee(ctx context.Context, in NewTrainee) (*Account, error) {
	if err := ValidatePassword(in.Password); err != nil {
		return nil, err
	}
	username := NormalizeUsername(in.Mobile)
	if !usernameRe.MatchString(username) || in.PersonID == "" {
		return nil, skillcert.Invalid("mobile", "手机号码“%s”不能用作登录名", in.Mobile)
	}
	if _, err := s.FindAccountByUsername(ctx, username); err == nil {
		return nil, &skillcert.Error{Code: skillcert.ECONFLICT, Field: "mobile",
			Message: "手机号码 " + username + " 已注册过账号，请直接登录；忘记密码请联系所在镇（街道）人力社保管理所"}
	} else if skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		return nil, err
	}
	if acc, err := s.TraineeAccountOf(ctx, in.PersonID); err == nil {
		return nil, &skillcert.Error{Code: skillcert.ECONFLICT, Field: "idNumber",
			Message: "该身份证号码已注册过账号（登录名 " + maskUsername(acc.Username) + "），请直接登录"}
	} else if skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		return nil, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, skillcert.Internal(err)
	}
	now := s.now().UTC()
	acc := &Account{ID: traineeAccountID(in.PersonID), Username: username, Name: in.Name, PasswordHash: hash,
		Role: skillcert.RoleTrainee, PersonID: in.PersonID, CreatedAt: now, UpdatedAt: now}
	if err := s.accounts.InsertOne(ctx, acc); err != nil {
		if store.IsDuplicate(err) {
			return nil, &skillcert.Error{Code: skillcert.ECONFLICT, Field: "idNumber", Message: "该身份证号码或手机号码已注册过账号，请直接登录"}
		}
		return nil, err
	}
	actor := acc.Actor()
	if err := s.audit.RecordAs(ctx, withIP(actor, ctx), "account.register", "account", acc.ID, audit.ResultOK, "trainee "+acc.Username); err != nil {
		return nil, err
	}
	return acc, nil
}

// TraineeAccountOf returns the account linked to a person; ENOTFOUND if
// there is none.
func (s *Service) TraineeAccountOf(ctx context.Context, personID string) (*Account, error) {
	var acc Account
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

// maskUsername hides the middle of a mobile-number login name.
func maskUsername(u string) string {
	if len(u) == 11 {
		return u[:3] + "****" + u[7:]
	}
	return u
}
