package certificates

import (
	"crypto/sha256"
	"encoding/hex"
)

// ETag returns a strong HTTP entity tag for a rendered PDF: the quoted
// first 128 bits of its SHA-256. Rendering is deterministic, so the tag of
// a certificate changes only when what it prints changes.
func ETag(pdf []byte) string {
	sum := sha256.Sum256(pdf)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}
