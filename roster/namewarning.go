package roster

import (
	"fmt"
	"strings"
)

// NameWarnings says, in Chinese, when a name has characters the
// certificate cannot print: those outside the Basic Multilingual Plane
// (CJK Extension B and beyond, e.g. 𠮷 U+20BB7, 𪚥 U+2A6A5). The
// certificate fonts are read through their BMP character map only, and
// the embedded face (Droid Sans Fallback) has no glyph for these
// characters in its full map either, so a certificate for the name could
// not be issued. The name is accepted — it is the person's name — and the
// warning is given at registration and enrollment, long before the
// certificate is due. Nil when the name prints.
func NameWarnings(name string) []string {
	var odd []string
	seen := map[rune]bool{}
	for _, r := range name {
		if r > 0xFFFF && !seen[r] {
			seen[r] = true
			odd = append(odd, fmt.Sprintf("“%c”（U+%X）", r, r))
		}
	}
	if len(odd) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("姓名中的%s为扩展区汉字，证书字体无法打印，结业后将不能签发证书；请核对姓名写法，如确为本字请联系市局",
		strings.Join(odd, "、"))}
}
