package certificates

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestParseTrueTypeRefusesOtherFormats(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":               nil,
		"OpenType CFF (OTTO)": append([]byte("OTTO"), make([]byte, 12)...),
		"collection (ttcf)":   append([]byte("ttcf"), make([]byte, 12)...),
		"truncated directory": {0, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0},
	} {
		if _, err := parseTrueType(data); err == nil {
			t.Errorf("%s: parsed without error", name)
		}
	}
}

// gbHanzi decodes every two-byte GBK code in the given ranges and returns
// those that are CJK Unified Ideographs.
func gbHanzi(firstHi, lastHi, firstLo, lastLo byte) []rune {
	dec := simplifiedchinese.GBK.NewDecoder()
	var out []rune
	for hi := int(firstHi); hi <= int(lastHi); hi++ {
		for lo := int(firstLo); lo <= int(lastLo); lo++ {
			b, err := dec.Bytes([]byte{byte(hi), byte(lo)})
			r := []rune(string(b))
			if err == nil && len(r) == 1 && r[0] >= 0x4E00 && r[0] <= 0x9FFF { // CJK Unified Ideographs
				out = append(out, r[0])
			}
		}
	}
	return out
}

func TestFontsCoverGB2312AndGBK(t *testing.T) {
	fs := testRenderer(t).fonts
	gb2312 := gbHanzi(0xB0, 0xF7, 0xA1, 0xFE)
	if len(gb2312) != 6763 {
		t.Fatalf("decoded %d GB2312 Han characters, want 6763", len(gb2312))
	}
	gbk := gbHanzi(0x81, 0xFE, 0x40, 0xFE)
	if len(gbk) < 20000 {
		t.Fatalf("decoded only %d GBK Han characters", len(gbk))
	}
	for _, set := range [][]rune{gb2312, gbk, []rune("喆堃玥昇珺彧翀璟祎赟淼焱鑫垚燚昊旻晞犇骉龑·")} {
		for _, r := range set {
			if _, _, ok := fs.faceOf(r); !ok {
				t.Errorf("no glyph for %q (U+%04X)", r, r)
			}
		}
	}
	for _, r := range " 0123456789ABCXYZabcxyz-:/.?=&%*（）：，。—" {
		if _, _, ok := fs.faceOf(r); !ok {
			t.Errorf("no glyph for %q", r)
		}
	}
	for _, r := range []rune{'𠈌', '😀', '\n', '\u0000', 0xE000} {
		if _, _, ok := fs.faceOf(r); ok {
			t.Errorf("%q (U+%04X) reported printable", r, r)
		}
	}
}

func TestFaceOfPrefersLatinBelowCJK(t *testing.T) {
	fs := testRenderer(t).fonts
	for r, want := range map[rune]string{
		'A': familyLatin, '7': familyLatin, '-': familyLatin, '·': familyLatin, '—': familyLatin,
		'张': familyCJK, '：': familyCJK, '（': familyCJK, '年': familyCJK,
	} {
		if _, got, _ := fs.faceOf(r); got != want {
			t.Errorf("faceOf(%q) = %s, want %s", r, got, want)
		}
	}
}

// TestSubsetKeepsGlyphs cuts subsets of random characters (the CJK font
// is full of composite glyphs) and checks, by parsing each subset, that
// every character keeps its advance and its outline, components included.
func TestSubsetKeepsGlyphs(t *testing.T) {
	fs := testRenderer(t).fonts
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tt := range []*trueType{fs.cjk, fs.latin} {
		var all []rune
		for r := rune(0); r < 0xFFFF; r++ {
			if _, ok := tt.glyph(r); ok {
				all = append(all, r)
			}
		}
		for round := 0; round < 20; round++ {
			var runes []rune
			for range 1 + rng.IntN(300) {
				runes = append(runes, all[rng.IntN(len(all))])
			}
			sub, err := parseTrueType(tt.subset(runes))
			if err != nil {
				t.Fatalf("subset does not parse: %v", err)
			}
			if sub.unitsPerEm != tt.unitsPerEm {
				t.Fatalf("unitsPerEm %d, want %d", sub.unitsPerEm, tt.unitsPerEm)
			}
			for _, r := range runes {
				g, ok := tt.glyph(r)
				sg, sok := sub.glyph(r)
				if !sok {
					t.Fatalf("subset lacks %q", r)
				}
				if sub.advance[sg] != tt.advance[g] || sub.lsb[sg] != tt.lsb[g] {
					t.Fatalf("%q: metrics changed", r)
				}
				if !ok || !sameOutline(tt, g, sub, sg) {
					t.Fatalf("%q: outline changed", r)
				}
			}
			if sub.numGlyphs > len(runes)*8+1 {
				t.Fatalf("subset of %d characters has %d glyphs", len(runes), sub.numGlyphs)
			}
		}
	}
}

// sameOutline reports whether glyph a of font fa and glyph b of font fb
// draw the same: the same bytes (b may carry up to 3 bytes of zero
// padding) except for component references, which must lead to the same
// outlines in turn.
func sameOutline(fa *trueType, a uint16, fb *trueType, b uint16) bool {
	da := slices.Clone(fa.glyf[fa.loca[a]:fa.loca[a+1]])
	db := slices.Clone(fb.glyf[fb.loca[b]:fb.loca[b+1]])
	if len(db) < len(da) || len(db)-len(da) > 3 || bytes.Count(db[len(da):], []byte{0}) != len(db)-len(da) {
		return false
	}
	db = db[:len(da)]
	same := true
	walkComponents(da, func(at int) {
		same = same && sameOutline(fa, be16(da, at), fb, be16(db, at))
		da[at], da[at+1], db[at], db[at+1] = 0, 0, 0, 0
	})
	return same && bytes.Equal(da, db)
}

func TestSubsetChecksums(t *testing.T) {
	fs := testRenderer(t).fonts
	font := fs.cjk.subset([]rune("职业技能培训合格证书"))
	if got := checksum(font); got != 0xB1B0AFBA {
		t.Errorf("whole-font checksum %#x, want 0xB1B0AFBA", got)
	}
}
