package certificates

import (
	_ "embed"
	"math"
	"unicode"

	"github.com/jung-kurt/gofpdf"

	"skillcert"
)

// The certificate fonts, embedded so that the binary needs no font files
// at run time. Droid Sans Fallback (Apache-2.0) covers all of GBK's Han
// characters but no Latin letters or digits; Arimo (OFL-1.1) supplies
// those. Licences: fonts/LICENSE-*.txt.
var (
	//go:embed fonts/DroidSansFallbackFull.ttf
	cjkFontData []byte
	//go:embed fonts/Arimo-Regular.ttf
	latinFontData []byte
)

// Names of the two faces (the naive baseline also gives them to gofpdf).
const (
	familyCJK   = "cjk"
	familyLatin = "latin"
)

// face is one of the two fonts, parsed, with its PDF font descriptor.
type face struct {
	tt     *trueType
	family string
	psName string
	desc   fontDesc
}

// fontDesc is gofpdf's font descriptor (gofpdf.FontDescType, whose
// bounding box type is unexported), in thousandths of the font size.
type fontDesc struct {
	Ascent, Descent, CapHeight, Flags int
	FontBBox                          struct{ Xmin, Ymin, Xmax, Ymax int }
	ItalicAngle, StemV, MissingWidth  int
}

func newFace(data []byte, family, psName string) (*face, error) {
	tt, err := parseTrueType(data)
	if err != nil {
		return nil, err
	}
	head, hhea, os2 := tt.tables["head"], tt.tables["hhea"], tt.tables["OS/2"]
	scale := func(v uint16) int { return int(math.Round(float64(int16(v)) * 1000 / float64(tt.unitsPerEm))) }
	ascent, descent := scale(be16(hhea, 4)), scale(be16(hhea, 6))
	capHeight := ascent
	if len(os2) >= 90 && be16(os2, 0) >= 2 {
		capHeight = scale(be16(os2, 88))
	}
	desc := fontDesc{Ascent: ascent, Descent: descent, CapHeight: capHeight, Flags: gofpdf.FontFlagNonsymbolic, StemV: 80}
	desc.FontBBox.Xmin, desc.FontBBox.Ymin = scale(be16(head, 36)), scale(be16(head, 38))
	desc.FontBBox.Xmax, desc.FontBBox.Ymax = scale(be16(head, 40)), scale(be16(head, 42))
	return &face{tt: tt, family: family, psName: psName, desc: desc}, nil
}

// fontSet holds both faces and decides which one prints a rune.
type fontSet struct {
	cjkFace, latinFace *face
	cjk, latin         *trueType
}

func loadFonts() (*fontSet, error) {
	cjk, err := newFace(cjkFontData, familyCJK, "DroidSansFallback")
	if err != nil {
		return nil, err
	}
	latin, err := newFace(latinFontData, familyLatin, "Arimo")
	if err != nil {
		return nil, err
	}
	return &fontSet{cjkFace: cjk, latinFace: latin, cjk: cjk.tt, latin: latin.tt}, nil
}

// faceOf returns the font that prints r and its family name: the Latin
// font for what it has below the CJK blocks (U+2E80), else the CJK font,
// else the Latin font. ok is false where neither font has a glyph that
// draws r (a glyph with no outline counts only for white space).
func (s *fontSet) faceOf(r rune) (tt *trueType, family string, ok bool) {
	if r < 0x2E80 && s.prints(s.latin, r) {
		return s.latin, familyLatin, true
	}
	if s.prints(s.cjk, r) {
		return s.cjk, familyCJK, true
	}
	if s.prints(s.latin, r) {
		return s.latin, familyLatin, true
	}
	return nil, "", false
}

// faceFor returns the face that prints r, nil if none does.
func (s *fontSet) faceFor(r rune) *face {
	switch _, family, _ := s.faceOf(r); family {
	case familyCJK:
		return s.cjkFace
	case familyLatin:
		return s.latinFace
	}
	return nil
}

func (s *fontSet) prints(tt *trueType, r rune) bool {
	g, ok := tt.glyph(r)
	return ok && (tt.hasOutline(g) || unicode.IsSpace(r))
}

// width returns the advance of text at size pt, in millimetres.
func (s *fontSet) width(text string, pt float64) float64 {
	units := 0
	for _, r := range text {
		if tt, _, ok := s.faceOf(r); ok {
			g, _ := tt.glyph(r)
			units += tt.width1000(g)
		}
	}
	return float64(units) * pt / 1000 * mmPerPt
}

// check returns an EINVALID error naming the first character of f that
// the fonts cannot print, so that a certificate never shows a blank box.
func (s *fontSet) check(f field) error {
	for _, r := range f.text {
		if _, _, ok := s.faceOf(r); ok {
			continue
		}
		if !unicode.IsGraphic(r) {
			return skillcert.Invalid(f.name, "%s中含有无法打印的字符（U+%04X），请修改后重试", f.label, r)
		}
		return skillcert.Invalid(f.name, "%s中的“%c”字无法在证书字体中显示，请联系管理员处理", f.label, r)
	}
	return nil
}
