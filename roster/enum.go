package roster

import (
	"strings"
	"unicode"

	"skillcert"
)

// normalizeLabel trims a typed label and drops the spaces inside it.
func normalizeLabel(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// parseEnum finds the value whose Chinese label, English code or alias is
// s. The empty string finds nothing.
func parseEnum[T ~string](s string, all []T, label func(T) string, aliases map[string]T) (T, bool) {
	k := normalizeLabel(s)
	if k == "" {
		return "", false
	}
	for _, v := range all {
		if k == label(v) || strings.EqualFold(k, string(v)) {
			return v, true
		}
	}
	v, ok := aliases[k]
	return v, ok
}

// labels joins the Chinese labels of all values with 、.
func labels[T ~string](all []T, label func(T) string) string {
	names := make([]string, len(all))
	for i, v := range all {
		names[i] = label(v)
	}
	return strings.Join(names, "、")
}

// enumError tells that s is not one of the allowed values of the field.
func enumError[T ~string](field Field, s string, all []T, label func(T) string) *skillcert.Error {
	return skillcert.Invalid(string(field), "%s“%s”无法识别，可填写：%s", field.Column(), strings.TrimSpace(s), labels(all, label))
}
