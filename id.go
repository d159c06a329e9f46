package skillcert

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
)

// NewID returns a random, unguessable 24-hex-digit identifier for records
// that have no natural key.
func NewID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// MaskIDNumber masks an ID number for display: the first 6 characters, 8
// asterisks and the last 4 (330483********123X) when it has more than 10
// characters, otherwise one asterisk per character, so a short or
// malformed value never shows.
func MaskIDNumber(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= 10 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:6]) + "********" + string(r[len(r)-4:])
}
