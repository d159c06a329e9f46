package main

import (
	"fmt"

	"skillcert/idcrypt"
)

// validateIDKeys checks the ID-number keys: with MONGODB_URI the key must
// be configured (the embedded engine keeps one in its data directory);
// every key given must be base64 of 32 bytes.
func (c Config) validateIDKeys() []string {
	var problems []string
	if c.MongoURI != "" && c.IDKey == "" {
		problems = append(problems, "SKILLCERT_ID_KEY is required with MONGODB_URI: the key that encrypts resident ID numbers, base64 of 32 random bytes (head -c 32 /dev/urandom | base64); keep it apart from database backups")
	}
	if c.IDKey != "" {
		if _, err := idcrypt.FromConfig(c.IDKey, c.IDKeysOld); err != nil {
			problems = append(problems, fmt.Sprint(err))
		}
	} else if c.IDKeysOld != "" {
		problems = append(problems, "SKILLCERT_ID_KEY_OLD is set without SKILLCERT_ID_KEY")
	}
	return problems
}
