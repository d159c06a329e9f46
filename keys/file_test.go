package keys_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"skillcert/keys"
)

func TestWriteFileKeepsTheFirstAndReplacesOnlyWhenAsked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k", "x.key")
	a, b := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	if err := keys.WriteFile(path, [][]byte{a, b}, false); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %o, want 600", st.Mode().Perm())
	}
	if err := keys.WriteFile(path, [][]byte{b}, false); !errors.Is(err, keys.ErrExists) {
		t.Fatalf("second create: %v, want ErrExists", err)
	}
	got, err := keys.ReadFile(path)
	if err != nil || len(got) != 2 || !bytes.Equal(got[0], a) || !bytes.Equal(got[1], b) {
		t.Fatalf("after a refused create: %v %v, want the first file's two keys in order", got, err)
	}
	if err := keys.WriteFile(path, [][]byte{b}, true); err != nil {
		t.Fatal(err)
	}
	if got, err := keys.ReadFile(path); err != nil || len(got) != 1 || !bytes.Equal(got[0], b) {
		t.Fatalf("after replace: %v %v", got, err)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp*"))
	if len(left) != 0 {
		t.Fatalf("temporary files left behind: %v", left)
	}
}

func TestReadFileRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	for name, c := range map[string]struct {
		body string
		mode os.FileMode
		want string
	}{
		"readable by others": {"AQID\n", 0o644, "readable by others"},
		"empty":              {"\n\n", 0o600, "holds no key"},
		"not base64":         {"AQID\n%%%\n", 0o600, "line 2 is not base64"},
	} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
		if err := os.WriteFile(p, []byte(c.body), c.mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, c.mode); err != nil {
			t.Fatal(err)
		}
		if _, err := keys.ReadFile(p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", name, err, c.want)
		}
	}
}

// Processes starting at once on one data directory must agree on one key.
func TestLoadOrCreateRacersAgree(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	got := make([][]byte, 8)
	errs := make([]error, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _, errs[i] = keys.LoadOrCreate(dir, "race")
		}()
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !bytes.Equal(got[i], got[0]) {
			t.Fatalf("racer %d got a different key", i)
		}
	}
}
