package certificates

import (
	"slices"

	"skillcert"
)

// The page: A4 landscape, in millimetres from the top left corner.
const (
	pageW = 297.0
	pageH = 210.0

	titleY     = 43.0 // baseline of the title
	statementY = 59.0 // baseline of the statement under it
	// The grid of fields has seven rows, of which two (course, trade and
	// level) may take two lines: its last baseline is at most
	// 80 + 6×11 + 2×lineHeight(15pt) ≈ 161.3, and the rows that low hold
	// short dates only, clear of the issuer's name on the right.
	gridTop = 80.0 // baseline of the first row of fields
	rowStep = 11.0 // distance between rows of one-line fields

	labelX      = 40.0  // labels of the left column
	valueX      = 70.0  // values of the left column
	label2X     = 152.0 // labels of the right column of the grid
	value2X     = 178.0 // values of the right column of the grid
	valueRightX = 212.0 // right edge of the values

	qrSize = 40.0
	qrX    = 231.0
	qrY    = 70.0

	issuerCenterX = 222.0 // the issuer and issue date, where the seal goes
	issuerWidth   = 92.0
	issueDateY    = 180.0
	numberY       = 180.0
	urlY          = 191.0
)

// Label and value type sizes, in points.
const (
	labelPt = 13.0
	valuePt = 15.0
)

var (
	colorRed   = rgb{163, 27, 32}
	colorInk   = rgb{33, 33, 33}
	colorLabel = rgb{96, 96, 96}
)

type rgb struct{ r, g, b int }

// text is one string placed on the page; (x, y) is the left end of its
// baseline.
type text struct {
	x, y, pt float64
	s        string
	color    rgb
	bold     bool
	personal bool // the holder's name: differs between certificates of a course
}

// page is a certificate laid out: every string in place.
type page struct {
	texts []text
}

const (
	statement = "兹证明下列人员参加培训并完成规定课时，经考核合格，特发此证。"
	qrCaption = "扫码验证"
)

// fixedTexts lists the words every certificate prints, for the start-up
// check that the fonts have them.
func fixedTexts() []string {
	texts := []string{statement, qrCaption, "证书编号：", "验证网址：", "—"}
	for _, k := range []Kind{KindVocational, KindJobPost, KindEntrepreneurship} {
		texts = append(texts, k.Title())
	}
	for _, row := range gridLabels {
		texts = append(texts, row...)
	}
	return texts
}

// gridLabels are the labels of the field grid, padded with ideographic
// spaces to four characters so that they line up.
var gridLabels = [][]string{
	{"姓　　名", "性　　别"},
	{"身份证号"},
	{"培训项目"},
	{"工　　种", "等　　级"},
	{"培训课时"},
	{"培训时间"},
	{"有效期限"},
}

// layout validates d and places every string. A text that does not fit its
// box even at the smallest size is refused, never cut.
func (r *Renderer) layout(d Document) (*page, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	fields := d.printedFields()
	for _, f := range fields {
		if err := r.fonts.check(f); err != nil {
			return nil, err
		}
	}
	byName := make(map[string]field, len(fields))
	for _, f := range fields {
		byName[f.name] = f
	}
	p := &page{}
	s := r.fonts

	title := d.Kind.Title()
	p.center(s, title, pageW/2, titleY, 30, colorRed, true)
	p.center(s, statement, pageW/2, statementY, 14, colorInk, false)

	// The grid of fields: label and value pairs, one or two to a row.
	wide := fit{width: valueRightX - valueX, maxPt: valuePt, oneLinePt: 12, minPt: 10, maxLines: 2}
	left := fit{width: label2X - valueX - 4, maxPt: valuePt, oneLinePt: 11, minPt: 10, maxLines: 2}
	right := fit{width: valueRightX - value2X, maxPt: valuePt, oneLinePt: 11, minPt: 9, maxLines: 2}
	oneLine := func(f fit) fit { f.maxLines = 1; f.minPt = f.oneLinePt; return f }
	type cell struct {
		name string
		box  fit
	}
	rows := [][]cell{
		{{"holderName", oneLine(left)}, {"gender", oneLine(right)}},
		{{"idMasked", oneLine(wide)}},
		{{"courseTitle", wide}},
		{{"trade", left}, {"level", right}},
		{{"classHours", oneLine(wide)}},
		{{"courseStart", oneLine(wide)}},
		{{"validUntil", oneLine(wide)}},
	}
	y := gridTop
	for i, row := range rows {
		height := rowStep
		for j, c := range row {
			lx, vx := labelX, valueX
			if j == 1 {
				lx, vx = label2X, value2X
			}
			f := byName[c.name]
			lines, pt, ok := s.set(f.text, c.box)
			if !ok {
				return nil, tooLong(f)
			}
			p.add(lx, y, labelPt, gridLabels[i][j], colorLabel)
			for k, line := range lines {
				p.add(vx, y+float64(k)*lineHeight(pt), pt, line, colorInk)
				p.texts[len(p.texts)-1].personal = c.name == "holderName"
			}
			height = max(height, float64(len(lines)-1)*lineHeight(pt)+rowStep)
		}
		y += height
	}

	// The issuer, with the issue date under it, where the seal is stamped.
	org := byName["organizer"]
	lines, pt, ok := s.set(org.text, fit{width: issuerWidth, maxPt: 16, oneLinePt: 12, minPt: 10.5, maxLines: 2})
	if !ok {
		return nil, tooLong(org)
	}
	orgY := issueDateY - 11
	for k, line := range lines {
		p.center(s, line, issuerCenterX, orgY-float64(len(lines)-1-k)*lineHeight(pt), pt, colorInk, false)
	}
	p.center(s, byName["issueDate"].text, issuerCenterX, issueDateY, 14, colorInk, false)

	// The QR code's caption, the number and the verification address.
	p.center(s, qrCaption, qrX+qrSize/2, qrY+qrSize+7, 12, colorLabel, false)
	number := byName["number"]
	numberText := "证书编号：" + number.text
	if pt, ok := s.fitOneLine(numberText, issuerCenterX-issuerWidth/2-labelX-4, 13, 9); ok {
		p.add(labelX, numberY, pt, numberText, colorInk)
	} else {
		return nil, tooLong(number)
	}
	url := byName["verifyURL"]
	urlText := "验证网址：" + url.text
	if pt, ok := s.fitOneLine(urlText, pageW-2*labelX, 9, 6); ok {
		p.center(s, urlText, pageW/2, urlY, pt, colorLabel, false)
	} else {
		return nil, tooLong(url)
	}
	return p, nil
}

func tooLong(f field) error {
	return skillcert.Invalid(f.name, "%s过长，无法完整打印在证书上，请缩短后重试", f.label)
}

// fitOneLine returns the largest size from maxPt down to minPt at which
// text fits on one line of the width.
func (s *fontSet) fitOneLine(text string, width, maxPt, minPt float64) (float64, bool) {
	lines, pt, ok := s.set(text, fit{width: width, maxPt: maxPt, oneLinePt: minPt, minPt: minPt, maxLines: 1})
	return pt, ok && len(lines) == 1
}

func (p *page) add(x, y, pt float64, s string, c rgb) {
	p.texts = append(p.texts, text{x: x, y: y, pt: pt, s: s, color: c})
}

func (p *page) center(fs *fontSet, s string, cx, y, pt float64, c rgb, bold bool) {
	p.texts = append(p.texts, text{x: cx - fs.width(s, pt)/2, y: y, pt: pt, s: s, color: c, bold: bold})
}

// runeSets returns, for each face, the sorted characters of the page that
// certificates of one course share, and those of the holder's name that
// are not among them. The shared ones include all printable ASCII and
// both genders, so that numbers, ID and address never add to a name's own.
func (p *page) runeSets(fs *fontSet) (shared, own map[*face][]rune) {
	isShared := make(map[rune]bool, 256)
	for c := rune(' '); c <= '~'; c++ {
		isShared[c] = true
	}
	isShared['男'], isShared['女'] = true, true
	for _, t := range p.texts {
		if !t.personal {
			for _, c := range t.s {
				isShared[c] = true
			}
		}
	}
	shared, own = map[*face][]rune{}, map[*face][]rune{}
	for c := range isShared {
		if f := fs.faceFor(c); f != nil {
			shared[f] = append(shared[f], c)
		}
	}
	isOwn := map[rune]bool{}
	for _, t := range p.texts {
		for _, c := range t.s {
			if t.personal && !isShared[c] && !isOwn[c] {
				isOwn[c] = true
				if f := fs.faceFor(c); f != nil {
					own[f] = append(own[f], c)
				}
			}
		}
	}
	for _, m := range []map[*face][]rune{shared, own} {
		for _, runes := range m {
			slices.Sort(runes)
		}
	}
	return shared, own
}
