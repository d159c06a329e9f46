package recruitment

import (
	"strings"
	"testing"
)

func TestFenString(t *testing.T) {
	tests := []struct {
		in   Fen
		want string
	}{
		{0, "0.00 元"},
		{5, "0.05 元"},
		{-150, "-1.50 元"},
		{99999, "999.99 元"},
		{100000, "1,000.00 元"},
		{196500, "1,965.00 元"},
		{Yuan(100000), "100,000.00 元"},
		{123456789, "1,234,567.89 元"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Fen(%d) = %q, want %q", int64(tt.in), got, tt.want)
		}
	}
}

func TestParseYuan(t *testing.T) {
	good := map[string]Fen{"1310": 131000, "1,310.5": 131050, "0.01": 1, " 100000 ": 10000000, "1310.00": 131000}
	for in, want := range good {
		got, err := ParseYuan(in)
		if err != nil || got != want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "1.234", "1.", "abc", "１３１０", "1e3"} {
		_, err := ParseYuan(in)
		wantError(t, err, "invalid", "amount", "金额“"+strings.TrimSpace(in)+"”无效，应为最多两位小数的元数，如 1310 或 1310.50")
	}
}
