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
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
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
// creates it: the directory with mode 0700, the file with mode 0600,
// written to a temporary file and linked into place so that two processes
// starting at once agree on one key. A key file readable by group or
// others is refused. created reports whether this call made the file.
func LoadOrCreate(dataDir, name string) (key []byte, created bool, err error) {
	if dataDir == "" || name == "" || strings.ContainsAny(name, `/\`) {
		return nil, false, errors.New("keys: a data directory and a plain key name are required")
	}
	dir := Dir(dataDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false, fmt.Errorf("keys: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, false, fmt.Errorf("keys: %w", err)
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
	tmp, err := os.CreateTemp(dir, name+".tmp-*")
	if err != nil {
		return nil, false, fmt.Errorf("keys: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, false, fmt.Errorf("keys: %w", err)
	}
	if _, err := tmp.WriteString(base64.StdEncoding.EncodeToString(raw) + "\n"); err != nil {
		tmp.Close()
		return nil, false, fmt.Errorf("keys: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, false, fmt.Errorf("keys: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, false, fmt.Errorf("keys: %w", err)
	}
	// Link fails if another process created the key first: use theirs.
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			key, err := read(path)
			return key, false, err
		}
		return nil, false, fmt.Errorf("keys: %w", err)
	}
	return raw, true, nil
}

func read(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("keys: %s is readable by others (mode %o); run chmod 600 on it", path, st.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) < MinSecretLen {
		return nil, fmt.Errorf("keys: %s does not hold a base64 key of at least %d bytes", path, MinSecretLen)
	}
	return key, nil
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
