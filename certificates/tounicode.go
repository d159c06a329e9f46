package certificates

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf16"
)

// The simple fonts name each glyph uniXXXX in their /Differences
// encoding, which some readers (pdftotext) turn back into text and others
// (pypdf, copy-and-paste in some viewers) do not. A ToUnicode CMap per
// font says it outright: code → Unicode. gofpdf writes no ToUnicode for
// simple fonts, so withToUnicode adds the maps to its output as a PDF
// incremental update (PDF 1.7, 7.5.6): the CMap streams and the font
// dictionaries again, each with /ToUnicode, and an xref section and
// trailer pointing back to gofpdf's.

var (
	startxrefRe = regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n?$`)
	trailerRe   = regexp.MustCompile(`(?s)trailer\n<<(.*?)>>\nstartxref`)
	sizeRe      = regexp.MustCompile(`/Size (\d+)`)
)

// withToUnicode returns pdf with a ToUnicode map on each of the fonts.
func (df *docFonts) withToUnicode(pdf []byte) ([]byte, error) {
	m := startxrefRe.FindSubmatch(pdf)
	t := trailerRe.FindAllSubmatch(pdf, -1)
	if m == nil || len(t) == 0 {
		return nil, fmt.Errorf("tounicode: no trailer in the PDF")
	}
	trailer := t[len(t)-1][1]
	sm := sizeRe.FindSubmatch(trailer)
	if sm == nil {
		return nil, fmt.Errorf("tounicode: no /Size in the trailer")
	}
	size, _ := strconv.Atoi(string(sm[1]))
	prev := string(m[1])

	out := bytes.NewBuffer(make([]byte, 0, len(pdf)+len(df.fonts)*4096))
	out.Write(pdf)
	if !bytes.HasSuffix(pdf, []byte("\n")) {
		out.WriteByte('\n')
	}
	offsets := map[int]int{} // object number → byte offset
	for _, f := range df.fonts {
		num, dict, err := fontObject(pdf, f.definitionName())
		if err != nil {
			return nil, err
		}
		cmapNum := size
		size++
		cmap := toUnicodeCMap(f.runes)
		offsets[cmapNum] = out.Len()
		fmt.Fprintf(out, "%d 0 obj\n<</Length %d>>\nstream\n%s\nendstream\nendobj\n", cmapNum, len(cmap), cmap)
		offsets[num] = out.Len()
		fmt.Fprintf(out, "%d 0 obj\n%s/ToUnicode %d 0 R\n>>\nendobj\n", num, dict, cmapNum)
	}
	xref := out.Len()
	out.WriteString("xref\n0 1\n0000000000 65535 f \n")
	for num := 1; num < size; num++ {
		if off, ok := offsets[num]; ok {
			fmt.Fprintf(out, "%d 1\n%010d 00000 n \n", num, off)
		}
	}
	newTrailer := sizeRe.ReplaceAll(trailer, []byte("/Size "+strconv.Itoa(size)))
	fmt.Fprintf(out, "trailer\n<<%s/Prev %s\n>>\nstartxref\n%d\n%%%%EOF\n", newTrailer, prev, xref)
	return out.Bytes(), nil
}

// definitionName is the font's /BaseFont name as definition writes it.
func (f simpleFont) definitionName() string {
	return subsetTag(f.face.psName, f.runes) + "+" + f.face.psName
}

// fontObject finds the font dictionary gofpdf wrote for the font named
// name: its object number and the dictionary without its closing ">>".
func fontObject(pdf []byte, name string) (int, []byte, error) {
	re := regexp.MustCompile(`(?s)\n(\d+) 0 obj\n(<</Type /Font\n/BaseFont /` + regexp.QuoteMeta(name) + `\n.*?)>>\nendobj`)
	m := re.FindSubmatch(pdf)
	if m == nil {
		return 0, nil, fmt.Errorf("tounicode: font %s not found", name)
	}
	num, _ := strconv.Atoi(string(m[1]))
	return num, m[2], nil
}

// toUnicodeCMap maps code firstCode+i to runes[i] (as UTF-16, so a
// character outside the BMP is its surrogate pair).
func toUnicodeCMap(runes []rune) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<00> <FF>\nendcodespacerange\n")
	for start := 0; start < len(runes); start += 100 { // at most 100 entries a block
		block := runes[start:min(start+100, len(runes))]
		fmt.Fprintf(&b, "%d beginbfchar\n", len(block))
		for i, r := range block {
			fmt.Fprintf(&b, "<%02X> <", firstCode+start+i)
			for _, u := range utf16.Encode([]rune{r}) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend")
	return b.Bytes()
}
