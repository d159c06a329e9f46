package recruitment

import "testing"

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
