package demo

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"path/filepath"
	"strings"

	"skillcert/keys"
)

// PasswordEnv names the variable that sets the demo accounts' password;
// without it, an embedded data directory keeps a random one in
// PasswordFile. No password is written in the source: a demo set loaded
// where others can reach it must not open with a published password.
const PasswordEnv = "SKILLCERT_DEMO_PASSWORD"

// PasswordFile is where an embedded data directory keeps the demo
// accounts' password (mode 0600).
func PasswordFile(dataDir string) string { return filepath.Join(dataDir, "demo-password") }

// NewPassword returns a random password that meets the account rules
// (three classes of characters, at least 8 long) and is easy to type:
// "Demo-" followed by six lower-case letters without l or o and four
// digits, about 41 bits.
func NewPassword() string {
	const letters = "abcdefghijkmnpqrstuvwxyz"
	var b strings.Builder
	b.WriteString("Demo-")
	for i := range 10 {
		alphabet := letters
		if i >= 6 {
			alphabet = "0123456789"
		}
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		b.WriteByte(alphabet[n.Int64()])
	}
	return b.String()
}

// ReadPassword returns the demo password kept in a data directory, or
// fs.ErrNotExist. A file readable by others is refused.
func ReadPassword(dataDir string) (string, error) {
	path := PasswordFile(dataDir)
	b, err := keys.ReadPrivate(path)
	if err != nil {
		return "", err
	}
	pw := strings.TrimSpace(string(b))
	if pw == "" {
		return "", fmt.Errorf("demo: %s is empty", path)
	}
	return pw, nil
}

// CreatePassword writes a new random demo password into a data directory
// and returns it; if another process wrote one first, that one is
// returned.
func CreatePassword(dataDir string) (string, error) {
	pw := NewPassword()
	err := keys.WritePrivate(PasswordFile(dataDir), []byte(pw+"\n"), false)
	if errors.Is(err, keys.ErrExists) {
		return ReadPassword(dataDir)
	}
	if err != nil {
		return "", err
	}
	return pw, nil
}
