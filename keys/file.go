package keys

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ReadPrivate returns the content of a secret file, refusing a file
// readable by group or others.
func ReadPrivate(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("keys: %s is readable by others (mode %o); run chmod 600 on it", path, st.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	return data, nil
}

// ReadFile returns the keys of a key file, one base64 key a line, in the
// file's order. A file readable by group or others is refused, as is a
// file holding no key or a line that is not base64.
func ReadFile(path string) ([][]byte, error) {
	data, err := ReadPrivate(path)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for i, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(line))
		if err != nil {
			return nil, fmt.Errorf("keys: %s, line %d is not base64", path, i+1)
		}
		out = append(out, k)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("keys: %s holds no key", path)
	}
	return out, nil
}

// ErrExists is returned by WriteFile when it may not replace a file that
// another process created first.
var ErrExists = fs.ErrExist

// WriteFile writes the keys to a key file, one base64 key a line, with
// WritePrivate.
func WriteFile(path string, keys [][]byte, replace bool) error {
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = base64.StdEncoding.EncodeToString(k)
	}
	return WritePrivate(path, []byte(strings.Join(lines, "\n")+"\n"), replace)
}

// WritePrivate writes a secret file: the directory with mode 0700, the
// file with mode 0600, written to a temporary file and synced before it
// is put in place, so that no reader ever sees it half written. With
// replace the file takes the place of any existing one (a rotation);
// without, an existing file is left alone and the error is ErrExists, so
// that two processes starting at once agree on the first one's content.
func WritePrivate(path string, data []byte, replace bool) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	defer os.Remove(tmp.Name())
	werr := tmp.Chmod(0o600)
	if werr == nil {
		_, werr = tmp.Write(data)
	}
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("keys: %w", werr)
	}
	if replace {
		if err := os.Rename(tmp.Name(), path); err != nil {
			return fmt.Errorf("keys: %w", err)
		}
		return nil
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return ErrExists
		}
		return fmt.Errorf("keys: %w", err)
	}
	return nil
}
