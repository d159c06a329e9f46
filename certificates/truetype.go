package certificates

import (
	"encoding/binary"
	"fmt"
	"math"
)

// trueType is a TrueType (glyf outline) font parsed once: the tables as
// slices of the file, the cmap of the Basic Multilingual Plane, the advance
// widths and the glyph offsets. It is read-only after parsing and so safe
// to share between goroutines.
type trueType struct {
	tables     map[string][]byte
	unitsPerEm int
	numGlyphs  int
	// glyphOf maps each BMP code point to its glyph, 0 where the font has
	// none. gofpdf reads only the BMP (cmap format 4), so neither do we.
	glyphOf []uint16
	advance []uint16 // per glyph, in font units
	lsb     []int16  // per glyph, in font units
	loca    []uint32 // glyph i is glyf[loca[i]:loca[i+1]]
	glyf    []byte
}

// parseTrueType reads the tables a PDF embedding needs. It refuses CFF
// (OpenType) fonts and collections, which gofpdf cannot embed.
func parseTrueType(data []byte) (*trueType, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("truetype: file too short")
	}
	switch v := be32(data, 0); v {
	case 0x00010000, 0x74727565: // 1.0, 'true'
	default:
		return nil, fmt.Errorf("truetype: not a TrueType font (version %#x)", v)
	}
	n := int(be16(data, 4))
	if len(data) < 12+16*n {
		return nil, fmt.Errorf("truetype: table directory truncated")
	}
	f := &trueType{tables: make(map[string][]byte, n)}
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		tag := string(data[rec : rec+4])
		off, length := int(be32(data, rec+8)), int(be32(data, rec+12))
		if off < 0 || length < 0 || off+length > len(data) {
			return nil, fmt.Errorf("truetype: table %q out of bounds", tag)
		}
		f.tables[tag] = data[off : off+length]
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "OS/2", "post", "name"} {
		if f.tables[tag] == nil {
			return nil, fmt.Errorf("truetype: table %q missing", tag)
		}
	}
	head, hhea, maxp := f.tables["head"], f.tables["hhea"], f.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 || len(f.tables["post"]) < 32 {
		return nil, fmt.Errorf("truetype: head, hhea, maxp or post too short")
	}
	f.unitsPerEm = int(be16(head, 18))
	if f.unitsPerEm == 0 {
		return nil, fmt.Errorf("truetype: unitsPerEm is 0")
	}
	f.numGlyphs = int(be16(maxp, 4))
	if err := f.parseMetrics(int(be16(hhea, 34))); err != nil {
		return nil, err
	}
	if err := f.parseLoca(int16(be16(head, 50))); err != nil {
		return nil, err
	}
	if err := f.parseCmap(); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *trueType) parseMetrics(numHMetrics int) error {
	hmtx := f.tables["hmtx"]
	if numHMetrics < 1 || numHMetrics > f.numGlyphs || len(hmtx) < 4*numHMetrics+2*(f.numGlyphs-numHMetrics) {
		return fmt.Errorf("truetype: hmtx too short")
	}
	f.advance = make([]uint16, f.numGlyphs)
	f.lsb = make([]int16, f.numGlyphs)
	for g := 0; g < f.numGlyphs; g++ {
		if g < numHMetrics {
			f.advance[g] = be16(hmtx, 4*g)
			f.lsb[g] = int16(be16(hmtx, 4*g+2))
		} else {
			f.advance[g] = f.advance[numHMetrics-1]
			f.lsb[g] = int16(be16(hmtx, 4*numHMetrics+2*(g-numHMetrics)))
		}
	}
	return nil
}

func (f *trueType) parseLoca(format int16) error {
	loca, glyf := f.tables["loca"], f.tables["glyf"]
	f.glyf = glyf
	f.loca = make([]uint32, f.numGlyphs+1)
	for i := range f.loca {
		switch {
		case format == 0 && len(loca) >= 2*len(f.loca):
			f.loca[i] = 2 * uint32(be16(loca, 2*i))
		case format == 1 && len(loca) >= 4*len(f.loca):
			f.loca[i] = be32(loca, 4*i)
		default:
			return fmt.Errorf("truetype: loca table bad or too short")
		}
		if f.loca[i] > uint32(len(glyf)) || (i > 0 && f.loca[i] < f.loca[i-1]) {
			return fmt.Errorf("truetype: loca entry %d out of order", i)
		}
	}
	return nil
}

// parseCmap reads the Unicode BMP subtable (platform 3 encoding 1, or
// platform 0) of format 4 into a flat table.
func (f *trueType) parseCmap() error {
	cmap := f.tables["cmap"]
	if len(cmap) < 4 {
		return fmt.Errorf("truetype: cmap too short")
	}
	sub := -1
	for i := 0; i < int(be16(cmap, 2)) && 4+8*i+8 <= len(cmap); i++ {
		rec := 4 + 8*i
		platform, encoding, off := be16(cmap, rec), be16(cmap, rec+2), int(be32(cmap, rec+4))
		if (platform == 3 && encoding == 1 || platform == 0) && off+4 <= len(cmap) && be16(cmap, off) == 4 {
			sub = off
			break
		}
	}
	if sub < 0 {
		return fmt.Errorf("truetype: no Unicode cmap of format 4")
	}
	t := cmap[sub:]
	if len(t) < 14 {
		return fmt.Errorf("truetype: cmap format 4 too short")
	}
	segs := int(be16(t, 6)) / 2
	ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
	if len(t) < ranges+2*segs {
		return fmt.Errorf("truetype: cmap format 4 truncated")
	}
	f.glyphOf = make([]uint16, 0x10000)
	for s := 0; s < segs; s++ {
		end, start := int(be16(t, ends+2*s)), int(be16(t, starts+2*s))
		delta, rangeOff := be16(t, deltas+2*s), int(be16(t, ranges+2*s))
		for c := start; c <= end && c < 0xFFFF; c++ {
			var g uint16
			if rangeOff == 0 {
				g = uint16(c) + delta
			} else {
				at := ranges + 2*s + rangeOff + 2*(c-start)
				if at+2 > len(t) {
					continue
				}
				if g = be16(t, at); g != 0 {
					g += delta
				}
			}
			if int(g) < f.numGlyphs {
				f.glyphOf[c] = g
			}
		}
	}
	return nil
}

// glyph returns the glyph of r, or 0 and false where the font has none.
func (f *trueType) glyph(r rune) (uint16, bool) {
	if r < 0 || r >= 0xFFFF {
		return 0, false
	}
	g := f.glyphOf[r]
	return g, g != 0
}

// hasOutline reports whether glyph g draws anything.
func (f *trueType) hasOutline(g uint16) bool {
	return f.loca[g+1] > f.loca[g]
}

// width1000 is the advance of glyph g in thousandths of the font size,
// rounded as gofpdf rounds it, so that our measuring matches its output.
func (f *trueType) width1000(g uint16) int {
	return int(math.Round(1000.0 / float64(f.unitsPerEm) * float64(f.advance[g])))
}

func be16(b []byte, off int) uint16 { return binary.BigEndian.Uint16(b[off:]) }
func be32(b []byte, off int) uint32 { return binary.BigEndian.Uint32(b[off:]) }
