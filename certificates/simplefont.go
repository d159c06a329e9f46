package certificates

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"

	"github.com/jung-kurt/gofpdf"
)

// Each document embeds its characters as simple (single-byte) TrueType
// fonts: codes 32 to 255 of a font print up to 224 characters, and a set
// of characters that needs more is split over several fonts.
//
// Why not gofpdf's UTF-8 fonts: for each of them, on every document,
// gofpdf re-parses the font, JSON-encodes a 65,536-entry width table to
// name it, and compresses a 128 KB CID-to-glyph map; that alone costs
// milliseconds and megabytes per certificate, whatever the font's size.
// A simple font costs none of that: the subset is cut from the fonts
// parsed at start-up and handed to gofpdf compressed, ready to embed.
// Each code is named uniXXXX in the font's /Differences encoding (and the
// glyph so in the font), so text extraction and copy-and-paste give back
// the original characters.
//
// The characters of a page are of two sorts. Those of the texts shared by
// the certificates of a course (labels, course, organizer, dates) and all
// printable ASCII (numbers, ID, URL) go into fonts kept in a small cache,
// so a batch builds them once. Only the characters of the holder's name
// that the shared fonts lack are cut into a font of their own, a few
// glyphs, for each certificate.
const (
	firstCode    = 32
	codesPerFont = 256 - firstCode
)

// docFonts are the fonts of one document and where each character is.
type docFonts struct {
	fonts []simpleFont
	where map[rune]slot
}

type simpleFont struct {
	family string // gofpdf's name for it: f0, f1, …
	*builtFont
}

// builtFont is an embeddable subset of a face: code firstCode+i prints
// runes[i]. It is immutable, so documents may share it.
type builtFont struct {
	face       *face
	runes      []rune
	data       []byte // the font file, zlib-compressed if compressed
	size       int    // its uncompressed length
	compressed bool
}

// buildShared cuts a subset built once for many documents, which is worth
// the best compression.
func buildShared(f *face, runes []rune) *builtFont {
	font := f.tt.subset(runes)
	return &builtFont{face: f, runes: runes, data: deflate(font), size: len(font), compressed: true}
}

// buildOwn cuts the few glyphs of one holder's name. It stays
// uncompressed: compressing two or three kilobytes costs more time than
// the bytes it saves are worth.
func buildOwn(f *face, runes []rune) *builtFont {
	font := f.tt.subset(runes)
	return &builtFont{face: f, runes: runes, data: font, size: len(font)}
}

type slot struct {
	font int
	code byte
}

// newDocFonts assigns codes to the characters of a page: shared fonts
// from the cache, and fonts of their own for the holder's characters.
func newDocFonts(fs *fontSet, cache *fontCache, p *page) *docFonts {
	shared, own := p.runeSets(fs)
	df := &docFonts{where: make(map[rune]slot, 256)}
	for _, f := range []*face{fs.cjkFace, fs.latinFace} {
		for _, bf := range cache.get(f, shared[f]) {
			df.addFont(bf)
		}
		for _, chunk := range chunks(own[f]) {
			df.addFont(buildOwn(f, chunk))
		}
	}
	return df
}

func (df *docFonts) addFont(bf *builtFont) {
	i := len(df.fonts)
	df.fonts = append(df.fonts, simpleFont{family: "f" + strconv.Itoa(i), builtFont: bf})
	for j, r := range bf.runes {
		df.where[r] = slot{font: i, code: byte(firstCode + j)}
	}
}

// chunks splits sorted runes into sets of at most codesPerFont.
func chunks(runes []rune) [][]rune {
	var out [][]rune
	for start := 0; start < len(runes); start += codesPerFont {
		out = append(out, runes[start:min(start+codesPerFont, len(runes))])
	}
	return out
}

// fontCache keeps the fonts built for the most recent sets of shared
// characters, a handful of courses' worth.
type fontCache struct {
	mu    sync.Mutex
	fonts map[string][]*builtFont
	order []string // keys, oldest first
	max   int
}

func newFontCache(max int) *fontCache {
	return &fontCache{fonts: make(map[string][]*builtFont), max: max}
}

// get returns the fonts for a face and a sorted set of runes, building
// them on a miss. Two goroutines missing at once may both build; they
// build the same fonts.
func (c *fontCache) get(f *face, runes []rune) []*builtFont {
	if len(runes) == 0 {
		return nil
	}
	key := f.psName + "\x00" + string(runes)
	c.mu.Lock()
	fonts, ok := c.fonts[key]
	c.mu.Unlock()
	if ok {
		return fonts
	}
	for _, chunk := range chunks(runes) {
		fonts = append(fonts, buildShared(f, chunk))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.fonts[key]; !ok {
		if len(c.order) == c.max {
			delete(c.fonts, c.order[0])
			c.order = c.order[1:]
		}
		c.fonts[key] = fonts
		c.order = append(c.order, key)
	}
	return fonts
}

// add embeds the fonts in the document.
func (df *docFonts) add(pdf *gofpdf.Fpdf) {
	for _, f := range df.fonts {
		pdf.AddFontFromBytes(f.family, "", f.definition(), f.data)
	}
}

// runs splits text into runs of one font each, as the bytes to print.
func (df *docFonts) runs(text string) []run {
	var out []run
	var codes []byte
	var chars []rune
	font := -1
	flush := func() {
		if len(codes) > 0 {
			out = append(out, run{family: df.fonts[font].family, s: string(codes), text: string(chars)})
		}
		codes, chars = codes[:0], chars[:0]
	}
	for _, r := range text {
		s := df.where[r]
		if s.font != font {
			flush()
			font = s.font
		}
		codes = append(codes, s.code)
		chars = append(chars, r)
	}
	flush()
	return out
}

// fontDef is gofpdf's JSON font definition for an embedded TrueType font.
type fontDef struct {
	Tp           string
	Name         string
	Desc         fontDesc
	Up, Ut       int
	Cw           []int
	Diff         string
	File         string
	OriginalSize int
}

// definition returns gofpdf's JSON definition of the font.
func (f simpleFont) definition() []byte {
	widths := make([]int, 256)
	var diff strings.Builder
	fmt.Fprintf(&diff, "%d", firstCode)
	for i, r := range f.runes {
		g, _ := f.face.tt.glyph(r)
		widths[firstCode+i] = f.face.tt.width1000(g)
		fmt.Fprintf(&diff, " /%s", glyphName(r))
	}
	def, err := json.Marshal(fontDef{
		Tp:           "TrueType",
		Name:         f.definitionName(),
		Desc:         f.face.desc,
		Up:           -100,
		Ut:           50,
		Cw:           widths,
		Diff:         diff.String(),
		File:         f.fileName(),
		OriginalSize: f.size,
	})
	if err != nil { // a struct of plain fields always encodes
		panic(err)
	}
	return def
}

// fileName names the font file for gofpdf, which takes a name ending in
// .z for a compressed one.
func (f simpleFont) fileName() string {
	if f.compressed {
		return f.family + ".z"
	}
	return f.family + ".ttf"
}

// glyphName is the Adobe Glyph List name of r, uniXXXX.
func glyphName(r rune) string { return fmt.Sprintf("uni%04X", r) }

// subsetTag is the six capital letters that mark a font subset's name,
// derived from its characters so that the same text gets the same tag.
func subsetTag(name string, runes []rune) string {
	h := fnv.New64a()
	h.Write([]byte(name))
	for _, r := range runes {
		h.Write([]byte(string(r)))
	}
	sum := h.Sum64()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + byte(sum%26)
		sum /= 26
	}
	return string(tag)
}

// deflaters pool compressors: a new one allocates about a megabyte.
var deflaters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestCompression)
	return w
}}

// deflate compresses data for a FlateDecode stream.
func deflate(data []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(data)/2 + 64)
	w := deflaters.Get().(*zlib.Writer)
	w.Reset(&buf)
	w.Write(data)
	w.Close()
	deflaters.Put(w)
	return buf.Bytes()
}
