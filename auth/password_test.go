package auth_test

import (
	"testing"

	"skillcert/auth"
)

func TestPasswordRule(t *testing.T) {
	for pw, ok := range map[string]bool{
		"Passw0rd1":   true,  // upper, lower, digit
		"pass-word1":  true,  // lower, symbol, digit
		"PASS WORD!":  false, // upper and symbols only
		"password1":   false, // two classes
		"Sh0rt!":      false, // too short
		"Clerk-2026x": false, // contains the username
		"Demo@2026":   true,
	} {
		if err := auth.ValidatePasswordFor(pw, "clerk"); (err == nil) != ok {
			t.Errorf("%q: %v, want ok=%v", pw, err, ok)
		}
	}
	for i := 0; i < 20; i++ {
		if err := auth.ValidatePassword(auth.TemporaryPassword()); err != nil {
			t.Fatalf("a temporary password breaks the rule: %v", err)
		}
	}
}
