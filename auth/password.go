package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/crypto/argon2"

	"skillcert"
)

// Argon2id parameters (OWASP's minimum: 19 MiB, 2 passes, 1 lane).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword hashes a password with argon2id and a random salt, in the
// PHC string format.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the encoded hash.
func CheckPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return false
	}
	// A malformed or hostile stored hash (no key, huge costs) is no match
	// rather than a crash or a denial of service.
	if len(want) < 16 || len(want) > 64 || len(salt) < 8 || p < 1 || t < 1 || t > 10 || m < 8*uint32(p) || m > 1<<20 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when the account does not exist, so a
// failed login takes as long either way.
var dummyHash, _ = HashPassword("no-such-account-dummy")

// ValidatePassword checks the password rule: 8 to 64 characters with
// characters of at least three of four classes (lower-case letters,
// upper-case letters, digits, other characters).
func ValidatePassword(pw string) error {
	n := len([]rune(pw))
	if n < 8 || n > 64 {
		return skillcert.Invalid("password", "密码长度应为 8 到 64 位")
	}
	var lower, upper, digit, other bool
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		case r == 0 || unicode.IsControl(r):
			return skillcert.Invalid("password", "密码不能包含控制字符")
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	if classes < 3 {
		return skillcert.Invalid("password", "密码须包含大写字母、小写字母、数字、符号中的至少三类")
	}
	return nil
}

// ValidatePasswordFor checks the password rule and that the password
// does not contain the login name (in any letter case).
func ValidatePasswordFor(pw, username string) error {
	if err := ValidatePassword(pw); err != nil {
		return err
	}
	if u := NormalizeUsername(username); u != "" && strings.Contains(strings.ToLower(pw), u) {
		return skillcert.Invalid("password", "密码不能包含用户名")
	}
	return nil
}
