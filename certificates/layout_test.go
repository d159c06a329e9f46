package certificates

import (
	"strings"
	"testing"
)

func TestWrapKeepsRulesOfChineseLineBreaking(t *testing.T) {
	fs := testRenderer(t).fonts
	text := "桐乡市2026年度基层人力资源和社会保障平台工作人员（人力社保协理员）岗位能力提升培训班，含Excel数据处理、政策法规。"
	for _, width := range []float64{40, 55, 70, 90, 120} {
		lines := fs.wrap(text, width, 12)
		if strings.Join(lines, "") != text {
			t.Fatalf("width %v: lines %q do not join back to the text", width, lines)
		}
		for i, line := range lines {
			if w := fs.width(line, 12); w > width {
				t.Errorf("width %v: line %q is %.1f mm wide", width, line, w)
			}
			first, last := []rune(line)[0], []rune(line)[len([]rune(line))-1]
			if i > 0 && closing(first) {
				t.Errorf("width %v: line %q starts with closing punctuation", width, line)
			}
			if i < len(lines)-1 && opening(last) {
				t.Errorf("width %v: line %q ends with opening punctuation", width, line)
			}
			if strings.Contains(line, "Exc") != strings.Contains(line, "Excel") || strings.Contains(line, "202") != strings.Contains(line, "2026") {
				t.Errorf("width %v: line %q splits a Latin word or number", width, line)
			}
		}
	}
}

func TestWrapSplitsAWordWiderThanTheLine(t *testing.T) {
	fs := testRenderer(t).fonts
	lines := fs.wrap("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 20, 12)
	if len(lines) < 2 || strings.Join(lines, "") != "ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
		t.Fatalf("lines = %q", lines)
	}
	for _, line := range lines {
		if fs.width(line, 12) > 20 {
			t.Errorf("line %q too wide", line)
		}
	}
}

func TestSetPrefersOneLineThenShrinksThenWraps(t *testing.T) {
	fs := testRenderer(t).fonts
	box := fit{width: 100, maxPt: 15, oneLinePt: 12, minPt: 10, maxLines: 2}
	tests := []struct {
		text      string
		wantLines int
		wantPt    float64 // 0: any size in range
		ok        bool
	}{
		{"电工", 1, 15, true},
		{strings.Repeat("培", 20), 1, 0, true}, // 20 characters fit at 14pt
		{strings.Repeat("培", 30), 2, 0, true},
		{strings.Repeat("培", 56), 2, 10, true},
		{strings.Repeat("培", 80), 0, 0, false},
	}
	for _, tt := range tests {
		lines, pt, ok := fs.set(tt.text, box)
		if ok != tt.ok {
			t.Fatalf("%d characters: ok = %v", len([]rune(tt.text)), ok)
		}
		if !ok {
			continue
		}
		if len(lines) != tt.wantLines || (tt.wantPt != 0 && pt != tt.wantPt) || pt < box.minPt || pt > box.maxPt {
			t.Errorf("%d characters: %d lines at %vpt", len([]rune(tt.text)), len(lines), pt)
		}
		if len(lines) == 1 && pt < box.oneLinePt {
			t.Errorf("%d characters: one line at %vpt, below %v", len([]rune(tt.text)), pt, box.oneLinePt)
		}
		for _, line := range lines {
			if fs.width(line, pt) > box.width {
				t.Errorf("line %q overflows", line)
			}
		}
	}
}

// TestLayoutKeepsTextsInTheirBoxes checks the long certificate: no text
// leaves the inner border and the values of the grid keep left of the QR.
func TestLayoutKeepsTextsInTheirBoxes(t *testing.T) {
	r := testRenderer(t)
	for _, d := range []Document{sampleDocument(), longDocument()} {
		p, err := r.layout(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, tx := range p.texts {
			right := tx.x + r.fonts.width(tx.s, tx.pt)
			if tx.x < 16 || right > pageW-16 || tx.y < 16 || tx.y > pageH-16 {
				t.Errorf("%q at (%.1f–%.1f, %.1f) leaves the frame", tx.s, tx.x, right, tx.y)
			}
			if tx.y > qrY && tx.y < qrY+qrSize+8 && tx.x < qrX && right > qrX-4 {
				t.Errorf("%q runs into the QR code", tx.s)
			}
		}
	}
}

func TestRefusesTextTooLongToPrint(t *testing.T) {
	r := testRenderer(t)
	tests := []struct {
		field  string
		change func(*Document)
	}{
		{"holderName", func(d *Document) { d.HolderName = strings.Repeat("名", 30) }},
		{"courseTitle", func(d *Document) { d.CourseTitle = strings.Repeat("培训", 50) }},
		{"trade", func(d *Document) { d.Trade = strings.Repeat("工种", 30) }},
		{"organizer", func(d *Document) { d.Organizer = strings.Repeat("管理所", 30) }},
		{"number", func(d *Document) { d.Number = strings.Repeat("TX2026-WZ-", 12) }},
	}
	for _, tt := range tests {
		d := sampleDocument()
		tt.change(&d)
		_, err := r.Render(d)
		assertInvalid(t, err, tt.field, "过长")
		assertInvalid(t, r.Check(d), tt.field, "过长")
	}
}
