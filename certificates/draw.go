package certificates

import (
	"strconv"

	"github.com/jung-kurt/gofpdf"
)

// drawFrame draws the double border with corner ornaments.
func drawFrame(pdf *gofpdf.Fpdf) {
	c := colorRed
	pdf.SetDrawColor(c.r, c.g, c.b)
	pdf.SetFillColor(c.r, c.g, c.b)
	pdf.SetLineWidth(1.4)
	pdf.Rect(9, 9, pageW-18, pageH-18, "D")
	pdf.SetLineWidth(0.35)
	pdf.Rect(12.5, 12.5, pageW-25, pageH-25, "D")

	// An L-shaped ornament inside each corner of the inner border.
	const in, arm = 16.0, 14.0
	pdf.SetLineWidth(0.6)
	for _, corner := range [][4]float64{
		{in, in, 1, 1}, {pageW - in, in, -1, 1},
		{in, pageH - in, 1, -1}, {pageW - in, pageH - in, -1, -1},
	} {
		x, y, dx, dy := corner[0], corner[1], corner[2], corner[3]
		pdf.MoveTo(x+dx*arm, y)
		pdf.LineTo(x, y)
		pdf.LineTo(x, y+dy*arm)
		pdf.DrawPath("D")
		pdf.Rect(x+dx*2.2-0.9, y+dy*2.2-0.9, 1.8, 1.8, "F")
	}

	// A short double rule under the title.
	pdf.SetLineWidth(0.5)
	pdf.Line(pageW/2-60, titleY+5, pageW/2+60, titleY+5)
	pdf.SetLineWidth(0.2)
	pdf.Line(pageW/2-60, titleY+6.3, pageW/2+60, titleY+6.3)
}

// drawQR draws a QR code's dark modules as one filled path of
// rectangles, one for each horizontal run, so that it stays sharp at any
// zoom and shows no seams between modules. The path is written directly
// ("re" operators), which is much cheaper than gofpdf's generic path calls.
func drawQR(pdf *gofpdf.Fpdf, bitmap [][]bool, x, y, size float64) {
	if len(bitmap) == 0 {
		return
	}
	const k = 72 / 25.4 // points per millimetre
	m := size / float64(len(bitmap))
	b := make([]byte, 0, 16<<10)
	b = append(b, "q 0 g\n"...)
	num := func(v float64) {
		b = strconv.AppendFloat(b, v, 'f', 2, 64)
		b = append(b, ' ')
	}
	for row, modules := range bitmap {
		for col := 0; col < len(modules); {
			if !modules[col] {
				col++
				continue
			}
			end := col
			for end < len(modules) && modules[end] {
				end++
			}
			num((x + float64(col)*m) * k)
			num((pageH - y - float64(row+1)*m) * k)
			num(float64(end-col) * m * k)
			num(m * k)
			b = append(b, "re\n"...)
			col = end
		}
	}
	b = append(b, "f Q"...)
	pdf.RawWriteStr(string(b))
}
