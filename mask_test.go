package skillcert

import "testing"

func TestMaskIDNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"33048319930818103X", "330483********103X"},
		{" 330483198503121011 ", "330483********1011"},
		{"330483850312101", "330483********2101"},
		{"12345678901", "123456********8901"},
		{"1234567890", "**********"},
		{"123", "***"},
		{"", ""},
		{"张三李四王五赵六孙七周八", "张三李四王五********孙七周八"},
	}
	for _, tt := range tests {
		if got := MaskIDNumber(tt.in); got != tt.want {
			t.Errorf("MaskIDNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
