package demo_test

import (
	"os"
	"strings"
	"sync"
	"testing"

	"skillcert/auth"
	"skillcert/demo"
)

// TestDemoPasswordIsRandomPrivateAndShared: no published password; each
// data directory gets its own, valid under the account rules, in a file
// only its owner reads, and two processes starting at once agree on it.
func TestDemoPasswordIsRandomPrivateAndShared(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		pw := demo.NewPassword()
		if err := auth.ValidatePasswordFor(pw, "admin"); err != nil {
			t.Fatalf("%q breaks the password rules: %v", pw, err)
		}
		if seen[pw] {
			t.Fatalf("%q drawn twice in 200", pw)
		}
		seen[pw] = true
	}
	dir := t.TempDir()
	var wg sync.WaitGroup
	got := make([]string, 6)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pw, err := demo.CreatePassword(dir)
			if err != nil {
				t.Error(err)
			}
			got[i] = pw
		}()
	}
	wg.Wait()
	for _, pw := range got {
		if pw != got[0] || pw == "" {
			t.Fatalf("racers disagree: %q", got)
		}
	}
	if read, err := demo.ReadPassword(dir); err != nil || read != got[0] {
		t.Fatalf("read back %q %v, want %q", read, err, got[0])
	}
	st, err := os.Stat(demo.PasswordFile(dir))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("password file mode: %v %v", st, err)
	}
	if err := os.Chmod(demo.PasswordFile(dir), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.ReadPassword(dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a password file others can read: %v", err)
	}
}
