package certificates

import (
	"bytes"
	"fmt"

	"github.com/jung-kurt/gofpdf"
	"github.com/skip2/go-qrcode"

	"skillcert"
)

// Renderer prints certificates as PDF. Build it once with NewRenderer: it
// parses the embedded fonts at start-up and keeps the font subsets shared
// by the certificates of a course, so that each Render cuts only the
// glyphs of the holder's name. It is safe for concurrent use.
type Renderer struct {
	fonts *fontSet
	cache *fontCache
}

// fontCacheSize is how many sets of shared fonts the renderer keeps: one
// set serves all the certificates of a course.
const fontCacheSize = 32

// NewRenderer parses the embedded fonts and checks that they print every
// fixed text of the certificate.
func NewRenderer() (*Renderer, error) {
	fonts, err := loadFonts()
	if err != nil {
		return nil, fmt.Errorf("certificates: %w", err)
	}
	for _, text := range fixedTexts() {
		if err := fonts.check(field{"layout", "证书版式", text}); err != nil {
			return nil, fmt.Errorf("certificates: %w", err)
		}
	}
	return &Renderer{fonts: fonts, cache: newFontCache(fontCacheSize)}, nil
}

// Check reports whether d can be printed: the fields are valid, every
// character has a glyph in the certificate fonts, and the long texts fit
// the page. The service calls it before issuing, so that a certificate it
// issues can always be downloaded.
func (r *Renderer) Check(d Document) error {
	_, err := r.layout(d)
	return err
}

// Render prints d as a one-page A4 landscape PDF. The same document always
// renders to the same bytes, whatever was rendered before. Errors a user
// can fix are *skillcert.Error with code EINVALID.
func (r *Renderer) Render(d Document) ([]byte, error) {
	p, err := r.layout(d)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(40 << 10)
	df := newDocFonts(r.fonts, r.cache, p)
	if err := r.paint(d, p, &buf, df); err != nil {
		return nil, skillcert.Internal(err)
	}
	out, err := df.withToUnicode(buf.Bytes())
	if err != nil {
		return nil, skillcert.Internal(err)
	}
	return out, nil
}

// fontBinding gives a document its fonts and says which font and bytes
// print a text.
type fontBinding interface {
	add(pdf *gofpdf.Fpdf)
	runs(text string) []run
}

// run is a stretch of text printed with one font: s is the bytes to print,
// text the characters they print.
type run struct{ family, s, text string }

// paint draws the laid-out page with gofpdf.
func (r *Renderer) paint(d Document, p *page, out *bytes.Buffer, fonts fontBinding) error {
	pdf := gofpdf.New("L", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	// The fonts come compressed. Compressing the page's own stream would
	// save some 8 KB at the cost of a new 1 MB zlib writer per document.
	pdf.SetCompression(false)
	issued := d.IssueDate.Start()
	pdf.SetCreationDate(issued)
	pdf.SetModificationDate(issued)
	pdf.SetTitle(d.Kind.Title()+" "+d.Number, true)
	pdf.SetCreator("skillcert", false)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	q, err := qrcode.New(d.VerifyURL, qrcode.Medium)
	if err != nil {
		return err
	}
	q.DisableBorder = true
	fonts.add(pdf)
	pdf.AddPage()
	drawFrame(pdf)
	drawQR(pdf, q.Bitmap(), qrX, qrY, qrSize)
	for _, t := range p.texts {
		r.drawText(pdf, fonts, t)
	}
	if err := pdf.Output(out); err != nil {
		return err
	}
	return pdf.Error()
}

// drawText prints one laid-out string, switching fonts between runs.
func (r *Renderer) drawText(pdf *gofpdf.Fpdf, fonts fontBinding, t text) {
	pdf.SetTextColor(t.color.r, t.color.g, t.color.b)
	if t.bold { // the fonts have no bold face: stroke the outlines too
		pdf.SetTextRenderingMode(2)
		pdf.SetLineWidth(t.pt * 0.012)
		pdf.SetDrawColor(t.color.r, t.color.g, t.color.b)
		defer pdf.SetTextRenderingMode(0)
	}
	x := t.x
	for _, run := range fonts.runs(t.s) {
		pdf.SetFont(run.family, "", t.pt)
		pdf.Text(x, t.y, run.s)
		x += r.fonts.width(run.text, t.pt)
	}
}
