package main

import (
	"strings"
	"testing"

	"skillcert/idcrypt"
)

// TestIDKeyIsRequiredWithMongoDB: with MONGODB_URI the start stops with a
// message naming SKILLCERT_ID_KEY when the key is missing or malformed;
// a valid key (and old keys during a rotation) are accepted.
func TestIDKeyIsRequiredWithMongoDB(t *testing.T) {
	secret := strings.Repeat("s", 40)
	good := idcrypt.EncodeKey(idcrypt.NewKey())
	cases := []struct {
		name string
		env  map[string]string
		want string // "" = accepted
	}{
		{"mongo without ID key", map[string]string{"MONGODB_URI": "mongodb://db:27017", "SKILLCERT_JWT_SECRET": secret}, "SKILLCERT_ID_KEY is required with MONGODB_URI"},
		{"short key", map[string]string{"MONGODB_URI": "mongodb://db:27017", "SKILLCERT_JWT_SECRET": secret, "SKILLCERT_ID_KEY": "c2hvcnQ="}, "SKILLCERT_ID_KEY"},
		{"bad old key", map[string]string{"SKILLCERT_ID_KEY": good, "SKILLCERT_ID_KEY_OLD": "???"}, "SKILLCERT_ID_KEY_OLD"},
		{"old key alone", map[string]string{"SKILLCERT_ID_KEY_OLD": good}, "SKILLCERT_ID_KEY_OLD"},
		{"mongo with key", map[string]string{"MONGODB_URI": "mongodb://db:27017", "SKILLCERT_JWT_SECRET": secret, "SKILLCERT_ID_KEY": good}, ""},
		{"rotation", map[string]string{"SKILLCERT_ID_KEY": good, "SKILLCERT_ID_KEY_OLD": idcrypt.EncodeKey(idcrypt.NewKey())}, ""},
		{"embedded, key file", map[string]string{}, ""},
	}
	for _, c := range cases {
		_, err := LoadConfig(nil, func(k string) string { return c.env[k] })
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want an error naming %s", c.name, err, c.want)
		}
	}
}
