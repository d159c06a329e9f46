package skillcert

import (
	"crypto/rand"
	"encoding/hex"
)

// NewID returns a random, unguessable 24-hex-digit identifier for records
// that have no natural key.
func NewID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
