// Package keys holds the platform's secret keys: the one master secret
// from configuration or, for the embedded engine, from a key file that is
// created with random bytes on first start in the data directory; and the
// derivation of one key per purpose from it, so that no key serves two
// purposes and none is a constant in the source.
package keys

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// The purposes a key is derived for. Each purpose gets its own key from
// the master secret (Derive); adding a purpose never changes another's.
const (
	PurposeJWT        = "jwt"             // login token signatures
	PurposeCheckin    = "checkin"         // rotating check-in codes of sessions
	PurposeCalendar   = "ics-feed"        // calendar (.ics) feed links
	PurposeCSRF       = "csrf"            // per-session CSRF tokens
	PurposeActivation = "activation-code" // keyed hashes of one-time activation codes
	PurposeAudit      = "audit-chain"     // the audit trail's hash chain
)

// SigningKey names the key file (<data>/keys/signing.key) holding the
// master secret when SKILLCERT_JWT_SECRET is unset with the embedded
// engine; every purpose above derives its key from it.
const SigningKey = "signing"

// Dir is the directory of the key files under a data directory.
func Dir(dataDir string) string { return filepath.Join(dataDir, "keys") }

// Path is the file of a named key under a data directory.
func Path(dataDir, name string) string { return filepath.Join(Dir(dataDir), name+".key") }

// MinSecretLen is the least length of a configured secret, in bytes.
const MinSecretLen = 32

// LoadOrCreate returns the named key of a data directory
// (<data>/keys/<name>.key, base64 of 32 random bytes). The first call
// creates it (WriteFile: directory 0700, file 0600, never replacing a file
// another process created first). A key file readable by group or others
// is refused. created reports whether this call made the file.
func LoadOrCreate(dataDir, name string) (key []byte, created bool, err error) {
	if dataDir == "" || name == "" || strings.ContainsAny(name, `/\`) {
		return nil, false, errors.New("keys: a data directory and a plain key name are required")
	}
	path := Path(dataDir, name)
	key, err = read(path)
	if err == nil {
		return key, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, false, fmt.Errorf("keys: %w", err)
	}
	if err := WriteFile(path, [][]byte{raw}, false); err != nil {
		if errors.Is(err, ErrExists) {
			key, err := read(path)
			return key, false, err
		}
		return nil, false, err
	}
	return raw, true, nil
}

// read returns the single master key of a key file.
func read(path string) ([]byte, error) {
	ks, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(ks) != 1 || len(ks[0]) < MinSecretLen {
		return nil, fmt.Errorf("keys: %s does not hold one base64 key of at least %d bytes", path, MinSecretLen)
	}
	return ks[0], nil
}

// Derive returns the 32-byte key of one purpose derived from the master
// secret with HKDF-SHA256 (the purpose is the info string).
func Derive(master []byte, purpose string) []byte {
	k, err := hkdf.Key(sha256.New, master, []byte("skillcert"), "skillcert/"+purpose, 32)
	if err != nil {
		// Only an output longer than 255 hash lengths fails.
		panic(err)
	}
	return k
}
