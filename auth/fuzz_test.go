package auth_test

import (
	"context"
	"strings"
	"testing"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
	"skillcert/orgs"
	"skillcert/store/storetest"
)

// FuzzAuthenticate: a token from the outside is parsed and verified
// before anything else; garbage is refused as unauthorized, never a
// panic. `go test` runs the seeds.
func FuzzAuthenticate(f *testing.F) {
	db := storetest.Open(f)
	tree, err := orgs.Load(context.Background(), db)
	if err != nil {
		f.Fatal(err)
	}
	svc := auth.NewService(db, audit.NewLog(db), tree, secret)
	for _, tok := range []string{"", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "eyJhbGciOiJIUzI1NiJ9." + strings.Repeat("A", 500) + ".x",
		"Bearer x", "\x00", "...", "eyJ.eyJ.eyJ"} {
		f.Add(tok)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		a, err := svc.Authenticate(context.Background(), tok)
		if err == nil || a != nil {
			t.Fatalf("token %q accepted: %+v", tok, a)
		}
		if skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED {
			t.Fatalf("error code %q: %v", skillcert.ErrorCode(err), err)
		}
	})
}

// FuzzPasswordRules: the password rule and the stored-hash parser take
// any input without a panic, and an accepted password meets the rule.
func FuzzPasswordRules(f *testing.F) {
	for _, s := range []string{"Passw0rd1", "password", "ÄÖÜäöü12", "\x00\x00\x00\x00Aa1!", strings.Repeat("a", 100), "$argon2id$v=19$m=1,t=1,p=1$$"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := auth.ValidatePasswordFor(s, "clerk"); err == nil {
			if n := len([]rune(s)); n < 8 || n > 64 || strings.Contains(strings.ToLower(s), "clerk") {
				t.Fatalf("accepted %q", s)
			}
		} else if skillcert.ErrorCode(err) != skillcert.EINVALID {
			t.Fatalf("error code %q", skillcert.ErrorCode(err))
		}
		if auth.CheckPassword(s, "x") {
			t.Fatalf("hash %q matched", s)
		}
	})
}
