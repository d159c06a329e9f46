package idcrypt

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"skillcert/keys"
)

// KeyFile is where the embedded engine keeps the ID-number keys, under
// the data directory: one base64 key a line, the current key first, older
// keys after it while a rotation is under way.
const KeyFile = "keys/idnumber.key"

// Load returns the keyring of the configuration: current (base64) and old
// (comma-separated base64 keys still accepted during a rotation) when
// current is set; otherwise the key file under dataDir, created with a
// fresh key on first use. With neither, it fails: a MongoDB deployment
// must configure its key.
func Load(current, old, dataDir string) (*Keyring, error) {
	if strings.TrimSpace(current) != "" {
		return FromConfig(current, old)
	}
	if dataDir == "" {
		return nil, errors.New("SKILLCERT_ID_KEY is not set: give the ID-number key (base64 of 32 random bytes, e.g. `head -c 32 /dev/urandom | base64`)")
	}
	return LoadOrCreateFile(filepath.Join(dataDir, KeyFile))
}

// FromConfig reads the current key and the old ones (comma-separated),
// each in base64.
func FromConfig(current, old string) (*Keyring, error) {
	cur, err := ParseKey(current)
	if err != nil {
		return nil, fmt.Errorf("SKILLCERT_ID_KEY: %w", err)
	}
	var olds [][]byte
	for _, s := range strings.Split(old, ",") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		k, err := ParseKey(s)
		if err != nil {
			return nil, fmt.Errorf("SKILLCERT_ID_KEY_OLD: %w", err)
		}
		olds = append(olds, k)
	}
	return New(cur, olds...)
}

// LoadOrCreateFile reads the keys of a key file, creating it with a fresh
// key (mode 0600, its directory 0700) when it does not exist; if another
// process creates it at the same moment, its key is used.
func LoadOrCreateFile(path string) (*Keyring, error) {
	ks, err := ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		err = keys.WriteFile(path, [][]byte{NewKey()}, false)
		if err == nil || errors.Is(err, keys.ErrExists) {
			ks, err = ReadFile(path)
		}
	}
	if err != nil {
		return nil, err
	}
	return New(ks[0], ks[1:]...)
}

// ReadFile returns the keys of a key file, the current first, each
// checked to be a key of KeySize bytes. A file readable by others is
// refused.
func ReadFile(path string) ([][]byte, error) {
	ks, err := keys.ReadFile(path)
	if err != nil {
		return nil, err
	}
	for i, k := range ks {
		if len(k) != KeySize {
			return nil, fmt.Errorf("the key file %s, key %d: %d bytes, want %d", path, i+1, len(k), KeySize)
		}
	}
	return ks, nil
}

// WriteFile replaces a key file atomically with the keys, the current
// first: mode 0600, its directory 0700.
func WriteFile(path string, ks [][]byte) error {
	return keys.WriteFile(path, ks, true)
}
