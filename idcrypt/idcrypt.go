// Package idcrypt protects resident ID numbers at rest: each number is
// stored encrypted with AES-256-GCM under a key named in the ciphertext,
// and found again by a keyed hash (HMAC-SHA256) instead of the plaintext.
// A Keyring holds the current key, which seals and hashes, and any older
// keys, which still open and look up until a rotation re-encrypted every
// record under the current key.
package idcrypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length of a master key in bytes.
const KeySize = 32

// sealedPrefix starts every sealed value: the format's version.
const sealedPrefix = "v1."

// key is one master key and what is derived from it: separate keys for
// encryption and for the lookup hash, and a short public identifier.
type key struct {
	id   string
	aead cipher.AEAD
	mac  []byte
}

func newKey(master []byte) (*key, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("idcrypt: a key must be %d bytes, got %d", KeySize, len(master))
	}
	derive := func(purpose string) []byte {
		k, err := hkdf.Key(sha256.New, master, nil, "skillcert id-number "+purpose, 32)
		if err != nil {
			panic(err) // only for lengths hkdf cannot produce
		}
		return k
	}
	block, err := aes.NewCipher(derive("aes-256-gcm"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &key{id: hex.EncodeToString(derive("key id")[:4]), aead: aead, mac: derive("hmac-sha256 lookup")}, nil
}

// Keyring is the current key and the older ones still accepted.
type Keyring struct {
	current *key
	byID    map[string]*key
	order   []*key // current first
}

// New returns a keyring sealing with current and accepting old as well.
func New(current []byte, old ...[]byte) (*Keyring, error) {
	k := &Keyring{byID: map[string]*key{}}
	for _, m := range append([][]byte{current}, old...) {
		kk, err := newKey(m)
		if err != nil {
			return nil, err
		}
		if _, dup := k.byID[kk.id]; dup {
			continue
		}
		k.byID[kk.id] = kk
		k.order = append(k.order, kk)
	}
	k.current = k.order[0]
	return k, nil
}

// NewKey returns a fresh random master key.
func NewKey() []byte {
	b := make([]byte, KeySize)
	_, _ = rand.Read(b)
	return b
}

// ParseKey reads a master key written in standard base64 (as
// EncodeKey writes it).
func ParseKey(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return nil, errors.New("idcrypt: the key is not base64")
	}
	if len(b) != KeySize {
		return nil, fmt.Errorf("idcrypt: the key must be %d bytes (base64 of %d random bytes), got %d", KeySize, KeySize, len(b))
	}
	return b, nil
}

// EncodeKey writes a master key in standard base64.
func EncodeKey(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// KeyID is the identifier of the current key, as sealed values name it.
func (k *Keyring) KeyID() string { return k.current.id }

// KeyIDs lists the identifiers of every key, the current one first.
func (k *Keyring) KeyIDs() []string {
	out := make([]string, len(k.order))
	for i, kk := range k.order {
		out[i] = kk.id
	}
	return out
}

// Seal encrypts a number under the current key: "v1.<key id>.<base64 of
// nonce and ciphertext>". The key id is authenticated with the number.
func (k *Keyring) Seal(number string) string {
	c := k.current
	nonce := make([]byte, c.aead.NonceSize())
	_, _ = rand.Read(nonce)
	out := c.aead.Seal(nonce, nonce, []byte(number), []byte(sealedPrefix+c.id))
	return sealedPrefix + c.id + "." + base64.RawStdEncoding.EncodeToString(out)
}

// ErrUnknownKey is returned for a value sealed under a key the keyring
// does not hold.
var ErrUnknownKey = errors.New("idcrypt: the value was sealed under a key that is not configured")

// Open decrypts a sealed number with the key it names.
func (k *Keyring) Open(sealed string) (string, error) {
	id, body, ok := parseSealed(sealed)
	if !ok {
		return "", errors.New("idcrypt: not a sealed value")
	}
	c, ok := k.byID[id]
	if !ok {
		return "", ErrUnknownKey
	}
	// Strict: a body whose unused trailing bits are set is not the
	// encoding Seal wrote, so it is refused rather than read as the same
	// bytes.
	raw, err := base64.RawStdEncoding.Strict().DecodeString(body)
	if err != nil || len(raw) < c.aead.NonceSize() {
		return "", errors.New("idcrypt: a sealed value is damaged")
	}
	n := c.aead.NonceSize()
	plain, err := c.aead.Open(nil, raw[:n], raw[n:], []byte(sealedPrefix+id))
	if err != nil {
		return "", errors.New("idcrypt: a sealed value does not authenticate")
	}
	return string(plain), nil
}

// SealedUnder returns the key id a sealed value names ("" if none).
func SealedUnder(sealed string) string {
	id, _, _ := parseSealed(sealed)
	return id
}

func parseSealed(s string) (id, body string, ok bool) {
	rest, ok := strings.CutPrefix(s, sealedPrefix)
	if !ok {
		return "", "", false
	}
	return strings.Cut(rest, ".")
}

// Hash is the lookup hash of a number under the current key: HMAC-SHA256
// with a key derived for lookups only, hex-encoded. Pass the number in
// its one normal form (upper-case X).
func (k *Keyring) Hash(number string) string { return k.current.hash(number) }

// Hashes are the lookup hashes of a number under every key, the current
// one first: a record not yet re-encrypted by a rotation carries the old
// key's hash.
func (k *Keyring) Hashes(number string) []string {
	out := make([]string, len(k.order))
	for i, kk := range k.order {
		out[i] = kk.hash(number)
	}
	return out
}

func (c *key) hash(number string) string {
	m := hmac.New(sha256.New, c.mac)
	m.Write([]byte(number))
	return hex.EncodeToString(m.Sum(nil))
}

// Tag is a keyed hash of a value for another purpose than lookup (e.g. a
// throttle key), so the stored form never reveals the number.
func (k *Keyring) Tag(purpose, value string) string {
	m := hmac.New(sha256.New, k.current.mac)
	m.Write([]byte(purpose + "\x00" + value))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
