package idcrypt

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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
// key (mode 0600, its directory 0700) when it does not exist.
func LoadOrCreateFile(path string) (*Keyring, error) {
	keys, err := ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		keys = [][]byte{NewKey()}
		err = WriteFile(path, keys)
	}
	if err != nil {
		return nil, err
	}
	return New(keys[0], keys[1:]...)
}

// ReadFile returns the keys of a key file, the current first. A file
// readable by others is refused.
func ReadFile(path string) ([][]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("the key file %s is readable by other users (mode %v); run chmod 600 on it", path, info.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var keys [][]byte
	for i, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, err := ParseKey(line)
		if err != nil {
			return nil, fmt.Errorf("the key file %s, line %d: %w", path, i+1, err)
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("the key file %s holds no key", path)
	}
	return keys, nil
}

// WriteFile replaces a key file atomically with the keys, the current
// first: mode 0600, its directory 0700.
func WriteFile(path string, keys [][]byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return err
	}
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = EncodeKey(k)
	}
	tmp, err := os.CreateTemp(dir, ".idnumber-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return err
	}
	if _, err := tmp.WriteString(strings.Join(lines, "\n") + "\n"); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
