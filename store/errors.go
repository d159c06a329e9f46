package store

import (
	"context"
	"errors"
	"strings"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"skillcert"
)

// ErrNotFound is returned when no document matches. Domain stores replace
// it with their own message where the record has a name.
var ErrNotFound = &skillcert.Error{Code: skillcert.ENOTFOUND, Message: "记录不存在"}

// IsNotFound reports whether err means "no such document".
func IsNotFound(err error) bool { return skillcert.ErrorCode(err) == skillcert.ENOTFOUND }

// IsDuplicate reports whether err is a unique-key violation.
func IsDuplicate(err error) bool { return skillcert.ErrorCode(err) == skillcert.ECONFLICT }

// translate turns driver errors into skillcert errors so that no caller
// sees a driver error.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var se *skillcert.Error
	if errors.As(err, &se) {
		return err
	}
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return ErrNotFound
	case isDuplicateKey(err):
		return &skillcert.Error{Code: skillcert.ECONFLICT, Message: "记录已存在", Err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
		mongo.IsTimeout(err), mongo.IsNetworkError(err),
		errors.Is(err, mongo.ErrClientDisconnected):
		return &skillcert.Error{Code: skillcert.EUNAVAILABLE, Message: "数据库暂时无法访问，请稍后再试", Err: err}
	}
	return skillcert.Internal(err)
}

// isDuplicateKey recognizes E11000 on MongoDB and the embedded engine's
// "UNIQUE constraint failed" (which it reports for updates as an internal
// error, see shared/docs/engine.md).
func isDuplicateKey(err error) bool {
	if mongo.IsDuplicateKeyError(err) {
		return true
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}
