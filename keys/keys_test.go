package keys

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestLoadOrCreateMakesOnePrivateRandomKey(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	got := make([][]byte, 8)
	created := make([]bool, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k, c, err := LoadOrCreate(dir, "signing")
			if err != nil {
				t.Error(err)
			}
			got[i], created[i] = k, c
		}()
	}
	wg.Wait()
	n := 0
	for i := range got {
		if !bytes.Equal(got[i], got[0]) {
			t.Fatalf("two keys: %x and %x", got[0], got[i])
		}
		if created[i] {
			n++
		}
	}
	if n != 1 || len(got[0]) != 32 {
		t.Errorf("created %d times, key length %d", n, len(got[0]))
	}
	st, err := os.Stat(Path(dir, "signing"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v (%v), want 0600", st.Mode().Perm(), err)
	}
	dst, _ := os.Stat(Dir(dir))
	if dst.Mode().Perm() != 0o700 {
		t.Errorf("key directory mode %v, want 0700", dst.Mode().Perm())
	}
	again, c, err := LoadOrCreate(dir, "signing")
	if err != nil || c || !bytes.Equal(again, got[0]) {
		t.Errorf("second start: created=%v err=%v same=%v", c, err, bytes.Equal(again, got[0]))
	}
	other, _, _ := LoadOrCreate(t.TempDir(), "signing")
	if bytes.Equal(other, got[0]) {
		t.Error("two data directories got the same key")
	}
}

func TestLoadOrCreateRefusesAKeyOthersCanRead(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := LoadOrCreate(dir, "signing"); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(Path(dir, "signing"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreate(dir, "signing"); err == nil {
		t.Error("a world-readable key file was accepted")
	}
	if _, _, err := LoadOrCreate(dir, "../x"); err == nil {
		t.Error("a key name with a path was accepted")
	}
	if err := os.WriteFile(filepath.Join(Dir(dir), "short.key"), []byte("c2hvcnQ=\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreate(dir, "short"); err == nil {
		t.Error("a short key was accepted")
	}
}

func TestDeriveGivesEachPurposeItsOwnKey(t *testing.T) {
	m := []byte("0123456789abcdef0123456789abcdef")
	seen := map[string]string{}
	for _, p := range []string{PurposeJWT, PurposeCheckin, PurposeCalendar, PurposeCSRF, PurposeActivation} {
		k := Derive(m, p)
		if len(k) != 32 || bytes.Equal(k, m) {
			t.Errorf("%s: bad key", p)
		}
		if q, dup := seen[string(k)]; dup {
			t.Errorf("%s and %s share a key", p, q)
		}
		seen[string(k)] = p
		if !bytes.Equal(k, Derive(m, p)) {
			t.Errorf("%s: not deterministic", p)
		}
	}
	if bytes.Equal(Derive(m, PurposeJWT), Derive([]byte("another-master-secret-0123456789ab"), PurposeJWT)) {
		t.Error("the master secret does not matter")
	}
}
