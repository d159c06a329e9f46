package recruitment

import (
	"errors"
	"testing"

	"skillcert"
)

// wantError fails unless err is a *skillcert.Error with the code, field and
// message given; an empty field is not checked.
func wantError(t *testing.T, err error, code, field, message string) {
	t.Helper()
	var e *skillcert.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want *skillcert.Error %s %q", err, code, message)
	}
	if e.Code != code || e.Message != message || (field != "" && e.Field != field) {
		t.Fatalf("error = {%s %s %q}, want {%s %s %q}", e.Code, e.Field, e.Message, code, field, message)
	}
}
