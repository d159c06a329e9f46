package idcrypt

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const number = "33048319850312123X"

func TestSealOpenAndKeyID(t *testing.T) {
	k, err := New(NewKey())
	if err != nil {
		t.Fatal(err)
	}
	a, b := k.Seal(number), k.Seal(number)
	if a == b {
		t.Error("two seals of one number are equal: the nonce is not random")
	}
	if strings.Contains(a, number) || strings.Contains(a, "19850312") {
		t.Errorf("sealed value shows the number: %s", a)
	}
	if SealedUnder(a) != k.KeyID() {
		t.Errorf("sealed under %q, want %q", SealedUnder(a), k.KeyID())
	}
	got, err := k.Open(a)
	if err != nil || got != number {
		t.Fatalf("Open = %q, %v", got, err)
	}
	// Any changed byte fails authentication: flip each byte of the sealed
	// body in turn (a fixed "AA" suffix was, once in 256 seals, the same
	// last byte and opened).
	id, body, _ := parseSealed(a)
	raw, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil {
		t.Fatal(err)
	}
	for i := range raw {
		changed := append([]byte(nil), raw...)
		changed[i] ^= 0x01
		tampered := sealedPrefix + id + "." + base64.RawStdEncoding.EncodeToString(changed)
		if _, err := k.Open(tampered); err == nil {
			t.Fatalf("a value with byte %d changed opened", i)
		}
	}
	// The same bytes written with an unused trailing bit changed are not
	// what Seal wrote: refused. (46 bytes leave the last character 4
	// unused low bits; toggling the lowest changes only those.)
	if len(raw)%3 == 0 {
		t.Fatalf("a sealed value of %d bytes has no unused bits to test", len(raw))
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	pos := strings.IndexByte(alphabet, body[len(body)-1])
	loose := body[:len(body)-1] + string(alphabet[pos^1])
	if got, err := base64.RawStdEncoding.DecodeString(loose); err != nil || string(got) != string(raw) {
		t.Fatalf("the loose body does not decode to the same bytes: %v", err)
	}
	if _, err := k.Open(sealedPrefix + id + "." + loose); err == nil {
		t.Error("a body with an unused trailing bit set opened")
	}
	other, _ := New(NewKey())
	if _, err := other.Open(a); err != ErrUnknownKey {
		t.Errorf("another keyring: %v, want ErrUnknownKey", err)
	}
}

func TestRotationKeepsOldKeysReadable(t *testing.T) {
	oldKey, newKey := NewKey(), NewKey()
	before, _ := New(oldKey)
	sealed := before.Seal(number)
	during, err := New(newKey, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := during.Open(sealed); err != nil || got != number {
		t.Fatalf("old value under the rotating keyring: %q, %v", got, err)
	}
	if during.KeyID() == before.KeyID() || SealedUnder(during.Seal(number)) != during.KeyID() {
		t.Error("the rotating keyring does not seal under the new key")
	}
	hs := during.Hashes(number)
	if len(hs) != 2 || hs[0] != during.Hash(number) || hs[1] != before.Hash(number) {
		t.Errorf("hashes %v: want the new key's then the old key's", hs)
	}
	if before.Hash(number) == before.Hash("330483198503121231") {
		t.Error("different numbers hash alike")
	}
}

func TestHashIsKeyed(t *testing.T) {
	a, _ := New(NewKey())
	b, _ := New(NewKey())
	if a.Hash(number) == b.Hash(number) {
		t.Error("the hash does not depend on the key")
	}
	if a.Hash(number) != a.Hash(number) {
		t.Error("the hash is not deterministic")
	}
}

func TestKeyFileCreatedPrivateAndReused(t *testing.T) {
	dir := t.TempDir()
	k1, err := Load("", "", dir)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, KeyFile)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", info.Mode().Perm())
	}
	if d, _ := os.Stat(filepath.Dir(path)); d.Mode().Perm() != 0o700 {
		t.Errorf("key directory mode %v, want 0700", d.Mode().Perm())
	}
	k2, err := Load("", "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if k1.KeyID() != k2.KeyID() {
		t.Error("a second start made a new key")
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load("", "", dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a world-readable key file: %v", err)
	}
}

func TestLoadFromConfig(t *testing.T) {
	cur, old := NewKey(), NewKey()
	k, err := Load(EncodeKey(cur), " "+EncodeKey(old)+" ,", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(k.KeyIDs()) != 2 {
		t.Errorf("key ids %v", k.KeyIDs())
	}
	if _, err := Load("", "", ""); err == nil || !strings.Contains(err.Error(), "SKILLCERT_ID_KEY") {
		t.Errorf("no key and no data directory: %v", err)
	}
	for _, bad := range []string{"not base64!", EncodeKey([]byte("short"))} {
		if _, err := Load(bad, "", ""); err == nil || !strings.Contains(err.Error(), "SKILLCERT_ID_KEY") {
			t.Errorf("key %q: %v", bad, err)
		}
	}
}

// Two starts at once on a fresh data directory used to write two keys,
// the second replacing the first after the first had sealed with it.
func TestKeyFileRacersAgree(t *testing.T) {
	dir := t.TempDir()
	ids := make(chan string, 8)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			k, err := Load("", "", dir)
			if err != nil {
				errs <- err
				return
			}
			ids <- k.KeyID()
		}()
	}
	var first string
	for range 8 {
		select {
		case err := <-errs:
			t.Fatal(err)
		case id := <-ids:
			if first == "" {
				first = id
			} else if id != first {
				t.Fatalf("racers got different keys: %s and %s", first, id)
			}
		}
	}
}
