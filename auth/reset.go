package auth

import (
	"context"
	"crypto/rand"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
)

// Password reset by the office that looks after an account (the login
// page tells users to ask it): a random temporary password, shown once to
// the staff member, who hands it over; the owner must change it at the
// next login. Every token of the account is revoked and its login
// throttles cleared. Audited, without the password.

// tempAlphabet leaves out characters easily confused when read aloud or
// copied by hand (0/O, 1/l/I).
const tempAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"

// TemporaryPassword returns a random password of 12 characters that
// meets the password rule.
func TemporaryPassword() string {
	for {
		b := make([]byte, 12)
		_, _ = rand.Read(b)
		for i := range b {
			b[i] = tempAlphabet[int(b[i])%len(tempAlphabet)]
		}
		if ValidatePassword(string(b)) == nil {
			return string(b)
		}
	}
}

// managedAccount reads an account the actor may look after (CheckAccountCare).
func (s *Service) managedAccount(ctx context.Context, a *skillcert.Actor, id string) (*Account, error) {
	var acc Account
	if err := s.accounts.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, &acc); err != nil {
		return nil, notFoundAccount(err)
	}
	if err := CheckAccountCare(a, acc.Role, acc.Town, acc.OfficeTown); err != nil {
		return nil, err
	}
	return &acc, nil
}

// ResetPassword gives an account a temporary password and returns it.
func (s *Service) ResetPassword(ctx context.Context, a *skillcert.Actor, id string) (*Account, string, error) {
	acc, err := s.managedAccount(ctx, a, id)
	if err != nil {
		_ = s.audit.Record(ctx, "account.password_reset", "account", id, audit.ResultDenied, "")
		return nil, "", err
	}
	if acc.ID == a.AccountID {
		return nil, "", skillcert.Errorf(skillcert.EINVALID, "不能重置自己的密码，请在“修改密码”中修改")
	}
	if acc.Pending {
		return nil, "", skillcert.Errorf(skillcert.ECONFLICT, "该账号的注册尚待确认，确认后才能重置密码")
	}
	pw := TemporaryPassword()
	hash, err := HashPassword(pw)
	if err != nil {
		return nil, "", skillcert.Internal(err)
	}
	if _, err := s.accounts.UpdateOne(ctx, bson.D{{Key: "_id", Value: acc.ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "passwordHash", Value: hash}, {Key: "mustChangePassword", Value: true},
			{Key: "updatedAt", Value: s.now().UTC()}}}}); err != nil {
		return nil, "", err
	}
	if _, err := s.sessions.DeleteMany(ctx, bson.D{{Key: "accountId", Value: acc.ID}}); err != nil {
		return nil, "", err
	}
	if _, err := s.attempts.DeleteMany(ctx, bson.D{{Key: "username", Value: acc.Username}}); err != nil {
		return nil, "", err
	}
	acc.MustChangePassword = true
	return acc, pw, s.audit.Record(ctx, "account.password_reset", "account", acc.ID, audit.ResultOK, acc.Username)
}
