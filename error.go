// Package skillcert holds what every part of the platform shares: the one
// error type with its codes and the acting user carried in a context.
package skillcert

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. The server maps each to an HTTP status in one table.
const (
	EINVALID      = "invalid"      // the input breaks a rule
	EUNAUTHORIZED = "unauthorized" // not logged in, or the credentials are wrong
	EFORBIDDEN    = "forbidden"    // logged in, but not allowed
	ENOTFOUND     = "not_found"    // no such record (or not visible to the caller)
	ECONFLICT     = "conflict"     // the record exists already or changed meanwhile
	ETOOLARGE     = "too_large"    // the upload or body exceeds a limit
	ERATELIMITED  = "rate_limited" // too many attempts
	EUNAVAILABLE  = "unavailable"  // a dependency (the database) is down
	EINTERNAL     = "internal"     // a bug or an unexpected failure
)

// Error is the platform's one error type. Message is Simplified Chinese and
// safe to show to the user; Field names the input at fault, where one is.
// Err keeps the cause of internal errors for the log; it is never shown.
type Error struct {
	Code    string
	Message string
	Field   string
	Err     error
	// RetryAfter is, for ERATELIMITED, how long until a new attempt may
	// succeed (the server sends it as Retry-After); zero when unknown.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with the code and a formatted Chinese message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// RateLimited returns an ERATELIMITED error saying when to retry.
func RateLimited(after time.Duration, format string, args ...any) *Error {
	return &Error{Code: ERATELIMITED, Message: fmt.Sprintf(format, args...), RetryAfter: after}
}

// Invalid returns an EINVALID error naming the field at fault.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Internal wraps an unexpected failure; the user sees a generic message.
func Internal(err error) *Error {
	return &Error{Code: EINTERNAL, Message: "系统内部错误，请稍后再试", Err: err}
}

// ErrorCode returns the code of err, EINTERNAL for errors of other types and
// "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "系统内部错误，请稍后再试"
}
