package certificates

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaskName shows a holder's name on the public verification page: the
// first and last characters with the others as asterisks (张*明, 欧阳**华);
// a two-character name keeps its first (张*); one character is masked
// whole. A name in parts (阿卜杜·买买提) is masked as one.
func MaskName(name string) string {
	r := []rune(strings.TrimSpace(name))
	switch len(r) {
	case 0:
		return ""
	case 1:
		return "*"
	case 2:
		return string(r[0]) + "*"
	}
	return string(r[0]) + strings.Repeat("*", len(r)-2) + string(r[len(r)-1])
}

// sameName reports whether a typed name is the holder's: spaces (also
// full-width), the forms of the middle dot in names of several parts,
// Unicode composition and Latin letter case do not count.
func sameName(typed, holder string) bool {
	return nameKey(typed) != "" && nameKey(typed) == nameKey(holder)
}

// nameKey is a name as compared: NFC-normalized (a decomposed É is É),
// letters in lower case (Émile is émile), spaces dropped and the middle
// dots of transcribed names unified.
func nameKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(norm.NFC.String(s)) {
		switch {
		case unicode.IsSpace(r):
		case r == '·' || r == '•' || r == '・' || r == '.' || r == '．':
			b.WriteRune('·')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
