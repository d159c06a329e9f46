package auth

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
)

// errNoInstructor answers a look-up of an account that is not an
// instructor's.
var errNoInstructor = &skillcert.Error{Code: skillcert.ENOTFOUND, Message: "授课教师不存在"}

// InstructorName returns the name of an instructor account, for the
// courses' sessions (it implements courses.Instructors): ENOTFOUND unless
// the account exists, is an instructor's and is not disabled.
func (s *Service) InstructorName(ctx context.Context, accountID string) (string, error) {
	if accountID == "" {
		return "", errNoInstructor
	}
	var acc Account
	if err := s.accounts.FindOne(ctx, bson.D{{Key: "_id", Value: accountID}}, &acc); err != nil {
		if skillcert.ErrorCode(notFoundAccount(err)) == skillcert.ENOTFOUND {
			return "", errNoInstructor
		}
		return "", err
	}
	if acc.Role != skillcert.RoleInstructor || acc.Disabled {
		return "", errNoInstructor
	}
	return acc.Name, nil
}
