package certificates

import "testing"

// Verification compares names after Unicode normalization (NFC) and
// ignoring Latin letter case.
func TestSameNameNormalizesUnicodeAndCase(t *testing.T) {
	decomposed := "E\u0301mile·Dupont" // É as E + combining acute
	for _, tt := range []struct {
		typed, holder string
		want          bool
	}{
		{decomposed, "Émile·Dupont", true},
		{"émile·dupont", "Émile·Dupont", true},
		{"EMILE·DUPONT", "Émile·Dupont", false}, // a missing accent is another name
		{"阿依古丽·买买提", "阿依古丽·买买提", true},
		{"阿依古丽 · 买买提", "阿依古丽·买买提", true},
		{"张三", "张山", false},
	} {
		if got := sameName(tt.typed, tt.holder); got != tt.want {
			t.Errorf("sameName(%q, %q) = %v, want %v", tt.typed, tt.holder, got, tt.want)
		}
	}
}
